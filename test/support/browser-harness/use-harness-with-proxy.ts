/**
 * The setup most browser tests share: registers a beforeAll that opens the harness and starts a test proxy side by
 * side, and an afterAll that closes both. The returned object's `harness`, `proxy` and `settings` (the plugin's
 * settings for that proxy and its key) are there once beforeAll has run, so read them inside tests and hooks.
 *
 * @example
 * const fixture = useHarnessWithProxy({ proxy: { backend } });
 * it("fills a frame", async () => {
 *   await fixture.harness.runPlugin();
 *   await saveSettings(fixture.harness.ui, fixture.settings);
 * });
 */
import { afterAll, beforeAll } from "vitest";
import type { Settings } from "../../../src/messages.js";
import { pluginSettings, startTestProxy, type TestProxy, type TestProxyOptions } from "../test-proxy.js";
import { openHarness, type Harness, type HarnessOptions } from "./index.js";

export interface HarnessWithProxy {
  harness: Harness;
  proxy: TestProxy;
  settings: Settings;
}

export function useHarnessWithProxy(options: { harness?: HarnessOptions; proxy?: TestProxyOptions } = {}): HarnessWithProxy {
  let opened: HarnessWithProxy | undefined;
  const ready = (): HarnessWithProxy => {
    if (!opened) throw new Error("the harness and proxy are opened in beforeAll: read them inside tests and hooks");
    return opened;
  };

  beforeAll(async () => {
    const [harness, proxy] = await Promise.all([openHarness(options.harness), startTestProxy(options.proxy)]);
    opened = { harness, proxy, settings: pluginSettings(proxy) };
  });

  afterAll(async () => {
    await Promise.all([opened?.harness.close(), opened?.proxy.close()]);
  });

  return {
    get harness() {
      return ready().harness;
    },
    get proxy() {
      return ready().proxy;
    },
    get settings() {
      return ready().settings;
    },
  };
}

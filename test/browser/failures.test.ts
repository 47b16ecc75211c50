/**
 * What a designer sees when an image does not come back, in a real browser against a real proxy: a wrong secret, a
 * prompt blocked by the content filter (the proxy on its bedrock backend, calling the Bedrock emulator with a fault),
 * and Cancel pressed while images are still being made. A layer that got no image is left exactly as it was.
 */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBedrockBackend } from "../../proxy/backends/bedrock.js";
import type { Settings } from "../../src/messages.js";
import { startBedrockEmulator, type BedrockEmulator } from "../support/bedrock-emulator/index.js";
import { openHarness, type Harness } from "../support/browser-harness/index.js";
import { cancelButton, generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { pluginSettings, startTestProxy, type TestProxy } from "../support/test-proxy.js";

const upstreamCredentials = { accessKeyId: "AKIDBROWSERUPSTREAM1", secretAccessKey: "browser-upstream-secret-0000000000000000" };

let harness: Harness;
let emulator: BedrockEmulator;
let proxy: TestProxy;
let upstream: BedrockRuntimeClient;
let settings: Settings;

beforeAll(async () => {
  emulator = await startBedrockEmulator({ credentials: upstreamCredentials, region: "us-west-2" });
  upstream = new BedrockRuntimeClient({ region: "us-west-2", endpoint: emulator.url, credentials: upstreamCredentials });
  [harness, proxy] = await Promise.all([
    openHarness(),
    startTestProxy({
      env: { PROXY_BACKEND: "bedrock" },
      backend: createBedrockBackend({ region: "us-west-2", timeoutMs: 60_000, client: upstream }),
    }),
  ]);
  settings = pluginSettings(proxy);
});

afterAll(async () => {
  await harness?.close();
  await proxy?.close();
  await emulator?.close();
});

beforeEach(async () => {
  emulator.reset();
  await harness.newDocument({ theme: "light" });
});

/** Three frames, selected, with the plugin running and its settings saved. */
async function threeFramesReady(withSettings: Settings): Promise<string[]> {
  const ids = [
    await harness.createFrame({ name: "Hero", width: 1600, height: 900, x: 0 }),
    await harness.createFrame({ name: "Square", width: 600, height: 600, x: 2000 }),
    await harness.createFrame({ name: "Story", width: 900, height: 1600, x: 3000 }),
  ];
  await harness.select(ids);
  await harness.runPlugin();
  await saveSettings(harness.ui, withSettings);
  return ids;
}

async function imageFillCount(ids: string[]): Promise<number[]> {
  const nodes = await Promise.all(ids.map((id) => harness.node(id)));
  return nodes.map((node) => node!.fills.filter((paint) => paint.type === "IMAGE").length);
}

describe("when images do not come back", () => {
  it("shows the auth error for a wrong secret, in Test connection and on Generate, and changes no frame", async () => {
    const ids = await threeFramesReady({ ...settings, secretAccessKey: "not-the-secret-the-proxy-issued" });
    const { ui } = harness;
    const fillsBefore = await Promise.all(ids.map((id) => harness.node(id)));

    await ui.getByRole("button", { name: "Settings", exact: true }).click();
    await ui.getByRole("button", { name: "Test connection", exact: true }).click();
    await expect.poll(() => ui.getByRole("alert").textContent()).toMatch(/secret access key doesn't match the access key ID/);
    await harness.screenshotUi("settings-bad-secret-light");
    await ui.getByRole("button", { name: "Back", exact: true }).click();

    await promptField(ui).fill("A quiet street after rain");
    await generateButton(ui).click();
    await progressStatus(ui).filter({ hasText: "0 of 3 placed · 3 failed" }).waitFor();
    expect(await ui.getByRole("list", { name: "Images" }).textContent()).toContain(
      "The secret access key doesn't match this access key ID. Check it in Settings.",
    );
    await expect.poll(() => harness.notifications()).toContainEqual(expect.stringMatching(/3 refused: check the access key/));
    expect(await Promise.all(ids.map((id) => harness.node(id)))).toEqual(fillsBefore);
    expect(emulator.requests).toHaveLength(0);
    expect(proxy.backendCalls).toHaveLength(0);
  });

  it("tells the designer to rephrase a prompt the content filter blocked, and changes no frame", async () => {
    emulator.injectFault({ kind: "content-filter", reason: "prompt" }, { times: 3 });
    const ids = await threeFramesReady(settings);
    const { ui } = harness;
    await promptField(ui).fill("something the filter will not allow");
    await generateButton(ui).click();

    await progressStatus(ui).filter({ hasText: "0 of 3 placed · 3 failed" }).waitFor();
    expect(await ui.getByRole("list", { name: "Images" }).textContent()).toContain(
      "The content filter blocked this prompt. Rephrase it and try again.",
    );
    await expect.poll(() => harness.notifications()).toContainEqual(expect.stringMatching(/3 blocked by the content filter/));
    expect(await imageFillCount(ids)).toEqual([0, 0, 0]);
    expect(emulator.requests.map((request) => request.status)).toEqual([200, 200, 200]);
  });

  it("backs off and retries an image the proxy answered 429, then fills the frame", async () => {
    // The proxy's own SDK makes three attempts upstream; all three are throttled, so the browser gets a 429.
    emulator.injectFault({ kind: "error", errorType: "ThrottlingException" }, { times: 3 });
    const id = await harness.createFrame({ name: "Hero", width: 1600, height: 900 });
    await harness.select([id]);
    await harness.runPlugin();
    const { ui } = harness;
    await saveSettings(ui, settings);
    await promptField(ui).fill("A busy market street");
    await generateButton(ui).click();

    await progressStatus(ui).filter({ hasText: "1 of 1 placed" }).waitFor();
    expect(emulator.requests.map((request) => request.status)).toEqual([429, 429, 429, 200]);
    // Two requests reached the proxy from the browser: the throttled one, and the UI's own retry.
    const invokes = proxy.logs.filter((line) => typeof line.path === "string" && line.path.endsWith("/invoke") && line.method === "POST");
    expect(invokes.slice(-2).map((line) => [line.status, line.errorType])).toEqual([
      [429, "ThrottlingException"],
      [200, undefined],
    ]);
    expect(await imageFillCount([id])).toEqual([1]);
  });

  it("stops on Cancel: what was placed stays, what was in flight is aborted, and the rest is left as it was", async () => {
    // The first request is answered, the other two hang until someone gives up on them.
    emulator.injectFault({ kind: "slow", delayMs: 0 }, { times: 1 });
    emulator.injectFault({ kind: "hang" }, { times: 2 });
    const ids = await threeFramesReady(settings);
    const { ui } = harness;
    await promptField(ui).fill("A field of sunflowers");
    await generateButton(ui).click();

    await progressStatus(ui).filter({ hasText: "1 of 3 placed" }).waitFor();
    await emulator.waitFor(() => emulator.requests.length === 3);
    await harness.screenshotUi("cancel-in-flight-light");
    await cancelButton(ui).click();

    await expect.poll(() => harness.notifications()).toContainEqual(expect.stringMatching(/^Cancelled · filled 1 frame · 2 cancelled/));
    await progressStatus(ui).filter({ hasText: "1 of 3 placed · 2 failed" }).waitFor();
    expect(await cancelButton(ui).count()).toBe(0);
    expect(await generateButton(ui).isEnabled()).toBe(true);
    expect((await imageFillCount(ids)).sort()).toEqual([0, 0, 1]);
    // The proxy saw the browser go away and let go of its two hanging upstream calls.
    await emulator.waitFor(() => emulator.requests.filter((request) => request.clientClosedEarly).length === 2);
    expect(emulator.requests.filter((request) => request.status === 200)).toHaveLength(1);
  });
});

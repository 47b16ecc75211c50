/** Settings and the last options live in figma.clientStorage, never in the document. */
import { describe, expect, it } from "vitest";
import type { Settings } from "../../../src/messages.js";
import { FakeClientStorage } from "../../support/figma-fake/index.js";
import { createHarness, DEFAULT_OPTIONS } from "./harness.js";

const SETTINGS: Settings = {
  proxyUrl: "http://127.0.0.1:8787",
  accessKeyId: "FFKEY123",
  secretAccessKey: "s3cret",
  region: "us-west-2",
};

describe("settings", () => {
  it("saves settings to clientStorage and gives them back on the next run", async () => {
    const storage = new FakeClientStorage();
    const first = createHarness({ clientStorage: storage });
    const frame = first.figma.createFrame();
    await first.ready();
    first.send({ type: "save-settings", settings: SETTINGS });
    await first.next("settings-saved");
    first.send({ type: "save-options", options: { ...DEFAULT_OPTIONS, prompt: "last prompt" } });
    await first.ready(); // messages are handled in order: once init is back, the options are stored
    expect(await storage.getAsync("settings")).toEqual(SETTINGS);
    expect(frame.getPluginDataKeys()).toEqual([]);
    expect(first.figma.root.getPluginDataKeys()).toEqual([]);
    expect(first.figma.currentPage.getPluginDataKeys()).toEqual([]);

    const second = createHarness({ clientStorage: storage });
    const init = await second.ready();
    expect(init.settings).toEqual(SETTINGS);
    expect(init.options).toEqual({ ...DEFAULT_OPTIONS, prompt: "last prompt" });
  });

  it("reads malformed stored values as missing", async () => {
    const storage = new FakeClientStorage();
    await storage.setAsync("settings", { proxyUrl: 42 });
    await storage.setAsync("options", { ...DEFAULT_OPTIONS, variants: 12 });
    const init = await createHarness({ clientStorage: storage }).ready();
    expect([init.settings, init.options]).toEqual([null, null]);
  });

  it("does not store incomplete settings, and says so", async () => {
    const h = createHarness();
    await h.ready();
    h.send({ type: "save-settings", settings: { proxyUrl: "http://x" } as never });
    h.send({ type: "ui-ready" });
    await h.next("init");
    expect(await h.figma.clientStorage.getAsync("settings")).toBeUndefined();
    expect(h.ui.all("settings-saved")).toEqual([]);
    expect(h.figma.notifications.at(-1)).toMatchObject({ options: { error: true } });
  });
});

/**
 * The quick action in a real browser, with the built plugin and UI and a real proxy: run with a `prompt` parameter
 * (the file's recent prompts suggested while typing) it fills the selection with no panel ever visible — a hidden UI
 * signs and fetches, progress and one summary go through notifications — and one undo takes it back. With no settings
 * it opens the panel on Settings saying why and generates once they are saved; a Regenerate launched before any
 * settings exist starts once they are saved, too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationMetadata, Settings } from "../../src/messages.js";
import { METADATA_KEY } from "../../src/plugin/metadata/metadata-key.js";
import { openHarness, type Harness } from "../support/browser-harness/index.js";
import { generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { pluginSettings, startTestProxy, type TestProxy } from "../support/test-proxy.js";

let harness: Harness;
let proxy: TestProxy;
let settings: Settings;

beforeAll(async () => {
  [harness, proxy] = await Promise.all([openHarness(), startTestProxy()]);
  settings = pluginSettings(proxy);
});

afterAll(async () => {
  await Promise.all([harness?.close(), proxy?.close()]);
});

const hasImage = async (id: string) => ((await harness.node(id))?.fills ?? []).some((paint) => paint.type === "IMAGE");
const stored = async (id: string) => JSON.parse((await harness.pluginData(id, METADATA_KEY))!) as GenerationMetadata;

/** Fills the settings form (the panel is on Settings) and saves; the panel then moves on by itself. */
async function saveSettingsOnly(): Promise<void> {
  const { ui } = harness;
  await ui.getByLabel("Proxy URL", { exact: true }).fill(settings.proxyUrl);
  await ui.getByLabel("Access key ID", { exact: true }).fill(settings.accessKeyId);
  await ui.getByLabel("Secret access key", { exact: true }).fill(settings.secretAccessKey);
  await ui.getByLabel("Region", { exact: true }).fill(settings.region);
  await ui.getByRole("button", { name: "Save", exact: true }).click();
}

describe("the quick action", () => {
  it("fills the selection with no visible panel, suggesting recent prompts, as one undo step", async () => {
    // Earlier, in the panel: settings saved on this machine and one image made in this file.
    await harness.newDocument({ theme: "light" });
    const hero = await harness.createFrame({ name: "Hero", width: 1600, height: 900 });
    await harness.select([hero]);
    await harness.runPlugin();
    await saveSettings(harness.ui, settings);
    await promptField(harness.ui).fill("Misty lake at dawn");
    await generateButton(harness.ui).click();
    await progressStatus(harness.ui).filter({ hasText: "1 of 1 placed" }).waitFor();

    const cards = [
      await harness.createFrame({ name: "Card 1", width: 400, height: 500, x: 2000 }),
      await harness.createFrame({ name: "Card 2", width: 600, height: 600, x: 2600 }),
    ];
    await harness.select(cards);
    const callsBefore = proxy.backendCalls.length;
    const notified = (await harness.notifications()).length;
    const answers = await harness.runQuickAction(
      [
        { key: "prompt", query: "lake" },
        { key: "ratio", query: "1:" },
      ],
      { prompt: "A pine forest in fog", ratio: "1:1" },
    );
    expect(answers.map((answer) => answer.suggestions)).toEqual([
      [{ name: "Misty lake at dawn", data: "Misty lake at dawn" }],
      [{ name: "1:1", data: "1:1" }],
    ]);

    const seenVisible: boolean[] = [];
    await expect
      .poll(async () => {
        seenVisible.push(await harness.isUiVisible());
        return harness.isPluginClosed();
      })
      .toBe(true);
    expect(seenVisible.every((visible) => !visible)).toBe(true);
    expect(await harness.page.locator("#plugin-ui iframe").count()).toBe(0);

    const notes = (await harness.notifications()).slice(notified);
    expect(notes[0]).toBe("Framefill: generating 2 images…");
    expect(notes.at(-1)).toBe("Filled 2 frames");
    expect(notes.filter((note) => !note.startsWith("Framefill:"))).toEqual(["Filled 2 frames"]);
    // Read as plain JSON: the backend's request type also covers image edits.
    const requests = proxy.backendCalls.slice(callsBefore).map((call) => call.request as Record<string, unknown>);
    expect(requests.map((request) => [request.prompt, request.aspect_ratio])).toEqual([
      ["A pine forest in fog", "1:1"],
      ["A pine forest in fog", "1:1"],
    ]);
    for (const card of cards) {
      expect(await hasImage(card)).toBe(true);
      expect((await stored(card)).prompt).toBe("A pine forest in fog");
    }

    expect(await harness.undo()).toBe(true);
    for (const card of cards) {
      expect(await harness.node(card)).not.toBeNull();
      expect(await hasImage(card)).toBe(false);
    }
    expect(await hasImage(hero)).toBe(true);
  });

  it("with no settings opens the panel on Settings, says why, and generates once they are saved", async () => {
    await harness.newDocument({ theme: "light" });
    const card = await harness.createFrame({ name: "Card", width: 400, height: 500 });
    await harness.select([card]);
    await harness.runQuickAction([], { prompt: "A pine forest in fog" });
    const { ui } = harness;
    await ui.getByText("Add the proxy settings to run Framefill from quick actions.", { exact: false }).waitFor();
    expect(await harness.isUiVisible()).toBe(true);
    await saveSettingsOnly();
    await progressStatus(ui).filter({ hasText: "1 of 1 placed" }).waitFor();
    expect((await stored(card)).prompt).toBe("A pine forest in fog");
  });
});

describe("Regenerate before any settings exist", () => {
  it("starts once the settings are saved", async () => {
    await harness.newDocument({ theme: "light", command: "regenerate" });
    const frame = await harness.createFrame({ name: "Poster", width: 1216, height: 832 });
    await harness.markGenerated(frame, {
      prompt: "A lighthouse in a storm",
      negativePrompt: "",
      seed: 4242,
      modelId: "stability.stable-image-core-v1:0",
      aspectRatio: "3:2",
      outputFormat: "png",
      createdAt: "2025-01-15T12:00:00.000Z",
      imageHash: "0".repeat(40),
    });
    await harness.select([frame]);
    const callsBefore = proxy.backendCalls.length;
    await harness.runPlugin();
    await harness.ui.getByLabel("Proxy URL", { exact: true }).waitFor();
    expect(proxy.backendCalls.length).toBe(callsBefore);

    await saveSettingsOnly();
    await progressStatus(harness.ui).filter({ hasText: "1 of 1 placed" }).waitFor();
    expect(proxy.backendCalls.slice(callsBefore).map((call) => (call.request as Record<string, unknown>).prompt)).toEqual(["A lighthouse in a storm"]);
    expect((await stored(frame)).seed).not.toBe(4242);
  });
});

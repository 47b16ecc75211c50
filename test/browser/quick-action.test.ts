/**
 * The quick action in a real browser, with the built plugin and UI and a real proxy: run with a `prompt` parameter
 * (the file's recent prompts suggested while typing) it fills the selection with no panel ever visible — a hidden UI
 * signs and fetches, progress and one summary go through notifications — and one undo takes it back. With no settings
 * it opens the panel on Settings saying why and generates once they are saved; a Regenerate launched before any
 * settings exist starts once they are saved, too.
 */
import { describe, expect, it } from "vitest";
import type { GenerationMetadata, Settings } from "../../src/messages.js";
import { METADATA_KEY } from "../../src/plugin/metadata/metadata-key.js";
import { generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

const fixture = useHarnessWithProxy();

const hasImage = async (id: string) => ((await fixture.harness.node(id))?.fills ?? []).some((paint) => paint.type === "IMAGE");
const stored = async (id: string) => JSON.parse((await fixture.harness.pluginData(id, METADATA_KEY))!) as GenerationMetadata;

/** Fills the settings form (the panel is on Settings) and saves; the panel then moves on by itself. */
async function saveSettingsOnly(): Promise<void> {
  const { ui } = fixture.harness;
  await ui.getByLabel("Proxy URL", { exact: true }).fill(fixture.settings.proxyUrl);
  await ui.getByLabel("Access key ID", { exact: true }).fill(fixture.settings.accessKeyId);
  await ui.getByLabel("Secret access key", { exact: true }).fill(fixture.settings.secretAccessKey);
  await ui.getByLabel("Region", { exact: true }).fill(fixture.settings.region);
  await ui.getByRole("button", { name: "Save", exact: true }).click();
}

describe("the quick action", () => {
  it("fills the selection with no visible panel, suggesting recent prompts, as one undo step", async () => {
    // Earlier, in the panel: settings saved on this machine and one image made in this file.
    await fixture.harness.newDocument({ theme: "light" });
    const hero = await fixture.harness.createFrame({ name: "Hero", width: 1600, height: 900 });
    await fixture.harness.select([hero]);
    await fixture.harness.runPlugin();
    await saveSettings(fixture.harness.ui, fixture.settings);
    await promptField(fixture.harness.ui).fill("Misty lake at dawn");
    await generateButton(fixture.harness.ui).click();
    await progressStatus(fixture.harness.ui).filter({ hasText: "1 of 1 placed" }).waitFor();

    const cards = [
      await fixture.harness.createFrame({ name: "Card 1", width: 400, height: 500, x: 2000 }),
      await fixture.harness.createFrame({ name: "Card 2", width: 600, height: 600, x: 2600 }),
    ];
    await fixture.harness.select(cards);
    const callsBefore = fixture.proxy.backendCalls.length;
    const notified = (await fixture.harness.notifications()).length;
    const answers = await fixture.harness.runQuickAction(
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
        seenVisible.push(await fixture.harness.isUiVisible());
        return fixture.harness.isPluginClosed();
      })
      .toBe(true);
    expect(seenVisible.every((visible) => !visible)).toBe(true);
    expect(await fixture.harness.page.locator("#plugin-ui iframe").count()).toBe(0);

    const notes = (await fixture.harness.notifications()).slice(notified);
    expect(notes[0]).toBe("Framefill: generating 2 images…");
    expect(notes.at(-1)).toBe("Filled 2 frames");
    expect(notes.filter((note) => !note.startsWith("Framefill:"))).toEqual(["Filled 2 frames"]);
    // Read as plain JSON: the backend's request type also covers image edits.
    const requests = fixture.proxy.backendCalls.slice(callsBefore).map((call) => call.request as Record<string, unknown>);
    expect(requests.map((request) => [request.prompt, request.aspect_ratio])).toEqual([
      ["A pine forest in fog", "1:1"],
      ["A pine forest in fog", "1:1"],
    ]);
    for (const card of cards) {
      expect(await hasImage(card)).toBe(true);
      expect((await stored(card)).prompt).toBe("A pine forest in fog");
    }

    expect(await fixture.harness.undo()).toBe(true);
    for (const card of cards) {
      expect(await fixture.harness.node(card)).not.toBeNull();
      expect(await hasImage(card)).toBe(false);
    }
    expect(await hasImage(hero)).toBe(true);
  });

  it("with no settings opens the panel on Settings, says why, and generates once they are saved", async () => {
    await fixture.harness.newDocument({ theme: "light" });
    const card = await fixture.harness.createFrame({ name: "Card", width: 400, height: 500 });
    await fixture.harness.select([card]);
    await fixture.harness.runQuickAction([], { prompt: "A pine forest in fog" });
    const { ui } = fixture.harness;
    await ui.getByText("Add the proxy settings to run Framefill from quick actions.", { exact: false }).waitFor();
    expect(await fixture.harness.isUiVisible()).toBe(true);
    await saveSettingsOnly();
    await progressStatus(ui).filter({ hasText: "1 of 1 placed" }).waitFor();
    expect((await stored(card)).prompt).toBe("A pine forest in fog");
  });
});

describe("Regenerate before any settings exist", () => {
  it("starts once the settings are saved", async () => {
    await fixture.harness.newDocument({ theme: "light", command: "regenerate" });
    const frame = await fixture.harness.createFrame({ name: "Poster", width: 1216, height: 832 });
    await fixture.harness.markGenerated(frame, {
      prompt: "A lighthouse in a storm",
      negativePrompt: "",
      seed: 4242,
      modelId: "stability.stable-image-core-v1:0",
      aspectRatio: "3:2",
      outputFormat: "png",
      createdAt: "2025-01-15T12:00:00.000Z",
      imageHash: "0".repeat(40),
    });
    await fixture.harness.select([frame]);
    const callsBefore = fixture.proxy.backendCalls.length;
    await fixture.harness.runPlugin();
    await fixture.harness.ui.getByLabel("Proxy URL", { exact: true }).waitFor();
    expect(fixture.proxy.backendCalls.length).toBe(callsBefore);

    await saveSettingsOnly();
    await progressStatus(fixture.harness.ui).filter({ hasText: "1 of 1 placed" }).waitFor();
    expect(fixture.proxy.backendCalls.slice(callsBefore).map((call) => (call.request as Record<string, unknown>).prompt)).toEqual(["A lighthouse in a storm"]);
    expect((await stored(frame)).seed).not.toBe(4242);
  });
});

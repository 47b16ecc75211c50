/**
 * "Prompt from layer names" in a real browser with the built plugin and UI and a real proxy: three frames, one still
 * called "Frame 7"; each named frame is generated from its name with the typed prompt as a shared style, "Frame 7"
 * from the typed prompt alone; the live line says so beforehand, every layer's metadata keeps its actual prompt, and
 * one undo takes the generation back.
 */
import { describe, expect, it } from "vitest";
import type { GenerationMetadata } from "../../src/messages.js";
import { METADATA_KEY } from "../../src/plugin/metadata/metadata-key.js";
import { fillSummary, generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";
import { textToImageRequestOf } from "../support/test-proxy.js";

const fixture = useHarnessWithProxy();

describe("Prompt from layer names", () => {
  it("fills three frames from their names, 'Frame 7' from the typed prompt alone, as one undo step", async () => {
    await fixture.harness.newDocument({ theme: "light" });
    const frames = [
      await fixture.harness.createFrame({ name: "Hero – mountain lake", width: 1600, height: 900 }),
      await fixture.harness.createFrame({ name: "Card – espresso cup", width: 400, height: 500, x: 2000 }),
      await fixture.harness.createFrame({ name: "Frame 7", width: 600, height: 600, x: 3000 }),
    ];
    await fixture.harness.select(frames);
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;
    await saveSettings(ui, fixture.settings);

    await promptField(ui).fill("editorial photo, soft light");
    await ui.getByRole("checkbox", { name: "Prompt from layer names", exact: true }).check();
    await expect.poll(() => fillSummary(ui).textContent()).toContain("2 of 3 layers use their names as prompts");
    const callsBefore = fixture.proxy.backendCalls.length;
    await generateButton(ui).click();
    await progressStatus(ui).filter({ hasText: "3 of 3 placed" }).waitFor();

    const sent = fixture.proxy.backendCalls.slice(callsBefore).map((call) => textToImageRequestOf(call).prompt).sort();
    expect(sent).toEqual(["Card – espresso cup, editorial photo, soft light", "Hero – mountain lake, editorial photo, soft light", "editorial photo, soft light"]);
    const stored = async (id: string) => (JSON.parse((await fixture.harness.pluginData(id, METADATA_KEY))!) as GenerationMetadata).prompt;
    expect([await stored(frames[0]!), await stored(frames[1]!), await stored(frames[2]!)]).toEqual([
      "Hero – mountain lake, editorial photo, soft light",
      "Card – espresso cup, editorial photo, soft light",
      "editorial photo, soft light",
    ]);

    expect(await fixture.harness.undo()).toBe(true);
    for (const id of frames) {
      const node = await fixture.harness.node(id);
      expect(node).not.toBeNull();
      expect(node!.fills.some((paint) => paint.type === "IMAGE")).toBe(false);
      expect(await fixture.harness.pluginData(id, METADATA_KEY)).toBe("");
    }
  });
});

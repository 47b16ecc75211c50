/**
 * Figma's relaunch buttons on filled layers, in a real browser: "Regenerate" starts at once with each layer's own
 * stored settings and a new random seed — layers made with different prompts are planned separately (`targetIds`),
 * so every layer keeps its own prompt in its metadata — and "Edit prompt" opens the form on the layer's settings.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { GenerationMetadata } from "../../src/messages.js";
import { METADATA_KEY } from "../../src/plugin/metadata/metadata-key.js";
import { progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";
import { textToImageRequestOf } from "../support/test-proxy.js";

const fixture = useHarnessWithProxy();

beforeAll(async () => {
  // A first launch on this machine saves the settings that the relaunches below find in clientStorage.
  await fixture.harness.newDocument({ theme: "light" });
  await fixture.harness.runPlugin();
  await saveSettings(fixture.harness.ui, fixture.settings);
});

function metadata(patch: Partial<GenerationMetadata>): GenerationMetadata {
  return {
    prompt: "A desert road at noon",
    negativePrompt: "",
    seed: 1234,
    modelId: "stability.stable-image-core-v1:0",
    aspectRatio: "16:9",
    outputFormat: "png",
    createdAt: "2025-01-15T12:00:00.000Z",
    imageHash: "0".repeat(40),
    ...patch,
  };
}

describe("relaunch buttons", () => {
  it("Regenerate plans layers with different prompts separately, each with a new seed and its own prompt kept", async () => {
    await fixture.harness.newDocument({ theme: "light", command: "regenerate", keepStorage: true });
    const wide = await fixture.harness.createFrame({ name: "Wide", width: 1600, height: 900 });
    const square = await fixture.harness.createFrame({ name: "Square", width: 600, height: 600, x: 2000 });
    const tall = await fixture.harness.createFrame({ name: "Tall", width: 900, height: 1600, x: 3000 });
    await fixture.harness.markGenerated(wide, metadata({ aspectRatio: "16:9" }));
    await fixture.harness.markGenerated(square, metadata({ aspectRatio: "1:1" }));
    await fixture.harness.markGenerated(tall, metadata({ prompt: "A forest path in autumn", aspectRatio: "9:16" }));
    await fixture.harness.select([wide, square, tall]);
    const callsBefore = fixture.proxy.backendCalls.length;
    await fixture.harness.runPlugin();

    await progressStatus(fixture.harness.ui).filter({ hasText: "3 of 3 placed" }).waitFor();
    const requests = fixture.proxy.backendCalls.slice(callsBefore).map(textToImageRequestOf);
    expect(requests.map((request) => [request.prompt, request.aspect_ratio]).sort()).toEqual([
      ["A desert road at noon", "16:9"],
      ["A desert road at noon", "1:1"],
      ["A forest path in autumn", "9:16"],
    ]);
    expect(requests.every((request) => !request.seed)).toBe(true);

    const stored = async (id: string) => JSON.parse((await fixture.harness.pluginData(id, METADATA_KEY))!) as GenerationMetadata;
    expect((await stored(wide)).prompt).toBe("A desert road at noon");
    expect((await stored(square)).prompt).toBe("A desert road at noon");
    expect((await stored(tall)).prompt).toBe("A forest path in autumn");
    for (const id of [wide, square, tall]) expect((await stored(id)).seed).not.toBe(1234);
    await expect.poll(() => fixture.harness.notifications()).toEqual(
      expect.arrayContaining([expect.stringMatching(/Filled 2 frames/), expect.stringMatching(/Filled 1 frame/)]),
    );
  });

  it("Edit prompt opens the form on the layer's settings, seed fixed, and generates nothing by itself", async () => {
    await fixture.harness.newDocument({ theme: "light", command: "edit", keepStorage: true });
    const frame = await fixture.harness.createFrame({ name: "Poster", width: 1216, height: 832 });
    await fixture.harness.markGenerated(frame, metadata({ prompt: "A lighthouse in a storm", negativePrompt: "people", seed: 4242, aspectRatio: "3:2", outputFormat: "jpeg" }));
    await fixture.harness.select([frame]);
    const callsBefore = fixture.proxy.backendCalls.length;
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;

    await expect.poll(() => promptField(ui).inputValue()).toBe("A lighthouse in a storm");
    expect(await ui.getByLabel("Negative prompt", { exact: true }).inputValue()).toBe("people");
    expect(await ui.getByLabel("Seed", { exact: true }).inputValue()).toBe("4242");
    expect(await ui.getByLabel("Aspect ratio", { exact: true }).inputValue()).toBe("3:2");
    expect(await ui.getByLabel("Output format", { exact: true }).inputValue()).toBe("jpeg");
    await expect.poll(() => promptField(ui).evaluate((element) => element === document.activeElement)).toBe(true);
    expect(fixture.proxy.backendCalls.length).toBe(callsBefore);
  });
});

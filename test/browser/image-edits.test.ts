/**
 * Image edits in a real browser, with the built plugin and UI and a real proxy on its preview backend: each tool's
 * button on a layer showing an image — Remove background, Expand to fit on a 1440×320 banner (the result exactly
 * 4.5:1), Upscale past Figma's 4096 px (shrunk, and the panel says so), undo, Revert (free: no request), Replace, and
 * Erase with a shape drawn over the image as the mask — then several layers at once with the cost shown first, a GIF
 * converted before it is sent, an edit the content filter blocks (the layers stay as they were) and Cancel.
 * Screenshots of the edit section in Figma's light and dark themes go to test-results/screenshots (docs/image-edits.png
 * is made from them).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { Backend } from "../../proxy/backends/backend.js";
import { createPreviewBackend } from "../../proxy/backends/preview.js";
import { FINISH_REASONS, IMAGE_EDIT_MODEL_IDS, imageEditToolOf, type EraseRequest, type SearchReplaceRequest } from "../../src/contract/index.js";
import { buildLayers } from "../support/browser-harness/canvas.js";
import { saveSettings } from "../support/browser-harness/framefill-ui.js";
import { SCREENSHOT_DIR } from "../support/browser-harness/index.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

/** The preview backend, which the tests can make block an edit with the content filter, or hold edits until released. */
const control = { filter: false, hold: null as Promise<void> | null };
const preview = createPreviewBackend();
const backend: Backend = {
  name: "preview",
  async invoke(input) {
    if (imageEditToolOf(input.modelId)) {
      if (control.hold) await Promise.race([control.hold, new Promise((resolve) => input.signal.addEventListener("abort", resolve))]);
      if (control.filter) {
        const body = { seeds: [1], finish_reasons: [FINISH_REASONS.inputFiltered], images: [] };
        return { body: new TextEncoder().encode(JSON.stringify(body)), images: 0, finishReasons: [FINISH_REASONS.inputFiltered], seeds: [1] };
      }
    }
    return preview.invoke(input);
  },
  close: () => preview.close(),
};

const fixture = useHarnessWithProxy({ proxy: { backend } });

async function photo(width: number, height: number, format: "png" | "gif" = "png"): Promise<string> {
  // Two colours, so an image that lost its left half would show it.
  const left = await sharp({ create: { width: Math.ceil(width / 2), height, channels: 3, background: { r: 40, g: 110, b: 170 } } }).png().toBuffer();
  const buffer = await sharp({ create: { width, height, channels: 3, background: { r: 230, g: 180, b: 60 } } })
    .composite([{ input: left, left: 0, top: 0 }])
    .toFormat(format)
    .toBuffer();
  return buffer.toString("base64");
}

const imageHashes = async (id: string) =>
  ((await fixture.harness.node(id))?.fills ?? []).flatMap((paint) => (paint.type === "IMAGE" && paint.imageHash ? [paint.imageHash] : []));

function editSection() {
  return fixture.harness.ui.getByRole("region", { name: "Edit images" });
}

function tool(name: string) {
  return editSection().getByRole("button", { name, exact: true });
}

async function finished(summary: string | RegExp) {
  await editSection().getByRole("status").filter({ hasText: summary }).waitFor();
}

async function screenshotSection(name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await editSection().screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

async function openOn(ids: string[], theme: "light" | "dark"): Promise<void> {
  await fixture.harness.select(ids);
  await fixture.harness.runPlugin();
  await saveSettings(fixture.harness.ui, fixture.settings);
  await editSection().waitFor();
  void theme;
}

describe("Editing an image", () => {
  it("takes a banner's image through remove background, expand to fit (exactly 4.5:1), upscale past 4096 px, undo and Revert", async () => {
    await fixture.harness.newDocument({ theme: "light" });
    const paints = [{ type: "SOLID" as const, color: { r: 1, g: 1, b: 1 } }, { type: "IMAGE" as const, scaleMode: "FILL" as const, imageBase64: await photo(1536, 640) }];
    const { Banner: banner } = await buildLayers(fixture.harness, [{ type: "FRAME", name: "Banner", width: 1440, height: 320, fills: paints }]);
    await openOn([banner!], "light");
    const [original] = await imageHashes(banner!);

    // Remove background, Replace and Erase cost $0.07 each.
    await expect.poll(() => editSection().getByText("1 edit · $0.07").count()).toBe(3);
    await expect.poll(() => tool("Upscale").getAttribute("aria-describedby")).toBe("edit-cost-upscale");
    expect(await editSection().locator("#edit-cost-upscale").textContent()).toBe("1 edit · $0.03");
    await tool("Remove background").click();
    await finished("Remove background: 1 image edited");
    const removed = await fixture.harness.placedImages(banner!);
    expect(removed).toHaveLength(1);
    expect((await sharp(removed[0]!.bytes).metadata()).hasAlpha).toBe(true);
    const fills = (await fixture.harness.node(banner!))!.fills;
    expect(fills[0]).toMatchObject({ type: "SOLID" });
    expect(fills[1]).toMatchObject({ type: "IMAGE", scaleMode: "FILL" });
    const [afterRemove] = await imageHashes(banner!);
    expect(afterRemove).not.toBe(original);
    await screenshotSection("image-edits-light");

    await tool("Expand to fit").click();
    await finished("Expand to fit: 1 image edited");
    const [expanded] = await fixture.harness.placedImages(banner!);
    expect(expanded!.width * 320).toBe(expanded!.height * 1440);
    expect(expanded!.width / expanded!.height).toBe(4.5);
    const [afterExpand] = await imageHashes(banner!);

    await tool("Upscale").click();
    await finished("Upscale: 1 image edited");
    const [upscaled] = await fixture.harness.placedImages(banner!);
    expect(Math.max(upscaled!.width, upscaled!.height)).toBe(4096);
    await editSection().getByText(/^Upscaled to 4096×\d+: Figma takes at most 4096 px a side \(the 4× result was 6144×\d+\)\.$/).waitFor();

    // ⌘Z takes the upscale back (one step), then Revert goes back past the expansion, free.
    expect(await fixture.harness.undo()).toBe(true);
    expect(await imageHashes(banner!)).toEqual([afterExpand]);
    await fixture.harness.select([]);
    await fixture.harness.select([banner!]);
    const callsBefore = fixture.proxy.backendCalls.length;
    await tool("Revert").click();
    await editSection().getByRole("status").filter({ hasText: "Reverted 1 image (Expand to fit)" }).waitFor();
    expect(await imageHashes(banner!)).toEqual([afterRemove]);
    expect(fixture.proxy.backendCalls.length).toBe(callsBefore);
    const chain = JSON.parse((await fixture.harness.pluginData(banner!, "edits"))!) as { tool: string; previousImageHash: string }[];
    expect(chain.map((record) => [record.tool, record.previousImageHash])).toEqual([["removeBackground", original]]);
  });

  it("replaces what the designer searched for, and erases under the shapes drawn over the image", async () => {
    await fixture.harness.newDocument({ theme: "dark" });
    const ids = await buildLayers(fixture.harness, [
      { type: "FRAME", name: "Photo", width: 600, height: 400, fills: [{ type: "IMAGE", scaleMode: "FILL", imageBase64: await photo(600, 400) }] },
      { type: "ELLIPSE", name: "Scribble", x: 350, y: 100, width: 150, height: 150 },
    ]);
    await openOn([ids.Photo!], "dark");

    await expect.poll(() => tool("Replace").isDisabled()).toBe(true);
    await editSection().getByLabel("Search for", { exact: true }).fill("the yellow half");
    await editSection().getByLabel("Replace with", { exact: true }).fill("a field of lavender");
    const [before] = await imageHashes(ids.Photo!);
    await tool("Replace").click();
    await finished("Replace: 1 image edited");
    const replace = fixture.proxy.backendCalls.at(-1)!;
    expect(replace.modelId).toBe(IMAGE_EDIT_MODEL_IDS.searchReplace);
    expect(replace.request).toMatchObject({ search_prompt: "the yellow half", prompt: "a field of lavender", output_format: "png" });
    expect((await imageHashes(ids.Photo!))[0]).not.toBe(before);

    expect(await tool("Erase").isDisabled()).toBe(true);
    await fixture.harness.select([ids.Photo!, ids.Scribble!]);
    await editSection().getByText("1 image · Photo · 1 shape to erase").waitFor();
    await screenshotSection("image-edits-dark");
    await tool("Erase").click();
    await finished("Erase: 1 image edited");
    const erase = fixture.proxy.backendCalls.at(-1)!;
    expect(erase.modelId).toBe(IMAGE_EDIT_MODEL_IDS.erase);
    const { mask } = erase.request as EraseRequest;
    const { data, info } = await sharp(Buffer.from(mask!, "base64")).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([600, 400]);
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect(at(425, 175)).toBeGreaterThan(200); // the ellipse's centre
    expect(at(100, 100)).toBeLessThan(50);
    expect(at(355, 105)).toBeLessThan(50); // the ellipse's box corner, outside its curve
    // The scribble itself is untouched, and no mask frame was left behind.
    expect((await fixture.harness.pageNodes()).map((node) => node.name)).toEqual(["Photo", "Scribble"]);
    void (replace.request as SearchReplaceRequest);
  });

  it("edits several layers at once with the cost shown first, converts a GIF, leaves filtered layers as they were, and cancels", async () => {
    await fixture.harness.newDocument({ theme: "light" });
    const ids = await buildLayers(fixture.harness, [
      { type: "RECTANGLE", name: "Card A", width: 300, height: 300, fills: [{ type: "IMAGE", scaleMode: "FILL", imageBase64: await photo(300, 300) }] },
      { type: "FRAME", name: "Card B", x: 400, width: 300, height: 200, fills: [{ type: "IMAGE", scaleMode: "FILL", imageBase64: await photo(300, 200, "gif") }] },
    ]);
    const cards = [ids["Card A"]!, ids["Card B"]!];
    await openOn(cards, "light");
    await editSection().getByText("2 images").waitFor();
    expect(await editSection().locator("#edit-cost-removeBackground").textContent()).toBe("2 edits · $0.14");
    const before = await Promise.all(cards.map(imageHashes));

    // Both blocked by the content filter: nothing changes, and the panel says why.
    control.filter = true;
    await tool("Remove background").click();
    await finished("Remove background: no images edited · 2 blocked by the content filter");
    control.filter = false;
    await expect.poll(() => editSection().getByText("The content filter blocked this image, so it was not edited. The layer is as it was.").count()).toBe(2);
    expect(await Promise.all(cards.map(imageHashes))).toEqual(before);
    // The GIF reached the proxy as PNG.
    const sent = fixture.proxy.backendCalls.slice(-2).map((call) => Buffer.from((call.request as { image: string }).image, "base64").subarray(1, 4).toString("latin1"));
    expect(sent).toEqual(["PNG", "PNG"]);

    // Cancel while both are in flight: nothing placed, nothing left running.
    let release = () => {};
    control.hold = new Promise((resolve) => (release = resolve));
    await tool("Upscale").click();
    await expect.poll(() => editSection().getByText("Editing…").count()).toBe(2);
    await editSection().getByRole("button", { name: "Cancel", exact: true }).click();
    await finished("Cancelled · Upscale: no images edited · 2 cancelled");
    release();
    control.hold = null;
    expect(await Promise.all(cards.map(imageHashes))).toEqual(before);

    // And both edited for real.
    await tool("Upscale").click();
    await finished("Upscale: 2 images edited");
    const after = await Promise.all(cards.map(imageHashes));
    expect(after[0]).not.toEqual(before[0]);
    expect(after[1]).not.toEqual(before[1]);
    const [upscaledB] = await fixture.harness.placedImages(cards[1]!);
    expect([upscaledB!.width, upscaledB!.height, upscaledB!.type]).toEqual([1200, 800, "png"]);
  });
});

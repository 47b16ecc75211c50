import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ASPECT_RATIOS, OUTPUT_FORMATS, OUTPUT_SIZES } from "../../../src/contract/index.js";
import { renderImage, type RenderImageOptions } from "../../../proxy/images/render-image.js";

const base: RenderImageOptions = { width: 1344, height: 768, format: "png", seed: 42, prompt: "a fox", label: "PREVIEW" };

/** Pixels that are pure white: only the label's letters are drawn that bright. */
async function whitePixels(image: Uint8Array): Promise<number> {
  const { data } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let offset = 0; offset < data.length; offset += 3) {
    if (data[offset] === 255 && data[offset + 1] === 255 && data[offset + 2] === 255) count++;
  }
  return count;
}

describe("renderImage", () => {
  it.each(ASPECT_RATIOS)("renders %s at its output size in every format", async (ratio) => {
    const size = OUTPUT_SIZES[ratio];
    for (const format of OUTPUT_FORMATS) {
      const metadata = await sharp(await renderImage({ ...base, ...size, format })).metadata();
      expect({ format: metadata.format, width: metadata.width, height: metadata.height }).toEqual({ format, ...size });
    }
  });

  it("gives the same bytes for the same options", async () => {
    for (const format of OUTPUT_FORMATS) {
      const first = await renderImage({ ...base, format });
      const second = await renderImage({ ...base, format });
      expect(Buffer.compare(first, second)).toBe(0);
    }
  });

  it("gives different bytes for a different prompt or seed", async () => {
    const original = await renderImage(base);
    const otherPrompt = await renderImage({ ...base, prompt: "a fox." });
    const otherSeed = await renderImage({ ...base, seed: 43 });
    expect(Buffer.compare(original, otherPrompt)).not.toBe(0);
    expect(Buffer.compare(original, otherSeed)).not.toBe(0);
  });

  it("draws the label large enough to see", async () => {
    const labelled = await whitePixels(await renderImage({ ...base, label: "EMULATOR" }));
    const unlabelled = await whitePixels(await renderImage({ ...base, label: "" }));
    expect(unlabelled).toBe(0);
    // At least 2% of the image is letter strokes.
    expect(labelled).toBeGreaterThan(base.width * base.height * 0.02);
  });

  it("clips a label too long for a tiny image instead of failing", async () => {
    const image = await renderImage({ ...base, width: 64, height: 200, label: "A VERY LONG LABEL" });
    expect(await sharp(image).metadata()).toMatchObject({ width: 64, height: 200 });
  });

  it("refuses sizes that are not positive integers", async () => {
    await expect(renderImage({ ...base, width: 0 })).rejects.toThrow(RangeError);
    await expect(renderImage({ ...base, height: 1.5 })).rejects.toThrow(RangeError);
  });
});

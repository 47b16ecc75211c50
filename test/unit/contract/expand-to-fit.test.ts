import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expandToFit, fitWithinToolLimits, imageSizeProblem, OUTPAINT_EXTENSION_MAX } from "../../../src/contract/index.js";

describe("expandToFit", () => {
  it("gives a 1024×1024 image a 1440×320 banner's exact 4.5:1, centred", () => {
    expect(expandToFit({ imageWidth: 1024, imageHeight: 1024, targetWidth: 1440, targetHeight: 320 })).toEqual({
      left: 1792,
      right: 1792,
      up: 0,
      down: 0,
      scale: 1,
      inputWidth: 1024,
      inputHeight: 1024,
      outputWidth: 4608,
      outputHeight: 1024,
      exact: true,
    });
  });

  it("adds a row when a whole-pixel width needs one, so 1001×1001 still comes out exactly 4.5:1", () => {
    const result = expandToFit({ imageWidth: 1001, imageHeight: 1001, targetWidth: 1440, targetHeight: 320 })!;
    expect(result.outputWidth * 320).toBe(result.outputHeight * 1440);
    expect(result.up + result.down).toBe(1);
    expect(result.exact).toBe(true);
  });

  it("shrinks the input first when an extension would pass 2000 px", () => {
    const result = expandToFit({ imageWidth: 1536, imageHeight: 1536, targetWidth: 1440, targetHeight: 320 })!;
    expect(result.scale).toBeLessThan(1);
    expect(result.inputWidth).toBe(Math.floor(1536 * result.scale));
    expect(Math.max(result.left, result.right, result.up, result.down)).toBeLessThanOrEqual(OUTPAINT_EXTENSION_MAX);
    expect(result.outputWidth * 320).toBe(result.outputHeight * 1440);
    // Not shrunk more than needed: the widest extension is within a few pixels of the cap.
    expect(Math.max(result.left, result.right)).toBeGreaterThan(OUTPAINT_EXTENSION_MAX - 20);
  });

  it("keeps the point the layer showed at the centre of the new canvas", () => {
    const result = expandToFit({ imageWidth: 1000, imageHeight: 1000, cropCenter: { x: 0.3, y: 0.5 }, targetWidth: 3, targetHeight: 1 })!;
    expect(result).toMatchObject({ left: 1200, right: 800, up: 0, down: 0, outputWidth: 3000, outputHeight: 1000 });
    // The crop centre, 300 px into the image, lands at the middle: 1200 + 300 = 3000 / 2.
    const tall = expandToFit({ imageWidth: 1000, imageHeight: 500, cropCenter: { x: 0.5, y: 0 }, targetWidth: 1, targetHeight: 1 })!;
    expect(tall).toMatchObject({ left: 0, right: 0, up: 500, down: 0 });
    const edge = expandToFit({ imageWidth: 1000, imageHeight: 1000, cropCenter: { x: 1, y: 0.5 }, targetWidth: 2, targetHeight: 1 })!;
    expect(edge).toMatchObject({ left: 0, right: 1000 }); // the right edge was at the centre, so it stays there
  });

  it("widens a tall layer's image vertically", () => {
    const result = expandToFit({ imageWidth: 1344, imageHeight: 768, targetWidth: 320, targetHeight: 1440 })!;
    expect(result.outputWidth * 1440).toBe(result.outputHeight * 320);
    expect(result.up + result.down).toBeGreaterThan(result.left + result.right);
  });

  it("asks for nothing when the image already has the layer's shape", () => {
    expect(expandToFit({ imageWidth: 1344, imageHeight: 768, targetWidth: 1344 * 2, targetHeight: 768 * 2 })).toMatchObject({ left: 0, right: 0, up: 0, down: 0, scale: 1 });
  });

  it("sends the input as it is when the widest extension is exactly 2000 px", () => {
    expect(expandToFit({ imageWidth: 1000, imageHeight: 1000, targetWidth: 5, targetHeight: 1 })).toEqual({
      left: 2000,
      right: 2000,
      up: 0,
      down: 0,
      scale: 1,
      inputWidth: 1000,
      inputHeight: 1000,
      outputWidth: 5000,
      outputHeight: 1000,
      exact: true,
    });
  });

  it("adds up to 2% of the side (41 rows of 2001) for an exact ratio, either way round", () => {
    // 2000:1021 in lowest terms: the first whole-pixel height at or above 2001 is 2 × 1021 = 2042, 41 rows more.
    expect(expandToFit({ imageWidth: 2001, imageHeight: 2001, targetWidth: 2000, targetHeight: 1021 })).toMatchObject({
      outputWidth: 4000,
      outputHeight: 2042,
      left: 1000,
      right: 999,
      up: 21,
      down: 20,
      exact: true,
    });
    expect(expandToFit({ imageWidth: 2001, imageHeight: 2001, targetWidth: 1021, targetHeight: 2000 })).toMatchObject({
      outputWidth: 2042,
      outputHeight: 4000,
      left: 21,
      right: 20,
      up: 1000,
      down: 999,
      exact: true,
    });
  });

  it("settles for the nearest whole pixel, and says so, when an exact ratio would cost more than 2% of the side", () => {
    // 14410:10001 needs a height that is a multiple of 10001: far beyond 1000 + 20 rows.
    expect(expandToFit({ imageWidth: 1000, imageHeight: 1000, targetWidth: 14410, targetHeight: 10001 })).toMatchObject({
      outputWidth: 1441, // 1000 × 14410 / 10001 = 1440.86
      outputHeight: 1000,
      left: 221,
      right: 220,
      exact: false,
    });
    expect(expandToFit({ imageWidth: 1000, imageHeight: 1000, targetWidth: 10001, targetHeight: 14410 })).toMatchObject({
      outputWidth: 1000,
      outputHeight: 1441,
      up: 221,
      down: 220,
      exact: false,
    });
    // Fractional layer sizes are only a ratio: 0.3 × 0.1 is 3:1.
    expect(expandToFit({ imageWidth: 1000, imageHeight: 1000, targetWidth: 0.3, targetHeight: 0.1 })).toMatchObject({
      outputWidth: 3000,
      outputHeight: 1000,
      exact: true,
    });
  });

  it("clamps a crop centre outside the image to its edge, and centres one that is not a number", () => {
    const at = (cropCenter: { x: number; y: number }, targetWidth: number, targetHeight: number) =>
      expandToFit({ imageWidth: 1000, imageHeight: 1000, cropCenter, targetWidth, targetHeight });
    expect(at({ x: -1, y: 0.5 }, 2, 1)).toMatchObject({ left: 1000, right: 0 });
    expect(at({ x: 2, y: 0.5 }, 2, 1)).toMatchObject({ left: 0, right: 1000 });
    expect(at({ x: Number.NaN, y: 0.5 }, 2, 1)).toMatchObject({ left: 500, right: 500 });
    expect(at({ x: Number.POSITIVE_INFINITY, y: 0.5 }, 2, 1)).toMatchObject({ left: 500, right: 500 });
    expect(at({ x: 0.5, y: -3 }, 1, 2)).toMatchObject({ up: 1000, down: 0 });
    expect(at({ x: 0.5, y: 7 }, 1, 2)).toMatchObject({ up: 0, down: 1000 });
    expect(at({ x: 0.5, y: Number.NaN }, 1, 2)).toMatchObject({ up: 500, down: 500 });
    expect(at({ x: 0, y: 0 }, 1, 2)).toMatchObject({ up: 1000, down: 0 }); // 0 is a centre, not a missing one
  });

  it("refuses what outpaint cannot take even shrunk, and targets that are not sizes", () => {
    expect(expandToFit({ imageWidth: 40, imageHeight: 40, targetWidth: 2, targetHeight: 1 })).toBeUndefined();
    expect(expandToFit({ imageWidth: 1000, imageHeight: 100, targetWidth: 2, targetHeight: 1 })).toBeUndefined(); // 10:1 input
    expect(expandToFit({ imageWidth: 100, imageHeight: 100, targetWidth: 100, targetHeight: 1 })).toBeUndefined(); // would shrink below 64 px
    expect(expandToFit({ imageWidth: 100, imageHeight: 100, targetWidth: 0, targetHeight: 1 })).toBeUndefined();
    expect(expandToFit({ imageWidth: 100, imageHeight: 100, targetWidth: Number.NaN, targetHeight: 1 })).toBeUndefined();
    expect(expandToFit({ imageWidth: 1000, imageHeight: 1000, targetWidth: -2, targetHeight: 1 })).toBeUndefined();
    expect(expandToFit({ imageWidth: 1000, imageHeight: 1000, targetWidth: 2, targetHeight: -1 })).toBeUndefined();
    expect(expandToFit({ imageWidth: 1000, imageHeight: 1000, targetWidth: -2, targetHeight: -1 })).toBeUndefined();
  });

  it("for any image and layer: extensions within 0–2000, the output is the shrunk input plus them, its ratio within half a pixel", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 4000 }),
        fc.integer({ min: 64, max: 4000 }),
        fc.integer({ min: 20, max: 4000 }),
        fc.integer({ min: 20, max: 4000 }),
        fc.record({ x: fc.double({ min: 0, max: 1, noNaN: true }), y: fc.double({ min: 0, max: 1, noNaN: true }) }),
        (imageWidth, imageHeight, targetWidth, targetHeight, cropCenter) => {
          fc.pre(Math.max(imageWidth / imageHeight, imageHeight / imageWidth) <= 2.5);
          const result = expandToFit({ imageWidth, imageHeight, cropCenter, targetWidth, targetHeight });
          if (!result) return;
          for (const side of [result.left, result.right, result.up, result.down]) {
            expect(Number.isInteger(side) && side >= 0 && side <= OUTPAINT_EXTENSION_MAX).toBe(true);
          }
          expect(result.outputWidth).toBe(result.inputWidth + result.left + result.right);
          expect(result.outputHeight).toBe(result.inputHeight + result.up + result.down);
          expect(imageSizeProblem("outpaint", { width: result.inputWidth, height: result.inputHeight })).toBeUndefined();
          const widthError = Math.abs(result.outputWidth - (result.outputHeight * targetWidth) / targetHeight);
          const heightError = Math.abs(result.outputHeight - (result.outputWidth * targetHeight) / targetWidth);
          expect(Math.min(widthError, heightError)).toBeLessThanOrEqual(0.5 + 1e-9);
          if (result.exact) expect(result.outputWidth * targetHeight).toBe(result.outputHeight * targetWidth);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("fitWithinToolLimits", () => {
  it("leaves an image that fits as it is", () => {
    expect(fitWithinToolLimits(1024, 768, "removeBackground")).toEqual({ width: 1024, height: 768, scale: 1 });
    expect(fitWithinToolLimits(1536, 32, "upscale")).toEqual({ width: 1536, height: 32, scale: 1 });
  });

  it("shrinks to the pixel cap, keeping the shape", () => {
    const fitted = fitWithinToolLimits(4000, 3000, "removeBackground")!;
    expect(fitted.width * fitted.height).toBeLessThanOrEqual(9_437_184);
    expect(fitted.width * fitted.height).toBeGreaterThan(9_437_184 * 0.998);
    expect(Math.abs(fitted.width / fitted.height - 4 / 3)).toBeLessThan(0.001);
    expect(fitted.scale).toBeCloseTo(fitted.width / 4000, 10);
    // The largest such size, in one step: √(9,437,184 / 12,000,000) = 0.886796 of each side, floored.
    expect(fitted).toEqual({ width: 3547, height: 2660, scale: 3547 / 4000 });
    expect(fitWithinToolLimits(3000, 4000, "erase")).toEqual({ width: 2660, height: 3547, scale: 2660 / 3000 });
  });

  it("shrinks upscale inputs to 1536 px a side and 1,048,576 px", () => {
    expect(fitWithinToolLimits(2048, 2048, "upscale")).toEqual({ width: 1024, height: 1024, scale: 0.5 });
    expect(fitWithinToolLimits(3072, 512, "upscale")).toEqual({ width: 1536, height: 256, scale: 0.5 });
  });

  it("keeps an image of exactly the pixel cap, or exactly the longest side, as it is", () => {
    expect(fitWithinToolLimits(3072, 3072, "removeBackground")).toEqual({ width: 3072, height: 3072, scale: 1 }); // 9,437,184 px
    expect(fitWithinToolLimits(1024, 1024, "upscale")).toEqual({ width: 1024, height: 1024, scale: 1 }); // 1,048,576 px
    expect(fitWithinToolLimits(1536, 682, "upscale")).toEqual({ width: 1536, height: 682, scale: 1 });
  });

  it("gives up when shrinking cannot help", () => {
    expect(fitWithinToolLimits(40, 400, "outpaint")).toBeUndefined();
    expect(fitWithinToolLimits(1000, 300, "erase")).toBeUndefined(); // wider than 2.5:1
    expect(fitWithinToolLimits(3000, 40, "upscale")).toBeUndefined(); // 1536 wide would be 20 px tall
    expect(fitWithinToolLimits(0, 10, "upscale")).toBeUndefined();
    expect(fitWithinToolLimits(-100, 100, "erase")).toBeUndefined();
    expect(fitWithinToolLimits(100, -100, "erase")).toBeUndefined();
    expect(fitWithinToolLimits(100.5, 100, "erase")).toBeUndefined(); // an image's size is whole pixels
    expect(fitWithinToolLimits(100, 100.5, "erase")).toBeUndefined();
    expect(fitWithinToolLimits(Number.NaN, 100, "erase")).toBeUndefined();
  });

  it("always returns a size the tool takes, never larger than the input", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }), fc.constantFrom("removeBackground", "upscale", "outpaint", "searchReplace", "erase" as const), (width, height, tool) => {
        const fitted = fitWithinToolLimits(width, height, tool);
        if (!fitted) return;
        expect(imageSizeProblem(tool, fitted)).toBeUndefined();
        expect(fitted.width <= width && fitted.height <= height).toBe(true);
      }),
    );
  });
});

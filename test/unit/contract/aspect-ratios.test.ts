import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ASPECT_RATIOS, isAspectRatio, nearestAspectRatio, OUTPUT_SIZES, ratioValue } from "../../../src/contract/index.js";

const side = fc.double({ min: 1, max: 100_000, noNaN: true });
const transposed = (ratio: string) => ratio.split(":").reverse().join(":");

describe("aspect ratios", () => {
  it("has the nine ratios Bedrock accepts, each with an output size of that shape", () => {
    expect([...ASPECT_RATIOS].sort()).toEqual(["16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21"].sort());
    for (const ratio of ASPECT_RATIOS) {
      const { width, height } = OUTPUT_SIZES[ratio];
      expect(Math.abs(Math.log(width / height) - Math.log(ratioValue(ratio)))).toBeLessThan(0.05);
      expect(Math.max(width, height)).toBeLessThanOrEqual(4096);
    }
  });

  it("gives each exact ratio itself, and the output sizes their own ratio", () => {
    for (const ratio of ASPECT_RATIOS) {
      const [w, h] = ratio.split(":").map(Number) as [number, number];
      expect(nearestAspectRatio(w * 37, h * 37)).toBe(ratio);
      expect(nearestAspectRatio(OUTPUT_SIZES[ratio].width, OUTPUT_SIZES[ratio].height)).toBe(ratio);
    }
    expect(nearestAspectRatio(1920, 1080)).toBe("16:9");
    expect(nearestAspectRatio(1440, 900)).toBe("3:2");
    expect(nearestAspectRatio(375, 812)).toBe("9:21");
  });

  it("always answers a supported ratio, and no other ratio is closer in log space", () => {
    fc.assert(
      fc.property(side, side, (width, height) => {
        const nearest = nearestAspectRatio(width, height);
        expect(isAspectRatio(nearest)).toBe(true);
        const distance = (ratio: (typeof ASPECT_RATIOS)[number]) => Math.abs(Math.log(ratioValue(ratio)) - Math.log(width / height));
        for (const other of ASPECT_RATIOS) expect(distance(nearest)).toBeLessThanOrEqual(distance(other) + 1e-12);
      }),
    );
  });

  it("does not depend on scale, and turning the frame turns the ratio", () => {
    fc.assert(
      fc.property(side, side, fc.double({ min: 0.01, max: 100, noNaN: true }), (width, height, scale) => {
        expect(nearestAspectRatio(width * scale, height * scale)).toBe(nearestAspectRatio(width, height));
        // Exact ties (e.g. halfway between 1:1 and 5:4 in log space) are measure-zero; skip them by checking distinctness.
        const forward = nearestAspectRatio(width, height);
        const turned = nearestAspectRatio(height, width);
        expect(turned === transposed(forward) || Math.abs(Math.log(width / height)) < 1e-9).toBe(true);
      }),
    );
  });

  it("falls back to 1:1 for degenerate sizes", () => {
    for (const [w, h] of [[0, 100], [100, 0], [-5, 10], [Number.NaN, 1], [Number.POSITIVE_INFINITY, 1]] as const) {
      expect(nearestAspectRatio(w, h)).toBe("1:1");
    }
  });
});

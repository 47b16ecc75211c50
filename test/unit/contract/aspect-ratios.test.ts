import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ASPECT_RATIOS, DEFAULT_ASPECT_RATIO, isAspectRatio, nearestAspectRatio, OUTPUT_SIZES, ratioValue } from "../../../src/contract/index.js";

const side = fc.double({ min: 1, max: 100_000, noNaN: true });
const transposed = (ratio: string) => ratio.split(":").reverse().join(":");
/** A fixed seed, so a run that passes passes every time; the boundary examples above do not rely on chance. */
const PROPERTY_RUNS = { seed: 20261130, numRuns: 2000 };

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
      PROPERTY_RUNS,
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
      PROPERTY_RUNS,
    );
  });

  it("switches ratio exactly at the geometric mean of each pair of neighbours, as log space puts it", () => {
    const byValue = [...ASPECT_RATIOS].sort((a, b) => ratioValue(a) - ratioValue(b));
    for (let index = 1; index < byValue.length; index++) {
      const [lower, upper] = [byValue[index - 1]!, byValue[index]!];
      const boundary = Math.sqrt(ratioValue(lower) * ratioValue(upper));
      // 0.1% either side: closer than the arithmetic mean (where a linear comparison would switch) for every pair.
      expect(nearestAspectRatio(boundary * 0.999 * 1000, 1000), `just below ${lower}|${upper}`).toBe(lower);
      expect(nearestAspectRatio(boundary * 1.001 * 1000, 1000), `just above ${lower}|${upper}`).toBe(upper);
    }
    // A card 1000×892 is nearer 5:4 than 1:1 in log space (a linear comparison says 1:1).
    expect(nearestAspectRatio(1000, 892)).toBe("5:4");
    expect(nearestAspectRatio(892, 1000)).toBe("4:5");
  });

  it("falls back to 1:1 for degenerate sizes", () => {
    // Both sides negative would divide to a real ratio (-1920 / -1080 is 16:9): still not a size.
    for (const [w, h] of [[0, 100], [100, 0], [-5, 10], [-1920, -1080], [-1080, -1920], [Number.NaN, 1], [Number.POSITIVE_INFINITY, 1]] as const) {
      expect(nearestAspectRatio(w, h)).toBe("1:1");
    }
  });

  it("recognises exactly the nine ratio strings", () => {
    for (const ratio of ASPECT_RATIOS) expect(isAspectRatio(ratio)).toBe(true);
    for (const other of ["4:3", "", "1:1 ", "16/9", "match", 1, null, undefined, ["1:1"]]) expect(isAspectRatio(other), String(other)).toBe(false);
  });

  it("gives width over height as a number, and 1:1 by default", () => {
    expect(ratioValue("16:9")).toBe(16 / 9);
    expect(ratioValue("9:21")).toBe(9 / 21);
    expect(ratioValue("1:1")).toBe(1);
    expect(DEFAULT_ASPECT_RATIO).toBe("1:1");
  });
});

/**
 * The request contract's hot functions, run for every layer (`nearestAspectRatio`) and every request
 * (`validateTextToImageRequest`). Both should cost microseconds; these figures are the sanity bound.
 */
import { bench, describe } from "vitest";
import { nearestAspectRatio, validateTextToImageRequest } from "../../src/contract/index.js";
import { TYPICAL_REQUEST } from "./support/start-bench-proxy.js";

// Frame sizes a designer might select: phone, desktop, banner, square, portrait card, a degenerate one.
const FRAMES: readonly [number, number][] = [[390, 844], [1440, 900], [1200, 300], [512, 512], [320, 400], [0, 100]];
const INVALID = { ...TYPICAL_REQUEST, seed: -1, aspect_ratio: "7:3" };

describe("contract", () => {
  bench(`nearestAspectRatio × ${FRAMES.length} frames`, () => {
    for (const [width, height] of FRAMES) nearestAspectRatio(width, height);
  });

  bench("validateTextToImageRequest, valid body", () => {
    validateTextToImageRequest(TYPICAL_REQUEST);
  });

  bench("validateTextToImageRequest, invalid body (two violations)", () => {
    validateTextToImageRequest(INVALID);
  });
});

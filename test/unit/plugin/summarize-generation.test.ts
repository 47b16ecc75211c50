/** The summary line for figma.notify and generation-finished, from counted outcomes. */
import { describe, expect, it } from "vitest";
import type { GenerationOutcome } from "../../../src/plugin/generation/generation-outcome.js";
import { summarizeGeneration } from "../../../src/plugin/generation/summarize-generation.js";

const outcome = (overrides: Partial<GenerationOutcome>): GenerationOutcome => ({
  placed: 0,
  placedInFrames: 0,
  movedToNewFrame: 0,
  styleLinksReplaced: 0,
  failed: {},
  unsettled: 0,
  cancelled: false,
  ...overrides,
});

describe("summarizeGeneration", () => {
  it("says when an image replaced a paint style link", () => {
    expect(summarizeGeneration(outcome({ placed: 2, placedInFrames: 2, styleLinksReplaced: 1 }))).toBe(
      "Filled 2 frames · replaced the paint style on 1 layer",
    );
  });

  it("counts frames, and says layers when not every filled layer is a frame", () => {
    expect(summarizeGeneration(outcome({ placed: 3, placedInFrames: 3 }))).toBe("Filled 3 frames");
    expect(summarizeGeneration(outcome({ placed: 1, placedInFrames: 1 }))).toBe("Filled 1 frame");
    expect(summarizeGeneration(outcome({ placed: 2, placedInFrames: 1 }))).toBe("Filled 2 layers");
  });

  it("adds the failures, content filter first, prompt and output together", () => {
    expect(
      summarizeGeneration(outcome({ placed: 3, placedInFrames: 3, failed: { "prompt-filtered": 1 } })),
    ).toBe("Filled 3 frames · 1 blocked by the content filter");
    expect(
      summarizeGeneration(outcome({ failed: { "output-filtered": 1, "prompt-filtered": 1, "rate-limited": 2, "model-access": 1 } })),
    ).toBe("Nothing filled · 2 blocked by the content filter · 2 rate-limited · 1 refused: no model access in Bedrock");
  });

  it("mentions images that went to a new frame because their layer was deleted", () => {
    expect(summarizeGeneration(outcome({ placed: 2, placedInFrames: 2, movedToNewFrame: 2 }))).toBe(
      "Filled 2 frames · 2 in a new frame because their layers were deleted",
    );
  });

  it("says Cancelled, and counts unreported jobs of a cancelled generation as cancelled", () => {
    expect(summarizeGeneration(outcome({ cancelled: true, failed: { cancelled: 1 }, unsettled: 2 }))).toBe(
      "Cancelled · nothing filled · 3 cancelled",
    );
    expect(summarizeGeneration(outcome({ placed: 1, placedInFrames: 1, unsettled: 1 }))).toBe("Filled 1 frame · 1 never came back");
  });
});

import { describe, expect, it } from "vitest";
import type { GenerationMetadata, SelectionSummary } from "../../../src/messages.js";
import { planRelaunch } from "../../../src/ui/generation/plan-relaunch.js";

function metadata(patch: Partial<GenerationMetadata>): GenerationMetadata {
  return {
    prompt: "a desert road",
    negativePrompt: "",
    seed: 1234,
    modelId: "stability.stable-image-core-v1:0",
    aspectRatio: "16:9",
    outputFormat: "png",
    createdAt: "2025-01-01T00:00:00Z",
    imageHash: "abc",
    ...patch,
  };
}

const selection: SelectionSummary = {
  targets: [
    { id: "1", name: "A", width: 1600, height: 900, nearestRatio: "16:9", hasOwnName: true },
    { id: "2", name: "B", width: 900, height: 1600, nearestRatio: "9:16", hasOwnName: true },
    { id: "3", name: "C", width: 500, height: 500, nearestRatio: "1:1", hasOwnName: true },
  ],
  skipped: [],
};

describe("planRelaunch", () => {
  it("regenerates layers made alike as one plan of the whole selection, with a new random seed", () => {
    const plans = planRelaunch(
      {
        command: "regenerate",
        metadata: [
          { nodeId: "1", metadata: metadata({ aspectRatio: "16:9" }) },
          { nodeId: "2", metadata: metadata({ aspectRatio: "9:16", seed: 9 }) },
        ],
      },
      selection,
    );
    expect(plans).toEqual([
      {
        options: { prompt: "a desert road", negativePrompt: "", modelId: "stability.stable-image-core-v1:0", aspectRatio: "match", outputFormat: "png", seed: 0, variants: 1 },
        targetIds: null,
      },
    ]);
  });

  it("plans layers made with different settings separately, each restricted to its layers", () => {
    const plans = planRelaunch(
      {
        command: "regenerate",
        metadata: [
          { nodeId: "1", metadata: metadata({}) },
          { nodeId: "2", metadata: metadata({ prompt: "a forest path", aspectRatio: "9:16" }) },
          { nodeId: "3", metadata: metadata({ aspectRatio: "1:1" }) },
        ],
      },
      selection,
    );
    expect(plans.map((plan) => [plan.options.prompt, plan.targetIds])).toEqual([
      ["a desert road", ["1", "3"]],
      ["a forest path", ["2"]],
    ]);
  });

  it("keeps a fixed ratio that no longer matches the layer's shape", () => {
    const plans = planRelaunch(
      { command: "regenerate", metadata: [{ nodeId: "3", metadata: metadata({ aspectRatio: "21:9" }) }] },
      selection,
    );
    expect(plans[0]!.options.aspectRatio).toBe("21:9");
  });
});

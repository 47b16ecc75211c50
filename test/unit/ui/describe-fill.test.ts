import { describe, expect, it } from "vitest";
import type { SelectionSummary, TargetSummary } from "../../../src/messages.js";
import { describeCost, describeFill } from "../../../src/ui/form/describe-fill.js";

const CORE = "stability.stable-image-core-v1:0";
const ULTRA = "stability.stable-image-ultra-v1:0";

function target(id: string, nearestRatio: TargetSummary["nearestRatio"]): TargetSummary {
  return { id, name: `Frame ${id}`, width: 100, height: 100, nearestRatio, hasOwnName: false };
}

const three: SelectionSummary = { targets: [target("1", "16:9"), target("2", "1:1"), target("3", "4:5")], skipped: [] };

describe("describeFill", () => {
  it("lists the frames and the ratios Match frame gives them", () => {
    expect(describeFill(three, "match", 1, CORE)).toEqual({
      targets: "3 frames · 16:9, 1:1, 4:5",
      skipped: null,
      cost: "3 images · $0.12",
      imageCount: 3,
    });
  });

  it("names each ratio once, and a fixed ratio alone", () => {
    const selection = { targets: [target("1", "16:9"), target("2", "16:9"), target("3", "1:1")], skipped: [] };
    expect(describeFill(selection, "match", 1, CORE).targets).toBe("3 frames · 16:9, 1:1");
    expect(describeFill(selection, "2:3", 1, CORE).targets).toBe("3 frames · 2:3");
    expect(describeFill({ targets: [target("1", "1:1")], skipped: [] }, "match", 1, CORE).targets).toBe("1 frame · 1:1");
  });

  it("says a new frame will be created when nothing is selected", () => {
    const nothing = { targets: [], skipped: [] };
    expect(describeFill(nothing, "match", 1, CORE)).toMatchObject({
      targets: "Nothing selected: a new 1:1 frame will be created",
      cost: "1 image · $0.04",
    });
    expect(describeFill(nothing, "16:9", 2, CORE)).toMatchObject({
      targets: "Nothing selected: a new 16:9 frame will be created",
      cost: "2 images · $0.08",
    });
  });

  it("counts variants into the images and the price", () => {
    expect(describeFill(three, "match", 4, CORE).cost).toBe("12 images · $0.48");
    expect(describeFill(three, "match", 4, ULTRA).cost).toBe("12 images · $1.68");
  });

  it("names the skipped layers, at most three, and how many more", () => {
    const skipped = [
      { name: "Title", reason: "text layer" },
      { name: "Line", reason: "not fillable" },
      { name: "Slice 1", reason: "slice" },
      { name: "Slice 2", reason: "slice" },
      { name: "Slice 3", reason: "slice" },
    ];
    expect(describeFill({ targets: three.targets, skipped: skipped.slice(0, 1) }, "match", 1, CORE).skipped).toBe(
      "Skipping 1 layer: Title (text layer)",
    );
    expect(describeFill({ targets: three.targets, skipped }, "match", 1, CORE).skipped).toBe(
      "Skipping 5 layers: Title (text layer), Line (not fillable), Slice 1 (slice), and 2 more",
    );
  });
});

describe("describeCost", () => {
  it("prices in whole cents, and leaves out a price it does not know", () => {
    expect(describeCost(7, CORE)).toBe("7 images · $0.28");
    expect(describeCost(3, "stability.sd3-5-large-v1:0")).toBe("3 images · $0.24");
    expect(describeCost(2, "some.other-model")).toBe("2 images");
  });

  it("prices at the proxy's own price for the model when it gave one, and rounds a fraction of a cent up", () => {
    expect(describeCost(7, CORE, { [CORE]: 50_000 })).toBe("7 images · $0.35");
    expect(describeCost(3, CORE, { [CORE]: 33_333 })).toBe("3 images · $0.10");
    expect(describeCost(3, CORE, { [CORE]: 33_334 })).toBe("3 images · $0.11");
    expect(describeCost(2, CORE, { "stability.sd3-5-large-v1:0": 1 })).toBe("2 images · $0.08");
    expect(describeCost(2, "some.other-model", { "some.other-model": 20_000 })).toBe("2 images · $0.04");
  });
});

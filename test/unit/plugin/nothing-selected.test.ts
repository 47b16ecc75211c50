/** With nothing selected, a new frame at the viewport centre, sized by the ratio, created only when its image arrives. */
import { describe, expect, it } from "vitest";
import { OUTPUT_SIZES } from "../../../src/contract/aspect-ratios.js";
import { createHarness, imagePaints, metadataOf } from "./harness.js";

describe("nothing selected", () => {
  it("plans a new frame and creates it at the viewport centre with the ratio's size when the image arrives", async () => {
    const h = createHarness({ viewport: { center: { x: 1000, y: 500 } } });
    await h.ready();
    const planned = await h.plan({ aspectRatio: "16:9", prompt: "  A lighthouse   in a storm  " });
    expect(planned.newFrame).toBe(true);
    expect(planned.jobs).toEqual([
      { jobId: planned.jobs[0]!.jobId, targetId: null, targetName: "A lighthouse in a storm", variantIndex: 0, aspectRatio: "16:9", seed: 0 },
    ]);
    expect(h.figma.currentPage.children).toEqual([]);

    const reply = await h.place(planned.generationId, planned.jobs[0]!);
    const frame = h.figma.currentPage.children[0]!;
    expect(reply).toMatchObject({ type: "image-placed", nodeId: frame.id, movedToNewFrame: false });
    const { width, height } = OUTPUT_SIZES["16:9"];
    expect([frame.type, frame.name, frame.x, frame.y, frame.width, frame.height]).toEqual([
      "FRAME",
      "A lighthouse in a storm",
      1000 - width / 2,
      500 - height / 2,
      width,
      height,
    ]);
    expect(imagePaints(frame as never).map((paint) => paint.scaleMode)).toEqual(["FILL"]);
    expect((frame as unknown as FrameNode).fills).toHaveLength(1);
    expect(metadataOf(frame as never).aspectRatio).toBe("16:9");
    expect((await h.finish(planned.generationId)).summary).toBe("Filled 1 frame");
  });

  it("uses 1:1 for Match frame, and puts variants side by side", async () => {
    const h = createHarness();
    await h.ready();
    const { planned } = await h.generate({ variants: 2 });
    expect(planned.jobs.map((job) => job.aspectRatio)).toEqual(["1:1", "1:1"]);
    expect(h.figma.currentPage.children.map((node) => [node.x, node.y, node.width])).toEqual([
      [-512, -512, 1024],
      [552, -512, 1024],
    ]);
    expect(h.figma.currentPage.children.every((node) => imagePaints(node as never).length === 1)).toBe(true);
  });

  it("creates nothing when the image fails", async () => {
    const h = createHarness();
    await h.ready();
    const planned = await h.plan();
    h.fail(planned.generationId, planned.jobs[0]!, "output-filtered");
    const finished = await h.finish(planned.generationId);
    expect(h.figma.currentPage.children).toEqual([]);
    expect(finished.summary).toBe("Nothing filled · 1 blocked by the content filter");
  });
});

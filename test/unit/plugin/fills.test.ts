/** Placing an image: an IMAGE paint with scaleMode FILL that replaces Framefill's earlier image and keeps every other fill. */
import { describe, expect, it } from "vitest";
import { OUTPUT_SIZES } from "../../../src/contract/aspect-ratios.js";
import { createHarness, imageFor, imagePaints, metadataOf } from "./harness.js";

const blue: Paint = { type: "SOLID", color: { r: 0, g: 0, b: 1 } };

describe("fills", () => {
  it("puts the image on top of the layer's fills with scaleMode FILL, keeping the solid fill underneath", async () => {
    const h = createHarness();
    const frame = h.figma.createFrame();
    frame.resize(1920, 1080);
    frame.fills = [blue];
    h.figma.currentPage.selection = [frame];
    await h.ready();
    const planned = await h.plan();
    const placed = await h.place(planned.generationId, planned.jobs[0]!);
    expect(placed).toEqual({ type: "image-placed", generationId: planned.generationId, jobId: planned.jobs[0]!.jobId, nodeId: frame.id, movedToNewFrame: false });
    expect(frame.fills.map((paint) => paint.type)).toEqual(["SOLID", "IMAGE"]);
    expect(frame.fills[0]).toMatchObject(blue);
    const [paint] = imagePaints(frame);
    expect(paint!.scaleMode).toBe("FILL");
    const image = h.figma.getImageByHash(paint!.imageHash!)!;
    const { width, height } = OUTPUT_SIZES["16:9"];
    expect(await image.getSizeAsync()).toEqual({ width: width / 8, height: height / 8 });
  });

  it("replaces the image Framefill placed before, in its place, and keeps other image fills and solids", async () => {
    const h = createHarness();
    const frame = h.figma.createFrame();
    const designersImage = h.figma.createImage(await imageFor("1:1", "png", { r: 250, g: 250, b: 0 }));
    const designersPaint: ImagePaint = { type: "IMAGE", imageHash: designersImage.hash, scaleMode: "FIT" };
    frame.fills = [blue];
    h.figma.currentPage.selection = [frame];
    await h.ready();

    const first = await h.plan();
    await h.place(first.generationId, first.jobs[0]!, { bytes: await imageFor("1:1", "png", { r: 1, g: 2, b: 3 }) });
    await h.finish(first.generationId);
    const firstHash = metadataOf(frame).imageHash;
    // The designer adds their own image on top of Framefill's.
    frame.fills = [...frame.fills, designersPaint];

    const second = await h.plan();
    await h.place(second.generationId, second.jobs[0]!, { bytes: await imageFor("1:1", "jpeg", { r: 9, g: 8, b: 7 }) });
    await h.finish(second.generationId);
    const secondHash = metadataOf(frame).imageHash;
    expect(secondHash).not.toBe(firstHash);
    expect(frame.fills.map((paint) => (paint.type === "IMAGE" ? paint.imageHash : paint.type))).toEqual([
      "SOLID",
      secondHash,
      designersImage.hash,
    ]);
    expect(frame.fills[2]).toMatchObject({ scaleMode: "FIT" });
  });

  it("puts the new image on top when the designer removed the one Framefill placed", async () => {
    const h = createHarness();
    const rect = h.figma.createRectangle();
    h.figma.currentPage.selection = [rect];
    await h.ready();
    await h.generate();
    rect.fills = [blue];
    await h.generate({ seed: 77 });
    expect(rect.fills.map((paint) => paint.type)).toEqual(["SOLID", "IMAGE"]);
    expect(imagePaints(rect)[0]!.imageHash).toBe(metadataOf(rect).imageHash);
  });

  it("stores the generation's metadata and the relaunch buttons on the layer", async () => {
    const h = createHarness();
    const ellipse = h.figma.createEllipse();
    ellipse.resize(500, 400);
    h.figma.currentPage.selection = [ellipse];
    await h.ready();
    const planned = await h.plan({ seed: 0, outputFormat: "jpeg" });
    await h.place(planned.generationId, planned.jobs[0]!, { seed: 987654, bytes: await imageFor("5:4", "jpeg") });
    expect(metadataOf(ellipse)).toEqual({
      prompt: "A misty pine forest at dawn",
      negativePrompt: "text, watermark",
      seed: 987654,
      modelId: "stability.stable-image-core-v1:0",
      aspectRatio: "5:4",
      outputFormat: "jpeg",
      createdAt: "2026-03-04T05:06:07.000Z",
      imageHash: imagePaints(ellipse)[0]!.imageHash,
    });
    expect(ellipse.getRelaunchData()).toEqual({
      regenerate: "New image from the same prompt and settings (5:4, new seed)",
      edit: "Prompt: A misty pine forest at dawn",
    });
  });

  it("fills each of several targets with its own image", async () => {
    const h = createHarness();
    const frames = [h.figma.createFrame(), h.figma.createRectangle(), h.figma.createStar()];
    frames[0]!.resize(1600, 900);
    frames[1]!.resize(300, 700);
    h.figma.currentPage.selection = frames;
    await h.ready();
    const { planned, finished } = await h.generate();
    expect(planned.jobs.map((job) => job.aspectRatio)).toEqual(["16:9", "9:21", "1:1"]);
    expect(frames.map((node) => metadataOf(node).aspectRatio)).toEqual(["16:9", "9:21", "1:1"]);
    expect(new Set(frames.map((node) => imagePaints(node)[0]!.imageHash)).size).toBe(3);
    expect(finished.summary).toBe("Filled 3 layers");
  });
});

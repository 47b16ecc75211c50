/** A failed, filtered, cancelled or unplaceable image leaves its layer exactly as it was, and the summary says why. */
import { describe, expect, it, vi } from "vitest";
import { FakeFrameLikeNode, FakeShapeNode } from "../../support/figma-fake/index.js";
import { createHarness, imageFor, stateOf } from "./harness.js";
import { makeImage } from "../test-images.js";

async function withTwoFrames() {
  const h = createHarness();
  const a = h.figma.createFrame();
  const b = h.figma.createFrame();
  b.x = 300;
  a.setPluginData("designer-note", "keep me");
  h.figma.currentPage.selection = [a, b];
  await h.ready();
  return { h, a, b };
}

describe("failures", () => {
  it("leaves a filtered target untouched and reports it", async () => {
    const { h, a, b } = await withTwoFrames();
    const before = stateOf(b);
    const planned = await h.plan();
    await h.place(planned.generationId, planned.jobs[0]!);
    h.fail(planned.generationId, planned.jobs[1]!, "prompt-filtered");
    const finished = await h.finish(planned.generationId);
    expect(stateOf(b)).toEqual(before);
    expect(a.fills.map((paint) => paint.type)).toEqual(["SOLID", "IMAGE"]);
    expect(finished.summary).toBe("Filled 1 frame · 1 blocked by the content filter");
    expect(h.figma.notifications.at(-1)).toMatchObject({ message: finished.summary, options: { error: false } });
  });

  it("answers WebP bytes with image-not-placed and changes nothing, not even a variant copy", async () => {
    const { h, a, b } = await withTwoFrames();
    const before = [stateOf(a), stateOf(b)];
    const planned = await h.plan({ variants: 2 });
    const webp = await makeImage(64, 64, "webp");
    for (const job of planned.jobs) {
      const reply = await h.place(planned.generationId, job, { bytes: webp });
      expect(reply).toMatchObject({ type: "image-not-placed", jobId: job.jobId });
      expect(reply.type === "image-not-placed" && reply.message).toMatch(/^Figma couldn't take the image for Frame: Image type is unsupported$/);
    }
    const finished = await h.finish(planned.generationId);
    expect([stateOf(a), stateOf(b)]).toEqual(before);
    expect(h.figma.currentPage.children).toEqual([a, b]);
    expect(finished.summary).toBe("Nothing filled · 4 couldn't be placed");
    expect(h.figma.notifications.at(-1)!.options?.error).toBe(true);
  });

  it("refuses images over 4096 px the same way", async () => {
    const { h, a } = await withTwoFrames();
    const before = stateOf(a);
    const planned = await h.plan();
    const reply = await h.place(planned.generationId, planned.jobs[0]!, { bytes: await makeImage(4100, 10) });
    expect(reply.type === "image-not-placed" && reply.message).toContain("Image is too large");
    expect(stateOf(a)).toEqual(before);
  });

  it("counts each kind of failure in the designer's words, and jobs never reported", async () => {
    const h = createHarness();
    h.figma.currentPage.selection = Array.from({ length: 5 }, () => h.figma.createFrame());
    await h.ready();
    const planned = await h.plan();
    const [first, second, third, fourth] = planned.jobs;
    h.fail(planned.generationId, first!, "quota");
    h.fail(planned.generationId, second!, "auth");
    h.fail(planned.generationId, third!, "unreachable");
    h.fail(planned.generationId, third!, "timeout"); // a job settles once
    await h.place(planned.generationId, fourth!);
    const finished = await h.finish(planned.generationId);
    expect(finished.summary).toBe(
      "Filled 1 frame · 1 over the quota · 1 refused: check the access key · 1 couldn't reach the proxy · 1 never came back",
    );
  });

  it("says when a generation was cancelled", async () => {
    const { h } = await withTwoFrames();
    const planned = await h.plan({ variants: 2 });
    await h.place(planned.generationId, planned.jobs[0]!);
    h.fail(planned.generationId, planned.jobs[1]!, "cancelled");
    const finished = await h.finish(planned.generationId, true);
    expect(finished.summary).toBe("Cancelled · filled 1 frame · 3 cancelled");
    expect(h.figma.notifications.at(-1)).toMatchObject({ message: finished.summary, options: { error: false } });
  });

  it("places no image for a generation that has finished, or twice for one job", async () => {
    const { h, a } = await withTwoFrames();
    const planned = await h.plan();
    await h.place(planned.generationId, planned.jobs[0]!);
    expect(await h.place(planned.generationId, planned.jobs[0]!)).toMatchObject({ type: "image-not-placed" });
    await h.finish(planned.generationId);
    const after = stateOf(a);
    const late = await h.place(planned.generationId, planned.jobs[1]!);
    expect(late).toMatchObject({ type: "image-not-placed", message: "This generation has already finished, so the image was not placed." });
    expect(stateOf(a)).toEqual(after);
  });

  it("refuses bytes that don't arrive as a Uint8Array", async () => {
    const { h, b } = await withTwoFrames();
    const before = stateOf(b);
    const planned = await h.plan();
    h.send({ type: "place-image", generationId: planned.generationId, jobId: planned.jobs[1]!.jobId, bytes: [1, 2, 3] as never, seed: 1 });
    expect(await h.next("image-not-placed")).toMatchObject({ message: expect.stringContaining("Uint8Array") });
    expect(stateOf(b)).toEqual(before);
    await expect(h.plan({ variants: 9 })).rejects.toThrow("Refused: Framefill can't generate: variants must be from 1 to 4.");
    expect(await imageFor("1:1")).toBeInstanceOf(Uint8Array);
  });

  it("takes back everything when placing fails half-way: the target's fills and data, and the copy it made", async () => {
    const { h, a } = await withTwoFrames();
    const before = stateOf(a);
    const planned = await h.plan({ variants: 2 });
    const setRelaunchData = FakeFrameLikeNode.prototype.setRelaunchData;
    const failing = vi.spyOn(FakeFrameLikeNode.prototype, "setRelaunchData").mockImplementation(function (
      this: FakeFrameLikeNode,
      data: Record<string, string>,
    ) {
      if ("regenerate" in data) throw new Error("in setRelaunchData: the file is read-only");
      setRelaunchData.call(this, data);
    });
    try {
      for (const job of planned.jobs.slice(0, 2)) {
        const reply = await h.place(planned.generationId, job);
        expect(reply).toMatchObject({ type: "image-not-placed", message: "The image for Frame couldn't be placed: the file is read-only" });
      }
    } finally {
      failing.mockRestore();
    }
    expect(stateOf(a)).toEqual(before);
    expect(h.figma.currentPage.children).toHaveLength(2);
  });

  it("puts a paint style link back when placing on a style-linked layer fails, in the design and in a variant copy", async () => {
    const h = createHarness();
    const style = h.figma.createPaintStyle();
    style.paints = [{ type: "SOLID", color: { r: 0.2, g: 0.4, b: 0.6 } }];
    const ad = h.figma.createFrame();
    ad.name = "Ad";
    const slot = h.figma.createRectangle();
    ad.appendChild(slot);
    await slot.setFillStyleIdAsync(style.id);
    h.figma.currentPage.selection = [slot];
    await h.ready();
    const before = stateOf(slot);
    const planned = await h.plan({ variants: 2 });
    const setRelaunchData = FakeShapeNode.prototype.setRelaunchData;
    const failing = vi.spyOn(FakeShapeNode.prototype, "setRelaunchData").mockImplementation(function (
      this: FakeShapeNode,
      data: Record<string, string>,
    ) {
      if ("regenerate" in data) throw new Error("in setRelaunchData: the file is read-only");
      setRelaunchData.call(this, data);
    });
    try {
      for (const job of planned.jobs) expect((await h.place(planned.generationId, job)).type).toBe("image-not-placed");
    } finally {
      failing.mockRestore();
    }
    expect(slot.fillStyleId).toBe(style.id);
    expect(stateOf(slot)).toEqual(before);
    expect(h.figma.currentPage.children).toEqual([ad]);
    const finished = await h.finish(planned.generationId);
    expect(finished.summary).toBe("Nothing filled · 2 couldn't be placed");
  });

  it("says in the summary when an image replaced a paint style link", async () => {
    const h = createHarness();
    const style = h.figma.createPaintStyle();
    const frame = h.figma.createFrame();
    await frame.setFillStyleIdAsync(style.id);
    h.figma.currentPage.selection = [frame];
    await h.ready();
    const { finished } = await h.generate();
    expect(frame.fillStyleId).toBe("");
    expect(finished.summary).toBe("Filled 1 frame · replaced the paint style on 1 layer");
  });
});

/** Variants beyond the first go into copies of the target, placed to its right in order, 40 px apart. */
import { describe, expect, it } from "vitest";
import { createHarness, imagePaints, metadataOf } from "./harness.js";

describe("variants", () => {
  it("fills the target and copies of it to its right, in the same parent, each with its own metadata", async () => {
    const h = createHarness();
    const board = h.figma.createFrame();
    board.resize(3000, 1000);
    const card = h.figma.createFrame();
    board.appendChild(card);
    card.x = 100;
    card.y = 50;
    card.resize(300, 200);
    card.name = "Card";
    card.appendChild(h.figma.createText());
    h.figma.currentPage.selection = [card];
    await h.ready();
    const planned = await h.plan({ variants: 3 });
    expect(planned.jobs.map((job) => [job.targetId, job.variantIndex])).toEqual([
      [card.id, 0],
      [card.id, 1],
      [card.id, 2],
    ]);
    // Variants arrive out of order; each copy still goes to its own slot.
    const replies = [];
    for (const index of [2, 0, 1]) replies.push(await h.place(planned.generationId, planned.jobs[index]!));
    await h.finish(planned.generationId);

    const copies = board.children.filter((node) => node.id !== card.id);
    expect(copies).toHaveLength(2);
    const byX = [card, ...copies].sort((a, b) => a.x - b.x);
    expect(byX.map((node) => [node.x, node.y, node.width, node.height])).toEqual([
      [100, 50, 300, 200],
      [440, 50, 300, 200],
      [780, 50, 300, 200],
    ]);
    expect(byX.map((node) => node.name)).toEqual(["Card", "Card", "Card"]);
    expect(byX.every((node) => node.type === "FRAME" && (node as typeof card).children.length === 1)).toBe(true);
    const hashes = byX.map((node) => imagePaints(node as never)[0]!.imageHash);
    expect(new Set(hashes).size).toBe(1); // the same test image each time, so one hash …
    expect(byX.map((node) => metadataOf(node as never).seed)).toEqual([1234, 1235, 1236]); // … but each its own seed
    expect(replies.map((reply) => reply.type === "image-placed" && reply.nodeId)).toEqual([byX[2]!.id, card.id, byX[1]!.id]);
    expect(byX.every((node) => imagePaints(node as never).length === 1)).toBe(true);
  });

  it("gives copies in an auto-layout parent absolute positions so the layout doesn't reflow", async () => {
    const h = createHarness();
    const row = h.figma.createFrame();
    row.layoutMode = "HORIZONTAL";
    const tile = h.figma.createRectangle();
    row.appendChild(tile);
    h.figma.currentPage.selection = [tile];
    await h.ready();
    await h.generate({ variants: 2 });
    const copy = row.children[1]!;
    expect(copy.layoutPositioning).toBe("ABSOLUTE");
    expect(copy.x).toBe(tile.x + tile.width + 40);
  });

  it("puts copies of a layer inside an instance on the page beside it", async () => {
    const h = createHarness();
    const component = h.figma.createComponent();
    component.resize(400, 300);
    const photo = h.figma.createRectangle();
    component.appendChild(photo);
    photo.x = 20;
    photo.y = 30;
    const instance = component.createInstance();
    instance.x = 1000;
    const inner = instance.children[0]!;
    h.figma.currentPage.selection = [inner];
    await h.ready();
    const { finished } = await h.generate({ variants: 2 });
    const copy = h.figma.currentPage.children.at(-1)!;
    expect(copy.parent).toBe(h.figma.currentPage);
    expect(copy.absoluteBoundingBox).toEqual({ x: 1020 + 140, y: 30, width: 100, height: 100 });
    expect(imagePaints(copy as never)).toHaveLength(1);
    expect(imagePaints(inner as never)).toHaveLength(1);
    expect(finished.summary).toBe("Filled 2 layers");
  });

  it("gives a fixed seed's variants consecutive seeds", async () => {
    const h = createHarness();
    h.figma.currentPage.selection = [h.figma.createFrame(), h.figma.createFrame()];
    await h.ready();
    const planned = await h.plan({ seed: 4294967294, variants: 3 });
    expect(planned.jobs.map((job) => job.seed)).toEqual([4294967294, 4294967295, 1, 4294967294, 4294967295, 1]);
    const random = await h.plan({ seed: 0, variants: 2 });
    expect(random.jobs.map((job) => job.seed)).toEqual([0, 0, 0, 0]);
    expect(new Set([...planned.jobs, ...random.jobs].map((job) => job.jobId)).size).toBe(10);
  });
});

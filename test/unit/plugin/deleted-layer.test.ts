/** An image that comes back for a layer deleted meanwhile lands in a new frame beside where the layer was. */
import { describe, expect, it } from "vitest";
import { createHarness, imagePaints, metadataOf } from "./harness.js";

describe("deleted layer", () => {
  it("puts the image in a new frame of the layer's size beside its old place and says so", async () => {
    const h = createHarness();
    const card = h.figma.createFrame();
    card.name = "Hero";
    card.x = 200;
    card.y = 100;
    card.resize(640, 360);
    h.figma.currentPage.selection = [card];
    await h.ready();
    const planned = await h.plan();
    card.remove();
    const reply = await h.place(planned.generationId, planned.jobs[0]!);
    const finished = await h.finish(planned.generationId);

    expect(reply).toMatchObject({ type: "image-placed", movedToNewFrame: true });
    const frame = h.figma.currentPage.children[0]!;
    expect(reply.type === "image-placed" && reply.nodeId).toBe(frame.id);
    expect([frame.type, frame.name, frame.x, frame.y, frame.width, frame.height]).toEqual(["FRAME", "Hero", 880, 100, 640, 360]);
    expect(imagePaints(frame as never)).toHaveLength(1);
    expect(metadataOf(frame as never).aspectRatio).toBe("16:9");
    expect(finished.summary).toBe("Filled 1 frame · 1 in a new frame because its layer was deleted");
    expect(h.figma.notifications.at(-1)!.message).toBe(finished.summary);
  });

  it("keeps a deleted layer's images clear of its copies' slots", async () => {
    const h = createHarness();
    const card = h.figma.createFrame();
    h.figma.currentPage.selection = [card];
    await h.ready();
    const planned = await h.plan({ variants: 2 });
    await h.place(planned.generationId, planned.jobs[1]!);
    card.remove();
    await h.place(planned.generationId, planned.jobs[0]!);
    const xs = h.figma.currentPage.children.map((node) => node.x).sort((a, b) => a - b);
    expect(xs).toEqual([140, 280]);
  });

  it("puts the new frame on the layer's page even when the designer went to another page", async () => {
    const h = createHarness();
    const first = h.figma.currentPage;
    const card = h.figma.createRectangle();
    card.x = 10;
    h.figma.currentPage.selection = [card];
    await h.ready();
    const planned = await h.plan();
    card.remove();
    const second = h.figma.createPage();
    await h.figma.setCurrentPageAsync(second);
    h.figma.unloadPages();
    const reply = await h.place(planned.generationId, planned.jobs[0]!);
    expect(reply).toMatchObject({ type: "image-placed", movedToNewFrame: true });
    await first.loadAsync();
    expect(first.children.map((node) => [node.type, node.x])).toEqual([["FRAME", 150]]);
    expect(second.children).toEqual([]);
  });
});

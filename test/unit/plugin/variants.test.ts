/**
 * Variants beyond the first go into whole copies of the design (the selected layer's top-level frame), in a row to
 * its right in the same page or section, 40 px apart and clear of other layers; each copy's matching layer gets its
 * image. Cases from issue 11: a clipping card, an auto-layout row, a component, an instance, a section, rotation.
 */
import { describe, expect, it } from "vitest";
import type { FakeFigma, FakeFrameLikeNode, FakeSceneNode } from "../../support/figma-fake/index.js";
import { createHarness, imagePaints, metadataOf } from "./harness.js";

type Frame = FakeFrameLikeNode;

/** A 300 × 200 card at (100, 50) with a photo slot inside it and a title. */
function card(figma: FakeFigma, name = "Ad"): { card: Frame; photo: FakeSceneNode & { fills: ReadonlyArray<Paint> } } {
  const frame = figma.createFrame();
  frame.name = name;
  frame.resize(300, 200);
  frame.x = 100;
  frame.y = 50;
  const photo = figma.createRectangle();
  photo.name = "Photo";
  frame.appendChild(photo);
  photo.x = 20;
  photo.y = 20;
  photo.resize(260, 120);
  frame.appendChild(figma.createText());
  return { card: frame, photo };
}

const boxOf = (node: FakeSceneNode) => node.absoluteBoundingBox;

describe("variants", () => {
  it("copies a clipping card whole beside it, each copy's slot filled, nothing new inside the card", async () => {
    const h = createHarness();
    const { card: ad, photo } = card(h.figma);
    h.figma.currentPage.selection = [photo];
    await h.ready();
    const planned = await h.plan({ variants: 3 });
    expect(planned.jobs.map((job) => [job.targetId, job.variantIndex])).toEqual([
      [photo.id, 0],
      [photo.id, 1],
      [photo.id, 2],
    ]);
    // Variants arrive out of order; each copy still goes to its own place.
    const replies = [];
    for (const index of [2, 0, 1]) replies.push(await h.place(planned.generationId, planned.jobs[index]!));
    const finished = await h.finish(planned.generationId);

    expect(ad.children).toHaveLength(2);
    const page = h.figma.currentPage.children as Frame[];
    expect(page.map((node) => node.name).sort()).toEqual(["Ad", "Ad · variant 1", "Ad · variant 2"]);
    const copies = page.filter((node) => node !== ad).sort((a, b) => a.x - b.x);
    expect(copies.map(boxOf)).toEqual([
      { x: 440, y: 50, width: 300, height: 200 },
      { x: 780, y: 50, width: 300, height: 200 },
    ]);
    const slots = [photo, ...copies.map((copy) => copy.children[0] as typeof photo)];
    for (const slot of slots) {
      expect(imagePaints(slot)).toHaveLength(1);
      expect(h.figma.visibleBox(slot)).toEqual({ ...slot.absoluteBoundingBox });
    }
    expect(slots.map((slot) => metadataOf(slot).seed)).toEqual([1234, 1235, 1236]);
    expect(replies.map((reply) => reply.type === "image-placed" && reply.nodeId)).toEqual([slots[2]!.id, photo.id, slots[1]!.id]);
    expect(copies.every((copy) => copy.children[1]!.type === "TEXT")).toBe(true);
    expect(finished.summary).toBe("Filled 3 layers");
    expect(h.figma.commitUndoCalls).toBeGreaterThan(0);
  });

  it("shares copies between several slots of one design, and shows the design as it was in the slots still waiting", async () => {
    const h = createHarness();
    const { card: ad, photo } = card(h.figma);
    const logo = h.figma.createEllipse();
    ad.appendChild(logo);
    h.figma.currentPage.selection = [photo, logo];
    await h.ready();
    const planned = await h.plan({ variants: 2 });
    const [photo0, photo1, logo0, logo1] = planned.jobs;
    await h.place(planned.generationId, photo0!);
    await h.place(planned.generationId, logo0!);
    await h.place(planned.generationId, photo1!);
    const copy = h.figma.currentPage.children.find((node) => node.name === "Ad · variant 1") as Frame;
    const copiedLogo = copy.children[2] as typeof photo;
    expect(imagePaints(copiedLogo)).toHaveLength(0); // the logo's variant 1 hasn't arrived: no variant-0 image in it
    h.fail(planned.generationId, logo1!, "output-filtered");
    await h.finish(planned.generationId);
    expect(h.figma.currentPage.children).toHaveLength(2);
    expect(metadataOf(copy.children[0] as typeof photo).seed).toBe(1235);
    expect(imagePaints(copiedLogo)).toHaveLength(0);
  });

  it("leaves an auto-layout row as it was and copies the top-level frame holding it", async () => {
    const h = createHarness();
    const screen = h.figma.createFrame();
    screen.name = "Screen";
    screen.resize(500, 300);
    const row = h.figma.createFrame();
    screen.appendChild(row);
    row.layoutMode = "HORIZONTAL";
    const tiles = [h.figma.createRectangle(), h.figma.createRectangle()];
    for (const tile of tiles) row.appendChild(tile);
    h.figma.currentPage.selection = [tiles[0]!];
    await h.ready();
    await h.generate({ variants: 2 });
    expect(row.children).toEqual(tiles);
    expect(tiles.map((tile) => tile.x)).toEqual([0, 100]);
    const copy = h.figma.currentPage.children[1] as Frame;
    expect(copy.name).toBe("Screen · variant 1");
    expect(copy.x).toBe(540);
    const copiedTile = (copy.children[0] as Frame).children[0] as typeof tiles[0];
    expect(copiedTile.layoutPositioning).toBe("AUTO");
    expect(imagePaints(copiedTile!)).toHaveLength(1);
  });

  it("copies a main component as instances with the image as an override, adding nothing to the component", async () => {
    const h = createHarness();
    const component = h.figma.createComponent();
    component.name = "Promo";
    component.resize(300, 200);
    const slot = h.figma.createRectangle();
    component.appendChild(slot);
    const elsewhere = component.createInstance();
    elsewhere.x = 100;
    elsewhere.y = 600;
    h.figma.currentPage.selection = [slot];
    await h.ready();
    await h.generate({ variants: 3 });
    expect(component.children).toEqual([slot]);
    expect(elsewhere.children).toHaveLength(1);
    const variants = h.figma.currentPage.children.filter((node) => node.name.startsWith("Promo · variant")) as Frame[];
    expect(variants.map((node) => node.type)).toEqual(["INSTANCE", "INSTANCE"]);
    expect((await component.getInstancesAsync()).length).toBe(3);
    for (const instance of variants) {
      const layer = instance.children[0] as typeof slot;
      const { overrides } = instance as unknown as { overrides: { id: string; overriddenFields: string[] }[] };
      expect(overrides).toEqual([
        { id: instance.id, overriddenFields: ["name"] },
        { id: layer.id, overriddenFields: ["fills"] },
      ]);
      expect(imagePaints(layer)[0]!.imageHash).toBe(imagePaints(slot)[0]!.imageHash);
      expect(metadataOf(layer).seed).not.toBe(metadataOf(slot).seed);
    }
  });

  it("keeps a layer inside a main component whose instances are elsewhere: the instances gain no layers", async () => {
    const h = createHarness();
    const board = h.figma.createFrame();
    board.name = "Board";
    board.resize(900, 400);
    const component = h.figma.createComponent();
    board.appendChild(component);
    const slot = h.figma.createRectangle();
    component.appendChild(slot);
    const instance = component.createInstance();
    instance.y = 1000;
    const overridden = component.createInstance();
    overridden.y = 1200;
    (overridden.children[0] as typeof slot).fills = [{ type: "SOLID", color: { r: 1, g: 0, b: 0 } }];
    h.figma.currentPage.selection = [slot];
    await h.ready();
    await h.generate({ variants: 2 });
    expect(component.children).toEqual([slot]);
    expect([instance.children.length, overridden.children.length]).toEqual([1, 1]);
    expect(imagePaints(overridden.children[0] as typeof slot)).toHaveLength(0);
    const copy = h.figma.currentPage.children.find((node) => node.name === "Board · variant 1") as Frame;
    expect(copy.type).toBe("FRAME");
    expect((copy.children[0] as Frame).type).toBe("COMPONENT");
  });

  it("copies an instance design as an instance of the same component", async () => {
    const h = createHarness();
    const component = h.figma.createComponent();
    component.appendChild(h.figma.createRectangle());
    component.y = 800;
    const instance = component.createInstance();
    instance.name = "Banner";
    const inner = instance.children[0]!;
    h.figma.currentPage.selection = [inner];
    await h.ready();
    const { finished } = await h.generate({ variants: 2 });
    const copy = h.figma.currentPage.children.find((node) => node.name === "Banner · variant 1") as Frame;
    expect(copy.type).toBe("INSTANCE");
    expect(await (copy as unknown as InstanceNode).getMainComponentAsync()).toBe(component);
    expect(imagePaints(copy.children[0] as never)).toHaveLength(1);
    expect(imagePaints(component.children[0] as never)).toHaveLength(0);
    expect(finished.summary).toBe("Filled 2 layers");
  });

  it("puts copies of a top-level frame in a section inside that section, which grows to hold them", async () => {
    const h = createHarness();
    const section = h.figma.createSection();
    section.x = 1000;
    section.resize(500, 400);
    const { card: ad } = card(h.figma);
    section.appendChild(ad);
    h.figma.currentPage.selection = [ad];
    await h.ready();
    await h.generate({ variants: 3 });
    expect(section.children.map((node) => node.name).sort()).toEqual(["Ad", "Ad · variant 1", "Ad · variant 2"]);
    const copies = section.children.filter((node) => node !== ad).sort((a, b) => a.x - b.x);
    expect(copies.map(boxOf)).toEqual([
      { x: 1440, y: 50, width: 300, height: 200 },
      { x: 1780, y: 50, width: 300, height: 200 },
    ]);
    expect(copies.every((copy) => imagePaints(copy as never).length === 1)).toBe(true);
    expect([section.width, section.height]).toEqual([1120, 400]);
    expect(h.figma.currentPage.children).toEqual([section]);
  });

  it("looks for free space: the row moves right past layers already there", async () => {
    const h = createHarness();
    const { card: ad, photo } = card(h.figma);
    const neighbour = h.figma.createFrame();
    neighbour.x = 500;
    neighbour.y = 0;
    neighbour.resize(200, 100);
    h.figma.currentPage.selection = [photo];
    await h.ready();
    await h.generate({ variants: 3 });
    const copies = h.figma.currentPage.children.filter((node) => node !== ad && node !== neighbour).sort((a, b) => a.x - b.x);
    expect(copies.map((copy) => [copy.x, copy.y])).toEqual([
      [740, 50],
      [1080, 50],
    ]);
  });

  it("lines up copies of a rotated design by their bounding boxes", async () => {
    const h = createHarness();
    const tile = h.figma.createRectangle();
    tile.resize(200, 100);
    tile.x = 0;
    tile.y = 300;
    tile.rotation = 90;
    h.figma.currentPage.selection = [tile];
    await h.ready();
    await h.generate({ variants: 3, aspectRatio: "1:1" });
    const boxes = h.figma.currentPage.children.map(boxOf).sort((a, b) => a.x - b.x);
    expect(boxes).toEqual([
      { x: 0, y: 100, width: 100, height: 200 },
      { x: 140, y: 100, width: 100, height: 200 },
      { x: 280, y: 100, width: 100, height: 200 },
    ]);
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

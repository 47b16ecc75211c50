/**
 * Where variant copies go, at the edges: several designs' rows in one generation, a neighbour exactly a gap away,
 * sections that must grow down or are nested, the copy's place in the layer list, a design on a page the designer
 * left, and copies the designer changed or deleted while the generation ran.
 */
import { describe, expect, it } from "vitest";
import type { FakeFigma, FakeFrameLikeNode, FakeSceneNode, FakeShapeNode } from "../../support/figma-fake/index.js";
import { createHarness, imagePaints } from "./harness.js";

type Slot = FakeShapeNode<"RECTANGLE">;

/** A `width` × `height` frame named `name` at (x, y) with a photo slot (child 0) and a logo (child 1) in it. */
function design(figma: FakeFigma, name: string, x: number, y: number, width = 300, height = 200) {
  const frame = figma.createFrame();
  frame.name = name;
  frame.resize(width, height);
  frame.x = x;
  frame.y = y;
  const photo = figma.createRectangle();
  photo.name = "Photo";
  frame.appendChild(photo);
  const logo = figma.createRectangle();
  logo.name = "Logo";
  frame.appendChild(logo);
  logo.x = 10;
  return { frame, photo, logo };
}

/**
 * The "Ad" design with its photo and logo selected for two variants, once the first copy has its photo: the logo's
 * image for that copy has not arrived yet (`placeLogo` sends it).
 */
async function copyAwaitingItsLogo() {
  const h = createHarness();
  const { photo, logo } = design(h.figma, "Ad", 100, 50);
  h.figma.currentPage.selection = [photo, logo];
  await h.ready();
  const planned = await h.plan({ variants: 2 });
  const [, photo1, , logo1] = planned.jobs;
  await h.place(planned.generationId, photo1!);
  return { h, copy: named(h.figma, "Ad · variant 1"), placeLogo: () => h.place(planned.generationId, logo1!) };
}

const boxOf = (node: FakeSceneNode) => node.absoluteBoundingBox;
const named = (figma: FakeFigma, name: string) => figma.currentPage.findAll((node) => node.name === name)[0] as FakeFrameLikeNode;

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe("variant placement", () => {
  it("keeps two designs' rows apart whatever order their images arrive in", async () => {
    const h = createHarness();
    const a = design(h.figma, "A", 0, 0, 100, 100);
    const b = design(h.figma, "B", 300, 0, 100, 100);
    h.figma.currentPage.selection = [a.photo, b.photo];
    await h.ready();
    const planned = await h.plan({ variants: 3 });
    const [a0, a1, a2, b0, b1, b2] = planned.jobs;
    // A's first copy exists before B's row is chosen; A's second doesn't, yet B's row must leave its slot free.
    for (const job of [a1, b1, a2, b2, a0, b0]) expect((await h.place(planned.generationId, job!)).type).toBe("image-placed");
    await h.finish(planned.generationId);

    const copies = ["A · variant 1", "A · variant 2", "B · variant 1", "B · variant 2"].map((name) => named(h.figma, name));
    expect(copies.map((copy) => [copy.x, copy.y])).toEqual([
      [440, 0], // past B
      [580, 0],
      [720, 0], // past A's row
      [860, 0],
    ]);
    const layers = h.figma.currentPage.children;
    for (const layer of layers) for (const other of layers) if (layer !== other) expect(overlaps(boxOf(layer), boxOf(other))).toBe(false);
  });

  it("shows each copy's waiting slots as they were before the generation, however many images the design already took", async () => {
    const h = createHarness();
    const { photo, logo } = design(h.figma, "Ad", 100, 50);
    h.figma.currentPage.selection = [photo, logo];
    await h.ready();
    const planned = await h.plan({ variants: 3 });
    const [photo0, , photo2, logo0, logo1] = planned.jobs;
    // The logo is met twice (variants 0 and 1) before the photo's variant 2 makes the second copy.
    for (const job of [photo0, logo0, logo1, photo2]) await h.place(planned.generationId, job!);
    const second = named(h.figma, "Ad · variant 2");
    expect(second.children.map((node) => imagePaints(node as Slot).length)).toEqual([1, 0]);
    expect(imagePaints(logo)).toHaveLength(1);
  });

  it("puts back only the design's own slots in its copy, not another design's slot at the same path", async () => {
    const h = createHarness();
    const a = design(h.figma, "A", 0, 0);
    a.photo.fills = [{ type: "SOLID", color: { r: 0, g: 0, b: 1 } }];
    const b = design(h.figma, "B", 0, 400);
    // A's logo and B's photo are selected; B's photo has the path of A's (unselected, blue) photo.
    h.figma.currentPage.selection = [a.logo, b.photo];
    await h.ready();
    const planned = await h.plan({ variants: 2 });
    const [, aLogo1, bPhoto0] = planned.jobs;
    await h.place(planned.generationId, bPhoto0!);
    await h.place(planned.generationId, aLogo1!);
    const copy = named(h.figma, "A · variant 1");
    expect((copy.children[0] as Slot).fills).toEqual(a.photo.fills);
    expect(a.photo.fills).toMatchObject([{ type: "SOLID", color: { r: 0, g: 0, b: 1 } }]);
    expect(imagePaints(copy.children[1] as Slot)).toHaveLength(1);
  });

  it("leaves the row where it is when a neighbour is exactly a gap past the last copy, and moves it when closer", async () => {
    const h = createHarness();
    const { frame, photo } = design(h.figma, "Ad", 100, 50);
    const neighbour = h.figma.createFrame();
    neighbour.resize(100, 200);
    neighbour.x = 780; // the copy ends at 740
    neighbour.y = 50;
    h.figma.currentPage.selection = [photo];
    await h.ready();
    await h.generate({ variants: 2 });
    expect(boxOf(named(h.figma, "Ad · variant 1"))).toEqual({ x: 440, y: 50, width: 300, height: 200 });

    const near = createHarness();
    const ad = design(near.figma, "Ad", 100, 50);
    const closer = near.figma.createFrame();
    closer.resize(100, 200);
    closer.x = 779;
    closer.y = 50;
    near.figma.currentPage.selection = [ad.photo];
    await near.ready();
    await near.generate({ variants: 2 });
    expect(boxOf(named(near.figma, "Ad · variant 1"))).toEqual({ x: 919, y: 50, width: 300, height: 200 });
    expect(frame.children).toHaveLength(2);
  });

  it("grows a section down, keeping a gap below the copies, when its width is already enough", async () => {
    const h = createHarness();
    const section = h.figma.createSection();
    section.resize(900, 260);
    const { frame, photo } = design(h.figma, "Ad", 100, 50);
    section.appendChild(frame);
    h.figma.currentPage.selection = [photo];
    await h.ready();
    await h.generate({ variants: 2 });
    expect(boxOf(section.children[1]!)).toEqual({ x: 440, y: 50, width: 300, height: 200 });
    expect([section.width, section.height]).toEqual([900, 290]);
  });

  it("grows every section around the copies: a section and the section holding it", async () => {
    const h = createHarness();
    const outer = h.figma.createSection();
    outer.name = "Outer";
    outer.resize(600, 280);
    const inner = h.figma.createSection();
    inner.name = "Inner";
    outer.appendChild(inner);
    inner.x = 50;
    inner.y = 50;
    inner.resize(500, 220);
    const { frame, photo } = design(h.figma, "Ad", 10, 10);
    inner.appendChild(frame);
    h.figma.currentPage.selection = [photo];
    await h.ready();
    await h.generate({ variants: 2 });
    expect(inner.children.map((node) => node.name)).toEqual(["Ad", "Ad · variant 1"]);
    expect(boxOf(inner.children[1]!)).toEqual({ x: 400, y: 60, width: 300, height: 200 });
    expect([inner.x, inner.y, inner.width, inner.height]).toEqual([50, 50, 690, 250]);
    expect([outer.x, outer.y, outer.width, outer.height]).toEqual([0, 0, 740, 300]);
  });

  it("keeps a section's copies clear of the layers beside the section, which the section grows towards", async () => {
    const h = createHarness();
    const section = h.figma.createSection();
    section.resize(500, 300);
    const { frame, photo } = design(h.figma, "Ad", 100, 50);
    section.appendChild(frame);
    const beside = h.figma.createFrame();
    beside.name = "Beside";
    beside.x = 600;
    beside.resize(200, 300);
    h.figma.currentPage.selection = [photo];
    await h.ready();
    await h.generate({ variants: 2 });
    const copy = section.children[1]!;
    expect(boxOf(copy)).toEqual({ x: 840, y: 50, width: 300, height: 200 });
    expect(overlaps(boxOf(copy), boxOf(beside))).toBe(false);
    expect(section.width).toBe(1180);
  });

  it("puts a copy just above its design in the layer list", async () => {
    const h = createHarness();
    const below = h.figma.createRectangle();
    below.name = "Below";
    below.y = 400;
    const { photo } = design(h.figma, "Ad", 100, 50);
    const above = h.figma.createRectangle();
    above.name = "Above";
    above.y = 600;
    h.figma.currentPage.selection = [photo];
    await h.ready();
    await h.generate({ variants: 2 });
    expect(h.figma.currentPage.children.map((node) => node.name)).toEqual(["Below", "Ad", "Ad · variant 1", "Above"]);
  });

  it("makes copies on the design's page when the designer went to another page meanwhile", async () => {
    const h = createHarness();
    const first = h.figma.currentPage;
    const { frame, photo } = design(h.figma, "Ad", 100, 50);
    h.figma.currentPage.selection = [photo];
    await h.ready();
    const planned = await h.plan({ variants: 2 });
    const second = h.figma.createPage();
    await h.figma.setCurrentPageAsync(second);
    h.figma.unloadPages();
    for (const job of planned.jobs) expect(await h.place(planned.generationId, job)).toMatchObject({ type: "image-placed", movedToNewFrame: false });
    expect(second.children).toEqual([]);
    expect(first.children.map((node) => node.name)).toEqual(["Ad", "Ad · variant 1"]);
    expect(imagePaints((first.children[1] as FakeFrameLikeNode).children[0] as Slot)).toHaveLength(1);
    expect(imagePaints(photo)).toHaveLength(1);
    expect(frame.children).toHaveLength(2);
  });

  it("refuses an image when the designer removed its layer from the copy meanwhile, and says why", async () => {
    const { copy, placeLogo } = await copyAwaitingItsLogo();
    copy.children[1]!.remove();
    const reply = await placeLogo();
    expect(reply).toMatchObject({ type: "image-not-placed", message: "The image for Logo couldn't be placed: its copy of Ad has no matching layer" });
    expect(copy.children).toHaveLength(1);
  });

  it("refuses an image when the designer put a text layer in its place in the copy", async () => {
    const { h, copy, placeLogo } = await copyAwaitingItsLogo();
    copy.children[1]!.remove();
    const text = h.figma.createText();
    copy.appendChild(text);
    const reply = await placeLogo();
    expect(reply).toMatchObject({ type: "image-not-placed", message: "The image for Logo couldn't be placed: its copy of Ad has no matching layer" });
    expect(imagePaints(text as never)).toHaveLength(0);
  });

  it("refuses an image whose layer sat inside a frame the designer replaced with a single shape in the copy", async () => {
    const h = createHarness();
    const ad = h.figma.createFrame();
    ad.name = "Ad";
    const badge = h.figma.createFrame();
    badge.name = "Badge";
    ad.appendChild(badge);
    const icon = h.figma.createEllipse();
    badge.appendChild(icon);
    const photo = h.figma.createRectangle();
    ad.appendChild(photo);
    h.figma.currentPage.selection = [photo, icon];
    await h.ready();
    const planned = await h.plan({ variants: 2 });
    const [, photo1, , icon1] = planned.jobs;
    await h.place(planned.generationId, photo1!);
    const copy = named(h.figma, "Ad · variant 1");
    copy.children[0]!.remove();
    copy.insertChild(0, h.figma.createRectangle());
    const reply = await h.place(planned.generationId, icon1!);
    expect(reply).toMatchObject({ type: "image-not-placed", message: "The image for Ellipse couldn't be placed: its copy of Ad has no matching layer" });
  });

  it("finds a nested layer's match in the copy by its path from the design, outermost index first", async () => {
    const h = createHarness();
    const ad = h.figma.createFrame();
    ad.name = "Ad";
    ad.appendChild(h.figma.createText());
    const badge = h.figma.createFrame();
    ad.appendChild(badge);
    const icon = h.figma.createEllipse();
    badge.appendChild(icon);
    badge.appendChild(h.figma.createRectangle());
    h.figma.currentPage.selection = [icon]; // path [1, 0]
    await h.ready();
    await h.generate({ variants: 2 });
    const copiedBadge = named(h.figma, "Ad · variant 1").children[1] as FakeFrameLikeNode;
    expect(copiedBadge.children.map((node) => imagePaints(node as Slot).length)).toEqual([1, 0]);
  });

  it("makes the copy again in its place when the designer deleted it before its design's other slot arrived", async () => {
    const { h, copy: deleted, placeLogo } = await copyAwaitingItsLogo();
    deleted.remove();
    expect(await placeLogo()).toMatchObject({ type: "image-placed" });
    const copy = named(h.figma, "Ad · variant 1");
    expect(boxOf(copy)).toEqual({ x: 440, y: 50, width: 300, height: 200 });
    expect(copy.children.map((node) => imagePaints(node as Slot).length)).toEqual([0, 1]);
  });
});

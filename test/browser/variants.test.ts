/**
 * Variants in a real browser (issue 11): the built plugin and UI, a real proxy on its preview backend, and the Figma
 * fake's page drawn on a canvas (test/support/figma-fake/render-canvas.ts). Two cases from real files: a photo slot
 * inside a clipping card, and a card inside a section. With 3 variants, the two extra images go into whole copies of
 * the card beside it (in the section, which grows), each image visible. Checked on the fake's geometry (each slot's
 * image inside its own card and not cut by any clipping ancestor, copies not overlapping) and on the drawing's pixels
 * (each slot shows its own image where the page says it is). Screenshots before and after go to
 * test-results/screenshots/variants-*.png; docs/screenshots/ holds copies.
 */
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { buildLayers, canvasLayers, type CanvasShot, type LayerInfo, type LayerSpec, type Rgb, screenshotCanvas } from "../support/browser-harness/canvas.js";
import { generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

const fixture = useHarnessWithProxy();

beforeEach(async () => {
  await fixture.harness.newDocument({ theme: "light" });
});

const CARD = { width: 480, height: 600 };
/** README: copies go in a row to the right of the design, 40 px apart. */
const GAP = 40;
const PADDING = 48;
const CANVAS: Rgb = [245, 245, 245];
const WHITE: Rgb = [255, 255, 255];

const solid = (hex: string): Paint => ({
  type: "SOLID",
  color: { r: parseInt(hex.slice(1, 3), 16) / 255, g: parseInt(hex.slice(3, 5), 16) / 255, b: parseInt(hex.slice(5, 7), 16) / 255 },
});

/** A marketing card that clips its content (as new frames do), with a photo slot, a headline and a button. */
function card(x: number, y: number): LayerSpec {
  return {
    type: "FRAME", name: "Ad", x, y, ...CARD, clipsContent: true, fills: [solid("#fff4e5")],
    children: [
      { type: "RECTANGLE", name: "Photo", x: 24, y: 24, width: 432, height: 324, fills: [solid("#d9d9d9")] },
      { type: "TEXT", name: "Headline", x: 24, y: 380, width: 432, height: 40, characters: "Spring sale: 30% off", fills: [solid("#1e1e1e")] },
      { type: "TEXT", name: "Details", x: 24, y: 436, width: 432, height: 24, characters: "Every plant in store and online", fills: [solid("#5c5c5c")] },
      { type: "RECTANGLE", name: "Button", x: 24, y: 516, width: 184, height: 56, fills: [solid("#0d99ff")] },
      { type: "TEXT", name: "Button label", x: 48, y: 530, width: 140, height: 28, characters: "Shop now", fills: [solid("#ffffff")] },
    ],
  };
}

/** Selects the photo slot, asks for 3 variants with a fixed seed, generates and waits until all three are placed. */
async function generateThreeVariants(photoId: string): Promise<void> {
  await fixture.harness.select([photoId]);
  await fixture.harness.runPlugin();
  const { ui } = fixture.harness;
  await saveSettings(ui, fixture.settings);
  await ui.getByLabel("Variants", { exact: true }).selectOption("3");
  await ui.getByLabel("Seed", { exact: true }).fill("7");
  await promptField(ui).fill("A sunlit shop full of house plants, editorial photo");
  await generateButton(ui).click();
  await progressStatus(ui).filter({ hasText: "3 of 3 placed" }).waitFor();
  await expect.poll(() => fixture.harness.notifications()).toContainEqual(expect.stringMatching(/^Filled 3 layers/));
}

/** The designs (the card and its copies) under `parentId`, left to right, each with its photo slot. */
function designsIn(layers: LayerInfo[], parentId: string | null): { design: LayerInfo; photo: LayerInfo }[] {
  return layers
    .filter((layer) => layer.parentId === parentId && layer.type === "FRAME")
    .sort((a, b) => a.box.x - b.box.x)
    .map((design) => ({ design, photo: layers.find((layer) => layer.parentId === design.id && layer.name === "Photo")! }));
}

const inside = (inner: { x: number; y: number; width: number; height: number }, outer: typeof inner) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Each slot shows its own image, placed as FILL places it (covering the slot, centred): the drawing's colour at
 * points of the slot matches the image's colour at the point FILL puts there. The points avoid the preview's
 * "PREVIEW" band across the middle.
 */
async function expectImageShown(shot: CanvasShot, photo: LayerInfo): Promise<void> {
  const [image] = await fixture.harness.placedImages(photo.id);
  const { data, info } = await sharp(image!.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { x, y, width, height } = photo.box;
  const cover = Math.max(width / info.width, height / info.height);
  const offsetX = (width - info.width * cover) / 2;
  const offsetY = (height - info.height * cover) / 2;
  for (const [u, v] of [[0.12, 0.12], [0.88, 0.12], [0.5, 0.1], [0.12, 0.9], [0.88, 0.9]] as const) {
    const column = Math.floor((u * width - offsetX) / cover);
    const row = Math.floor((v * height - offsetY) / cover);
    const offset = (row * info.width + column) * info.channels;
    const expected: Rgb = [data[offset]!, data[offset + 1]!, data[offset + 2]!];
    const drawn = shot.pixel(x + u * width, y + v * height);
    const close = drawn.every((value, index) => Math.abs(value - expected[index]!) <= 16);
    expect(close, `${photo.id} at (${u}, ${v}): drew ${drawn.join(",")}, the image has ${expected.join(",")}`).toBe(true);
  }
}

function expectColor(actual: Rgb, expected: Rgb, where: string): void {
  expect(actual.every((value, index) => Math.abs(value - expected[index]!) <= 4), `${where}: drew ${actual.join(",")}`).toBe(true);
}

describe("variants on the canvas", () => {
  it("puts a clipping card's variants in whole copies beside it, each photo visible and nothing new in the card", async () => {
    const ids = await buildLayers(fixture.harness, [card(0, 0)]);
    // The row the README promises: the card and two copies, 40 px apart; the same area before and after.
    const area = { x: -PADDING, y: -PADDING, width: 3 * CARD.width + 2 * GAP + 2 * PADDING, height: CARD.height + 2 * PADDING };
    await screenshotCanvas(fixture.harness, "variants-card-before", { area });

    await generateThreeVariants(ids.Photo!);

    const layers = await canvasLayers(fixture.harness);
    const designs = designsIn(layers, null);
    expect(designs.map(({ design }) => design.name)).toEqual(["Ad", "Ad · variant 1", "Ad · variant 2"]);
    expect(layers.filter((layer) => layer.parentId === ids.Ad).map((layer) => layer.name)).toEqual([
      "Photo", "Headline", "Details", "Button", "Button label",
    ]);
    for (const [index, { design, photo }] of designs.entries()) {
      expect(design.box, design.name).toEqual({ x: index * (CARD.width + GAP), y: 0, ...CARD });
      expect(photo.imageHashes, design.name).toHaveLength(1);
      expect(inside(photo.box, design.box), `${design.name}'s photo inside it`).toBe(true);
      expect(photo.visibleBox, `${design.name}'s photo not clipped`).toEqual(photo.box);
    }
    expect(new Set(designs.map(({ photo }) => photo.imageHashes[0])).size).toBe(3);
    for (const [i, a] of designs.entries()) for (const b of designs.slice(i + 1)) expect(overlap(a.design.box, b.design.box)).toBe(false);

    const shot = await screenshotCanvas(fixture.harness, "variants-card", { area });
    for (const { photo } of designs) await expectImageShown(shot, photo);
    expectColor(shot.pixel(CARD.width + GAP / 2, CARD.height / 2), CANVAS, "the gap between the card and its first copy");
  });

  it("puts the copies of a card in a section inside that section, which grows to hold them", async () => {
    const ids = await buildLayers(fixture.harness, [
      { type: "SECTION", name: "Spring campaign", x: 0, y: 0, width: 560, height: 720, fills: [solid("#ffffff")], children: [card(40, 80)] },
    ]);
    const before = (await canvasLayers(fixture.harness)).find((layer) => layer.id === ids["Spring campaign"])!;
    const area = { x: -PADDING, y: -PADDING, width: 40 + 3 * CARD.width + 2 * GAP + 40 + 2 * PADDING, height: 720 + 2 * PADDING };
    await screenshotCanvas(fixture.harness, "variants-section-before", { area });

    await generateThreeVariants(ids.Photo!);

    const layers = await canvasLayers(fixture.harness);
    expect(layers.filter((layer) => layer.parentId === null).map((layer) => layer.name)).toEqual(["Spring campaign"]);
    const section = layers.find((layer) => layer.id === ids["Spring campaign"])!;
    const designs = designsIn(layers, section.id);
    expect(designs.map(({ design }) => design.name)).toEqual(["Ad", "Ad · variant 1", "Ad · variant 2"]);
    expect(section.box.width).toBeGreaterThan(before.box.width);
    expect(section.box.height).toBe(before.box.height);
    for (const [index, { design, photo }] of designs.entries()) {
      expect(design.box, design.name).toEqual({ x: 40 + index * (CARD.width + GAP), y: 80, ...CARD });
      expect(inside(design.box, section.box), `${design.name} inside the section`).toBe(true);
      expect(photo.imageHashes, design.name).toHaveLength(1);
      expect(inside(photo.box, design.box), `${design.name}'s photo inside it`).toBe(true);
      expect(photo.visibleBox, `${design.name}'s photo not clipped`).toEqual(photo.box);
    }
    for (const [i, a] of designs.entries()) for (const b of designs.slice(i + 1)) expect(overlap(a.design.box, b.design.box)).toBe(false);

    const shot = await screenshotCanvas(fixture.harness, "variants-section", { area });
    for (const { photo } of designs) await expectImageShown(shot, photo);
    // The section's own fill now reaches past where it ended, behind the copies.
    expectColor(shot.pixel(before.box.width + 20, 40), WHITE, "the grown section, right of its old edge");
    expectColor(shot.pixel(section.box.x + section.box.width + 10, 40), CANVAS, "past the grown section");
  });
});

/**
 * The canvas renderer (test/support/figma-fake/render-canvas.ts) checked in a real browser: layers built in the Figma
 * fake are drawn in chromium and the screenshot's pixels are read at page coordinates. A clipped child is really cut
 * off at its frame's edge (and agrees with the fake's visibleBox), hidden layers are not drawn, opacity blends, nested
 * frames add up their offsets, rotation turns about the top-left corner, and image fills follow FILL, FIT, CROP and
 * TILE. Screenshots go to test-results/screenshots/render-canvas-*.png.
 */
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildLayers, canvasLayers, type Rgb, screenshotCanvas } from "../support/browser-harness/canvas.js";
import { openHarness, type Harness } from "../support/browser-harness/index.js";

let harness: Harness;

beforeAll(async () => {
  harness = await openHarness();
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(async () => {
  await harness.newDocument({ theme: "light" });
});

const RED: Rgb = [230, 30, 40];
const BLUE: Rgb = [30, 60, 220];
const WHITE: Rgb = [255, 255, 255];
const CANVAS: Rgb = [245, 245, 245];

const solid = ([r, g, b]: Rgb, opacity = 1): Paint => ({ type: "SOLID", color: { r: r / 255, g: g / 255, b: b / 255 }, opacity });

/** A PNG whose left half is `left` and right half `right`, base64. */
async function halves(width: number, height: number, left: Rgb, right: Rgb): Promise<string> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set(x < width / 2 ? left : right, (y * width + x) * 3);
  }
  const png = await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
  return png.toString("base64");
}

/** Each channel within `tolerance` of the expected colour. */
function expectColor(actual: Rgb, expected: Rgb, where: string, tolerance = 6): void {
  const close = actual.every((value, index) => Math.abs(value - expected[index]!) <= tolerance);
  expect(close, `${where}: drew ${actual.join(",")}, expected ${expected.join(",")}`).toBe(true);
}

describe("the canvas renderer", () => {
  it("cuts a clipped child off at its frame's edge, as the fake's visibleBox says, and draws an unclipped one whole", async () => {
    await buildLayers(harness, [
      {
        type: "FRAME", name: "Clipping", x: 0, y: 0, width: 200, height: 100, clipsContent: true, fills: [solid(WHITE)],
        children: [{ type: "RECTANGLE", name: "Cut", x: 150, y: 20, width: 100, height: 60, fills: [solid(RED)] }],
      },
      {
        type: "FRAME", name: "Open", x: 0, y: 200, width: 200, height: 100, clipsContent: false, fills: [solid(WHITE)],
        children: [{ type: "RECTANGLE", name: "Whole", x: 150, y: 20, width: 100, height: 60, fills: [solid(RED)] }],
      },
    ]);
    const layers = await canvasLayers(harness);
    const cut = layers.find((layer) => layer.name === "Cut")!;
    const whole = layers.find((layer) => layer.name === "Whole")!;
    expect(cut.visibleBox).toEqual({ x: 150, y: 20, width: 50, height: 60 });
    expect(whole.visibleBox).toEqual(whole.box);

    const shot = await screenshotCanvas(harness, "render-canvas-clipping", { area: { x: -20, y: -20, width: 320, height: 360 } });
    expect([shot.view.scale, shot.view.width, shot.view.height]).toEqual([1, 320, 360]);
    expectColor(shot.pixel(100, 50), WHITE, "inside the clipping frame");
    expectColor(shot.pixel(175, 50), RED, "the child's part inside the frame");
    expectColor(shot.pixel(225, 50), CANVAS, "the child's part outside the clipping frame");
    expectColor(shot.pixel(245, 50), CANVAS, "the child's far end outside the clipping frame");
    expectColor(shot.pixel(175, 250), RED, "the unclipped child inside its frame");
    expectColor(shot.pixel(225, 250), RED, "the unclipped child outside its frame");
    expectColor(shot.pixel(270, 250), CANVAS, "past the unclipped child");
  });

  it("leaves hidden layers out, blends layer and paint opacity, and adds up nested frames' offsets", async () => {
    await buildLayers(harness, [
      {
        type: "FRAME", name: "Base", x: 0, y: 0, width: 300, height: 100, fills: [solid(WHITE)],
        children: [
          { type: "RECTANGLE", name: "Hidden", x: 0, y: 0, width: 100, height: 100, visible: false, fills: [solid(RED)] },
          { type: "RECTANGLE", name: "Half layer", x: 100, y: 0, width: 100, height: 100, opacity: 0.5, fills: [solid([0, 0, 0])] },
          { type: "RECTANGLE", name: "Half paint", x: 200, y: 0, width: 100, height: 100, fills: [solid([0, 0, 0], 0.5)] },
        ],
      },
      {
        type: "FRAME", name: "Hidden frame", x: 0, y: 150, width: 100, height: 100, visible: false, fills: [solid(WHITE)],
        children: [{ type: "RECTANGLE", name: "Inside hidden", x: 0, y: 0, width: 100, height: 100, fills: [solid(RED)] }],
      },
      {
        type: "FRAME", name: "Outer", x: 400, y: 0, width: 200, height: 200, fills: [solid(WHITE)],
        children: [
          {
            type: "FRAME", name: "Inner", x: 50, y: 50, width: 100, height: 100, fills: [solid(BLUE)],
            children: [{ type: "RECTANGLE", name: "Dot", x: 10, y: 10, width: 20, height: 20, fills: [solid(RED)] }],
          },
        ],
      },
      {
        type: "GROUP", name: "Faded group", opacity: 0.5,
        children: [{ type: "RECTANGLE", name: "Grouped", x: 200, y: 150, width: 100, height: 100, fills: [solid([0, 0, 0])] }],
      },
    ]);
    const dot = (await canvasLayers(harness)).find((layer) => layer.name === "Dot")!;
    expect(dot.box).toEqual({ x: 460, y: 60, width: 20, height: 20 });

    const shot = await screenshotCanvas(harness, "render-canvas-visibility", { area: { x: 0, y: 0, width: 620, height: 260 } });
    expectColor(shot.pixel(50, 50), WHITE, "under a hidden layer");
    expectColor(shot.pixel(150, 50), [128, 128, 128], "black at layer opacity 0.5 over white", 2);
    expectColor(shot.pixel(250, 50), [128, 128, 128], "black at paint opacity 0.5 over white", 2);
    expectColor(shot.pixel(50, 200), CANVAS, "inside a hidden frame");
    expectColor(shot.pixel(470, 70), RED, "a layer two frames deep");
    expectColor(shot.pixel(455, 55), BLUE, "the inner frame");
    expectColor(shot.pixel(420, 20), WHITE, "the outer frame");
    expectColor(shot.pixel(250, 200), [123, 123, 123], "black at group opacity 0.5 over the canvas", 2);
  });

  it("draws image fills by scale mode: FILL covers and crops, FIT shows it all, CROP shows the chosen part, TILE repeats", async () => {
    const wide = await halves(200, 100, RED, BLUE);
    const tile = await halves(40, 20, RED, BLUE);
    const image = (scaleMode: ImagePaint["scaleMode"], imageBase64: string, extra: Partial<ImagePaint> = {}) =>
      ({ type: "IMAGE", scaleMode, imageBase64, ...extra }) as const;
    await buildLayers(harness, [
      { type: "RECTANGLE", name: "Fill", x: 0, y: 0, width: 100, height: 100, fills: [image("FILL", wide)] },
      { type: "RECTANGLE", name: "Fit", x: 150, y: 0, width: 100, height: 100, fills: [solid(WHITE), image("FIT", wide)] },
      {
        type: "RECTANGLE", name: "Crop", x: 300, y: 0, width: 100, height: 100,
        fills: [image("CROP", wide, { imageTransform: [[0.5, 0, 0.5], [0, 1, 0]] })],
      },
      { type: "RECTANGLE", name: "Tile", x: 0, y: 150, width: 200, height: 20, fills: [image("TILE", tile, { scalingFactor: 1 })] },
      { type: "ELLIPSE", name: "Round", x: 450, y: 0, width: 100, height: 100, fills: [solid(RED)] },
      { type: "RECTANGLE", name: "Turned", x: 300, y: 250, width: 100, height: 20, rotation: 90, fills: [solid(BLUE)] },
    ]);
    const turned = (await canvasLayers(harness)).find((layer) => layer.name === "Turned")!;
    expect(turned.box).toEqual({ x: 300, y: 150, width: 20, height: 100 });

    const shot = await screenshotCanvas(harness, "render-canvas-images", { area: { x: 0, y: 0, width: 600, height: 300 } });
    // FILL: the 2:1 image covers the square at its height, centred, so the square shows its middle half.
    expectColor(shot.pixel(25, 50), RED, "FILL, left");
    expectColor(shot.pixel(75, 50), BLUE, "FILL, right");
    // FIT: the whole image at half size, centred, with the white fill showing above and below.
    expectColor(shot.pixel(175, 50), RED, "FIT, left");
    expectColor(shot.pixel(225, 50), BLUE, "FIT, right");
    expectColor(shot.pixel(200, 10), WHITE, "FIT, above the image");
    expectColor(shot.pixel(200, 90), WHITE, "FIT, below the image");
    // CROP: imageTransform picks the image's right half, stretched over the layer.
    expectColor(shot.pixel(310, 50), BLUE, "CROP, left");
    expectColor(shot.pixel(390, 50), BLUE, "CROP, right");
    // TILE: the 40 px image repeated at its own size.
    for (const [x, color] of [[10, RED], [30, BLUE], [50, RED], [70, BLUE], [190, BLUE]] as const) {
      expectColor(shot.pixel(x, 160), color, `TILE at x ${x}`);
    }
    expectColor(shot.pixel(500, 50), RED, "the ellipse's centre");
    expectColor(shot.pixel(455, 5), CANVAS, "outside the ellipse, inside its box");
    // Turned 90° counter-clockwise about its top-left corner: it stands up from (300, 250).
    expectColor(shot.pixel(310, 200), BLUE, "the turned layer");
    expectColor(shot.pixel(350, 260), CANVAS, "where the layer lay before it turned");
  });
});

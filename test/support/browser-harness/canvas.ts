/**
 * The canvas for browser tests, the Node side of canvas-page.ts: build layers in the harness's document, read every
 * layer's geometry, and draw the page (the Figma fake's nodes, see render-canvas.ts) to a screenshot whose pixels a
 * test can read at page coordinates.
 *
 * @example
 * const ids = await buildLayers(harness, [{ type: "FRAME", name: "Ad", width: 600, height: 400, clipsContent: true,
 *   children: [{ type: "RECTANGLE", name: "Photo", x: 40, y: 40, width: 520, height: 260 }] }]);
 * const shot = await screenshotCanvas(harness, "ad-before");
 * shot.pixel(300, 170); // [r, g, b] where the page's point (300, 170) is drawn
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import type { RenderCanvasOptions } from "../figma-fake/render-canvas.js";
import type { CanvasView, LayerInfo, LayerSpec } from "./canvas-page.js";
import { type Harness, SCREENSHOT_DIR } from "./index.js";

export type { CanvasView, LayerInfo, LayerSpec, PaintSpec } from "./canvas-page.js";

export type Rgb = [r: number, g: number, b: number];

export interface CanvasShot {
  /** Where the PNG was saved (test-results/screenshots/NAME.png). */
  path: string;
  png: Buffer;
  view: CanvasView;
  /** The drawn colour at a point of the page (page coordinates). */
  pixel(x: number, y: number): Rgb;
}

/** Builds the layers on the current page (the designer's own undo step); returns their ids by name. */
export function buildLayers(harness: Harness, layers: LayerSpec[]): Promise<Record<string, string>> {
  return harness.page.evaluate((specs) => window.framefillCanvas.build(specs), layers);
}

/** Every layer on the current page, depth first, with its box, what of it shows, and its images. */
export function canvasLayers(harness: Harness): Promise<LayerInfo[]> {
  return harness.page.evaluate(() => window.framefillCanvas.layers());
}

/** Draws the current page, saves a screenshot of the drawing to test-results/screenshots/NAME.png, and hides it. */
export async function screenshotCanvas(harness: Harness, name: string, options: RenderCanvasOptions = {}): Promise<CanvasShot> {
  const view = await harness.page.evaluate((o) => window.framefillCanvas.show(o), { maxWidth: 1600, maxHeight: 1200, ...options });
  try {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    const png = await harness.page.locator("#canvas > svg").screenshot({ path });
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number): Rgb => {
      const column = Math.floor((x - view.area.x) * view.scale);
      const row = Math.floor((y - view.area.y) * view.scale);
      if (column < 0 || row < 0 || column >= info.width || row >= info.height) {
        throw new Error(`(${x}, ${y}) is outside the drawn area ${JSON.stringify(view.area)}`);
      }
      const offset = (row * info.width + column) * info.channels;
      return [data[offset]!, data[offset + 1]!, data[offset + 2]!];
    };
    return { path, png, view, pixel };
  } finally {
    await harness.page.evaluate(() => window.framefillCanvas.hide());
  }
}

/**
 * The size an edited image is placed at: as it came back, or — over Figma's 4096 px a side (createImage refuses
 * more, "Image is too large") — shrunk to fit with a sentence that says so, its ratio kept exactly when a size a few
 * pixels under 4096 allows it (Expand to fit made that ratio the layer's), else to the nearest pixel.
 *
 * @example
 * fitFigmaImage({ width: 6144, height: 1364 }, "upscale");
 * // { width: 4096, height: 909, shrunk: true, note: "Upscaled to 4096×909: Figma takes at most 4096 px a side (the 4× result was 6144×1364)." }
 * fitFigmaImage({ width: 4608, height: 1024 }, "outpaint"); // { width: 4095, height: 910, … }: still exactly 4.5:1
 */
import type { Size } from "../../contract/aspect-ratios.js";
import type { ImageEditTool } from "../../contract/image-edit-tools.js";

/** figma.createImage's largest side. */
export const FIGMA_MAX_IMAGE_SIDE = 4096;

export interface FigmaImageSize extends Size {
  shrunk: boolean;
  note?: string;
}

/** How far below 4096 px to look for a size that keeps the image's ratio exact (Expand to fit's layer ratio). */
const EXACT_SEARCH = 64;

export function fitFigmaImage(size: Size, tool: ImageEditTool): FigmaImageSize {
  const longest = Math.max(size.width, size.height);
  if (longest <= FIGMA_MAX_IMAGE_SIDE) return { ...size, shrunk: false };
  const { width, height } = exactFit(size) ?? nearestFit(size);
  const what = tool === "upscale" ? "Upscaled" : "Shrunk";
  const result = tool === "upscale" ? "the 4× result" : "the result";
  return {
    width,
    height,
    shrunk: true,
    note: `${what} to ${width}×${height}: Figma takes at most ${FIGMA_MAX_IMAGE_SIDE} px a side (${result} was ${size.width}×${size.height}).`,
  };
}

/** Shrunk to 4096 px on the longer side, the shorter one rounded. */
function nearestFit(size: Size): Size {
  const scale = FIGMA_MAX_IMAGE_SIDE / Math.max(size.width, size.height);
  return {
    width: size.width >= size.height ? FIGMA_MAX_IMAGE_SIDE : Math.max(1, Math.round(size.width * scale)),
    height: size.height >= size.width ? FIGMA_MAX_IMAGE_SIDE : Math.max(1, Math.round(size.height * scale)),
  };
}

/** The largest size within 4096 px (and a few pixels of it) whose ratio is exactly the image's, if there is one. */
function exactFit(size: Size): Size | undefined {
  const wide = size.width >= size.height;
  const [long, short] = wide ? [size.width, size.height] : [size.height, size.width];
  for (let side = FIGMA_MAX_IMAGE_SIDE; side > FIGMA_MAX_IMAGE_SIDE - EXACT_SEARCH; side--) {
    if ((side * short) % long !== 0) continue;
    const other = (side * short) / long;
    if (other >= 1) return wide ? { width: side, height: other } : { width: other, height: side };
  }
  return undefined;
}

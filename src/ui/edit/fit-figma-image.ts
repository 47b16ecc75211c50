/**
 * The size an edited image is placed at: as it came back, or — over Figma's 4096 px a side (createImage refuses
 * more, "Image is too large") — shrunk to fit, its shape kept, with a sentence that says so.
 *
 * @example
 * fitFigmaImage({ width: 6144, height: 4096 }, "upscale");
 * // { width: 4096, height: 2731, shrunk: true, note: "Upscaled to 4096×2731: Figma takes at most 4096 px a side (the 4× result was 6144×4096)." }
 */
import type { Size } from "../../contract/aspect-ratios.js";
import type { ImageEditTool } from "../../contract/image-edit-tools.js";

/** figma.createImage's largest side. */
export const FIGMA_MAX_IMAGE_SIDE = 4096;

export interface FigmaImageSize extends Size {
  shrunk: boolean;
  note?: string;
}

export function fitFigmaImage(size: Size, tool: ImageEditTool): FigmaImageSize {
  const longest = Math.max(size.width, size.height);
  if (longest <= FIGMA_MAX_IMAGE_SIDE) return { ...size, shrunk: false };
  const scale = FIGMA_MAX_IMAGE_SIDE / longest;
  const width = size.width >= size.height ? FIGMA_MAX_IMAGE_SIDE : Math.max(1, Math.round(size.width * scale));
  const height = size.height >= size.width ? FIGMA_MAX_IMAGE_SIDE : Math.max(1, Math.round(size.height * scale));
  const what = tool === "upscale" ? "Upscaled" : "Shrunk";
  const result = tool === "upscale" ? "the 4× result" : "the result";
  return {
    width,
    height,
    shrunk: true,
    note: `${what} to ${width}×${height}: Figma takes at most ${FIGMA_MAX_IMAGE_SIDE} px a side (${result} was ${size.width}×${size.height}).`,
  };
}

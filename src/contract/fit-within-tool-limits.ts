/**
 * The largest size an input image may be shrunk to (never enlarged, its aspect ratio kept to the pixel) so that an
 * image-edit tool takes it: the UI shrinks a photo that is too large instead of sending it to be refused.
 *
 * @example
 * fitWithinToolLimits(4000, 3000, "removeBackground"); // { width: 3547, height: 2660, scale: 0.88675 }
 * fitWithinToolLimits(2048, 2048, "upscale"); // { width: 1024, height: 1024, scale: 0.5 }
 * fitWithinToolLimits(40, 40, "outpaint"); // undefined: too small, and shrinking cannot help
 */
import type { Size } from "./aspect-ratios.js";
import { IMAGE_SIZE_LIMITS, type ImageEditTool, imageSizeProblem } from "./image-edit-tools.js";

export interface FittedSize extends Size {
  /** The new width over the old (1 when the image already fits). */
  scale: number;
}

/** Undefined when no shrinking makes the image fit: a side too short, too few pixels, or an aspect ratio out of range. */
export function fitWithinToolLimits(width: number, height: number, tool: ImageEditTool): FittedSize | undefined {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) return undefined;
  const { maxSide, maxPixels } = IMAGE_SIZE_LIMITS[tool];
  const scale = Math.min(1, maxSide / Math.max(width, height), Math.sqrt(maxPixels / (width * height)));
  let fitted: Size = scale === 1 ? { width, height } : { width: Math.floor(width * scale), height: Math.floor(height * scale) };
  // Floating point may leave the product a pixel row over the cap.
  while (fitted.width * fitted.height > maxPixels) {
    fitted = { width: Math.floor(fitted.width * 0.999), height: Math.floor(fitted.height * 0.999) };
  }
  if (imageSizeProblem(tool, fitted)) return undefined;
  return { ...fitted, scale: fitted.width / width };
}

/**
 * Renders a deterministic placeholder image in place of a generated one: a gradient backdrop derived from a hash of
 * the prompt and seed, with a label such as "PREVIEW" or "EMULATOR" drawn large across it in a built-in block font
 * (no system fonts needed). Same options, same bytes; another prompt or seed, another picture.
 *
 * @example
 * const png = await renderImage({ width: 1344, height: 768, format: "png", seed: 42, prompt: "a fox", label: "PREVIEW" });
 */
import { createHash } from "node:crypto";
import sharp, { type Sharp } from "sharp";
import type { OutputFormat } from "../../src/contract/index.js";
import { drawLabel } from "./private/draw-label.js";
import { paintPattern } from "./private/paint-pattern.js";

export interface RenderImageOptions {
  /** Pixels, a positive integer up to 16384. */
  width: number;
  height: number;
  format: OutputFormat;
  seed: number;
  prompt: string;
  /** Drawn large in the middle; letters, digits, space and `-:.` (anything else is left blank). */
  label: string;
}

const MAX_SIDE = 16_384;

export async function renderImage(options: RenderImageOptions): Promise<Uint8Array> {
  const { width, height, format, seed, prompt, label } = options;
  for (const [name, value] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_SIDE) {
      throw new RangeError(`renderImage: ${name} must be an integer from 1 to ${MAX_SIDE}, got ${value}`);
    }
  }
  const pixels = new Uint8Array(width * height * 3);
  paintPattern(pixels, width, height, createHash("sha256").update(`${seed}\u0000${prompt}`).digest());
  drawLabel(pixels, width, height, label);
  return encode(sharp(pixels, { raw: { width, height, channels: 3 } }), format).toBuffer();
}

function encode(image: Sharp, format: OutputFormat): Sharp {
  switch (format) {
    case "png":
      return image.png({ compressionLevel: 6 });
    case "jpeg":
      return image.jpeg({ quality: 90 });
    case "webp":
      return image.webp({ quality: 90, effort: 2 });
  }
}

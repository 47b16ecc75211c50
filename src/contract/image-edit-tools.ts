/**
 * The five Stability AI Image Services tools Framefill edits images with (Bedrock InvokeModel, US cross-region
 * inference profiles), their input limits and the size of what each returns. Constants and plain arithmetic only, so
 * the UI can import this file without bundling the request validator (see image-edits.ts for that).
 *
 * @example
 * imageEditToolOf("us.stability.stable-fast-upscale-v1:0"); // "upscale"
 * imageEditOutputSize("upscale", { width: 512, height: 256 }); // { width: 2048, height: 1024, confirmed: false }
 * imageSizeProblem("removeBackground", { width: 40, height: 400 }); // "each side must be at least 64 pixels; ..."
 */
import type { Size } from "./aspect-ratios.js";

export const IMAGE_EDIT_TOOLS = ["removeBackground", "upscale", "outpaint", "searchReplace", "erase"] as const;

export type ImageEditTool = (typeof IMAGE_EDIT_TOOLS)[number];

/** Bedrock's model id of each tool (the `us.` cross-region inference profiles: us-east-1, us-east-2, us-west-2). */
export const IMAGE_EDIT_MODEL_IDS = {
  removeBackground: "us.stability.stable-image-remove-background-v1:0",
  upscale: "us.stability.stable-fast-upscale-v1:0",
  outpaint: "us.stability.stable-outpaint-v1:0",
  searchReplace: "us.stability.stable-image-search-replace-v1:0",
  erase: "us.stability.stable-image-erase-object-v1:0",
} as const satisfies Record<ImageEditTool, string>;

export type ImageEditModelId = (typeof IMAGE_EDIT_MODEL_IDS)[ImageEditTool];

/** The tool a model id names, or undefined when it is not an image-edit model. */
export function imageEditToolOf(modelId: string): ImageEditTool | undefined {
  return IMAGE_EDIT_TOOLS.find((tool) => IMAGE_EDIT_MODEL_IDS[tool] === modelId);
}

/** What an input image (and an erase mask) must measure, read from the decoded image's header. */
export interface ImageSizeLimits {
  minSide: number;
  /** Longest side allowed; Infinity when only the pixel count bounds it. */
  maxSide: number;
  minPixels: number;
  maxPixels: number;
  /** Widest width:height allowed, and its inverse the tallest; Infinity when any shape is accepted. */
  maxAspectRatio: number;
}

/** Remove background, outpaint, search and replace, erase: each side ≥ 64 px, ≤ 9,437,184 px, 1:2.5 to 2.5:1. */
const EDIT_LIMITS: ImageSizeLimits = { minSide: 64, maxSide: Infinity, minPixels: 64 * 64, maxPixels: 9_437_184, maxAspectRatio: 2.5 };

/** Fast upscale: each side 32–1,536 px, 1,024–1,048,576 px in total (Bedrock documents no aspect limit for it). */
const UPSCALE_LIMITS: ImageSizeLimits = { minSide: 32, maxSide: 1536, minPixels: 1024, maxPixels: 1_048_576, maxAspectRatio: Infinity };

export const IMAGE_SIZE_LIMITS: Readonly<Record<ImageEditTool, ImageSizeLimits>> = {
  removeBackground: EDIT_LIMITS,
  upscale: UPSCALE_LIMITS,
  outpaint: EDIT_LIMITS,
  searchReplace: EDIT_LIMITS,
  erase: EDIT_LIMITS,
};

/** Outpaint's `left`, `right`, `up`, `down`: whole pixels 0–2000 each, at least one above 0. */
export const OUTPAINT_EXTENSION_MAX = 2000;
/** Outpaint's `creativity`: 0.1–1, 0.5 when absent. */
export const OUTPAINT_CREATIVITY_MIN = 0.1;
export const OUTPAINT_CREATIVITY_MAX = 1;
/** Search and replace's and erase's `grow_mask`: whole pixels 0–20. */
export const GROW_MASK_MAX = 20;
/** The image services take seeds up to 4294967294 (text-to-image: 4294967295); 0 or absent means random. */
export const IMAGE_EDIT_SEED_MAX = 4_294_967_294;
/** Fast upscale multiplies each side by this. */
export const UPSCALE_FACTOR = 4;

/** Why `size` cannot be sent to `tool` as it is, in words that fit after "The image is W×H pixels: "; undefined when it can. */
export function imageSizeProblem(tool: ImageEditTool, size: Size): string | undefined {
  const limits = IMAGE_SIZE_LIMITS[tool];
  const { width, height } = size;
  const pixels = width * height;
  if (Math.min(width, height) < limits.minSide) return `each side must be at least ${limits.minSide} pixels`;
  if (Math.max(width, height) > limits.maxSide) return `each side must be at most ${limits.maxSide} pixels`;
  if (pixels < limits.minPixels) return `it must have at least ${limits.minPixels.toLocaleString("en-US")} pixels`;
  if (pixels > limits.maxPixels) return `it must have at most ${limits.maxPixels.toLocaleString("en-US")} pixels`;
  if (Math.max(width / height, height / width) > limits.maxAspectRatio) {
    return `its aspect ratio must be between 1:${limits.maxAspectRatio} and ${limits.maxAspectRatio}:1`;
  }
  return undefined;
}

/** The outpaint parameters that change the output's size. */
export interface OutpaintExtensions {
  left?: number | undefined;
  right?: number | undefined;
  up?: number | undefined;
  down?: number | undefined;
}

/**
 * The size of the image a tool returns for an input of `input` pixels. `confirmed` is false where Bedrock's
 * documentation does not settle it, so callers must read the real size from the answer:
 * - upscale: 4× each side, as documented; whether Bedrock caps the output at 4 MP or 16 MP is unconfirmed (4× of the
 *   largest accepted input, 1,048,576 px, is 16 MP);
 * - search and replace: the input's size is assumed; it may instead return about 4 MP;
 * - outpaint: the input plus its extensions; remove background and erase: the input's size.
 */
export function imageEditOutputSize(
  tool: ImageEditTool,
  input: Size,
  extensions: OutpaintExtensions = {},
): Size & { confirmed: boolean } {
  switch (tool) {
    case "upscale":
      return { width: input.width * UPSCALE_FACTOR, height: input.height * UPSCALE_FACTOR, confirmed: false };
    case "outpaint":
      return {
        width: input.width + (extensions.left ?? 0) + (extensions.right ?? 0),
        height: input.height + (extensions.up ?? 0) + (extensions.down ?? 0),
        confirmed: true,
      };
    case "searchReplace":
      return { width: input.width, height: input.height, confirmed: false };
    case "removeBackground":
    case "erase":
      return { width: input.width, height: input.height, confirmed: true };
  }
}

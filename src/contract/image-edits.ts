/**
 * The request bodies of the five image-edit tools as Bedrock's InvokeModel takes them (see image-edit-tools.ts for
 * their model ids and limits), and a validator whose messages read like Bedrock's own. The input image is checked
 * against the tool's limits from its header (PNG, JPEG or WebP), so a body the proxy passes on is one Bedrock would
 * take, and a designer hears "too large" before anything is paid for.
 *
 * @example
 * validateImageEditRequest("outpaint", { image: pngBase64, left: 200 }); // { ok: true, value: { image, left: 200 } }
 * validateImageEditRequest("upscale", { image: hugePngBase64 });
 * // { ok: false, message: "Malformed input request: #/image: the image is 2048×2048 pixels: each side must be at most 1536 pixels, please reformat your input and try again." }
 */
import * as v from "valibot";
import {
  GROW_MASK_MAX,
  IMAGE_EDIT_SEED_MAX,
  type ImageEditTool,
  imageSizeProblem,
  OUTPAINT_CREATIVITY_MAX,
  OUTPAINT_CREATIVITY_MIN,
  OUTPAINT_EXTENSION_MAX,
} from "./image-edit-tools.js";
import { readImageSizeFromBase64 } from "./image-size.js";
import { NEGATIVE_PROMPT_MAX_LENGTH, PROMPT_MAX_LENGTH, SEED_MIN } from "./limits.js";
import { OUTPUT_FORMATS } from "./output-formats.js";
import type { ValidationResult } from "./text-to-image.js";
import { describeIssue, jsonTypeName, malformed } from "./validation-messages.js";

/** Stability's style presets, which outpaint and search and replace may take. */
export const STYLE_PRESETS = [
  "3d-model",
  "analog-film",
  "anime",
  "cinematic",
  "comic-book",
  "digital-art",
  "enhance",
  "fantasy-art",
  "isometric",
  "line-art",
  "low-poly",
  "modeling-compound",
  "neon-punk",
  "origami",
  "photographic",
  "pixel-art",
  "tile-texture",
] as const;

/** Why base64 text is not an image `tool` takes, or undefined when it is. */
export function imageProblem(tool: ImageEditTool, base64: string): string | undefined {
  const header = readImageSizeFromBase64(base64);
  if (!header) return "expected a base64-encoded JPEG, PNG or WebP image";
  const problem = imageSizeProblem(tool, header);
  return problem && `the image is ${header.width}×${header.height} pixels: ${problem}`;
}

const imageOf = (tool: ImageEditTool) =>
  v.pipe(
    v.string(),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const problem = imageProblem(tool, dataset.value);
      if (problem) addIssue({ message: problem });
    }),
  );

/** A mask only needs to be an image: Bedrock scales it to the input. */
const maskSchema = v.pipe(
  v.string(),
  v.check((value) => readImageSizeFromBase64(value) !== undefined, "expected a base64-encoded JPEG, PNG or WebP image"),
);

const wholeNumber = (max: number, min = 0) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const common = {
  seed: v.optional(wholeNumber(IMAGE_EDIT_SEED_MAX, SEED_MIN)),
  output_format: v.optional(v.picklist(OUTPUT_FORMATS)),
};
const prompt = v.pipe(v.string(), v.maxLength(PROMPT_MAX_LENGTH));
const requiredPrompt = v.pipe(v.string(), v.minLength(1), v.maxLength(PROMPT_MAX_LENGTH));

export const removeBackgroundRequestSchema = v.strictObject({ image: imageOf("removeBackground"), ...common });

export const upscaleRequestSchema = v.strictObject({ image: imageOf("upscale"), ...common });

const extension = v.optional(wholeNumber(OUTPAINT_EXTENSION_MAX));
export const outpaintRequestSchema = v.pipe(
  v.strictObject({
    image: imageOf("outpaint"),
    left: extension,
    right: extension,
    up: extension,
    down: extension,
    prompt: v.optional(prompt),
    creativity: v.optional(v.pipe(v.number(), v.minValue(OUTPAINT_CREATIVITY_MIN), v.maxValue(OUTPAINT_CREATIVITY_MAX))),
    style_preset: v.optional(v.picklist(STYLE_PRESETS)),
    ...common,
  }),
  v.check(
    (body) => (body.left ?? 0) + (body.right ?? 0) + (body.up ?? 0) + (body.down ?? 0) > 0,
    "at least one of left, right, up and down must be above 0",
  ),
);

export const searchReplaceRequestSchema = v.strictObject({
  image: imageOf("searchReplace"),
  prompt: requiredPrompt,
  search_prompt: requiredPrompt,
  negative_prompt: v.optional(v.pipe(v.string(), v.maxLength(NEGATIVE_PROMPT_MAX_LENGTH))),
  grow_mask: v.optional(wholeNumber(GROW_MASK_MAX)),
  style_preset: v.optional(v.picklist(STYLE_PRESETS)),
  ...common,
});

export const eraseRequestSchema = v.strictObject({
  image: imageOf("erase"),
  mask: v.optional(maskSchema),
  grow_mask: v.optional(wholeNumber(GROW_MASK_MAX)),
  ...common,
});

export type RemoveBackgroundRequest = v.InferOutput<typeof removeBackgroundRequestSchema>;
export type UpscaleRequest = v.InferOutput<typeof upscaleRequestSchema>;
export type OutpaintRequest = v.InferOutput<typeof outpaintRequestSchema>;
export type SearchReplaceRequest = v.InferOutput<typeof searchReplaceRequestSchema>;
export type EraseRequest = v.InferOutput<typeof eraseRequestSchema>;

/** Each tool's request body. */
export interface ImageEditRequests {
  removeBackground: RemoveBackgroundRequest;
  upscale: UpscaleRequest;
  outpaint: OutpaintRequest;
  searchReplace: SearchReplaceRequest;
  erase: EraseRequest;
}

export type ImageEditRequest = ImageEditRequests[ImageEditTool];

export const IMAGE_EDIT_REQUEST_SCHEMAS = {
  removeBackground: removeBackgroundRequestSchema,
  upscale: upscaleRequestSchema,
  outpaint: outpaintRequestSchema,
  searchReplace: searchReplaceRequestSchema,
  erase: eraseRequestSchema,
} as const satisfies { [T in ImageEditTool]: v.GenericSchema<unknown, ImageEditRequests[T]> };

/** Validates a parsed JSON body for `tool`; on failure the message is the one sent with a ValidationException. */
export function validateImageEditRequest<T extends ImageEditTool>(tool: T, body: unknown): ValidationResult<ImageEditRequests[T]> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, message: malformed(`#: expected type: JSONObject, found: ${jsonTypeName(body)}`) };
  }
  // The map's type ties each tool to its own schema; indexing by a generic tool needs this one widening.
  const schema = IMAGE_EDIT_REQUEST_SCHEMAS[tool] as v.GenericSchema<unknown, ImageEditRequests[T]>;
  const result = v.safeParse(schema, body);
  if (result.success) return { ok: true, value: result.output };
  const violations = result.issues.map(describeIssue);
  return {
    ok: false,
    message: malformed(violations.length === 1 ? violations[0]! : `${violations.length} schema violations found: ${violations.join("; ")}`),
  };
}

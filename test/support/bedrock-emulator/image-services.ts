/**
 * The emulator's Stability AI Image Services: the five edit tools Framefill uses, validated as Bedrock documents them
 * and answered at the size each returns. It stands in for Bedrock, so it checks bodies itself (reading the image with
 * sharp, as a server decodes it) and never with the proxy's validator; only the contract's constants are shared.
 *
 * @example
 * const tool = emulatedImageTool("us.stability.stable-fast-upscale-v1:0"); // "upscale"
 * const checked = await checkImageServiceBody(tool, body); // { ok: false, message } or { ok: true, size, seed, format }
 */
import sharp from "sharp";
import {
  GROW_MASK_MAX,
  IMAGE_EDIT_MODEL_IDS,
  IMAGE_EDIT_SEED_MAX,
  IMAGE_SIZE_LIMITS,
  type ImageEditTool,
  OUTPAINT_CREATIVITY_MAX,
  OUTPAINT_CREATIVITY_MIN,
  OUTPAINT_EXTENSION_MAX,
  OUTPUT_FORMATS,
  type OutputFormat,
  PROMPT_MAX_LENGTH,
} from "../../../src/contract/index.js";

/** The edit tool a model id names, for the emulator's routing. */
export function emulatedImageTool(modelId: string): ImageEditTool | undefined {
  return (Object.keys(IMAGE_EDIT_MODEL_IDS) as ImageEditTool[]).find((tool) => IMAGE_EDIT_MODEL_IDS[tool] === modelId);
}

export type ImageServiceCheck =
  | { ok: true; output: { width: number; height: number }; seed: number; format: OutputFormat; prompt: string }
  | { ok: false; message: string };

type Field = "string" | "integer" | "number";

/** Each tool's fields beyond `image`, `seed` and `output_format`; `required` ones must be present. */
const FIELDS: Record<ImageEditTool, Record<string, { type: Field; min?: number; max?: number; required?: boolean }>> = {
  removeBackground: {},
  upscale: {},
  outpaint: {
    left: { type: "integer", min: 0, max: OUTPAINT_EXTENSION_MAX },
    right: { type: "integer", min: 0, max: OUTPAINT_EXTENSION_MAX },
    up: { type: "integer", min: 0, max: OUTPAINT_EXTENSION_MAX },
    down: { type: "integer", min: 0, max: OUTPAINT_EXTENSION_MAX },
    prompt: { type: "string", max: PROMPT_MAX_LENGTH },
    creativity: { type: "number", min: OUTPAINT_CREATIVITY_MIN, max: OUTPAINT_CREATIVITY_MAX },
    style_preset: { type: "string" },
  },
  searchReplace: {
    prompt: { type: "string", min: 1, max: PROMPT_MAX_LENGTH, required: true },
    search_prompt: { type: "string", min: 1, max: PROMPT_MAX_LENGTH, required: true },
    negative_prompt: { type: "string", max: PROMPT_MAX_LENGTH },
    grow_mask: { type: "integer", min: 0, max: GROW_MASK_MAX },
    style_preset: { type: "string" },
  },
  erase: {
    mask: { type: "string" },
    grow_mask: { type: "integer", min: 0, max: GROW_MASK_MAX },
  },
};

const COMMON: Record<string, { type: Field; min?: number; max?: number; required?: boolean }> = {
  image: { type: "string", required: true },
  seed: { type: "integer", min: 0, max: IMAGE_EDIT_SEED_MAX },
  output_format: { type: "string" },
};

const malformed = (detail: string) => `Malformed input request: ${detail}, please reformat your input and try again.`;

export async function checkImageServiceBody(tool: ImageEditTool, body: unknown): Promise<ImageServiceCheck> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { ok: false, message: malformed("#: expected type: JSONObject") };
  const record = body as Record<string, unknown>;
  const fields = { ...COMMON, ...FIELDS[tool] };
  for (const key of Object.keys(record)) {
    if (!(key in fields)) return { ok: false, message: malformed(`#: extraneous key [${key}] is not permitted`) };
  }
  for (const [key, rule] of Object.entries(fields)) {
    const value = record[key];
    if (value === undefined) {
      if (rule.required) return { ok: false, message: malformed(`#: required key [${key}] not found`) };
      continue;
    }
    const problem = fieldProblem(value, rule);
    if (problem) return { ok: false, message: malformed(`#/${key}: ${problem}`) };
  }
  if (record["output_format"] !== undefined && !(OUTPUT_FORMATS as readonly unknown[]).includes(record["output_format"])) {
    return { ok: false, message: malformed(`#/output_format: ${String(record["output_format"])} is not a valid enum value`) };
  }
  const extensions = ["left", "right", "up", "down"].map((side) => (record[side] as number | undefined) ?? 0);
  if (tool === "outpaint" && extensions.every((value) => value === 0)) {
    return { ok: false, message: malformed("#: at least one of left, right, up or down must be greater than 0") };
  }

  const size = await decodedSize(record["image"] as string);
  if (!size) return { ok: false, message: malformed("#/image: the image could not be decoded as JPEG, PNG or WebP") };
  const sizeProblem = imageSizeProblem(tool, size);
  if (sizeProblem) return { ok: false, message: malformed(`#/image: image dimensions ${size.width}x${size.height} are not supported: ${sizeProblem}`) };
  if (record["mask"] !== undefined && !(await decodedSize(record["mask"] as string))) {
    return { ok: false, message: malformed("#/mask: the mask could not be decoded as JPEG, PNG or WebP") };
  }

  const [left, right, up, down] = extensions as [number, number, number, number];
  const output =
    tool === "upscale"
      ? { width: size.width * 4, height: size.height * 4 }
      : tool === "outpaint"
        ? { width: size.width + left + right, height: size.height + up + down }
        : size;
  return {
    ok: true,
    output,
    seed: (record["seed"] as number | undefined) ?? 0,
    format: (record["output_format"] as OutputFormat | undefined) ?? "png",
    prompt: typeof record["prompt"] === "string" ? record["prompt"] : "",
  };
}

function fieldProblem(value: unknown, rule: { type: Field; min?: number; max?: number }): string | undefined {
  if (rule.type === "string") {
    if (typeof value !== "string") return "expected type: String";
    if (rule.min !== undefined && value.length < rule.min) return `expected minLength: ${rule.min}, actual: ${value.length}`;
    if (rule.max !== undefined && value.length > rule.max) return `expected maxLength: ${rule.max}, actual: ${value.length}`;
    return undefined;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) return `expected type: ${rule.type === "integer" ? "Integer" : "Number"}`;
  if (rule.type === "integer" && !Number.isInteger(value)) return "expected type: Integer, found: Number";
  if (rule.min !== undefined && value < rule.min) return `${value} is not greater or equal to ${rule.min}`;
  if (rule.max !== undefined && value > rule.max) return `${value} is not less or equal to ${rule.max}`;
  return undefined;
}

/** The pixel size of base64 image bytes, when sharp decodes them as one of the formats Bedrock takes. */
async function decodedSize(base64: string): Promise<{ width: number; height: number } | undefined> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) return undefined;
  try {
    const metadata = await sharp(Buffer.from(base64, "base64")).metadata();
    if (!["png", "jpeg", "webp"].includes(metadata.format)) return undefined;
    return { width: metadata.width, height: metadata.height };
  } catch {
    return undefined;
  }
}

function imageSizeProblem(tool: ImageEditTool, { width, height }: { width: number; height: number }): string | undefined {
  const limits = IMAGE_SIZE_LIMITS[tool];
  if (width < limits.minSide || height < limits.minSide) return `each side must be at least ${limits.minSide} pixels`;
  if (width > limits.maxSide || height > limits.maxSide) return `each side must be at most ${limits.maxSide} pixels`;
  if (width * height < limits.minPixels || width * height > limits.maxPixels) {
    return `the total pixel count must be between ${limits.minPixels} and ${limits.maxPixels}`;
  }
  if (width / height > limits.maxAspectRatio || height / width > limits.maxAspectRatio) {
    return `the aspect ratio must be between 1:${limits.maxAspectRatio} and ${limits.maxAspectRatio}:1`;
  }
  return undefined;
}

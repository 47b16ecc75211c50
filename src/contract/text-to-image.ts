/**
 * The Stability text-to-image request and response bodies as Bedrock's InvokeModel takes and returns them, and a
 * validator whose messages read like Bedrock's own ("Malformed input request: #/seed: ...").
 */
import * as v from "valibot";
import { ASPECT_RATIOS } from "./aspect-ratios.js";
import { NEGATIVE_PROMPT_MAX_LENGTH, PROMPT_MAX_LENGTH, SEED_MAX, SEED_MIN } from "./limits.js";
import { OUTPUT_FORMATS } from "./output-formats.js";
import { describeIssue, jsonTypeName, malformed } from "./validation-messages.js";

const seedSchema = v.pipe(v.number(), v.integer(), v.minValue(SEED_MIN), v.maxValue(SEED_MAX));

export const textToImageRequestSchema = v.strictObject({
  prompt: v.pipe(v.string(), v.minLength(1), v.maxLength(PROMPT_MAX_LENGTH)),
  negative_prompt: v.optional(v.pipe(v.string(), v.maxLength(NEGATIVE_PROMPT_MAX_LENGTH))),
  aspect_ratio: v.optional(v.picklist(ASPECT_RATIOS)),
  seed: v.optional(seedSchema),
  output_format: v.optional(v.picklist(OUTPUT_FORMATS)),
  mode: v.optional(v.literal("text-to-image")),
});

export type TextToImageRequest = v.InferOutput<typeof textToImageRequestSchema>;

/** Bedrock's response body: one entry per image; a `finish_reasons` entry is null when the image is fine. */
export interface TextToImageResponse {
  seeds: number[];
  finish_reasons: (string | null)[];
  images: string[];
}

export { FINISH_REASONS } from "./finish-reasons.js";

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validates a parsed JSON body; on failure the message is the one Bedrock would send with a ValidationException. */
export function validateTextToImageRequest(body: unknown): ValidationResult<TextToImageRequest> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, message: malformed(`#: expected type: JSONObject, found: ${jsonTypeName(body)}`) };
  }
  const result = v.safeParse(textToImageRequestSchema, body);
  if (result.success) return { ok: true, value: result.output };
  const violations = result.issues.map(describeIssue);
  return {
    ok: false,
    message: malformed(violations.length === 1 ? violations[0]! : `${violations.length} schema violations found`),
  };
}

/** Parses and validates a raw body, as Bedrock does with the bytes it receives. */
export function parseTextToImageRequest(raw: string): ValidationResult<TextToImageRequest> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, message: "Malformed input request, please reformat your input and try again." };
  }
  return validateTextToImageRequest(body);
}

/** Checks GenerationOptions from the UI or from storage; returns what is wrong, or null when they are fine. */
import { isAspectRatio } from "../../contract/aspect-ratios.js";
import { SEED_MAX, SEED_MIN, VARIANTS_MAX, VARIANTS_MIN } from "../../contract/limits.js";
import { OUTPUT_FORMATS } from "../../contract/output-formats.js";

export function checkGenerationOptions(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return "the options are missing";
  const v = value as Record<string, unknown>;
  if (typeof v.prompt !== "string" || typeof v.negativePrompt !== "string") return "the prompt must be text";
  if (typeof v.modelId !== "string") return "the model is missing";
  if (v.aspectRatio !== "match" && !isAspectRatio(v.aspectRatio)) return `the aspect ratio ${String(v.aspectRatio)} is not supported`;
  if ((OUTPUT_FORMATS as readonly unknown[]).indexOf(v.outputFormat) === -1) return `the output format ${String(v.outputFormat)} is not supported`;
  const seed = v.seed;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < SEED_MIN || seed > SEED_MAX) {
    return `the seed must be a whole number from ${SEED_MIN} to ${SEED_MAX}`;
  }
  const variants = v.variants;
  if (typeof variants !== "number" || !Number.isInteger(variants) || variants < VARIANTS_MIN || variants > VARIANTS_MAX) {
    return `variants must be from ${VARIANTS_MIN} to ${VARIANTS_MAX}`;
  }
  if (v.promptFromLayerNames !== undefined && typeof v.promptFromLayerNames !== "boolean") return "prompt from layer names must be on or off";
  return null;
}

/** Reads GenerationMetadata from its stored JSON; null when absent or not in the expected shape. */
import { isAspectRatio } from "../../contract/aspect-ratios.js";
import { OUTPUT_FORMATS } from "../../contract/output-formats.js";
import type { GenerationMetadata } from "../../messages.js";

export function parseMetadata(json: string): GenerationMetadata | null {
  if (json === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const m = value as Record<string, unknown>;
  const strings = ["prompt", "negativePrompt", "modelId", "createdAt", "imageHash"];
  const valid =
    strings.every((key) => typeof m[key] === "string") &&
    typeof m.seed === "number" &&
    isAspectRatio(m.aspectRatio) &&
    (OUTPUT_FORMATS as readonly unknown[]).indexOf(m.outputFormat) !== -1;
  if (!valid) return null;
  return {
    prompt: m.prompt as string,
    negativePrompt: m.negativePrompt as string,
    seed: m.seed as number,
    modelId: m.modelId as string,
    aspectRatio: m.aspectRatio as GenerationMetadata["aspectRatio"],
    outputFormat: m.outputFormat as GenerationMetadata["outputFormat"],
    createdAt: m.createdAt as string,
    imageHash: m.imageHash as string,
  };
}

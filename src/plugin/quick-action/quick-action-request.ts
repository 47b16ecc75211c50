/**
 * What a quick-action run asks for: the `prompt` parameter and the optional `ratio` (manifest.json `parameters`), as
 * Figma passes them in the "run" event; and the options it generates with — that prompt and ratio, the rest from
 * the designer's last form (negative prompt, model, format, variants), always with a new random seed.
 *
 * @example
 * figma.on("run", ({ parameters }) => {
 *   const request = parseQuickActionParameters(parameters); // null: launched from the menu, open the panel
 * });
 */
import { isAspectRatio } from "../../contract/aspect-ratios.js";
import { DEFAULT_MODEL_ID } from "../../contract/models.js";
import { DEFAULT_OUTPUT_FORMAT } from "../../contract/output-formats.js";
import type { AspectRatioChoice, GenerationOptions } from "../../messages.js";

export interface QuickActionRequest {
  prompt: string;
  /** Absent: the last form's ratio (Match frame when there is none). */
  aspectRatio: AspectRatioChoice | null;
}

export function parseQuickActionParameters(parameters: ParameterValues | undefined): QuickActionRequest | null {
  if (!parameters || typeof parameters !== "object") return null;
  const prompt = typeof parameters.prompt === "string" ? parameters.prompt.trim() : "";
  const ratio: unknown = parameters.ratio;
  return { prompt, aspectRatio: ratio === "match" || isAspectRatio(ratio) ? ratio : null };
}

/** What `init` tells the UI about a quick-action run: the options to start with, and why Settings opened when none exist. */
export function quickActionLaunch(
  request: QuickActionRequest,
  last: GenerationOptions | null,
  hasSettings: boolean,
): { quickAction: GenerationOptions; settingsNotice?: string } {
  const quickAction = quickActionOptions(last, request);
  if (hasSettings) return { quickAction };
  return { quickAction, settingsNotice: "Add the proxy settings to run Framefill from quick actions. Your image is generated once they are saved." };
}

export function quickActionOptions(last: GenerationOptions | null, request: QuickActionRequest): GenerationOptions {
  return {
    prompt: request.prompt,
    negativePrompt: last ? last.negativePrompt : "",
    modelId: last ? last.modelId : DEFAULT_MODEL_ID,
    aspectRatio: request.aspectRatio ?? (last ? last.aspectRatio : "match"),
    outputFormat: last ? last.outputFormat : DEFAULT_OUTPUT_FORMAT,
    seed: 0,
    variants: last ? last.variants : 1,
  };
}

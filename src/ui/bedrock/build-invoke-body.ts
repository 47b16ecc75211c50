/**
 * Builds the body of one InvokeModel request for a Stability text-to-image model, exactly as Bedrock takes it:
 * `negative_prompt` only when there is one, `seed` 0 meaning "pick a random seed".
 *
 * @example
 * buildInvokeBody({ prompt: "a red fox", negativePrompt: "", aspectRatio: "16:9", seed: 0, outputFormat: "png" });
 * // { prompt: "a red fox", aspect_ratio: "16:9", seed: 0, output_format: "png" }
 */
import type { AspectRatio } from "../../contract/aspect-ratios.js";
import type { OutputFormat } from "../../contract/output-formats.js";
import type { TextToImageRequest } from "../../contract/text-to-image.js";

export interface ImageRequest {
  prompt: string;
  negativePrompt: string;
  aspectRatio: AspectRatio;
  seed: number;
  outputFormat: OutputFormat;
}

export function buildInvokeBody(request: ImageRequest): TextToImageRequest {
  const negativePrompt = request.negativePrompt.trim();
  return {
    prompt: request.prompt.trim(),
    ...(negativePrompt ? { negative_prompt: negativePrompt } : {}),
    aspect_ratio: request.aspectRatio,
    seed: request.seed,
    output_format: request.outputFormat,
  };
}

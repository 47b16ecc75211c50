/**
 * The InvokeModel body of each model family, read and checked before anything reaches Bedrock: text-to-image (with
 * the legacy `text_prompts` form mapped) or one of the image-edit tools, each against its schema from src/contract.
 * Also the body-size limit each family gets: an edit carries a photo (a 1536×1536 one is about 7 MB as base64), a
 * prompt does not, so only the edit tools a proxy serves may send the larger bodies.
 *
 * @example
 * const limit = bodyLimitFor("us.stability.stable-fast-upscale-v1:0", { allowedModels, maxBodyBytes, maxImageBodyBytes });
 * const { request, prompt } = readInvokeBody("us.stability.stable-fast-upscale-v1:0", rawBody); // or a ValidationException
 */
import {
  type ImageEditRequest,
  type ImageEditTool,
  imageEditToolOf,
  type TextToImageRequest,
  validateImageEditRequest,
  validateTextToImageRequest,
} from "../../src/contract/index.js";
import { BedrockError } from "../errors.js";
import { mapLegacyTextPrompts } from "../http/legacy-text-prompts.js";

/** A validated body, with what the request log may show of it (under PROXY_LOG_PROMPTS). */
export type InvokeBody = { request: TextToImageRequest | ImageEditRequest; tool: ImageEditTool | undefined; prompt?: string; negativePrompt?: string };

export function readInvokeBody(modelId: string, raw: Uint8Array): InvokeBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new BedrockError("ValidationException", "Malformed input request, please reformat your input and try again.");
  }
  const tool = imageEditToolOf(modelId);
  if (tool) {
    const validation = validateImageEditRequest(tool, parsed);
    if (!validation.ok) throw new BedrockError("ValidationException", validation.message);
    const request = validation.value;
    return {
      request,
      tool,
      prompt: "prompt" in request ? request.prompt : undefined,
      negativePrompt: "negative_prompt" in request ? request.negative_prompt : undefined,
    };
  }
  const validation = validateTextToImageRequest(mapLegacyTextPrompts(parsed));
  if (!validation.ok) throw new BedrockError("ValidationException", validation.message);
  return { request: validation.value, tool: undefined, prompt: validation.value.prompt, negativePrompt: validation.value.negative_prompt };
}

export interface BodyLimits {
  allowedModels: ReadonlySet<string>;
  /** Text-to-image and everything else (PROXY_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** InvokeModel for an allowed image-edit tool (PROXY_MAX_IMAGE_BODY_BYTES). */
  maxImageBodyBytes: number;
}

/** The largest body a request to `path` may have: decided from the path alone, before a byte of the body is read. */
export function bodyLimitFor(path: string, limits: BodyLimits): number {
  const encoded = INVOKE_PATH.exec(path)?.[1];
  if (encoded === undefined) return limits.maxBodyBytes;
  let modelId: string;
  try {
    modelId = decodeURIComponent(encoded);
  } catch {
    return limits.maxBodyBytes;
  }
  return limits.allowedModels.has(modelId) && imageEditToolOf(modelId) ? limits.maxImageBodyBytes : limits.maxBodyBytes;
}

const INVOKE_PATH = /^\/model\/([^/]+)\/invoke$/;

/**
 * The embedded preview backend: no AWS account needed. It answers like Bedrock with deterministic images (same
 * prompt, seed, ratio and format give the same bytes) at the real output sizes, in the requested format, each marked
 * "PREVIEW" so nobody mistakes one for a generated image. Seed 0 or absent picks a random seed, as Bedrock does.
 * Image edits are really made, the simple way, at the size each tool returns (see images/render-edit-preview.ts).
 */
import { randomInt } from "node:crypto";
import {
  DEFAULT_ASPECT_RATIO,
  DEFAULT_OUTPUT_FORMAT,
  type ImageEditRequest,
  imageEditToolOf,
  OUTPUT_SIZES,
  SEED_MAX,
  type TextToImageRequest,
  type TextToImageResponse,
} from "../../src/contract/index.js";
import { type EditPreviewInput, renderEditPreview } from "../images/render-edit-preview.js";
import { renderImage } from "../images/render-image.js";
import type { Backend } from "./backend.js";
import { ClientGoneError } from "./backend.js";

export function createPreviewBackend(options: { randomSeed?: () => number } = {}): Backend {
  const randomSeed = options.randomSeed ?? (() => randomInt(1, SEED_MAX));
  return {
    name: "preview",
    async invoke({ modelId, request, signal }) {
      const seed = request.seed || randomSeed();
      const tool = imageEditToolOf(modelId);
      // The app validated the body against this model's schema, so an edit tool's id comes with that tool's request.
      const image = tool
        ? await renderEditPreview({ tool, request: request as ImageEditRequest, seed } as EditPreviewInput)
        : await renderText(request as TextToImageRequest, seed);
      if (signal.aborted) throw new ClientGoneError("The client went away");
      const response: TextToImageResponse = {
        seeds: [seed],
        finish_reasons: [null],
        images: [Buffer.from(image).toString("base64")],
      };
      return {
        body: new TextEncoder().encode(JSON.stringify(response)),
        images: 1,
        finishReasons: [null],
        seeds: [seed],
      };
    },
    async close() {},
  };
}

function renderText(request: TextToImageRequest, seed: number): Promise<Uint8Array> {
  return renderImage({
    ...OUTPUT_SIZES[request.aspect_ratio ?? DEFAULT_ASPECT_RATIO],
    format: request.output_format ?? DEFAULT_OUTPUT_FORMAT,
    seed,
    prompt: request.prompt,
    label: "PREVIEW",
  });
}

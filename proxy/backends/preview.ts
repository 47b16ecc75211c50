/**
 * The embedded preview backend: no AWS account needed. It answers like Bedrock with deterministic images (same
 * prompt, seed, ratio and format give the same bytes) at the real output sizes, in the requested format, each marked
 * "PREVIEW" so nobody mistakes one for a generated image. Seed 0 or absent picks a random seed, as Bedrock does.
 */
import { randomInt } from "node:crypto";
import {
  DEFAULT_ASPECT_RATIO,
  DEFAULT_OUTPUT_FORMAT,
  OUTPUT_SIZES,
  SEED_MAX,
  type TextToImageResponse,
} from "../../src/contract/index.js";
import { renderImage } from "../images/render-image.js";
import type { Backend } from "./backend.js";
import { ClientGoneError } from "./backend.js";

export function createPreviewBackend(options: { randomSeed?: () => number } = {}): Backend {
  const randomSeed = options.randomSeed ?? (() => randomInt(1, SEED_MAX));
  return {
    name: "preview",
    async invoke({ request, signal }) {
      const seed = request.seed || randomSeed();
      const size = OUTPUT_SIZES[request.aspect_ratio ?? DEFAULT_ASPECT_RATIO];
      const image = await renderImage({
        ...size,
        format: request.output_format ?? DEFAULT_OUTPUT_FORMAT,
        seed,
        prompt: request.prompt,
        label: "PREVIEW",
      });
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

import { describe, expect, it } from "vitest";
import {
  DEFAULT_MODEL_ID,
  DEFAULT_MODEL_IDS,
  IMAGE_EDIT_MODEL_IDS,
  IMAGE_EDIT_MODELS,
  MODELS,
  priceMicroUsd,
  TEXT_TO_IMAGE_MODELS,
} from "../../../src/contract/index.js";

describe("image-edit models", () => {
  it("are priced per edit: remove background, erase, search and replace $0.07, outpaint $0.06, fast upscale $0.03", () => {
    expect(priceMicroUsd(IMAGE_EDIT_MODEL_IDS.removeBackground)).toBe(70_000);
    expect(priceMicroUsd(IMAGE_EDIT_MODEL_IDS.erase)).toBe(70_000);
    expect(priceMicroUsd(IMAGE_EDIT_MODEL_IDS.searchReplace)).toBe(70_000);
    expect(priceMicroUsd(IMAGE_EDIT_MODEL_IDS.outpaint)).toBe(60_000);
    expect(priceMicroUsd(IMAGE_EDIT_MODEL_IDS.upscale)).toBe(30_000);
    expect(priceMicroUsd(IMAGE_EDIT_MODEL_IDS.upscale, { [IMAGE_EDIT_MODEL_IDS.upscale]: 25_000 })).toBe(25_000);
  });

  it("are served by default beside Core, and kept apart from the text-to-image models by kind", () => {
    expect(DEFAULT_MODEL_IDS).toEqual(["stability.stable-image-core-v1:0", "stability.stable-image-core-v1:1", ...Object.values(IMAGE_EDIT_MODEL_IDS)]);
    expect(IMAGE_EDIT_MODELS.map((model) => model.id).sort()).toEqual(Object.values(IMAGE_EDIT_MODEL_IDS).sort());
    expect(IMAGE_EDIT_MODELS.every((model) => model.kind === "image-edit")).toBe(true);
    expect(TEXT_TO_IMAGE_MODELS.every((model) => model.kind === "text-to-image")).toBe(true);
    expect(MODELS).toEqual([...TEXT_TO_IMAGE_MODELS, ...IMAGE_EDIT_MODELS]);
    expect(new Set(MODELS.map((model) => model.id)).size).toBe(MODELS.length);
  });
});

describe("text-to-image models", () => {
  it("are offered in the Model menu under Stability's names, Core first and by default", () => {
    expect(TEXT_TO_IMAGE_MODELS.map(({ id, name }) => [id, name])).toEqual([
      ["stability.stable-image-core-v1:0", "Stable Image Core"],
      ["stability.stable-image-core-v1:1", "Stable Image Core 1.1"],
      ["stability.sd3-5-large-v1:0", "Stable Diffusion 3.5 Large"],
      ["stability.stable-image-ultra-v1:0", "Stable Image Ultra"],
      ["stability.stable-image-ultra-v1:1", "Stable Image Ultra 1.1"],
    ]);
    expect(DEFAULT_MODEL_ID).toBe("stability.stable-image-core-v1:0");
    expect(IMAGE_EDIT_MODELS.map(({ name }) => name)).toEqual(["Remove background", "Fast upscale", "Outpaint", "Search and replace", "Erase object"]);
  });
});

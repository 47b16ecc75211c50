import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_ID, IMAGE_EDIT_MODEL_IDS, TEXT_TO_IMAGE_MODELS } from "../../../src/contract/index.js";
import { knownModelId } from "../../../src/ui/form/form-state.js";

describe("the form's model", () => {
  it("keeps every text-to-image model", () => {
    for (const model of TEXT_TO_IMAGE_MODELS) expect(knownModelId(model.id)).toBe(model.id);
  });

  it("never holds an image-edit tool or an unknown id: those become the default model", () => {
    for (const id of Object.values(IMAGE_EDIT_MODEL_IDS)) expect(knownModelId(id)).toBe(DEFAULT_MODEL_ID);
    expect(knownModelId("stability.no-such-model-v9:0")).toBe(DEFAULT_MODEL_ID);
  });
});

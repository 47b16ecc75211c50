import { describe, expect, it } from "vitest";
import { DEFAULT_OUTPUT_FORMAT, FINISH_REASONS, KEY_USAGE_PATH, MIME_TYPES, OUTPUT_FORMATS } from "../../../src/contract/index.js";

describe("the wire's fixed words", () => {
  it("asks Bedrock for PNG unless told otherwise, and labels each format with its MIME type", () => {
    expect(OUTPUT_FORMATS).toEqual(["png", "jpeg", "webp"]);
    expect(DEFAULT_OUTPUT_FORMAT).toBe("png");
    expect(MIME_TYPES).toEqual({ png: "image/png", jpeg: "image/jpeg", webp: "image/webp" });
  });

  it("reads Bedrock's finish reasons in its own words", () => {
    expect(FINISH_REASONS).toEqual({
      promptFiltered: "Filter reason: prompt",
      outputFiltered: "Filter reason: output image",
      inputFiltered: "Filter reason: input image",
      inferenceError: "Inference error",
    });
  });

  it("asks a proxy for a key's usage at one fixed path", () => {
    expect(KEY_USAGE_PATH).toBe("/framefill/v1/usage");
  });
});

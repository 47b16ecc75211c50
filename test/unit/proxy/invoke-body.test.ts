import { describe, expect, it } from "vitest";
import { BedrockError } from "../../../proxy/errors.js";
import { bodyLimitFor, readInvokeBody } from "../../../proxy/operations/invoke-body.js";
import { IMAGE_EDIT_MODEL_IDS } from "../../../src/contract/index.js";

const limits = {
  allowedModels: new Set(["stability.stable-image-core-v1:0", IMAGE_EDIT_MODEL_IDS.upscale]),
  maxBodyBytes: 1000,
  maxImageBodyBytes: 9000,
};
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("bodyLimitFor", () => {
  it("gives an allowed edit tool's InvokeModel the image limit, as the SDK encodes its path", () => {
    expect(bodyLimitFor("/model/us.stability.stable-fast-upscale-v1%3A0/invoke", limits)).toBe(9000);
    expect(bodyLimitFor("/model/us.stability.stable-fast-upscale-v1:0/invoke", limits)).toBe(9000);
  });

  it("gives everything else the text limit", () => {
    expect(bodyLimitFor("/model/stability.stable-image-core-v1%3A0/invoke", limits)).toBe(1000);
    expect(bodyLimitFor("/model/us.stability.stable-image-erase-object-v1%3A0/invoke", limits)).toBe(1000); // not allowed
    expect(bodyLimitFor("/model/us.stability.stable-fast-upscale-v1%3A0/invoke-with-response-stream", limits)).toBe(1000);
    expect(bodyLimitFor("/model/%E0%A4%A/invoke", limits)).toBe(1000); // not decodable
    expect(bodyLimitFor("/framefill/v1/usage", limits)).toBe(1000);
  });
});

describe("readInvokeBody", () => {
  it("checks an edit tool's body against its own schema, and a text model's against text-to-image", () => {
    const error = (() => {
      try {
        readInvokeBody(IMAGE_EDIT_MODEL_IDS.upscale, encode({ prompt: "a fox" }));
      } catch (caught) {
        return caught as BedrockError;
      }
    })();
    expect(error).toBeInstanceOf(BedrockError);
    expect(error?.type).toBe("ValidationException");
    expect(error?.message).toContain("schema violations found");
    expect(readInvokeBody("stability.stable-image-core-v1:0", encode({ text_prompts: [{ text: "a fox" }] }))).toEqual({
      request: { prompt: "a fox" },
      tool: undefined,
      prompt: "a fox",
      negativePrompt: undefined,
    });
  });

  it("refuses bytes that are not UTF-8 JSON with Bedrock's message", () => {
    expect(() => readInvokeBody(IMAGE_EDIT_MODEL_IDS.upscale, new Uint8Array([0xff, 0xfe]))).toThrow("Malformed input request, please reformat your input and try again.");
  });
});

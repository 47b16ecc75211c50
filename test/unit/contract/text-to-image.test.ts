import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ASPECT_RATIOS,
  MODELS,
  OUTPUT_FORMATS,
  parseTextToImageRequest,
  PROMPT_MAX_LENGTH,
  SEED_MAX,
  validateTextToImageRequest,
} from "../../../src/contract/index.js";

const validRequest = fc.record(
  {
    prompt: fc.string({ minLength: 1, maxLength: 200 }),
    negative_prompt: fc.string({ maxLength: 200 }),
    aspect_ratio: fc.constantFrom(...ASPECT_RATIOS),
    seed: fc.integer({ min: 0, max: SEED_MAX }),
    output_format: fc.constantFrom(...OUTPUT_FORMATS),
    mode: fc.constant("text-to-image" as const),
  },
  { requiredKeys: ["prompt"] },
);

function messageOf(body: unknown): string {
  const result = validateTextToImageRequest(body);
  if (result.ok) throw new Error(`expected ${JSON.stringify(body)} to be refused`);
  return result.message;
}

describe("text-to-image request", () => {
  it("accepts every well-formed request unchanged, also after a JSON round trip", () => {
    fc.assert(
      fc.property(validRequest, (request) => {
        expect(validateTextToImageRequest(request)).toEqual({ ok: true, value: request });
        expect(parseTextToImageRequest(JSON.stringify(request))).toEqual({ ok: true, value: request });
      }),
    );
  });

  it("refuses prompts and negative prompts over 10,000 characters, with Bedrock's message", () => {
    fc.assert(
      fc.property(fc.integer({ min: PROMPT_MAX_LENGTH + 1, max: PROMPT_MAX_LENGTH + 500 }), (length) => {
        expect(messageOf({ prompt: "a".repeat(length) })).toBe(
          `Malformed input request: #/prompt: expected maxLength: 10000, actual: ${length}, please reformat your input and try again.`,
        );
        expect(messageOf({ prompt: "ok", negative_prompt: "n".repeat(length) })).toContain(`#/negative_prompt: expected maxLength: 10000, actual: ${length}`);
      }),
      { numRuns: 20 },
    );
    expect(validateTextToImageRequest({ prompt: "a".repeat(PROMPT_MAX_LENGTH) }).ok).toBe(true);
  });

  it("refuses seeds outside 0–4294967295 and non-integers", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: SEED_MAX + 1, max: Number.MAX_SAFE_INTEGER })), (seed) => {
        expect(messageOf({ prompt: "x", seed })).toMatch(/^Malformed input request: #\/seed: -?\d+ is not (greater|less) or equal to \d+, please reformat/);
      }),
    );
    expect(messageOf({ prompt: "x", seed: 1.5 })).toContain("#/seed: expected type: Integer, found: Number");
    expect(messageOf({ prompt: "x", seed: "1" })).toContain("#/seed: expected type: Integer, found: String");
  });

  it("speaks like Bedrock about missing, extra and wrongly typed keys", () => {
    expect(messageOf({})).toBe("Malformed input request: #: required key [prompt] not found, please reformat your input and try again.");
    expect(messageOf({ prompt: "x", cfg_scale: 7 })).toContain("#: extraneous key [cfg_scale] is not permitted");
    expect(messageOf({ prompt: "x", aspect_ratio: "4:3" })).toContain("#/aspect_ratio: 4:3 is not a valid enum value");
    expect(messageOf({ prompt: "x", output_format: "gif" })).toContain("#/output_format: gif is not a valid enum value");
    expect(messageOf({ prompt: 5 })).toContain("#/prompt: expected type: String, found: Integer");
    expect(messageOf([])).toContain("#: expected type: JSONObject, found: JSONArray");
    expect(messageOf(null)).toContain("found: Null");
    expect(messageOf({ seed: -1, aspect_ratio: "x" })).toBe(
      "Malformed input request: 3 schema violations found, please reformat your input and try again.",
    );
    expect(parseTextToImageRequest("{not json")).toEqual({
      ok: false,
      message: "Malformed input request, please reformat your input and try again.",
    });
  });

  it("names each JSON type the way Bedrock does, for the body and for a key", () => {
    const whole = (detail: string) => `Malformed input request: ${detail}, please reformat your input and try again.`;
    expect(messageOf("a prompt")).toBe(whole("#: expected type: JSONObject, found: String"));
    expect(messageOf(5)).toBe(whole("#: expected type: JSONObject, found: Integer"));
    expect(messageOf(1.5)).toBe(whole("#: expected type: JSONObject, found: BigDecimal"));
    expect(messageOf(true)).toBe(whole("#: expected type: JSONObject, found: Boolean"));
    expect(messageOf(null)).toBe(whole("#: expected type: JSONObject, found: Null"));
    expect(messageOf(undefined)).toBe(whole("#: expected type: JSONObject, found: Null"));
    expect(messageOf([])).toBe(whole("#: expected type: JSONObject, found: JSONArray"));
    expect(messageOf({ prompt: 1.5 })).toBe(whole("#/prompt: expected type: String, found: BigDecimal"));
    expect(messageOf({ prompt: true })).toBe(whole("#/prompt: expected type: String, found: Boolean"));
    expect(messageOf({ prompt: null })).toBe(whole("#/prompt: expected type: String, found: Null"));
    expect(messageOf({ prompt: [] })).toBe(whole("#/prompt: expected type: String, found: JSONArray"));
    expect(messageOf({ prompt: {} })).toBe(whole("#/prompt: expected type: String, found: JSONObject"));
    expect(messageOf({ prompt: "x", seed: true })).toBe(whole("#/seed: expected type: Integer, found: Boolean"));
    expect(messageOf({ prompt: "x", seed: null })).toBe(whole("#/seed: expected type: Integer, found: Null"));
  });

  it("quotes each refused value and limit whole, with the key it belongs to", () => {
    const whole = (detail: string) => `Malformed input request: ${detail}, please reformat your input and try again.`;
    expect(messageOf({ prompt: "x", cfg_scale: 7 })).toBe(whole("#: extraneous key [cfg_scale] is not permitted"));
    expect(messageOf({ prompt: "" })).toBe(whole("#/prompt: expected minLength: 1, actual: 0"));
    expect(messageOf({ prompt: "x", seed: -1 })).toBe(whole("#/seed: -1 is not greater or equal to 0"));
    expect(messageOf({ prompt: "x", seed: SEED_MAX + 1 })).toBe(whole("#/seed: 4294967296 is not less or equal to 4294967295"));
    expect(messageOf({ prompt: "x", seed: 2.5 })).toBe(whole("#/seed: expected type: Integer, found: Number"));
    expect(messageOf({ prompt: "x", aspect_ratio: "4:3" })).toBe(whole("#/aspect_ratio: 4:3 is not a valid enum value"));
    // Only the quotes valibot puts around the value are taken off, not quotes inside it.
    expect(messageOf({ prompt: "x", aspect_ratio: '"4":"3"' })).toBe(whole('#/aspect_ratio: "4":"3" is not a valid enum value'));
    expect(messageOf({ prompt: "x", mode: "image-to-image" })).toBe(whole("#/mode: image-to-image is not a valid enum value"));
    expect(messageOf({ prompt: "x", output_format: "gif" })).toBe(whole("#/output_format: gif is not a valid enum value"));
    expect(validateTextToImageRequest({ prompt: "x", seed: 0 }).ok).toBe(true);
    expect(validateTextToImageRequest({ prompt: "x", seed: SEED_MAX }).ok).toBe(true);
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = validateTextToImageRequest(value);
        if (!result.ok) expect(result.message).toMatch(/^Malformed input request/);
      }),
    );
  });
});

describe("models", () => {
  it("lists Core, Ultra and SD3.5 Large with Bedrock's on-demand prices", () => {
    const price = (id: string) => MODELS.find((model) => model.id === id)?.pricePerImageUsd;
    expect(price("stability.stable-image-core-v1:0")).toBe(0.04);
    expect(price("stability.stable-image-core-v1:1")).toBe(0.04);
    expect(price("stability.sd3-5-large-v1:0")).toBe(0.08);
    expect(price("stability.stable-image-ultra-v1:1")).toBe(0.14);
    expect(new Set(MODELS.map((model) => model.id)).size).toBe(MODELS.length);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_FORM, formFromMetadata, formFromOptions, type FormState } from "../../../src/ui/form/form-state.js";
import { parseSeed, validateForm } from "../../../src/ui/form/validate-form.js";

const form = (patch: Partial<FormState>): FormState => ({ ...DEFAULT_FORM, prompt: "a quiet harbour", ...patch });

describe("validateForm", () => {
  it("turns a good form into options, a random seed as 0", () => {
    expect(validateForm(form({ negativePrompt: "  people ", aspectRatio: "16:9", variants: 3 }))).toEqual({
      ok: true,
      options: {
        prompt: "a quiet harbour",
        negativePrompt: "people",
        modelId: DEFAULT_FORM.modelId,
        aspectRatio: "16:9",
        outputFormat: "png",
        seed: 0,
        variants: 3,
      },
    });
    expect(validateForm(form({ seedText: " 4294967295 " }))).toMatchObject({ ok: true, options: { seed: 4294967295 } });
  });

  it("refuses an empty or blank prompt", () => {
    expect(validateForm(form({ prompt: "   " }))).toEqual({ ok: false, errors: { prompt: "Describe the image you want." } });
  });

  it("refuses prompts over Bedrock's 10,000 characters, saying by how much", () => {
    expect(validateForm(form({ prompt: "a".repeat(10_000) })).ok).toBe(true);
    expect(validateForm(form({ prompt: "a".repeat(10_001) }))).toEqual({
      ok: false,
      errors: { prompt: "The prompt is 10,001 characters; the limit is 10,000." },
    });
    expect(validateForm(form({ negativePrompt: "b".repeat(10_001) }))).toMatchObject({
      ok: false,
      errors: { negativePrompt: "The negative prompt is 10,001 characters; the limit is 10,000." },
    });
  });

  it("refuses a fixed seed out of range or not a whole number", () => {
    for (const seedText of ["4294967296", "-1", "1.5", "12abc", "1e3", "99999999999"]) {
      expect(validateForm(form({ seedText }))).toEqual({
        ok: false,
        errors: { seed: "Use a whole number from 0 to 4294967295, or leave it empty for a random seed." },
      });
    }
  });

  it("reports every problem at once", () => {
    const result = validateForm(form({ prompt: "", seedText: "x", variants: 9 }));
    expect(result.ok).toBe(false);
    expect(Object.keys(!result.ok ? result.errors : {}).sort()).toEqual(["prompt", "seed", "variants"]);
  });
});

describe("parseSeed", () => {
  it("reads digits within range only", () => {
    expect(parseSeed("0")).toBe(0);
    expect(parseSeed("42")).toBe(42);
    expect(parseSeed("")).toBeUndefined();
    expect(parseSeed("4294967296")).toBeUndefined();
  });
});

describe("form from stored options and metadata", () => {
  it("round-trips saved options, a seed of 0 back to Random", () => {
    const options = { prompt: "p", negativePrompt: "n", modelId: "stability.stable-image-ultra-v1:0" as const, aspectRatio: "3:2" as const, outputFormat: "webp" as const, seed: 0, variants: 2 };
    const { seed: _seed, ...rest } = options;
    expect(formFromOptions(options)).toEqual({ ...rest, seedText: "", promptFromLayerNames: false });
    expect(formFromOptions({ ...options, seed: 77 }).seedText).toBe("77");
  });

  it("opens Edit prompt on the layer's settings with its seed fixed", () => {
    const edited = formFromMetadata(
      { prompt: "old", negativePrompt: "", seed: 555, modelId: "unknown.model", aspectRatio: "9:16", outputFormat: "jpeg", createdAt: "", imageHash: "h" },
      { ...DEFAULT_FORM, variants: 3 },
    );
    expect(edited).toEqual({ ...DEFAULT_FORM, prompt: "old", seedText: "555", aspectRatio: "9:16", outputFormat: "jpeg", variants: 1 });
  });
});

/** Saved prompts in the UI: names checked as main checks them, the prompt checked as the form checks it, and the form filled from one. */
import { describe, expect, it } from "vitest";
import type { SavedPrompt } from "../../../src/messages.js";
import { DEFAULT_FORM } from "../../../src/ui/form/form-state.js";
import { checkSavedPromptName, replacesSavedPrompt } from "../../../src/ui/saved-prompts/check-saved-prompt-name.js";
import { formFromSavedPrompt, savedPromptFromForm } from "../../../src/ui/saved-prompts/saved-prompt-form.js";

const house: SavedPrompt = {
  name: "House style",
  prompt: "editorial photo, soft light",
  negativePrompt: "text",
  aspectRatio: "4:5",
  modelId: "stability.stable-image-ultra-v1:0",
  outputFormat: "jpeg",
};

describe("checkSavedPromptName", () => {
  it("needs a name of at most 60 characters", () => {
    expect(checkSavedPromptName("  ", [])).toBe("Name the prompt.");
    expect(checkSavedPromptName("x".repeat(61), [])).toBe("Use at most 60 characters (this is 61).");
    expect(checkSavedPromptName(" Team ", [])).toBeNull();
  });

  it("lets Save replace a prompt of the same name, but not a rename take another's name", () => {
    expect(checkSavedPromptName("house style", [house])).toBeNull();
    expect(replacesSavedPrompt("HOUSE STYLE ", [house])).toBe(true);
    expect(checkSavedPromptName("house style", [house, { ...house, name: "Other" }], "Other")).toBe("Another saved prompt is called House style.");
    expect(checkSavedPromptName("HOUSE style", [house], "House style")).toBeNull();
  });
});

describe("savedPromptFromForm", () => {
  it("takes the prompt fields, trimmed, once the prompt passes the form's checks", () => {
    const form = { ...DEFAULT_FORM, prompt: " editorial photo ", negativePrompt: " text ", aspectRatio: "4:5" as const, seedText: "not a seed" };
    expect(savedPromptFromForm(" House ", form)).toEqual({
      ok: true,
      prompt: { name: "House", prompt: "editorial photo", negativePrompt: "text", aspectRatio: "4:5", modelId: DEFAULT_FORM.modelId, outputFormat: "png" },
    });
  });

  it("refuses an empty or too long prompt with the form's own messages", () => {
    expect(savedPromptFromForm("A", { ...DEFAULT_FORM, prompt: "" })).toEqual({ ok: false, errors: { prompt: "Describe the image you want." } });
    expect(savedPromptFromForm("A", { ...DEFAULT_FORM, prompt: "ok", negativePrompt: "n".repeat(10_001) })).toEqual({
      ok: false,
      errors: { negativePrompt: "The negative prompt is 10,001 characters; the limit is 10,000." },
    });
  });
});

describe("formFromSavedPrompt", () => {
  it("fills the prompt fields and keeps the seed, variants and names option", () => {
    const current = { ...DEFAULT_FORM, seedText: "42", variants: 3, promptFromLayerNames: true };
    expect(formFromSavedPrompt(house, current)).toEqual({
      ...current,
      prompt: house.prompt,
      negativePrompt: "text",
      aspectRatio: "4:5",
      modelId: "stability.stable-image-ultra-v1:0",
      outputFormat: "jpeg",
    });
  });
});

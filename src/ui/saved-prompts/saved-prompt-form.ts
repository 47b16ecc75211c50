/**
 * Between the form and a saved prompt: what "Save prompt" stores (the prompt and negative prompt checked as the form
 * checks them, the ratio, model and format) and how choosing a saved prompt fills the form (seed, variants and
 * "Prompt from layer names" stay as they are).
 */
import type { SavedPrompt } from "../../messages.js";
import { knownModelId, type FormState } from "../form/form-state.js";
import { validateForm, type FormErrors } from "../form/validate-form.js";

export type SavedPromptFromForm = { ok: true; prompt: SavedPrompt } | { ok: false; errors: FormErrors };

export function savedPromptFromForm(name: string, form: FormState): SavedPromptFromForm {
  const validation = validateForm({ ...form, promptFromLayerNames: false });
  if (!validation.ok) {
    const { prompt, negativePrompt } = validation.errors;
    if (prompt || negativePrompt) return { ok: false, errors: { ...(prompt ? { prompt } : {}), ...(negativePrompt ? { negativePrompt } : {}) } };
  }
  return {
    ok: true,
    prompt: {
      name: name.trim(),
      prompt: form.prompt.trim(),
      negativePrompt: form.negativePrompt.trim(),
      aspectRatio: form.aspectRatio,
      modelId: form.modelId,
      outputFormat: form.outputFormat,
    },
  };
}

export function formFromSavedPrompt(saved: SavedPrompt, current: FormState): FormState {
  return {
    ...current,
    prompt: saved.prompt,
    negativePrompt: saved.negativePrompt,
    aspectRatio: saved.aspectRatio,
    modelId: knownModelId(saved.modelId),
    outputFormat: saved.outputFormat,
  };
}

/**
 * Checks the form before anything is sent, with messages shown beside the field at fault: an empty prompt, a prompt
 * or negative prompt over Bedrock's 10,000 characters, a fixed seed that is not a whole number from 0 to 4294967295.
 * With "Prompt from layer names" the typed prompt may stay empty when every layer to fill has a name of its own.
 */
import { NEGATIVE_PROMPT_MAX_LENGTH, PROMPT_MAX_LENGTH, SEED_MAX, SEED_MIN, VARIANTS_MAX, VARIANTS_MIN } from "../../contract/limits.js";
import type { GenerationOptions } from "../../messages.js";
import { isRandomSeed, type FormState } from "./form-state.js";

export interface FormErrors {
  prompt?: string;
  negativePrompt?: string;
  seed?: string;
  variants?: string;
}

export type FormValidation = { ok: true; options: GenerationOptions } | { ok: false; errors: FormErrors };

/** The layers "Prompt from layer names" would fill: how many, and the first one without a name of its own. */
export interface NamePromptContext {
  targets: number;
  firstWithoutName: string | null;
}

export function validateForm(form: FormState, names: NamePromptContext = { targets: 0, firstWithoutName: null }): FormValidation {
  const errors: FormErrors = {};
  const prompt = form.prompt.trim();
  const namesAreEnough = form.promptFromLayerNames && names.targets > 0 && names.firstWithoutName === null;
  if (prompt.length === 0 && form.promptFromLayerNames && names.firstWithoutName !== null) {
    errors.prompt = `${names.firstWithoutName} has no name of its own: type a prompt for it.`;
  } else if (prompt.length === 0 && !namesAreEnough) errors.prompt = "Describe the image you want.";
  else if (prompt.length > PROMPT_MAX_LENGTH) errors.prompt = tooLong("The prompt", prompt.length, PROMPT_MAX_LENGTH);

  const negativePrompt = form.negativePrompt.trim();
  if (negativePrompt.length > NEGATIVE_PROMPT_MAX_LENGTH) {
    errors.negativePrompt = tooLong("The negative prompt", negativePrompt.length, NEGATIVE_PROMPT_MAX_LENGTH);
  }

  const seed = isRandomSeed(form) ? 0 : parseSeed(form.seedText);
  if (seed === undefined) {
    errors.seed = `Use a whole number from ${SEED_MIN} to ${SEED_MAX}, or leave it empty for a random seed.`;
  }

  if (!Number.isInteger(form.variants) || form.variants < VARIANTS_MIN || form.variants > VARIANTS_MAX) {
    errors.variants = `Choose ${VARIANTS_MIN} to ${VARIANTS_MAX} images per frame.`;
  }

  if (Object.keys(errors).length > 0 || seed === undefined) return { ok: false, errors };
  return {
    ok: true,
    options: {
      prompt,
      negativePrompt,
      modelId: form.modelId,
      aspectRatio: form.aspectRatio,
      outputFormat: form.outputFormat,
      seed,
      variants: form.variants,
      ...(form.promptFromLayerNames ? { promptFromLayerNames: true } : {}),
    },
  };
}

/** A fixed seed: digits only, within Bedrock's range; undefined otherwise. */
export function parseSeed(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return undefined;
  const seed = Number(trimmed);
  return seed >= SEED_MIN && seed <= SEED_MAX ? seed : undefined;
}

function tooLong(what: string, length: number, max: number): string {
  return `${what} is ${length.toLocaleString("en-US")} characters; the limit is ${max.toLocaleString("en-US")}.`;
}

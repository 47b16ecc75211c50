/**
 * What the generation form holds while the designer edits it. The seed stays text until validation, so a half-typed
 * value is never silently turned into a number; an empty seed field means "random" (a new seed for every image).
 */
import type { AspectRatio } from "../../contract/aspect-ratios.js";
import { DEFAULT_MODEL_ID, TEXT_TO_IMAGE_MODELS, type TextToImageModelId } from "../../contract/models.js";
import { DEFAULT_OUTPUT_FORMAT, type OutputFormat } from "../../contract/output-formats.js";
import type { AspectRatioChoice, GenerationMetadata, GenerationOptions } from "../../messages.js";

export interface FormState {
  prompt: string;
  negativePrompt: string;
  modelId: TextToImageModelId;
  aspectRatio: AspectRatioChoice;
  outputFormat: OutputFormat;
  /** Empty: random. Digits: a fixed seed. */
  seedText: string;
  variants: number;
  /** Each layer's own name is its prompt, the typed prompt appended as a shared style. */
  promptFromLayerNames: boolean;
}

export const DEFAULT_FORM: FormState = {
  prompt: "",
  negativePrompt: "",
  modelId: DEFAULT_MODEL_ID,
  aspectRatio: "match",
  outputFormat: DEFAULT_OUTPUT_FORMAT,
  seedText: "",
  variants: 1,
  promptFromLayerNames: false,
};

/** The form as the designer last left it (`save-options`), or as Figma's "Edit prompt" relaunch opens it. */
export function formFromOptions(options: GenerationOptions): FormState {
  return {
    prompt: options.prompt,
    negativePrompt: options.negativePrompt,
    modelId: knownModelId(options.modelId),
    aspectRatio: options.aspectRatio,
    outputFormat: options.outputFormat,
    seedText: options.seed > 0 ? String(options.seed) : "",
    variants: options.variants,
    promptFromLayerNames: options.promptFromLayerNames === true,
  };
}

/**
 * Opens the form on a generated layer's settings, seed kept fixed so an edited prompt keeps the composition. The
 * stored prompt is the layer's whole prompt (its name included when it came from it), so names are not added again.
 */
export function formFromMetadata(metadata: GenerationMetadata, current: FormState): FormState {
  return {
    ...current,
    prompt: metadata.prompt,
    negativePrompt: metadata.negativePrompt,
    modelId: knownModelId(metadata.modelId),
    aspectRatio: metadata.aspectRatio satisfies AspectRatio,
    outputFormat: metadata.outputFormat,
    seedText: metadata.seed > 0 ? String(metadata.seed) : "",
    variants: 1,
    promptFromLayerNames: false,
  };
}

/** Whether the form asks for a new random seed for every image. */
export function isRandomSeed(form: Pick<FormState, "seedText">): boolean {
  return form.seedText.trim() === "";
}

/** A text-to-image model id the form may hold: an edit tool's id, or an unknown one, becomes the default model. */
export function knownModelId(id: string): TextToImageModelId {
  return TEXT_TO_IMAGE_MODELS.find((model) => model.id === id)?.id ?? DEFAULT_MODEL_ID;
}

/**
 * The Stability models Framefill knows, with Bedrock's published on-demand price per image (or per edit): the
 * text-to-image models the Model menu offers, and the image-edit tools (see image-edit-tools.ts), which it must not.
 */
import { IMAGE_EDIT_MODEL_IDS } from "./image-edit-tools.js";

/** "text-to-image": makes a new image from a prompt; "image-edit": changes an image it is given. */
export type ModelKind = "text-to-image" | "image-edit";

export interface ModelInfo {
  /** Bedrock model id, as it appears in `/model/{modelId}/invoke`. */
  readonly id: string;
  readonly name: string;
  readonly kind: ModelKind;
  readonly pricePerImageUsd: number;
}

export const TEXT_TO_IMAGE_MODELS = [
  { id: "stability.stable-image-core-v1:0", name: "Stable Image Core", kind: "text-to-image", pricePerImageUsd: 0.04 },
  { id: "stability.stable-image-core-v1:1", name: "Stable Image Core 1.1", kind: "text-to-image", pricePerImageUsd: 0.04 },
  { id: "stability.sd3-5-large-v1:0", name: "Stable Diffusion 3.5 Large", kind: "text-to-image", pricePerImageUsd: 0.08 },
  { id: "stability.stable-image-ultra-v1:0", name: "Stable Image Ultra", kind: "text-to-image", pricePerImageUsd: 0.14 },
  { id: "stability.stable-image-ultra-v1:1", name: "Stable Image Ultra 1.1", kind: "text-to-image", pricePerImageUsd: 0.14 },
] as const satisfies readonly ModelInfo[];

/**
 * The image-edit tools. Their prices are third-party figures, not confirmed against AWS's price list: admins who
 * know better set PROXY_PRICES.
 */
export const IMAGE_EDIT_MODELS = [
  { id: IMAGE_EDIT_MODEL_IDS.removeBackground, name: "Remove background", kind: "image-edit", pricePerImageUsd: 0.07 },
  { id: IMAGE_EDIT_MODEL_IDS.upscale, name: "Fast upscale", kind: "image-edit", pricePerImageUsd: 0.03 },
  { id: IMAGE_EDIT_MODEL_IDS.outpaint, name: "Outpaint", kind: "image-edit", pricePerImageUsd: 0.06 },
  { id: IMAGE_EDIT_MODEL_IDS.searchReplace, name: "Search and replace", kind: "image-edit", pricePerImageUsd: 0.07 },
  { id: IMAGE_EDIT_MODEL_IDS.erase, name: "Erase object", kind: "image-edit", pricePerImageUsd: 0.07 },
] as const satisfies readonly ModelInfo[];

export const MODELS = [...TEXT_TO_IMAGE_MODELS, ...IMAGE_EDIT_MODELS] as const satisfies readonly ModelInfo[];

export type ModelId = (typeof MODELS)[number]["id"];
export type TextToImageModelId = (typeof TEXT_TO_IMAGE_MODELS)[number]["id"];

/** The models a proxy serves unless its admin configures others (PROXY_MODELS): Core, and every edit tool. */
export const DEFAULT_MODEL_IDS: readonly ModelId[] = [
  "stability.stable-image-core-v1:0",
  "stability.stable-image-core-v1:1",
  ...IMAGE_EDIT_MODELS.map((model) => model.id),
];

export const DEFAULT_MODEL_ID: TextToImageModelId = "stability.stable-image-core-v1:0";

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((model) => model.id === id);
}

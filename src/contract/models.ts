/** The Stability models Framefill knows, with Bedrock's published on-demand price per image. */
export interface ModelInfo {
  /** Bedrock model id, as it appears in `/model/{modelId}/invoke`. */
  readonly id: string;
  readonly name: string;
  readonly pricePerImageUsd: number;
}

export const MODELS = [
  { id: "stability.stable-image-core-v1:0", name: "Stable Image Core", pricePerImageUsd: 0.04 },
  { id: "stability.stable-image-core-v1:1", name: "Stable Image Core 1.1", pricePerImageUsd: 0.04 },
  { id: "stability.sd3-5-large-v1:0", name: "Stable Diffusion 3.5 Large", pricePerImageUsd: 0.08 },
  { id: "stability.stable-image-ultra-v1:0", name: "Stable Image Ultra", pricePerImageUsd: 0.14 },
  { id: "stability.stable-image-ultra-v1:1", name: "Stable Image Ultra 1.1", pricePerImageUsd: 0.14 },
] as const satisfies readonly ModelInfo[];

export type ModelId = (typeof MODELS)[number]["id"];

/** The models a proxy serves unless its admin configures more. */
export const DEFAULT_MODEL_IDS: readonly ModelId[] = [
  "stability.stable-image-core-v1:0",
  "stability.stable-image-core-v1:1",
];

export const DEFAULT_MODEL_ID: ModelId = "stability.stable-image-core-v1:0";

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((model) => model.id === id);
}

/** The GenerationMetadata Framefill stored on a layer (shared data, else what an older version kept privately), or null. */
import type { GenerationMetadata } from "../../messages.js";
import { LEGACY_METADATA_KEY, METADATA_KEY, METADATA_NAMESPACE } from "./metadata-key.js";
import { parseMetadata } from "./parse-metadata.js";

export function readMetadata(node: BaseNode): GenerationMetadata | null {
  return parseMetadata(node.getSharedPluginData(METADATA_NAMESPACE, METADATA_KEY)) ?? parseMetadata(node.getPluginData(LEGACY_METADATA_KEY));
}

/** The GenerationMetadata Framefill stored on a layer, or null. */
import type { GenerationMetadata } from "../../messages.js";
import { METADATA_KEY } from "./metadata-key.js";
import { parseMetadata } from "./parse-metadata.js";

export function readMetadata(node: BaseNode): GenerationMetadata | null {
  return parseMetadata(node.getPluginData(METADATA_KEY));
}

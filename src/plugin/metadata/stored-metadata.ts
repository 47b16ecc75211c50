/** Framefill's metadata on a layer exactly as stored, to put back after a failed placement. */
import type { GenerationMetadata } from "../../messages.js";
import { METADATA_KEY } from "./metadata-key.js";
import { parseMetadata } from "./parse-metadata.js";

export interface StoredMetadata {
  json: string;
}

export function readStoredMetadata(node: BaseNode): StoredMetadata {
  return { json: node.getPluginData(METADATA_KEY) };
}

/** The metadata in what was stored, or null. */
export function metadataFrom(stored: StoredMetadata): GenerationMetadata | null {
  return parseMetadata(stored.json);
}

export function restoreStoredMetadata(node: BaseNode, stored: StoredMetadata): void {
  node.setPluginData(METADATA_KEY, stored.json);
}

/** Framefill's metadata on a layer exactly as stored (shared, and an older version's private copy), to put back. */
import type { GenerationMetadata } from "../../messages.js";
import { LEGACY_METADATA_KEY, METADATA_KEY, METADATA_NAMESPACE } from "./metadata-key.js";
import { parseMetadata } from "./parse-metadata.js";

export interface StoredMetadata {
  shared: string;
  legacy: string;
}

export function readStoredMetadata(node: BaseNode): StoredMetadata {
  return { shared: node.getSharedPluginData(METADATA_NAMESPACE, METADATA_KEY), legacy: node.getPluginData(LEGACY_METADATA_KEY) };
}

/** The metadata in what was stored, as readMetadata reads it, or null. */
export function metadataFrom(stored: StoredMetadata): GenerationMetadata | null {
  return parseMetadata(stored.shared) ?? parseMetadata(stored.legacy);
}

export function restoreStoredMetadata(node: BaseNode, stored: StoredMetadata): void {
  node.setSharedPluginData(METADATA_NAMESPACE, METADATA_KEY, stored.shared);
  if (node.getPluginData(LEGACY_METADATA_KEY) !== stored.legacy) node.setPluginData(LEGACY_METADATA_KEY, stored.legacy);
}

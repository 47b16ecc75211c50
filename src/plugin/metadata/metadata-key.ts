/**
 * Where a filled layer keeps its GenerationMetadata (as JSON): shared plugin data, namespace "framefill", key
 * "generation". Shared data is keyed by namespace, not by plugin id, so it survives the id Figma assigns at publish
 * (private plugin data "will become inaccessible if your plugin ID changes", plugin-api.d.ts:6541).
 */
export const METADATA_NAMESPACE = "framefill";
export const METADATA_KEY = "generation";
/** Where versions before 0.2 kept it: private plugin data under this key. Read, and moved on the next write. */
export const LEGACY_METADATA_KEY = "framefill";

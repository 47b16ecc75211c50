/**
 * The index of images Framefill placed in a file, newest first: each entry is the metadata of the generation that
 * made the image (its hash included), so the image can be put on other layers again without a new request. The index
 * is one entry of document plugin data, which Figma limits to 100 kB, so the oldest images are dropped to fit.
 *
 * @example
 * const next = addRecentImage(parseRecentIndex(stored), placedMetadata);
 * root.setSharedPluginData(RECENT_NAMESPACE, RECENT_KEY, serializeRecentIndex(next));
 */
import type { GenerationMetadata } from "../../messages.js";
import { METADATA_NAMESPACE } from "../metadata/metadata-key.js";
import { parseMetadata } from "../metadata/parse-metadata.js";
import { parseStoredArray } from "../storage/parse-stored-array.js";
import { PLUGIN_DATA_ENTRY_LIMIT_BYTES, pluginDataEntrySize } from "../storage/plugin-data-size.js";

export const RECENT_NAMESPACE = METADATA_NAMESPACE;
export const RECENT_KEY = "recent-images";
/** The strip shows at most this many; older ones are dropped even when they would fit. */
export const RECENT_IMAGES_MAX = 24;

/** The stored index, newest first; entries that are not GenerationMetadata are left out. */
export function parseRecentIndex(json: string): GenerationMetadata[] {
  const entries: GenerationMetadata[] = [];
  for (const item of parseStoredArray(json)) {
    const entry = parseMetadata(JSON.stringify(item));
    if (entry && !entries.some((known) => known.imageHash === entry.imageHash)) entries.push(entry);
  }
  return entries;
}

/** Puts an image first (an image placed again moves to the front, with its latest metadata) and prunes to fit. */
export function addRecentImage(index: ReadonlyArray<GenerationMetadata>, entry: GenerationMetadata): GenerationMetadata[] {
  return pruneRecentIndex([entry, ...index.filter((known) => known.imageHash !== entry.imageHash)]);
}

/** Drops the oldest entries until at most RECENT_IMAGES_MAX remain and the stored entry fits Figma's limit. */
export function pruneRecentIndex(index: ReadonlyArray<GenerationMetadata>): GenerationMetadata[] {
  const kept = index.slice(0, RECENT_IMAGES_MAX);
  while (kept.length > 0 && storedSize(serializeRecentIndex(kept)) > PLUGIN_DATA_ENTRY_LIMIT_BYTES) kept.pop();
  return kept;
}

export function serializeRecentIndex(index: ReadonlyArray<GenerationMetadata>): string {
  return index.length === 0 ? "" : JSON.stringify(index);
}

/** What the entry counts against the limit: its namespace, key and value, as UTF-8. */
export function storedSize(value: string): number {
  return pluginDataEntrySize(RECENT_NAMESPACE, RECENT_KEY, value);
}

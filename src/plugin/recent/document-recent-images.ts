/**
 * The file's recent-images index, read from and written to the document's shared plugin data (namespace
 * "framefill"), so every collaborator on the file sees the same strip. Images Figma no longer has
 * (`getImageByHash` returns null) drop out of the index quietly when it is read.
 */
import type { GenerationMetadata } from "../../messages.js";
import { addRecentImage, parseRecentIndex, RECENT_KEY, RECENT_NAMESPACE, serializeRecentIndex } from "./recent-index.js";

type RecentImagesFigma = Pick<PluginAPI, "root" | "getImageByHash">;

/** The images still in the file, newest first; the stored index is rewritten when some have gone. */
export function readRecentImages(figma: RecentImagesFigma): GenerationMetadata[] {
  const stored = parseRecentIndex(figma.root.getSharedPluginData(RECENT_NAMESPACE, RECENT_KEY));
  const live = stored.filter((entry) => figma.getImageByHash(entry.imageHash) !== null);
  if (live.length !== stored.length) writeIndex(figma, live);
  return live;
}

/** Records an image just placed (with the metadata written on its layer) as the newest recent image. */
export function recordRecentImage(figma: RecentImagesFigma, metadata: GenerationMetadata): void {
  const stored = parseRecentIndex(figma.root.getSharedPluginData(RECENT_NAMESPACE, RECENT_KEY));
  writeIndex(figma, addRecentImage(stored, metadata));
}

/** Drops an image from the index, e.g. when its bytes can no longer be read. */
export function forgetRecentImage(figma: RecentImagesFigma, imageHash: string): void {
  const stored = parseRecentIndex(figma.root.getSharedPluginData(RECENT_NAMESPACE, RECENT_KEY));
  const kept = stored.filter((entry) => entry.imageHash !== imageHash);
  if (kept.length !== stored.length) writeIndex(figma, kept);
}

function writeIndex(figma: RecentImagesFigma, index: ReadonlyArray<GenerationMetadata>): void {
  figma.root.setSharedPluginData(RECENT_NAMESPACE, RECENT_KEY, serializeRecentIndex(index));
}

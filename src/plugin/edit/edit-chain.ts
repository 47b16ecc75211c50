/**
 * A layer's edit chain: every edit Framefill made to its image, oldest first — the tool, what it was given, when, and
 * the image before and after — kept as JSON in shared plugin data (namespace "framefill", key "edits") so it survives
 * the plugin id Figma assigns at publish. Revert follows it back one step at a time. Oldest edits drop off to keep the
 * entry under Figma's 100 kB.
 *
 * @example
 * appendEdit(node, { tool: "upscale", parameters: { tool: "upscale" }, details: {}, seed: 0, createdAt, previousImageHash, imageHash });
 * lastEdit(readEditChain(node), currentHash); // the record Revert undoes, or null
 */
import type { ImageEditTool } from "../../contract/image-edit-tools.js";
import { IMAGE_EDIT_TOOLS } from "../../contract/image-edit-tools.js";
import type { EditParameters } from "../../edit-messages.js";
import { METADATA_NAMESPACE } from "../metadata/metadata-key.js";
import { PLUGIN_DATA_ENTRY_LIMIT_BYTES, pluginDataEntrySize } from "../storage/plugin-data-size.js";

export const EDIT_CHAIN_KEY = "edits";

export interface EditRecord {
  tool: ImageEditTool;
  parameters: EditParameters;
  /** What the tool was actually sent and returned (outpaint's extensions, sizes, a shrink to Figma's limit). */
  details: Record<string, number | string>;
  seed: number;
  /** ISO 8601 time the edited image was placed. */
  createdAt: string;
  previousImageHash: string;
  imageHash: string;
}

export function readEditChain(node: BaseNode): EditRecord[] {
  const json = node.getSharedPluginData(METADATA_NAMESPACE, EDIT_CHAIN_KEY);
  if (json === "") return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter(isEditRecord) : [];
  } catch {
    return [];
  }
}

export function writeEditChain(node: BaseNode, chain: readonly EditRecord[]): void {
  const kept = chain.slice();
  let json = JSON.stringify(kept);
  while (kept.length > 1 && pluginDataEntrySize(METADATA_NAMESPACE, EDIT_CHAIN_KEY, json) > PLUGIN_DATA_ENTRY_LIMIT_BYTES) {
    kept.shift();
    json = JSON.stringify(kept);
  }
  node.setSharedPluginData(METADATA_NAMESPACE, EDIT_CHAIN_KEY, kept.length > 0 ? json : "");
}

/** The edit that made the image the layer shows now, which Revert undoes; null when it was not an edit. */
export function lastEdit(chain: readonly EditRecord[], currentHash: string): EditRecord | null {
  const last = chain[chain.length - 1];
  return last && last.imageHash === currentHash ? last : null;
}

function isEditRecord(value: unknown): value is EditRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    (IMAGE_EDIT_TOOLS as readonly unknown[]).indexOf(record.tool) !== -1 &&
    typeof record.parameters === "object" &&
    record.parameters !== null &&
    typeof record.details === "object" &&
    record.details !== null &&
    typeof record.seed === "number" &&
    typeof record.createdAt === "string" &&
    typeof record.previousImageHash === "string" &&
    typeof record.imageHash === "string"
  );
}

/** Adds an edit to the end of the layer's chain. */
export function appendEdit(node: BaseNode, record: EditRecord): void {
  writeEditChain(node, [...readEditChain(node), record]);
}

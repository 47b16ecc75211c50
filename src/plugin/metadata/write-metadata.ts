/**
 * Stores a generation's metadata on the layer it filled (shared plugin data; an older version's private copy is
 * removed, which is the migration) and gives the layer its relaunch buttons. Relaunch data stays per plugin, as
 * Figma requires: its commands are the manifest's relaunchButtons.
 */
import type { GenerationMetadata } from "../../messages.js";
import { LEGACY_METADATA_KEY, METADATA_KEY, METADATA_NAMESPACE } from "./metadata-key.js";
import { relaunchDescriptions } from "./relaunch-descriptions.js";

export function writeMetadata(node: BaseNode, metadata: GenerationMetadata): void {
  node.setSharedPluginData(METADATA_NAMESPACE, METADATA_KEY, JSON.stringify(metadata));
  if (node.getPluginData(LEGACY_METADATA_KEY) !== "") node.setPluginData(LEGACY_METADATA_KEY, "");
  node.setRelaunchData(relaunchDescriptions(metadata));
}

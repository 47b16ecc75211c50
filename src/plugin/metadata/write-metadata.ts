/** Stores a generation's metadata on the layer it filled and gives the layer its relaunch buttons. */
import type { GenerationMetadata } from "../../messages.js";
import { METADATA_KEY } from "./metadata-key.js";
import { relaunchDescriptions } from "./relaunch-descriptions.js";

export function writeMetadata(node: BaseNode, metadata: GenerationMetadata): void {
  node.setPluginData(METADATA_KEY, JSON.stringify(metadata));
  node.setRelaunchData(relaunchDescriptions(metadata));
}

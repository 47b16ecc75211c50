/** What the UI shows about the selection: each target with the ratio "Match frame" would give it, and the skips. */
import { nearestAspectRatio } from "../../contract/aspect-ratios.js";
import type { SelectionSummary } from "../../messages.js";
import { isDefaultLayerName } from "../names/is-default-layer-name.js";
import type { ResolvedTargets } from "./resolve-targets.js";

export function summarizeSelection({ targets, skipped }: ResolvedTargets): SelectionSummary {
  return {
    targets: targets.map((node) => ({
      id: node.id,
      name: node.name,
      width: node.width,
      height: node.height,
      nearestRatio: nearestAspectRatio(node.width, node.height),
      hasOwnName: !isDefaultLayerName(node.name),
    })),
    skipped: skipped.map((skip) => ({ name: skip.name, reason: skip.reason })),
  };
}

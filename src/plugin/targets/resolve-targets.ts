/**
 * Turns a selection into the layers to fill: fillable layers as they are, groups opened to their fillable layers
 * (groups within groups too), everything else skipped with a reason. Each layer counts once, in selection order.
 */
import type { SkippedNode } from "../../messages.js";
import { type FillableNode, isFillable } from "./fillable.js";
import { skipReason } from "./skip-reason.js";

export interface ResolvedTargets {
  targets: FillableNode[];
  skipped: SkippedNode[];
}

export function resolveTargets(selection: ReadonlyArray<SceneNode>): ResolvedTargets {
  const targets: FillableNode[] = [];
  const skipped: SkippedNode[] = [];
  const seen: { [id: string]: true } = {};
  const visit = (node: SceneNode): void => {
    if (seen[node.id]) return;
    seen[node.id] = true;
    if (isFillable(node)) targets.push(node);
    else if (node.type === "GROUP") node.children.forEach(visit);
    else skipped.push({ name: node.name, reason: skipReason(node.type) });
  };
  selection.forEach(visit);
  return { targets, skipped };
}

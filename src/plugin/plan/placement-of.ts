/** Where a target is now (its size, page and box), remembered for the plan. */
import { type FillableNode } from "../targets/fillable.js";
import { pageOf } from "../targets/page-of.js";
import type { TargetPlacement } from "./plan-generation.js";

export function placementOf(node: FillableNode): TargetPlacement {
  const page = pageOf(node);
  return {
    nodeId: node.id,
    name: node.name,
    width: node.width,
    height: node.height,
    pageId: page ? page.id : null,
    box: node.absoluteBoundingBox ?? { x: node.x, y: node.y, width: node.width, height: node.height },
  };
}

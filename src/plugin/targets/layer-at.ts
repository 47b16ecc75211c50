/** The layer `path` (child indices, from designOf) leads to under `root`, or null when the copy has no such layer. */
import { type FillableNode, isFillable } from "./fillable.js";

export function layerAt(root: SceneNode, path: ReadonlyArray<number>): FillableNode | null {
  let current: BaseNode = root;
  for (const index of path) {
    if (!("children" in current)) return null;
    const child: SceneNode | undefined = (current as ChildrenMixin).children[index];
    if (!child) return null;
    current = child;
  }
  return isFillable(current) ? current : null;
}

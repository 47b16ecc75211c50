/**
 * What an edit works on in a selection: every fillable layer showing an image (frames included), and the other
 * selected layers, which — drawn over an image — mark what Erase removes. Groups are opened as for a generation.
 */
import { resolveTargets } from "../targets/resolve-targets.js";
import type { FillableNode } from "../targets/fillable.js";
import { type EditedPaint, editedPaintOf } from "./edited-paint.js";

export interface EditTarget {
  node: FillableNode;
  edited: EditedPaint;
}

export interface EditTargets {
  images: EditTarget[];
  maskShapes: FillableNode[];
}

export function editTargets(selection: ReadonlyArray<SceneNode>): EditTargets {
  const images: EditTarget[] = [];
  const maskShapes: FillableNode[] = [];
  for (const node of resolveTargets(selection).targets) {
    const edited = Array.isArray(node.fills) ? editedPaintOf(node.fills as ReadonlyArray<Paint>) : null;
    if (edited) images.push({ node, edited });
    else maskShapes.push(node);
  }
  return { images, maskShapes };
}

/** Whether two boxes on the page overlap. */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Grows a section (and the sections around it) right and down so that `box` sits inside it with a margin, as a
 * designer would drag its edge: its children keep their places. Returns the sizes before, to undo a failed placement.
 */
import { VARIANT_GAP } from "../plan/slot-box.js";

export interface SectionSize {
  section: SectionNode;
  width: number;
  height: number;
}

export function growSections(container: BaseNode, box: Rect): SectionSize[] {
  const grown: SectionSize[] = [];
  for (let node: BaseNode | null = container; node && node.type === "SECTION"; node = node.parent) {
    const bounds = node.absoluteBoundingBox;
    if (!bounds) break;
    const width = Math.max(bounds.width, box.x + box.width + VARIANT_GAP - bounds.x);
    const height = Math.max(bounds.height, box.y + box.height + VARIANT_GAP - bounds.y);
    if (width === bounds.width && height === bounds.height) continue;
    grown.push({ section: node, width: node.width, height: node.height });
    node.resizeWithoutConstraints(width, height);
  }
  return grown;
}

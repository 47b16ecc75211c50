/**
 * Copies a layer for one of its extra variants and puts the copy `slot` places to its right, one gap apart, just
 * above it in the same parent. An auto-layout parent keeps its flow (the copy is positioned absolutely); a parent that
 * takes no new layers (an instance, a boolean group) sends the copy to the page, beside the layer's box there.
 */
import { slotBox } from "../plan/slot-box.js";
import type { FillableNode } from "../targets/fillable.js";
import { pageOf } from "../targets/page-of.js";

const PARENTS_FOR_COPIES = ["PAGE", "FRAME", "COMPONENT", "SECTION", "GROUP"];

export async function copyBeside(figma: PluginAPI, node: FillableNode, slot: number): Promise<FillableNode> {
  const page = pageOf(node);
  if (page && page.id !== figma.currentPage.id) await page.loadAsync();
  const box = node.absoluteBoundingBox ?? { x: node.x, y: node.y, width: node.width, height: node.height };
  const parent = node.parent;
  const copy = node.clone() as FillableNode;
  try {
    if (parent && PARENTS_FOR_COPIES.indexOf(parent.type) !== -1 && !insideInstance(parent)) {
      const index = parent.children.map((child) => child.id).indexOf(node.id);
      parent.insertChild(index + 1, copy);
      if ("layoutMode" in parent && parent.layoutMode !== "NONE" && "layoutPositioning" in copy) {
        copy.layoutPositioning = "ABSOLUTE";
      }
      const target = slotBox({ x: node.x, y: node.y, width: node.width, height: node.height }, slot);
      copy.x = target.x;
      copy.y = target.y;
    } else {
      (page ?? figma.currentPage).appendChild(copy);
      const target = slotBox(box, slot);
      copy.x = target.x;
      copy.y = target.y;
    }
  } catch (error) {
    copy.remove();
    throw error;
  }
  return copy;
}

function insideInstance(node: BaseNode): boolean {
  for (let current: BaseNode | null = node; current; current = current.parent) {
    if (current.type === "INSTANCE") return true;
  }
  return false;
}

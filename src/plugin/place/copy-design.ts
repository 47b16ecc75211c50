/**
 * Makes one variant copy of a design at `box` (its bounding box there, so rotated designs line up) in the page or
 * section that holds the design, just above the design in the layer list. A main component is copied as an instance
 * of itself, so the copy follows the component and never adds a component; anything else (an instance included) is
 * cloned. Sections grow to hold the copy.
 */
import { growSections, type SectionSize } from "./grow-sections.js";

export interface DesignCopy {
  copy: SceneNode;
  /** Section sizes before they grew, to put back if the placement fails. */
  grown: SectionSize[];
}

export function copyDesign(design: SceneNode, container: BaseNode & ChildrenMixin, box: Rect, name: string): DesignCopy {
  const copy: SceneNode = design.type === "COMPONENT" ? design.createInstance() : design.clone();
  try {
    const index = container.children.indexOf(design);
    if (index === -1) container.appendChild(copy);
    else container.insertChild(index + 1, copy);
    copy.name = name;
    const bounds = copy.absoluteBoundingBox ?? { x: copy.x, y: copy.y, width: copy.width, height: copy.height };
    copy.x += box.x - bounds.x;
    copy.y += box.y - bounds.y;
    return { copy, grown: growSections(container, box) };
  } catch (error) {
    copy.remove();
    throw error;
  }
}

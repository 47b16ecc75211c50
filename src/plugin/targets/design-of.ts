/**
 * The design a layer belongs to, which variants copy whole: its top-level layer (the one whose parent is the page or
 * a section), or the layer itself when it is top-level. A variant of a component set is a design of its own, so a
 * copy never lands inside the set. `path` leads from the design down to the layer, child index by child index: the
 * same path finds the matching layer in a copy, and in an instance of a component design.
 */
export interface DesignPlace {
  design: SceneNode;
  /** Where copies of the design go: the page or section holding it. */
  container: BaseNode & ChildrenMixin;
  path: number[];
}

export function designOf(node: SceneNode): DesignPlace | null {
  const path: number[] = [];
  let current: SceneNode = node;
  for (;;) {
    const parent: (BaseNode & ChildrenMixin) | null = current.parent;
    if (!parent || parent.type === "DOCUMENT") return null;
    if (parent.type === "PAGE" || parent.type === "SECTION") return { design: current, container: parent, path: path.reverse() };
    if (parent.type === "COMPONENT_SET") {
      const holder = parent.parent;
      return holder && holder.type !== "DOCUMENT" ? { design: current, container: holder, path: path.reverse() } : null;
    }
    path.push(parent.children.indexOf(current));
    current = parent as SceneNode;
  }
}

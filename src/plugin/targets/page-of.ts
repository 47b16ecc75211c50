/** The page a layer is on, or null when it is no longer in the document. */
export function pageOf(node: BaseNode): PageNode | null {
  for (let current: BaseNode | null = node; current; current = current.parent) {
    if (current.type === "PAGE") return current;
  }
  return null;
}

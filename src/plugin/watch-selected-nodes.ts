/**
 * Calls `changed` when a layer in the selection, or inside it, changes while the selection stays the same: ⌘Z taking
 * an edit back changes the image the edit panel describes, and Figma sends no "selectionchange" for it. Listens to the
 * current page's "nodechange" (plugin-api.d.ts:10721; the event a "dynamic-page" plugin may use without loading every
 * page) and follows the designer to another page. A burst of changes makes one call.
 *
 * @example
 * watchSelectedNodes(figma, () => session.onSelectionChange());
 */
export function watchSelectedNodes(figma: PluginAPI, changed: () => void): void {
  let page = figma.currentPage;
  let pending = false;
  const onNodeChange = (event: NodeChangeEvent): void => {
    if (pending) return;
    const selected = new Set(figma.currentPage.selection.map((node) => node.id));
    if (!event.nodeChanges.some((change) => touches(change, selected))) return;
    pending = true;
    void Promise.resolve().then(() => {
      pending = false;
      changed();
    });
  };
  page.on("nodechange", onNodeChange);
  figma.on("currentpagechange", () => {
    page.off("nodechange", onNodeChange);
    page = figma.currentPage;
    page.on("nodechange", onNodeChange);
  });
}

/** The change is to a selected layer or to a layer inside one. */
function touches(change: NodeChange, selected: ReadonlySet<string>): boolean {
  if (selected.has(change.id)) return true;
  if (change.node.removed) return false;
  for (let parent = change.node.parent; parent; parent = parent.parent) if (selected.has(parent.id)) return true;
  return false;
}

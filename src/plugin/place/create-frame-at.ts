/** Creates an empty frame named `name` at `box` on the given page (the current page when that page is gone). */
export async function createFrameAt(figma: PluginAPI, pageId: string | null, box: Rect, name: string): Promise<FrameNode> {
  const found = pageId === null ? null : await figma.getNodeByIdAsync(pageId);
  const page = found && found.type === "PAGE" ? found : figma.currentPage;
  const elsewhere = page.id !== figma.currentPage.id;
  if (elsewhere) await page.loadAsync();
  const frame = figma.createFrame();
  try {
    if (elsewhere) page.appendChild(frame);
    frame.name = name;
    frame.resize(box.width, box.height);
    frame.x = box.x;
    frame.y = box.y;
    frame.fills = [];
  } catch (error) {
    frame.remove();
    throw error;
  }
  return frame;
}

/**
 * Erase's mask: the shapes the designer drew over an image, rendered white on black at the image's own pixel size
 * with `exportAsync`. A temporary frame the size of the whole image as the layer draws it (see imageRectInLayer)
 * holds a white copy of each shape at its place over the image; it is exported at the image's width in pixels and
 * removed again, within the same undo step as the edit.
 *
 * @example
 * const mask = await renderMask(figma, target.node, rect, { width: 1024, height: 1024 }, shapes); // PNG bytes
 */
import type { Box } from "./image-placement.js";

const WHITE: SolidPaint = { type: "SOLID", color: { r: 1, g: 1, b: 1 } };
const BLACK: SolidPaint = { type: "SOLID", color: { r: 0, g: 0, b: 0 } };

export async function renderMask(
  figma: PluginAPI,
  layer: SceneNode,
  /** Where the layer draws the whole image, in the layer's coordinates. */
  imageRect: Box,
  imageSize: { width: number; height: number },
  shapes: readonly SceneNode[],
): Promise<Uint8Array> {
  const layerBox = layer.absoluteBoundingBox ?? { x: layer.x, y: layer.y, width: layer.width, height: layer.height };
  const origin = { x: layerBox.x + imageRect.x, y: layerBox.y + imageRect.y };
  const frame = figma.createFrame();
  try {
    frame.name = "Framefill erase mask";
    frame.resize(imageRect.width, imageRect.height);
    frame.x = origin.x;
    frame.y = origin.y;
    frame.fills = [BLACK];
    frame.clipsContent = true;
    for (const shape of shapes) {
      const copy = shape.clone();
      frame.appendChild(copy);
      const position = topLeftOf(shape);
      copy.x = position.x - origin.x;
      copy.y = position.y - origin.y;
      if ("fills" in copy) copy.fills = [WHITE];
      if ("strokes" in copy) copy.strokes = [];
      if ("opacity" in copy) copy.opacity = 1;
      copy.visible = true;
    }
    return await frame.exportAsync({ format: "PNG", constraint: { type: "WIDTH", value: imageSize.width } });
  } finally {
    frame.remove();
  }
}

/** A layer's x/y on the page: its bounding box moved back by what its rotation about the top-left adds (plugin-api.d.ts:7414). */
function topLeftOf(node: SceneNode): { x: number; y: number } {
  const box = node.absoluteBoundingBox ?? { x: node.x, y: node.y, width: node.width, height: node.height };
  const rotation = "rotation" in node ? node.rotation : 0;
  if (!rotation) return { x: box.x, y: box.y };
  const radians = (rotation * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const corners = [[0, 0], [node.width, 0], [0, node.height], [node.width, node.height]];
  const xs = corners.map(([u, v]) => u! * cos + v! * sin);
  const ys = corners.map(([u, v]) => -u! * sin + v! * cos);
  return { x: box.x - Math.min(...xs), y: box.y - Math.min(...ys) };
}

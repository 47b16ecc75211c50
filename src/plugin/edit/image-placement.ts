/**
 * Where an image paint draws the whole image, in the layer's own coordinates, and which point of the image the
 * layer shows at its centre. FILL covers the layer and FIT fits inside it, both centred; CROP follows the paint's
 * `imageTransform` (the layer's unit square in the image's unit square); TILE is treated as FILL.
 *
 * @example
 * imageRectInLayer({ type: "IMAGE", scaleMode: "FILL", imageHash: "h" }, { width: 1440, height: 320 }, { width: 1024, height: 1024 });
 * // { x: 0, y: -560, width: 1440, height: 1440 }
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function imageRectInLayer(paint: ImagePaint, layer: { width: number; height: number }, image: { width: number; height: number }): Box {
  const transform = paint.imageTransform;
  if (paint.scaleMode === "CROP" && transform) {
    const [[a, , tx], [, d, ty]] = transform;
    if (a > 0 && d > 0) {
      const width = layer.width / a;
      const height = layer.height / d;
      return { x: -tx * width, y: -ty * height, width, height };
    }
  }
  const fit = paint.scaleMode === "FIT";
  const scale = (fit ? Math.min : Math.max)(layer.width / image.width, layer.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  return { x: (layer.width - width) / 2, y: (layer.height - height) / 2, width, height };
}

/** The point of the image at the layer's centre, as fractions (0–1) of the image's width and height. */
export function cropCenterOf(rect: Box, layer: { width: number; height: number }): { x: number; y: number } {
  const clamp = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5);
  return { x: clamp((layer.width / 2 - rect.x) / rect.width), y: clamp((layer.height / 2 - rect.y) / rect.height) };
}

/**
 * The fill rule. A new image becomes an IMAGE paint with `scaleMode: "FILL"`. If the layer still has the IMAGE
 * paint Framefill placed there before (the paint whose `imageHash` is the one in the layer's Framefill metadata), the
 * new paint takes that paint's place in the stack; every other paint stays as it was — solid colours, gradients and
 * images the designer added. If Framefill placed nothing there before (or the designer removed that paint), the new
 * paint goes on top of the existing ones, which stay underneath.
 */
export function fillWithImage(fills: ReadonlyArray<Paint>, placedHash: string | null, imageHash: string): Paint[] {
  const paint: ImagePaint = { type: "IMAGE", imageHash, scaleMode: "FILL" };
  const next = fills.slice();
  for (let index = next.length - 1; index >= 0 && placedHash !== null; index--) {
    const existing = next[index]!;
    if (existing.type === "IMAGE" && existing.imageHash === placedHash) {
      next[index] = paint;
      return next;
    }
  }
  next.push(paint);
  return next;
}

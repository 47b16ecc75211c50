/**
 * Which paint of a layer an edit changes: the topmost visible IMAGE paint that holds an image — the one the designer
 * sees. Every other paint stays as it is.
 */
export interface EditedPaint {
  index: number;
  paint: ImagePaint & { imageHash: string };
}

export function editedPaintOf(fills: ReadonlyArray<Paint>): EditedPaint | null {
  for (let index = fills.length - 1; index >= 0; index--) {
    const paint = fills[index]!;
    if (paint.type === "IMAGE" && paint.visible !== false && typeof paint.imageHash === "string" && paint.imageHash !== "") {
      return { index, paint: paint as ImagePaint & { imageHash: string } };
    }
  }
  return null;
}

/**
 * The layer's fills with the paint that shows `previousHash` now showing `imageHash`, and nothing else changed: its
 * scale mode, transform, opacity and filters stay, as does every other paint. Null when no paint shows `previousHash`
 * any more (the designer changed the layer meanwhile).
 */
export function replaceImagePaint(fills: ReadonlyArray<Paint>, previousHash: string, imageHash: string): Paint[] | null {
  for (let index = fills.length - 1; index >= 0; index--) {
    const paint = fills[index]!;
    if (paint.type === "IMAGE" && paint.imageHash === previousHash) {
      const next = fills.slice();
      next[index] = { ...paint, imageHash };
      return next;
    }
  }
  return null;
}

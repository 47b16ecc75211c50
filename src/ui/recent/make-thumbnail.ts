/**
 * Makes a small square thumbnail (a data: URL) from an image's original bytes, as `figma.getImageByHash(hash)
 * .getBytesAsync()` gives them: the image is scaled to cover the square and cropped to its centre. Browser-only
 * (createImageBitmap and a canvas).
 *
 * @example
 * img.src = await makeThumbnail(bytes, 112);
 */
export async function makeThumbnail(bytes: Uint8Array, size: number): Promise<string> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  try {
    const scale = size / Math.min(bitmap.width, bitmap.height);
    const width = bitmap.width * scale;
    const height = bitmap.height * scale;
    const canvas = document.createElement("canvas");
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("No 2D canvas to draw the thumbnail on.");
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, (size - width) / 2, (size - height) / 2, width, height);
    return canvas.toDataURL("image/png");
  } finally {
    bitmap.close();
  }
}

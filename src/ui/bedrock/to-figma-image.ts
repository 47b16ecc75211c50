/**
 * Makes image bytes acceptable to figma.createImage (PNG, JPEG or GIF): those pass through untouched; anything else
 * the browser can decode (WebP) is drawn on a canvas and re-encoded as PNG. Browser-only (createImageBitmap).
 */
import { FIGMA_IMAGE_FORMATS, sniffImageFormat } from "./sniff-image-format.js";

export async function toFigmaImage(bytes: Uint8Array): Promise<Uint8Array> {
  const format = sniffImageFormat(bytes);
  if (FIGMA_IMAGE_FORMATS.includes(format)) return bytes;
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: `image/${format}` }));
  try {
    const png = await encodePng(bitmap);
    return new Uint8Array(await png.arrayBuffer());
  } finally {
    bitmap.close();
  }
}

async function encodePng(bitmap: ImageBitmap): Promise<Blob> {
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0);
    return canvas.convertToBlob({ type: "image/png" });
  }
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext("2d")!.drawImage(bitmap, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The image could not be converted to PNG."))), "image/png"),
  );
}

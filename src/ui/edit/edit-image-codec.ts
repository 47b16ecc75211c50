/**
 * Reading and re-encoding images in the browser for edits: an image's pixel size, and the image drawn at a new size
 * as PNG (a GIF Bedrock refuses, an input over a tool's limit, a result over Figma's 4096 px, a mask matched to its
 * input). createImageBitmap decodes; OffscreenCanvas (or a canvas element) draws and encodes.
 *
 * @example
 * const { width, height } = await browserImageCodec.size(bytes);
 * const png = await browserImageCodec.toPng(bytes, 1024, 1024);
 */
export interface EditImageCodec {
  size(bytes: Uint8Array): Promise<{ width: number; height: number }>;
  /** The image drawn at `width` × `height` (smoothly scaled), encoded as PNG. */
  toPng(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array>;
}

export const browserImageCodec: EditImageCodec = {
  async size(bytes) {
    const bitmap = await decode(bytes);
    try {
      return { width: bitmap.width, height: bitmap.height };
    } finally {
      bitmap.close();
    }
  },
  async toPng(bytes, width, height) {
    const bitmap = await decode(bytes);
    try {
      return new Uint8Array(await (await drawPng(bitmap, width, height)).arrayBuffer());
    } finally {
      bitmap.close();
    }
  },
};

function decode(bytes: Uint8Array): Promise<ImageBitmap> {
  return createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
}

async function drawPng(bitmap: ImageBitmap, width: number, height: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d")!;
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, width, height);
    return canvas.convertToBlob({ type: "image/png" });
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d")!;
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The image could not be encoded as PNG."))), "image/png"),
  );
}

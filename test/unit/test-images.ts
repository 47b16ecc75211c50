/** Real encoded images for tests, made with sharp: a solid colour at a given size and format. */
import sharp from "sharp";

export type TestImageFormat = "png" | "jpeg" | "gif" | "webp";

export async function makeImage(
  width: number,
  height: number,
  format: TestImageFormat = "png",
  color: { r: number; g: number; b: number } = { r: 200, g: 80, b: 40 },
): Promise<Uint8Array> {
  const image = sharp({ create: { width, height, channels: 3, background: color } });
  const buffer = await image.toFormat(format).toBuffer();
  return new Uint8Array(buffer);
}

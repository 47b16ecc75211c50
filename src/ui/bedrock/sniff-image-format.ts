/**
 * Tells an image's format from its first bytes, so the UI converts what Figma cannot take (WebP, or anything
 * unexpected) instead of trusting the format it asked for.
 */
export type SniffedFormat = "png" | "jpeg" | "gif" | "webp" | "unknown";

/** The formats figma.createImage accepts. */
export const FIGMA_IMAGE_FORMATS: readonly SniffedFormat[] = ["png", "jpeg", "gif"];

export function sniffImageFormat(bytes: Uint8Array): SniffedFormat {
  const starts = (signature: readonly number[], offset = 0) =>
    bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (starts([0xff, 0xd8, 0xff])) return "jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38])) return "gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  return "unknown";
}

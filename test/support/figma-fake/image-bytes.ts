/**
 * Reads an encoded image's format and pixel size from its header, the way Figma decides whether `createImage` takes
 * it: PNG, JPEG and GIF only, at most 4096 × 4096.
 */
export type FigmaImageFormat = "png" | "jpeg" | "gif";

export interface ImageHeader {
  format: FigmaImageFormat | "webp" | "unknown";
  width: number;
  height: number;
}

export const MAX_IMAGE_SIDE = 4096;

/** The format and size in the header, or format "unknown" (size 0) when the bytes are no image Figma knows. */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && ascii(bytes, 12, 16) === "IHDR") {
    return { format: "png", width: uint32(bytes, 16), height: uint32(bytes, 20) };
  }
  if (bytes.length >= 10 && (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a")) {
    return { format: "gif", width: bytes[6]! | (bytes[7]! << 8), height: bytes[8]! | (bytes[9]! << 8) };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return readJpegHeader(bytes);
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return { format: "webp", width: 0, height: 0 };
  return { format: "unknown", width: 0, height: 0 };
}

/** Walks the JPEG segments to the first start-of-frame marker, which holds the size. */
function readJpegHeader(bytes: Uint8Array): ImageHeader {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) break;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const standalone = marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
    if (standalone) {
      offset += 2;
      continue;
    }
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame && offset + 9 <= bytes.length) {
      return { format: "jpeg", height: uint16(bytes, offset + 5), width: uint16(bytes, offset + 7) };
    }
    offset += 2 + uint16(bytes, offset + 2);
  }
  return { format: "unknown", width: 0, height: 0 };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  if (bytes.length < end) return "";
  return String.fromCharCode(...bytes.subarray(start, end));
}

function uint16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

function uint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

/**
 * The format and pixel size of a PNG, JPEG or WebP image, read from its header alone (image-size, no decoding), so
 * the proxy can check an edit's input against the tool's limits and the UI can decide whether to shrink it. Anything
 * else (GIF, a truncated or damaged header) reads as undefined.
 *
 * @example
 * readImageSize(pngBytes); // { format: "png", width: 1440, height: 320 }
 * readImageSizeFromBase64(body.image); // the same, from the base64 text of a request body
 */
import type { IImage } from "image-size/types/interface";
import { JPG } from "image-size/types/jpg";
import { PNG } from "image-size/types/png";
import { WEBP } from "image-size/types/webp";
import type { Size } from "./aspect-ratios.js";
import type { OutputFormat } from "./output-formats.js";

export interface ImageHeader extends Size {
  format: OutputFormat;
}

/** The three formats Bedrock's image services take, with image-size's reader for each (only these are bundled). */
const READERS: readonly (readonly [OutputFormat, IImage])[] = [
  ["png", PNG],
  ["jpeg", JPG],
  ["webp", WEBP],
];

export function readImageSize(bytes: Uint8Array): ImageHeader | undefined {
  for (const [format, reader] of READERS) {
    try {
      if (!reader.validate(bytes)) continue;
      const { width, height } = reader.calculate(bytes);
      return width > 0 && height > 0 ? { format, width, height } : undefined;
    } catch {
      return undefined; // a header image-size finds damaged or cut off
    }
  }
  return undefined;
}

/** Characters of base64 decoded first: every PNG and WebP header, and most JPEG headers, lie within them. */
const BASE64_HEAD_CHARACTERS = 64 * 1024;

/**
 * `readImageSize` of base64 text (as in a request's `image` field). Decodes only the head, and the whole image only
 * for a JPEG whose frame header lies further in (after large EXIF or ICC segments). Undefined for text that is not
 * standard, padded base64.
 */
export function readImageSizeFromBase64(base64: string): ImageHeader | undefined {
  if (!isBase64(base64)) return undefined;
  const head = readImageSize(decodeBase64(base64.slice(0, BASE64_HEAD_CHARACTERS)));
  if (head || base64.length <= BASE64_HEAD_CHARACTERS) return head;
  return readImageSize(decodeBase64(base64));
}

/** Standard base64 (RFC 4648 §4) with its padding and nothing else: no whitespace, no URL-safe alphabet. */
export function isBase64(text: string): boolean {
  return text.length > 0 && text.length % 4 === 0 && BASE64_PATTERN.test(text);
}

const BASE64_PATTERN = /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * What the request log needs from Bedrock's image answer (how many images, the finish reasons, the seeds), read
 * without decoding or parsing the images: a 1.5 MB answer is almost all base64 inside JSON strings. A small body is
 * parsed whole; in a large one every long string is skipped with a native byte search and only the skeleton left
 * (keys, numbers, short strings) is parsed, which still refuses a body that is not JSON, is cut off, or has no seeds.
 *
 * @example
 * readResponseSummary(new TextEncoder().encode('{"seeds":[7],"finish_reasons":[null],"images":["iVBOR..."]}'));
 * // { images: 1, finishReasons: [null], seeds: [7] }
 */
import type { TextToImageResponse } from "../../src/contract/index.js";

export interface ResponseSummary {
  images: number;
  finishReasons: (string | null)[];
  seeds: number[];
}

/** Bodies up to this size are parsed whole. */
const PARSE_WHOLE_BYTES = 64 * 1024;
/** Strings longer than this (images) are left out of the skeleton. */
const LONG_STRING_BYTES = 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const decoder = new TextDecoder();

/** The summary, or undefined when the body is not Bedrock's image response. */
export function readResponseSummary(body: Uint8Array): ResponseSummary | undefined {
  let parsed: Partial<TextToImageResponse>;
  try {
    const text = body.byteLength <= PARSE_WHOLE_BYTES ? decoder.decode(body) : skeleton(body);
    if (text === undefined) return undefined;
    parsed = JSON.parse(text) as Partial<TextToImageResponse>;
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== "object" || !Array.isArray(parsed.seeds)) return undefined;
  return {
    images: Array.isArray(parsed.images) ? parsed.images.length : 0,
    finishReasons: Array.isArray(parsed.finish_reasons) ? parsed.finish_reasons : [],
    seeds: parsed.seeds,
  };
}

/** The JSON text with every long string emptied (`"…"` becomes `""`); undefined when a string never ends. */
function skeleton(body: Uint8Array): string | undefined {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parts: string[] = [];
  let kept = 0;
  // Outside strings, every quote opens one; jumping from each string's end keeps the search outside strings.
  for (let open = bytes.indexOf(QUOTE); open >= 0; ) {
    const close = closingQuote(bytes, open + 1);
    if (close < 0) return undefined;
    if (close - open - 1 > LONG_STRING_BYTES) {
      parts.push(decoder.decode(bytes.subarray(kept, open + 1)));
      kept = close;
    }
    open = bytes.indexOf(QUOTE, close + 1);
  }
  parts.push(decoder.decode(bytes.subarray(kept)));
  return parts.join("");
}

/** The index of the quote that ends a string whose content starts at `from`, or -1. */
function closingQuote(bytes: Buffer, from: number): number {
  for (let quote = bytes.indexOf(QUOTE, from); quote >= 0; quote = bytes.indexOf(QUOTE, quote + 1)) {
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && bytes[quote - backslashes - 1] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

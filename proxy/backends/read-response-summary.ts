/**
 * What the request log needs from Bedrock's image answer (how many images, the finish reasons, the seeds), read
 * without decoding or parsing the images: a 1.5 MB answer is almost all base64 inside JSON strings. Every long string
 * is skipped with a native byte search and only the skeleton left (keys, numbers, short strings) is parsed, which
 * still refuses a body that is not JSON, is cut off, or has no seeds. The body may arrive in chunks (a streamed
 * answer): the reader keeps only the skeleton, never the images.
 *
 * @example
 * readResponseSummary(new TextEncoder().encode('{"seeds":[7],"finish_reasons":[null],"images":["iVBOR..."]}'));
 * // { images: 1, finishReasons: [null], seeds: [7] }
 * const reader = createResponseSummaryReader();
 * for await (const chunk of body) reader.push(chunk);
 * reader.finish(); // the same summary, or undefined
 */
import type { TextToImageResponse } from "../../src/contract/index.js";

export interface ResponseSummary {
  images: number;
  finishReasons: (string | null)[];
  seeds: number[];
}

/** Strings longer than this (images) are left out of the skeleton. */
const LONG_STRING_BYTES = 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const QUOTE_BYTES = Buffer.from('"');
const decoder = new TextDecoder();

/** The summary, or undefined when the body is not Bedrock's image response. */
export function readResponseSummary(body: Uint8Array): ResponseSummary | undefined {
  const reader = createResponseSummaryReader();
  reader.push(body);
  return reader.finish();
}

export interface ResponseSummaryReader {
  /** The body's next bytes; they are not kept (the skeleton is copied out of them). */
  push(chunk: Uint8Array): void;
  /** The summary of everything pushed, or undefined when it is not Bedrock's image response. */
  finish(): ResponseSummary | undefined;
}

/** Reads a body chunk by chunk, keeping its skeleton: the JSON text with every long string emptied (`"…"` → `""`). */
export function createResponseSummaryReader(): ResponseSummaryReader {
  const skeleton: Buffer[] = [];
  let inString = false;
  /** Inside a string, the chunk before ended on an odd run of backslashes: the next byte is escaped. */
  let escaped = false;
  /** The open string's bytes while it is short enough to keep. */
  let shortString: Buffer[] = [];
  let stringBytes = 0;

  return {
    push(chunk) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (let at = 0; at < bytes.length; ) {
        if (!inString) {
          // Outside strings, every quote opens one.
          const open = bytes.indexOf(QUOTE, at);
          const end = open < 0 ? bytes.length : open + 1;
          skeleton.push(Buffer.from(bytes.subarray(at, end)));
          at = end;
          if (open >= 0) {
            inString = true;
            shortString = [];
            stringBytes = 0;
          }
          continue;
        }
        const from = escaped ? at + 1 : at;
        escaped = false;
        const close = closingQuote(bytes, from);
        const end = close < 0 ? bytes.length : close;
        stringBytes += end - at;
        if (stringBytes <= LONG_STRING_BYTES) shortString.push(Buffer.from(bytes.subarray(at, end)));
        else shortString = [];
        if (close < 0) {
          escaped = trailingBackslashes(bytes, from) % 2 === 1;
          return;
        }
        if (stringBytes <= LONG_STRING_BYTES) skeleton.push(...shortString);
        skeleton.push(QUOTE_BYTES);
        inString = false;
        at = close + 1;
      }
    },
    finish() {
      if (inString) return undefined;
      let parsed: Partial<TextToImageResponse>;
      try {
        parsed = JSON.parse(decoder.decode(Buffer.concat(skeleton))) as Partial<TextToImageResponse>;
      } catch {
        return undefined;
      }
      if (!parsed || typeof parsed !== "object" || !Array.isArray(parsed.seeds)) return undefined;
      return {
        images: Array.isArray(parsed.images) ? parsed.images.length : 0,
        finishReasons: Array.isArray(parsed.finish_reasons) ? parsed.finish_reasons : [],
        seeds: parsed.seeds,
      };
    },
  };
}

/** The index of the first unescaped quote at or after `from` (escapes counted from `from`), or -1. */
function closingQuote(bytes: Buffer, from: number): number {
  for (let quote = bytes.indexOf(QUOTE, from); quote >= 0; quote = bytes.indexOf(QUOTE, quote + 1)) {
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && bytes[quote - backslashes - 1] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

/** How many backslashes end `bytes`, counting no further back than `from`. */
function trailingBackslashes(bytes: Buffer, from: number): number {
  let count = 0;
  while (bytes.length - count - 1 >= from && bytes[bytes.length - count - 1] === BACKSLASH) count++;
  return count;
}

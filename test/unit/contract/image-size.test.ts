import { describe, expect, it } from "vitest";
import { isBase64, readImageSize, readImageSizeFromBase64 } from "../../../src/contract/index.js";
import { makeImage } from "../test-images.js";

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** A PNG whose header says `width`×`height` (IHDR's width at byte 16, height at 20), the pixels left as they were. */
function withHeaderSize(png: Uint8Array, width: number, height: number): Uint8Array {
  const bytes = png.slice();
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

describe("readImageSize", () => {
  it("reads the format and size of a PNG, a JPEG and a WebP from the header", async () => {
    expect(readImageSize(await makeImage(1440, 320, "png"))).toEqual({ format: "png", width: 1440, height: 320 });
    expect(readImageSize(await makeImage(30, 20, "jpeg"))).toEqual({ format: "jpeg", width: 30, height: 20 });
    expect(readImageSize(await makeImage(20, 30, "webp"))).toEqual({ format: "webp", width: 20, height: 30 });
  });

  it("reads nothing from a GIF, an empty or cut-off header, or a header that says zero pixels", async () => {
    expect(readImageSize(await makeImage(30, 20, "gif"))).toBeUndefined();
    expect(readImageSize(new Uint8Array())).toBeUndefined();
    expect(readImageSize((await makeImage(30, 20, "png")).slice(0, 20))).toBeUndefined();
    expect(readImageSize((await makeImage(30, 20, "jpeg")).slice(0, 30))).toBeUndefined();
    expect(readImageSize((await makeImage(30, 20, "webp")).slice(0, 20))).toBeUndefined();
    const png = await makeImage(30, 20, "png");
    expect(readImageSize(withHeaderSize(png, 30, 20))).toEqual({ format: "png", width: 30, height: 20 });
    expect(readImageSize(withHeaderSize(png, 0, 20))).toBeUndefined();
    expect(readImageSize(withHeaderSize(png, 30, 0))).toBeUndefined();
  });
});

describe("readImageSizeFromBase64", () => {
  it("reads the size from a request's base64 text", async () => {
    expect(readImageSizeFromBase64(base64(await makeImage(33, 21, "png")))).toEqual({ format: "png", width: 33, height: 21 });
    expect(readImageSizeFromBase64(base64(await makeImage(21, 33, "jpeg")))).toEqual({ format: "jpeg", width: 21, height: 33 });
  });

  it("reads nothing from base64 that is not standard and padded, though atob would forgive it", async () => {
    const text = base64(await makeImage(33, 21, "png"));
    expect(text.endsWith("=")).toBe(true);
    expect(atob(text.replace(/=+$/, "")).length).toBe(atob(text).length); // atob takes it unpadded...
    expect(readImageSizeFromBase64(text.replace(/=+$/, ""))).toBeUndefined(); // ...Bedrock does not
    const wrapped = `${text.slice(0, 40)}\n${text.slice(40, -1)}`; // a MIME-style line break, the last "=" dropped to keep the length
    expect(wrapped.length % 4).toBe(0);
    expect(atob(wrapped)).toBe(atob(text));
    expect(readImageSizeFromBase64(wrapped)).toBeUndefined();
    expect(readImageSizeFromBase64("")).toBeUndefined();
  });
});

describe("isBase64", () => {
  it("accepts standard base64 with its padding", () => {
    for (const text of ["AAAA", "AB+/", "AA==", "AAA=", "AAAAAA==", "AAAAAAA=", "Zm9vYmFy"]) expect(isBase64(text), text).toBe(true);
  });

  it("refuses empty text, a length that is not a multiple of 4, misplaced padding, whitespace and the URL-safe alphabet", () => {
    for (const text of ["", "A", "AAA", "AAAAA", "A===", "====", "AA=A", "A=AA", "=AAA", "AAAA====", "AAAAA===", "-_AA", "AA-_", "AA A", " AAA", "AAA ", "AAA\n", "\nAAA", "AAAA\nAAA", "AAAA*AAA"]) {
      expect(isBase64(text), JSON.stringify(text)).toBe(false);
    }
  });
});

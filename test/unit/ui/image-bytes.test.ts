import { describe, expect, it } from "vitest";
import { decodeBase64 } from "../../../src/ui/bedrock/decode-base64.js";
import { sniffImageFormat } from "../../../src/ui/bedrock/sniff-image-format.js";
import { PNG_BASE64 } from "./fakes.js";

describe("decodeBase64", () => {
  it("decodes to the same bytes as Node's decoder, ignoring line breaks", () => {
    const bytes = decodeBase64(PNG_BASE64.slice(0, 20) + "\n" + PNG_BASE64.slice(20));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).equals(Buffer.from(PNG_BASE64, "base64"))).toBe(true);
  });
});

describe("sniffImageFormat", () => {
  it("knows PNG, JPEG, GIF and WebP by their first bytes", () => {
    expect(sniffImageFormat(decodeBase64(PNG_BASE64))).toBe("png");
    expect(sniffImageFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpeg");
    expect(sniffImageFormat(new TextEncoder().encode("GIF89a"))).toBe("gif");
    expect(sniffImageFormat(new TextEncoder().encode("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))).toBe("webp");
    expect(sniffImageFormat(new TextEncoder().encode("RIFF\u0000\u0000\u0000\u0000WAVE"))).toBe("unknown");
    expect(sniffImageFormat(new Uint8Array())).toBe("unknown");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HTTP2_CLIENT_PREFACE, detectProtocol } from "../../../proxy/server/detect-protocol.js";

describe("detectProtocol", () => {
  it("recognises the HTTP/2 client preface, alone or followed by frames", () => {
    expect(detectProtocol(HTTP2_CLIENT_PREFACE)).toBe("h2");
    expect(detectProtocol(Buffer.concat([HTTP2_CLIENT_PREFACE, Buffer.from([0, 0, 0, 4, 0])]))).toBe("h2");
  });

  it("waits for more bytes while the head is a proper prefix of the preface", () => {
    for (let length = 0; length < HTTP2_CLIENT_PREFACE.length; length++) {
      expect(detectProtocol(HTTP2_CLIENT_PREFACE.subarray(0, length))).toBeUndefined();
    }
  });

  it("calls HTTP/1.1 request lines HTTP/1.1 as soon as they leave the preface", () => {
    expect(detectProtocol(Buffer.from("P"))).toBeUndefined();
    expect(detectProtocol(Buffer.from("PO"))).toBe("http/1.1");
    expect(detectProtocol(Buffer.from("GET / HTTP/1.1\r\n"))).toBe("http/1.1");
    expect(detectProtocol(Buffer.from("PRI * HTTP/1.1\r\n"))).toBe("http/1.1");
  });

  it("never answers h2 for bytes that differ from the preface", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (head) => {
        const isPrefaceStart = head.every((byte, index) => index >= 24 || byte === HTTP2_CLIENT_PREFACE[index]);
        const protocol = detectProtocol(head);
        if (!isPrefaceStart) expect(protocol).toBe("http/1.1");
        else expect(protocol).toBe(head.length >= 24 ? "h2" : undefined);
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { readResponseSummary } from "../../../proxy/backends/read-response-summary.js";

const encode = (text: string) => new TextEncoder().encode(text);
const image = "iVBORw0KGgo".padEnd(1_500_000, "A");

describe("readResponseSummary", () => {
  it("reads a small answer whole, filtered answers included", () => {
    expect(readResponseSummary(encode('{"seeds":[7],"finish_reasons":["Filter reason: prompt"],"images":[]}'))).toEqual({
      images: 0,
      finishReasons: ["Filter reason: prompt"],
      seeds: [7],
    });
  });

  it("reads a 1.5 MB answer in any field order, with escapes in short strings", () => {
    const body = `{"images":["${image}","${image}"],"finish_reasons":[null,"say \\"hi\\" \\\\"],"seeds":[1,2]}`;
    expect(readResponseSummary(encode(body))).toEqual({ images: 2, finishReasons: [null, 'say "hi" \\'], seeds: [1, 2] });
  });

  it("refuses bodies that are not Bedrock's image response", () => {
    expect(readResponseSummary(encode('{"seeds":[42],"finish_reasons":[null],"images":["iVBORw0K'))).toBeUndefined();
    expect(readResponseSummary(encode(`{"seeds":[42],"finish_reasons":[null],"images":["${image}`))).toBeUndefined();
    expect(readResponseSummary(encode(`{"seeds":[42],"finish_reasons":[null],"images":["${image}"]`))).toBeUndefined();
    expect(readResponseSummary(encode(`{"finish_reasons":[null],"images":["${image}"]}`))).toBeUndefined();
    expect(readResponseSummary(encode(`<html>${image}</html>`))).toBeUndefined();
    expect(readResponseSummary(encode(""))).toBeUndefined();
  });

  it("leaves the body as it was", () => {
    const body = encode(`{"seeds":[1],"finish_reasons":[null],"images":["${image}"]}`);
    const copy = body.slice();
    readResponseSummary(body);
    expect(Buffer.compare(body, copy)).toBe(0);
  });
});

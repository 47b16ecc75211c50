import { describe, expect, it } from "vitest";
import { createResponseSummaryReader, readResponseSummary } from "../../../proxy/backends/read-response-summary.js";

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

  it("reads a body that arrives in chunks, split anywhere, escapes across chunk ends included", () => {
    const long = "A".repeat(1500);
    const body = encode(`{"images":["${long}","x\\\\"],"finish_reasons":["a \\"quoted\\" \\\\", null],"seeds":[3]}`);
    const expected = readResponseSummary(body);
    expect(expected).toEqual({ images: 2, finishReasons: ['a "quoted" \\', null], seeds: [3] });
    for (let split = 0; split <= body.length; split++) {
      for (const second of [split, Math.min(body.length, split + 1), Math.min(body.length, split + 2)]) {
        const reader = createResponseSummaryReader();
        reader.push(body.subarray(0, split));
        reader.push(body.subarray(split, second));
        reader.push(body.subarray(second));
        expect(reader.finish()).toEqual(expected);
      }
    }
  });

  it("refuses a chunked body cut off inside a string, even after an escape", () => {
    const reader = createResponseSummaryReader();
    reader.push(encode('{"seeds":[1],"finish_reasons":["\\'));
    reader.push(encode('"'));
    expect(reader.finish()).toBeUndefined();
  });
});

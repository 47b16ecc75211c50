/** A list read from plugin data: its items, or [] when the entry is empty, not JSON, or not an array. */
import { describe, expect, it } from "vitest";
import { parseStoredArray } from "../../../src/plugin/storage/parse-stored-array.js";

describe("parseStoredArray", () => {
  it("returns the stored array's items as they are", () => {
    expect(parseStoredArray('[1,"two",{"three":3},null]')).toEqual([1, "two", { three: 3 }, null]);
    expect(parseStoredArray("[]")).toEqual([]);
  });

  it("returns [] for an empty entry, text that is not JSON, and JSON that is not an array", () => {
    expect(parseStoredArray("")).toEqual([]);
    expect(parseStoredArray("{not json")).toEqual([]);
    expect(parseStoredArray('{"0":"a","length":1}')).toEqual([]);
    expect(parseStoredArray('"[1]"')).toEqual([]);
    expect(parseStoredArray("null")).toEqual([]);
  });
});

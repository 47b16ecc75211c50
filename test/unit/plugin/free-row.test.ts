/** freeRow: the copies' row beside a design, moved right past anything it would touch. */
import { describe, expect, it } from "vitest";
import { freeRow } from "../../../src/plugin/plan/free-row.js";

const design = { x: 0, y: 0, width: 300, height: 200 };

describe("freeRow", () => {
  it("puts copies one gap apart to the design's right", () => {
    expect(freeRow(design, 2, []).map((box) => box.x)).toEqual([340, 680]);
    expect(freeRow(design, 0, [])).toEqual([]);
  });

  it("moves the whole row past layers it would cover or come within a gap of, keeping its spacing", () => {
    const obstacles = [
      { x: 900, y: 150, width: 100, height: 100 },
      { x: 1030, y: -30, width: 50, height: 20 }, // within a gap of the moved row: pushes it again
      { x: 0, y: 400, width: 5000, height: 100 }, // below, more than a gap away: no effect
    ];
    expect(freeRow(design, 2, obstacles).map((box) => [box.x, box.y])).toEqual([
      [1120, 0],
      [1460, 0],
    ]);
  });
});

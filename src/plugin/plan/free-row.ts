/**
 * Where the copies of a design go: `count` boxes of the design's size in a row to its right, one gap apart. When the
 * row would touch a layer already there (closer than a gap), the whole row moves right past it, so copies never cover
 * existing work and the row keeps its even spacing.
 *
 * @example
 * freeRow({ x: 0, y: 0, width: 300, height: 200 }, 2, []); // [{ x: 340, … }, { x: 680, … }]
 */
import { VARIANT_GAP } from "./slot-box.js";

export function freeRow(anchor: Rect, count: number, obstacles: ReadonlyArray<Rect>, gap = VARIANT_GAP): Rect[] {
  if (count <= 0) return [];
  const step = anchor.width + gap;
  let x = anchor.x + step;
  // Each pass moves past every layer it touched, so no layer blocks twice.
  for (let pass = 0; pass <= obstacles.length; pass++) {
    const margin = { x: x - gap, y: anchor.y - gap, width: count * step + gap, height: anchor.height + 2 * gap };
    const blocking = obstacles.filter((box) => overlaps(margin, box));
    if (blocking.length === 0) break;
    x = Math.max(...blocking.map((box) => box.x + box.width)) + gap;
  }
  return Array.from({ length: count }, (_, index) => ({ x: x + index * step, y: anchor.y, width: anchor.width, height: anchor.height }));
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Space between a layer and the copies that hold its other variants. */
export const VARIANT_GAP = 40;

/** The box `slot` places to the right of `box` (slot 0 is the box itself), one gap apart. */
export function slotBox(box: Rect, slot: number): Rect {
  return { x: box.x + slot * (box.width + VARIANT_GAP), y: box.y, width: box.width, height: box.height };
}

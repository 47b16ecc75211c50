/**
 * One generation's copies of its designs: the row each design's copies take (decided when the first copy is made, so
 * images arriving in any order land in the same places), which copy holds which variant, and how each filled layer
 * was before the generation touched it. Several selected layers of one design share its copies.
 */
import type { LayerState } from "./layer-state.js";

interface Original {
  designId: string;
  path: number[];
  state: LayerState;
}

export class VariantCopies {
  private readonly rows: { [designId: string]: Rect[] } = {};
  private readonly copies: { [key: string]: string } = {};
  private readonly originals: { [nodeId: string]: Original } = {};

  row(designId: string): Rect[] | undefined {
    return this.rows[designId];
  }

  setRow(designId: string, row: Rect[]): void {
    this.rows[designId] = row;
  }

  /** Rows kept for other designs of this generation, which a new row must not cover. */
  otherRows(designId: string): Rect[] {
    const boxes: Rect[] = [];
    for (const id of Object.keys(this.rows)) if (id !== designId) boxes.push(...this.rows[id]!);
    return boxes;
  }

  copyId(designId: string, variantIndex: number): string | undefined {
    return this.copies[`${designId}:${variantIndex}`];
  }

  setCopy(designId: string, variantIndex: number, copyId: string | undefined): void {
    const key = `${designId}:${variantIndex}`;
    if (copyId === undefined) delete this.copies[key];
    else this.copies[key] = copyId;
  }

  /** How the layer was before this generation first changed it, or undefined. */
  original(nodeId: string): LayerState | undefined {
    return this.originals[nodeId]?.state;
  }

  remember(nodeId: string, designId: string, path: number[], state: LayerState): void {
    if (!this.originals[nodeId]) this.originals[nodeId] = { designId, path, state };
  }

  /** The remembered layers of a design other than `nodeId`, with their paths from the design. */
  othersIn(designId: string, nodeId: string): { path: number[]; state: LayerState }[] {
    return Object.keys(this.originals)
      .filter((id) => id !== nodeId && this.originals[id]!.designId === designId)
      .map((id) => ({ path: this.originals[id]!.path, state: this.originals[id]!.state }));
  }
}

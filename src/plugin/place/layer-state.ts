/**
 * What placing an image changes on a layer — fills, the paint style they link to, Framefill's metadata and the
 * relaunch buttons — read before the change so that a failed placement, or a variant copy's other slots, can be put
 * back exactly.
 */
import { readStoredMetadata, restoreStoredMetadata, type StoredMetadata } from "../metadata/stored-metadata.js";
import type { FillableNode } from "../targets/fillable.js";

export interface LayerState {
  fills: ReadonlyArray<Paint>;
  /** The linked paint style's id, or "". */
  fillStyleId: string;
  metadata: StoredMetadata;
  relaunch: { [command: string]: string };
}

export function readLayerState(node: FillableNode): LayerState {
  return {
    fills: typeof node.fills === "symbol" ? [] : node.fills,
    fillStyleId: typeof node.fillStyleId === "string" ? node.fillStyleId : "",
    metadata: readStoredMetadata(node),
    relaunch: node.getRelaunchData(),
  };
}

/** Puts a layer back as `state` says; every step is tried, and the first error is thrown after all of them. */
export async function restoreLayerState(node: FillableNode, state: LayerState): Promise<void> {
  const errors: unknown[] = [];
  const attempt = async (step: () => unknown) => {
    try {
      await step();
    } catch (error) {
      errors.push(error);
    }
  };
  await attempt(() => (node.fills = state.fills));
  // Under documentAccess "dynamic-page" fillStyleId is read-only; setFillStyleIdAsync links the style again.
  if (state.fillStyleId !== "") await attempt(() => node.setFillStyleIdAsync(state.fillStyleId));
  await attempt(() => restoreStoredMetadata(node, state.metadata));
  await attempt(() => node.setRelaunchData(state.relaunch));
  if (errors.length > 0) throw errors[0];
}

/**
 * The image-edit half of the message protocol (src/messages.ts includes these in UiToMain and MainToUi). An edit runs
 * like a generation:
 *   main → UI  `edit-selection`  the selected layers holding an image, and the shapes that would mask an Erase
 *   UI → main  `plan-edit`       a tool button was pressed; main reads each image's original bytes (and renders the mask)
 *   main → UI  `edit-planned`    one job per image, its bytes as a Uint8Array, or `edit-refused` with a reason
 *   UI → main  `place-edit`      each edited image (PNG, at most 4096 px a side) → `edit-placed` | `edit-not-placed`
 *   UI → main  `edit-failed`     each image that did not come back (filter, quota, network, cancel): the layer stays
 *   UI → main  `finish-edit`     main commits one undo step and answers `edit-finished`
 * `revert-edit` puts back the image before the last edit of each selected layer (no request, no cost), one undo step.
 */
import type { ImageEditTool } from "./contract/image-edit-tools.js";
import type { FailureKind } from "./messages.js";

/** What a tool was given beyond the image, as the designer chose it (recorded in the edit chain). */
export type EditParameters =
  | { tool: "removeBackground" }
  | { tool: "upscale" }
  | { tool: "outpaint" }
  | { tool: "searchReplace"; searchFor: string; replaceWith: string }
  | { tool: "erase" };

/** A selected layer whose image can be edited. */
export interface EditableImage {
  nodeId: string;
  name: string;
  /** The layer's size. */
  width: number;
  height: number;
  imageHash: string;
  /** The tool of the layer's last edit, when Revert can undo it. */
  revertible: ImageEditTool | null;
}

export interface EditSelection {
  images: EditableImage[];
  /** Selected layers without an image: drawn over an image, they mark what Erase removes. */
  maskShapes: number;
}

/** One image to edit. */
export interface EditJob {
  jobId: string;
  nodeId: string;
  name: string;
  layerWidth: number;
  layerHeight: number;
  /** The image's original bytes (`getImageByHash(hash).getBytesAsync()`), in whatever format the file holds. */
  bytes: Uint8Array;
  /** The point of the image the layer shows at its centre, as fractions of its width and height. */
  cropCenter: { x: number; y: number };
  /** Erase: white where the selected shapes cover the image, black elsewhere, at the image's pixel size (PNG). */
  mask?: Uint8Array;
  /** The prompt the layer's image was generated from, when Framefill made it (Expand to fit continues it). */
  prompt?: string;
}

/** What the UI tells main about an edited image it places. */
export interface PlacedEdit {
  seed: number;
  /** What the tool was actually sent and returned, e.g. outpaint's left/right/up/down. */
  details: Record<string, number | string>;
}

export type EditUiToMain =
  | { type: "plan-edit"; editId: string; parameters: EditParameters }
  | { type: "place-edit"; editId: string; jobId: string; bytes: Uint8Array; placed: PlacedEdit }
  | { type: "edit-failed"; editId: string; jobId: string; kind: FailureKind; message: string }
  | { type: "finish-edit"; editId: string; cancelled: boolean }
  | { type: "revert-edit" };

export type EditMainToUi =
  | { type: "edit-selection"; selection: EditSelection }
  | { type: "edit-planned"; editId: string; jobs: EditJob[] }
  | { type: "edit-refused"; editId: string; message: string }
  | { type: "edit-placed"; editId: string; jobId: string }
  | { type: "edit-not-placed"; editId: string; jobId: string; message: string }
  | { type: "edit-finished"; editId: string; summary: string }
  | { type: "edit-reverted"; summary: string };

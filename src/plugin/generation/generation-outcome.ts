/** How a generation's jobs ended, counted: what the summary line is made from. */
import type { FailureKind } from "../../messages.js";

export interface GenerationOutcome {
  /** Images placed on the canvas. */
  placed: number;
  /** How many of them went into frames (frames, components, instances); the rest went into other layers. */
  placedInFrames: number;
  /** Images that went to a new frame because their layer had been deleted. */
  movedToNewFrame: number;
  /** Images placed on layers whose fills were linked to a paint style: the image replaced that link. */
  styleLinksReplaced: number;
  /** Jobs that failed, by why. */
  failed: Partial<Record<FailureKind, number>>;
  /** Jobs that neither arrived nor failed before the generation finished. */
  unsettled: number;
  cancelled: boolean;
}

/**
 * Matches main's `image-placed` / `image-not-placed` answers to the `place-image` messages the UI sent, so a job is
 * done only when its image is on the canvas. Wait before sending, so an answer can never arrive unheard.
 */
import type { MainToUi } from "../../messages.js";

export type PlacementResult =
  | { placed: true; nodeId: string; movedToNewFrame: boolean }
  | { placed: false; message: string };

type PlacementAnswer = Extract<MainToUi, { type: "image-placed" | "image-not-placed" }>;

export interface PlacementTracker {
  wait(generationId: string, jobId: string): Promise<PlacementResult>;
  /** Feeds an answer from main; unknown jobs are ignored. */
  answer(message: PlacementAnswer): void;
}

export function createPlacementTracker(): PlacementTracker {
  const waiting = new Map<string, (result: PlacementResult) => void>();
  const key = (generationId: string, jobId: string) => `${generationId}\u0000${jobId}`;
  return {
    wait(generationId, jobId) {
      return new Promise((resolve) => waiting.set(key(generationId, jobId), resolve));
    },
    answer(message) {
      const id = key(message.generationId, message.jobId);
      const resolve = waiting.get(id);
      if (!resolve) return;
      waiting.delete(id);
      resolve(
        message.type === "image-placed"
          ? { placed: true, nodeId: message.nodeId, movedToNewFrame: message.movedToNewFrame }
          : { placed: false, message: message.message },
      );
    },
  };
}

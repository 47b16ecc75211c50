/**
 * The one line a designer sees when a generation ends (in `figma.notify`, which shows about 100 characters, and in
 * the UI), e.g.
 * "Filled 3 frames · 1 blocked by the content filter" or "Cancelled · filled 1 frame · 2 cancelled".
 */
import type { FailureKind } from "../../messages.js";
import type { GenerationOutcome } from "./generation-outcome.js";

/** What each kind of failure did to its images, in the order the summary lists them. */
const FAILURE_PHRASES: ReadonlyArray<[ReadonlyArray<FailureKind>, string]> = [
  [["prompt-filtered", "output-filtered"], "blocked by the content filter"],
  [["quota"], "over the quota"],
  [["rate-limited"], "rate-limited"],
  [["auth"], "refused: check the access key"],
  [["model-access"], "refused: no model access in Bedrock"],
  [["invalid-request"], "rejected as invalid"],
  [["model-error"], "failed in the model"],
  [["timeout"], "timed out"],
  [["unreachable"], "couldn't reach the proxy"],
  [["server-error"], "failed on the server"],
  [["placement"], "couldn't be placed"],
  [["cancelled"], "cancelled"],
];

export function summarizeGeneration(outcome: GenerationOutcome): string {
  const parts: string[] = [];
  if (outcome.cancelled) parts.push("Cancelled");
  const noun = outcome.placedInFrames === outcome.placed ? "frame" : "layer";
  parts.push(outcome.placed > 0 ? `filled ${outcome.placed} ${plural(noun, outcome.placed)}` : "nothing filled");
  if (outcome.movedToNewFrame > 0) {
    const n = outcome.movedToNewFrame;
    parts.push(`${n} in a new frame because ${n === 1 ? "its layer was" : "their layers were"} deleted`);
  }
  if (outcome.styleLinksReplaced > 0) {
    const n = outcome.styleLinksReplaced;
    parts.push(`replaced the paint style on ${n} ${plural("layer", n)}`);
  }
  for (const [kinds, phrase] of FAILURE_PHRASES) {
    let count = kinds.reduce((sum, kind) => sum + (outcome.failed[kind] ?? 0), 0);
    if (kinds[0] === "cancelled" && outcome.cancelled) count += outcome.unsettled;
    if (count > 0) parts.push(`${count} ${phrase}`);
  }
  if (!outcome.cancelled && outcome.unsettled > 0) parts.push(`${outcome.unsettled} never came back`);
  const line = parts.join(" · ");
  return line.charAt(0).toUpperCase() + line.slice(1);
}

function plural(noun: string, count: number): string {
  return count === 1 ? noun : `${noun}s`;
}

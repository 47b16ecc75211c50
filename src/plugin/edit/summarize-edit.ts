/**
 * The one line a designer sees when an edit ends, e.g. "Upscale: 2 images edited · 1 blocked by the content filter"
 * or "Cancelled · Remove background: 1 image edited · 2 cancelled".
 */
import type { ImageEditTool } from "../../contract/image-edit-tools.js";
import type { FailureKind } from "../../messages.js";

export const TOOL_LABELS: Readonly<Record<ImageEditTool, string>> = {
  removeBackground: "Remove background",
  upscale: "Upscale",
  outpaint: "Expand to fit",
  searchReplace: "Replace",
  erase: "Erase",
};

export interface EditOutcome {
  tool: ImageEditTool;
  cancelled: boolean;
  placed: number;
  failures: FailureKind[];
}

const FAILURE_PHRASES: ReadonlyArray<[ReadonlyArray<FailureKind>, string]> = [
  [["input-filtered", "prompt-filtered", "output-filtered"], "blocked by the content filter"],
  [["quota", "rate-limited"], "over a limit"],
  [["auth", "model-access"], "refused: check the access key"],
  [["invalid-request"], "not accepted"],
  [["model-error", "timeout", "server-error"], "failed in the model"],
  [["unreachable"], "couldn't reach the proxy"],
  [["placement"], "couldn't be placed"],
  [["cancelled"], "cancelled"],
];

export function summarizeEdit(outcome: EditOutcome): string {
  const parts: string[] = [];
  if (outcome.cancelled) parts.push("Cancelled");
  const images = outcome.placed === 1 ? "1 image edited" : `${outcome.placed > 0 ? outcome.placed : "no"} images edited`;
  parts.push(`${TOOL_LABELS[outcome.tool]}: ${images}`);
  for (const [kinds, phrase] of FAILURE_PHRASES) {
    const count = outcome.failures.filter((kind) => kinds.indexOf(kind) !== -1).length;
    if (count > 0) parts.push(`${count} ${phrase}`);
  }
  return parts.join(" · ");
}

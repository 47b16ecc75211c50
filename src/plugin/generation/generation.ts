/** One running generation: its planned jobs and how each ended. Each job settles once; later reports are ignored. */
import type { FailureKind, GenerationOptions } from "../../messages.js";
import { VariantCopies } from "../place/variant-copies.js";
import type { PlannedJob } from "../plan/plan-generation.js";
import type { GenerationOutcome } from "./generation-outcome.js";

type JobResult = { placed: true; inFrame: boolean; moved: boolean; replacedStyleLink: boolean } | { placed: false; kind: FailureKind };

const FRAME_TYPES = ["FRAME", "COMPONENT", "INSTANCE"];

export class Generation {
  private readonly jobs: { [jobId: string]: PlannedJob } = {};
  private readonly results: { [jobId: string]: JobResult } = {};
  /** The copies of designs this generation made for its variants. */
  readonly copies = new VariantCopies();

  constructor(
    readonly id: string,
    readonly options: GenerationOptions,
    planned: ReadonlyArray<PlannedJob>,
  ) {
    for (const job of planned) this.jobs[job.job.jobId] = job;
  }

  job(jobId: string): PlannedJob | undefined {
    return Object.prototype.hasOwnProperty.call(this.jobs, jobId) ? this.jobs[jobId] : undefined;
  }

  isSettled(jobId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.results, jobId);
  }

  placed(jobId: string, nodeType: string, moved: boolean, replacedStyleLink = false): void {
    if (!this.isSettled(jobId)) this.results[jobId] = { placed: true, inFrame: FRAME_TYPES.indexOf(nodeType) !== -1, moved, replacedStyleLink };
  }

  failed(jobId: string, kind: FailureKind): void {
    if (this.job(jobId) && !this.isSettled(jobId)) this.results[jobId] = { placed: false, kind };
  }

  outcome(cancelled: boolean): GenerationOutcome {
    const outcome: GenerationOutcome = { placed: 0, placedInFrames: 0, movedToNewFrame: 0, styleLinksReplaced: 0, failed: {}, unsettled: 0, cancelled };
    for (const jobId of Object.keys(this.jobs)) {
      const result = this.results[jobId];
      if (!result) outcome.unsettled += 1;
      else if (result.placed) {
        outcome.placed += 1;
        if (result.inFrame) outcome.placedInFrames += 1;
        if (result.moved) outcome.movedToNewFrame += 1;
        if (result.replacedStyleLink) outcome.styleLinksReplaced += 1;
      } else {
        outcome.failed[result.kind] = (outcome.failed[result.kind] ?? 0) + 1;
      }
    }
    return outcome;
  }
}

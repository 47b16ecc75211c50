/**
 * What the UI shows about the generation in progress (or the last one): its phase, every image's progress, what main
 * said when it finished, and whether Cancel was pressed. A "Regenerate" relaunch may chain several generations into
 * one run; their images accumulate here.
 */
import type { GenerationOptions, Job } from "../../messages.js";
import type { JobProgress } from "./job-progress.js";

export type RunPhase = "planning" | "running" | "finished";

export interface RunState {
  /** The generation being planned or run now. */
  generationId: string;
  options: GenerationOptions;
  phase: RunPhase;
  jobs: JobProgress[];
  cancelRequested: boolean;
  /** main's `generation-finished` summaries, one per generation. */
  summaries: string[];
  error: string | null;
}

export function planningRun(generationId: string, options: GenerationOptions, previous: RunState | null): RunState {
  return {
    generationId,
    options,
    phase: "planning",
    jobs: previous?.jobs ?? [],
    cancelRequested: previous?.cancelRequested ?? false,
    summaries: previous?.summaries ?? [],
    error: null,
  };
}

export function withPlannedJobs(run: RunState, jobs: readonly Job[]): RunState {
  return { ...run, phase: "running", jobs: [...run.jobs, ...jobs.map((job) => ({ generationId: run.generationId, job, status: "queued" as const }))] };
}

export function withJobProgress(run: RunState, generationId: string, jobId: string, patch: Partial<JobProgress>): RunState {
  return {
    ...run,
    jobs: run.jobs.map((entry) =>
      entry.generationId === generationId && entry.job.jobId === jobId ? { ...entry, ...patch } : entry,
    ),
  };
}

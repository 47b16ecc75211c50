/** Where each image of a generation stands, and the overall fraction the progress bar shows. */
import type { FailureKind, Job } from "../../messages.js";

export type JobStatus = "queued" | "generating" | "placing" | "done" | "failed";

export interface JobProgress {
  generationId: string;
  job: Job;
  status: JobStatus;
  /** Why it failed, or a note about where it landed. */
  message?: string;
  kind?: FailureKind;
  /** Set while the job waits to retry after a 429 or a busy server. */
  retryingInMs?: number;
}

/** How much of each status counts toward the bar: a placed or failed image is finished work. */
const WEIGHT: Record<JobStatus, number> = { queued: 0, generating: 0.3, placing: 0.9, done: 1, failed: 1 };

export function overallProgress(jobs: readonly JobProgress[]): number {
  if (jobs.length === 0) return 0;
  return jobs.reduce((sum, job) => sum + WEIGHT[job.status], 0) / jobs.length;
}

export function countByStatus(jobs: readonly JobProgress[]): Record<JobStatus, number> {
  const counts: Record<JobStatus, number> = { queued: 0, generating: 0, placing: 0, done: 0, failed: 0 };
  for (const job of jobs) counts[job.status]++;
  return counts;
}

/**
 * The pool options a generation and an image edit share: the pool's default concurrency unless one is given, the
 * signal, the injected clock, sleep and randomness, the failure a cancelled job settles with, and the retry countdown
 * of each job reported as progress (set before a retry waits, cleared as the next attempt starts).
 *
 * @example
 * await runPool(jobs, attempt, { ...jobPoolOptions(deps, input.concurrency, signal, onProgress), onStart, onSettled });
 */
import { describeFailure, type Failure } from "../errors/describe-failure.js";
import type { JobRunDependencies } from "./job-run-dependencies.js";
import { POOL_DEFAULTS, type PoolOptions } from "./run-pool.js";

type SharedOptions = "concurrency" | "signal" | "now" | "sleep" | "random" | "cancelled" | "onAttempt" | "onRetry";

export function jobPoolOptions<Job extends { jobId: string }>(
  deps: Pick<JobRunDependencies, "now" | "sleep" | "random">,
  concurrency: number | undefined,
  signal: AbortSignal,
  onProgress: (jobId: string, patch: { retryingInMs?: number }) => void,
): Pick<PoolOptions<Job, unknown, Failure>, SharedOptions> {
  return {
    concurrency: concurrency ?? POOL_DEFAULTS.concurrency,
    signal,
    now: deps.now,
    sleep: deps.sleep,
    random: deps.random,
    cancelled: () => describeFailure({ source: "network", error: new DOMException("Cancelled", "AbortError") }, deps.now()),
    onAttempt: (job) => onProgress(job.jobId, { retryingInMs: undefined }),
    onRetry: (job, _attempt, delayMs) => onProgress(job.jobId, { retryingInMs: delayMs }),
  };
}

/**
 * Runs one planned generation in the UI: one signed InvokeModel per job through the bounded pool, each image decoded
 * (and converted to PNG when Figma cannot take it) and sent to main as `place-image`; each job that does not make it
 * reported as `job-failed`; and, once every job is settled (placed images acknowledged by main), `finish-generation`.
 * All I/O is injected: fetch, clock, sleep, randomness, the channel to main and the image converter.
 *
 * @example
 * const outcome = await runGeneration(deps, { generationId, jobs, options, settings }, controller.signal, render);
 */
import type { GenerationOptions, Job, Settings } from "../../messages.js";
import { buildInvokeBody } from "../bedrock/build-invoke-body.js";
import { decodeBase64 } from "../bedrock/decode-base64.js";
import { invokeModel } from "../bedrock/invoke-model.js";
import type { Failure } from "../errors/describe-failure.js";
import { jobPoolOptions } from "./job-pool-options.js";
import type { JobRunDependencies } from "./job-run-dependencies.js";
import type { JobProgress } from "./job-progress.js";
import type { PlacementResult } from "./placement-tracker.js";
import { POOL_DEFAULTS, runPool } from "./run-pool.js";

export interface GenerationDependencies extends JobRunDependencies {
  waitForPlacement: (generationId: string, jobId: string) => Promise<PlacementResult>;
}

export interface GenerationInput {
  generationId: string;
  jobs: readonly Job[];
  options: GenerationOptions;
  settings: Settings;
  /** Images in flight at once: `poolSize` of the proxy's /healthz; the pool's default when not given. */
  concurrency?: number;
}

export interface GenerationOutcome {
  cancelled: boolean;
  placed: number;
  failed: number;
}

interface ReadyImage {
  bytes: Uint8Array;
  seed: number;
}

/** The same for every attempt at one image, and unique across generations. */
export function idempotencyKey(generationId: string, jobId: string): string {
  return `${generationId}.${jobId}`;
}

export async function runGeneration(
  deps: GenerationDependencies,
  input: GenerationInput,
  signal: AbortSignal,
  onProgress: (jobId: string, progress: Partial<JobProgress>) => void,
): Promise<GenerationOutcome> {
  const { generationId, options, settings } = input;
  const placements: Promise<boolean>[] = [];
  let failed = 0;

  const reportFailure = (job: Job, failure: Failure) => {
    failed++;
    onProgress(job.jobId, { status: "failed", kind: failure.kind, message: failure.message, retryingInMs: undefined });
    deps.send({ type: "job-failed", generationId, jobId: job.jobId, kind: failure.kind, message: failure.message });
  };

  const place = async (job: Job, image: ReadyImage): Promise<boolean> => {
    onProgress(job.jobId, { status: "placing", retryingInMs: undefined });
    const answer = deps.waitForPlacement(generationId, job.jobId);
    deps.send({ type: "place-image", generationId, jobId: job.jobId, bytes: image.bytes, seed: image.seed });
    const result = await answer;
    if (result.placed) {
      const message = result.movedToNewFrame ? "Its layer was deleted, so it went into a new frame." : undefined;
      onProgress(job.jobId, { status: "done", message });
      return true;
    }
    failed++;
    onProgress(job.jobId, { status: "failed", kind: "placement", message: result.message });
    return false;
  };

  const attempt = async (job: Job, attemptNumber: number, attemptSignal: AbortSignal) => {
    const outcome = await invokeModel(
      deps,
      {
        settings,
        modelId: options.modelId,
        body: buildInvokeBody({ ...options, prompt: job.prompt ?? options.prompt, aspectRatio: job.aspectRatio, seed: job.seed }),
        idempotencyKey: idempotencyKey(generationId, job.jobId),
        attempt: attemptNumber,
        maxAttempts: POOL_DEFAULTS.maxAttempts,
      },
      attemptSignal,
    );
    if (!outcome.ok) return outcome;
    try {
      const bytes = await deps.toFigmaImage(decodeBase64(outcome.value.base64));
      return { ok: true as const, value: { bytes, seed: outcome.value.seed } };
    } catch {
      const failure: Failure = {
        kind: "placement",
        message: "The image came back in a form Framefill could not convert for Figma.",
        retryable: false,
      };
      return { ok: false as const, failure };
    }
  };

  await runPool<Job, ReadyImage, Failure>(input.jobs, attempt, {
    ...jobPoolOptions(deps, input.concurrency, signal, onProgress),
    onStart: (job) => onProgress(job.jobId, { status: "generating" }),
    onSettled: (job, result) => {
      if (result.ok) placements.push(place(job, result.value));
      else reportFailure(job, result.failure);
    },
  });

  const placed = (await Promise.all(placements)).filter(Boolean).length;
  const cancelled = signal.aborted;
  deps.send({ type: "finish-generation", generationId, cancelled });
  return { cancelled, placed, failed };
}

/**
 * Runs one planned edit in the UI: for each image, through the same bounded pool as a generation, the input is made
 * acceptable to the tool (GIF → PNG, shrunk to its limits, Erase's mask drawn at the input's size), sent as one signed
 * InvokeModel, the answer made acceptable to Figma (PNG, at most 4096 px a side) and sent to main as `place-edit`;
 * each image that does not come back is reported as `edit-failed` (the layer stays as it was), and once all are
 * settled, `finish-edit`. All I/O is injected.
 *
 * @example
 * await runEdit(deps, { editId, jobs, parameters, settings, concurrency: 4 }, controller.signal, render);
 */
import { IMAGE_EDIT_MODEL_IDS } from "../../contract/image-edit-tools.js";
import type { ImageEditRequest } from "../../contract/image-edits.js";
import type { EditJob, EditParameters, PlacedEdit } from "../../edit-messages.js";
import type { Settings } from "../../messages.js";
import { decodeBase64 } from "../bedrock/decode-base64.js";
import { invokeModel } from "../bedrock/invoke-model.js";
import { sniffImageFormat } from "../bedrock/sniff-image-format.js";
import type { Failure } from "../errors/describe-failure.js";
import { jobPoolOptions } from "../generation/job-pool-options.js";
import type { JobRunDependencies } from "../generation/job-run-dependencies.js";
import { POOL_DEFAULTS, runPool } from "../generation/run-pool.js";
import { idempotencyKey } from "../generation/run-generation.js";
import type { EditImageCodec } from "./edit-image-codec.js";
import type { EditJobProgress } from "./edit-progress.js";
import { encodeBase64 } from "./encode-base64.js";
import { fitFigmaImage } from "./fit-figma-image.js";
import { planEditInput } from "./plan-edit-input.js";

export type EditPlacement = { placed: true } | { placed: false; message: string };

export interface EditRunDependencies extends JobRunDependencies {
  codec: EditImageCodec;
  waitForPlacement: (editId: string, jobId: string) => Promise<EditPlacement>;
}

export interface EditRunInput {
  editId: string;
  jobs: readonly EditJob[];
  parameters: EditParameters;
  settings: Settings;
  concurrency?: number;
}

interface EditedImage {
  bytes: Uint8Array;
  placed: PlacedEdit;
  note?: string;
}

type Prepared = { ok: true; body: ImageEditRequest; details: Record<string, number | string> } | { ok: false; failure: Failure };

export async function runEdit(
  deps: EditRunDependencies,
  input: EditRunInput,
  signal: AbortSignal,
  onProgress: (jobId: string, patch: Partial<EditJobProgress>) => void,
): Promise<{ cancelled: boolean; placed: number; failed: number }> {
  const { editId, parameters, settings } = input;
  const { tool } = parameters;
  const prepared = new Map<string, Promise<Prepared>>();
  const placements: Promise<boolean>[] = [];
  let failed = 0;

  const prepare = async (job: EditJob): Promise<Prepared> => {
    const format = sniffImageFormat(job.bytes);
    const size = await deps.codec.size(job.bytes);
    const plan = planEditInput(parameters, { ...size, format }, job);
    if (!plan.ok) return { ok: false, failure: { kind: "invalid-request", message: plan.message, retryable: false } };
    const image = plan.reencode ? await deps.codec.toPng(job.bytes, plan.input.width, plan.input.height) : job.bytes;
    const body: Record<string, unknown> = { image: encodeBase64(image), output_format: "png", ...plan.extras };
    if (tool === "erase" && job.mask) body.mask = encodeBase64(await deps.codec.toPng(job.mask, plan.input.width, plan.input.height));
    return { ok: true, body: body as unknown as ImageEditRequest, details: plan.details };
  };

  const attempt = async (job: EditJob, attemptNumber: number, attemptSignal: AbortSignal) => {
    let ready = prepared.get(job.jobId);
    if (!ready) {
      ready = prepare(job).catch(
        (): Prepared => ({ ok: false, failure: { kind: "placement", message: "Framefill couldn't read this image to edit it.", retryable: false } }),
      );
      prepared.set(job.jobId, ready);
    }
    const request = await ready;
    if (!request.ok) return { ok: false as const, failure: request.failure };
    const outcome = await invokeModel(
      deps,
      {
        settings,
        modelId: IMAGE_EDIT_MODEL_IDS[tool],
        body: request.body,
        idempotencyKey: idempotencyKey(editId, job.jobId),
        attempt: attemptNumber,
        maxAttempts: POOL_DEFAULTS.maxAttempts,
      },
      attemptSignal,
    );
    if (!outcome.ok) return outcome;
    try {
      let bytes = await deps.toFigmaImage(decodeBase64(outcome.value.base64));
      const returned = await deps.codec.size(bytes);
      const fitted = fitFigmaImage(returned, tool);
      if (fitted.shrunk) bytes = await deps.codec.toPng(bytes, fitted.width, fitted.height);
      const details = { ...request.details, outputWidth: returned.width, outputHeight: returned.height };
      if (fitted.shrunk) Object.assign(details, { placedWidth: fitted.width, placedHeight: fitted.height });
      const image: EditedImage = { bytes, placed: { seed: outcome.value.seed, details } };
      if (fitted.note) image.note = fitted.note;
      return { ok: true as const, value: image };
    } catch {
      const failure: Failure = { kind: "placement", message: "The edited image came back in a form Framefill could not convert for Figma.", retryable: false };
      return { ok: false as const, failure };
    }
  };

  const place = async (job: EditJob, image: EditedImage): Promise<boolean> => {
    onProgress(job.jobId, { status: "placing", retryingInMs: undefined });
    const answer = deps.waitForPlacement(editId, job.jobId);
    deps.send({ type: "place-edit", editId, jobId: job.jobId, bytes: image.bytes, placed: image.placed });
    const result = await answer;
    if (result.placed) {
      onProgress(job.jobId, { status: "done", message: image.note });
      return true;
    }
    failed++;
    onProgress(job.jobId, { status: "failed", kind: "placement", message: result.message });
    return false;
  };

  await runPool<EditJob, EditedImage, Failure>(input.jobs, attempt, {
    ...jobPoolOptions(deps, input.concurrency, signal, onProgress),
    onStart: (job) => onProgress(job.jobId, { status: "editing" }),
    onSettled: (job, result) => {
      if (result.ok) placements.push(place(job, result.value));
      else {
        failed++;
        onProgress(job.jobId, { status: "failed", kind: result.failure.kind, message: result.failure.message, retryingInMs: undefined });
        deps.send({ type: "edit-failed", editId, jobId: job.jobId, kind: result.failure.kind, message: result.failure.message });
      }
    },
  });

  const placed = (await Promise.all(placements)).filter(Boolean).length;
  const cancelled = signal.aborted;
  deps.send({ type: "finish-edit", editId, cancelled });
  return { cancelled, placed, failed };
}

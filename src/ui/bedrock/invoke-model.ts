/**
 * One signed InvokeModel attempt against the proxy, for one image: builds the URL, signs (anew each attempt, with the
 * same `Idempotency-Key`), fetches with the caller's abort signal, and reads Bedrock's answer into either the image
 * (base64, and the seed it used) or a described failure that says whether a retry is worthwhile.
 *
 * Like the AWS SDK, each attempt carries `amz-sdk-request: attempt=N; max=M`: the proxy accepts a signature once, and
 * a quick retry signed within the same second as the attempt before must still differ from it.
 */
import type { ImageEditRequest } from "../../contract/image-edits.js";
import type { TextToImageRequest, TextToImageResponse } from "../../contract/text-to-image.js";
import type { Settings } from "../../messages.js";
import { describeFailure, type Failure } from "../errors/describe-failure.js";
import type { AttemptOutcome } from "../generation/run-pool.js";
import { invokeUrl } from "./invoke-url.js";
import { signRequest } from "./sign-request.js";

export interface InvokeDependencies {
  fetch: typeof fetch;
  /** Milliseconds since the epoch. */
  now: () => number;
}

export interface InvokeModelInput {
  settings: Settings;
  modelId: string;
  /** A text-to-image body, or an image-edit tool's (src/ui/edit). */
  body: TextToImageRequest | ImageEditRequest;
  /** The same for every attempt at one image, so the proxy can recognise a retry. */
  idempotencyKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
}

export interface GeneratedImage {
  base64: string;
  seed: number;
}

export async function invokeModel(
  deps: InvokeDependencies,
  input: InvokeModelInput,
  signal: AbortSignal,
): Promise<AttemptOutcome<GeneratedImage, Failure>> {
  try {
    const signed = await signRequest(
      {
        method: "POST",
        url: invokeUrl(input.settings.proxyUrl, input.modelId),
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "idempotency-key": input.idempotencyKey,
          "amz-sdk-request": `attempt=${input.attempt}; max=${input.maxAttempts}`,
        },
        body: JSON.stringify(input.body),
      },
      input.settings,
      new Date(deps.now()),
    );
    const response = await deps.fetch(signed.url, {
      method: signed.method,
      headers: signed.headers,
      body: signed.body,
      signal,
    });
    const text = await response.text();
    if (!response.ok) return failed(describeHttpFailure(response, text, deps.now()));
    return readImage(text, input.body.seed ?? 0, deps.now());
  } catch (error) {
    return failed(describeFailure({ source: "network", error }, deps.now()));
  }
}

/** Describes a non-2xx answer from its status, `x-amzn-ErrorType`, `Retry-After` and JSON `message`. */
export function describeHttpFailure(response: Response, text: string, nowMs: number): Failure {
  return describeFailure(
    {
      source: "http",
      status: response.status,
      errorType: response.headers.get("x-amzn-errortype"),
      message: readErrorMessage(text),
      retryAfter: response.headers.get("retry-after"),
    },
    nowMs,
  );
}

/** Bedrock sends `{"message": "..."}`; some AWS services spell it `Message`. */
export function readErrorMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { message?: unknown; Message?: unknown };
    const message = body.message ?? body.Message;
    return typeof message === "string" ? message : null;
  } catch {
    return text.trim() ? text.trim().slice(0, 300) : null;
  }
}

function readImage(text: string, requestedSeed: number, nowMs: number): AttemptOutcome<GeneratedImage, Failure> {
  let body: Partial<TextToImageResponse>;
  try {
    body = JSON.parse(text) as Partial<TextToImageResponse>;
  } catch {
    return failed(describeFailure({ source: "malformed-response", detail: "not JSON" }, nowMs));
  }
  const reason = body.finish_reasons?.[0];
  if (typeof reason === "string") return failed(describeFailure({ source: "finish-reason", reason }, nowMs));
  const image = body.images?.[0];
  if (typeof image !== "string" || image.length === 0) {
    return failed(describeFailure({ source: "malformed-response", detail: "no image" }, nowMs));
  }
  const seed = body.seeds?.[0];
  return { ok: true, value: { base64: image, seed: typeof seed === "number" ? seed : requestedSeed } };
}

function failed(failure: Failure): AttemptOutcome<GeneratedImage, Failure> {
  return failure.retryable
    ? { ok: false, failure, retry: failure.retryAfterMs === undefined ? {} : { afterMs: failure.retryAfterMs } }
    : { ok: false, failure };
}

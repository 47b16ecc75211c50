/**
 * The one place that turns what went wrong with an image — an HTTP error from the proxy (status, `x-amzn-ErrorType`,
 * `{"message"}`, `Retry-After`), a `finish_reasons` entry, or a failed fetch — into a `FailureKind` and a sentence a
 * designer can act on. The proxy's own refusals (a spent limit, its requests a minute, an expired key, a model the key
 * may not use) are read from its message, so the designer hears which limit and when it resets, in local time.
 *
 * @example
 * describeFailure({ source: "finish-reason", reason: "Filter reason: prompt" }, Date.now());
 * // { kind: "prompt-filtered", message: "The content filter blocked this prompt. Rephrase it and try again.", ... }
 */
import { FINISH_REASONS } from "../../contract/finish-reasons.js";
import { findModel } from "../../contract/models.js";
import type { FailureKind } from "../../messages.js";
import { formatReset, type LocalTime } from "./format-reset.js";
import { formatWait } from "./format-wait.js";
import { parseRetryAfter } from "./parse-retry-after.js";

export type FailureSource =
  | {
      source: "http";
      status: number;
      /** `x-amzn-ErrorType`, or null when the proxy did not send it (or CORS hid it). */
      errorType: string | null;
      /** The `message` of Bedrock's JSON error body, when there was one. */
      message: string | null;
      retryAfter: string | null;
    }
  | { source: "finish-reason"; reason: string }
  | { source: "network"; error: unknown }
  | { source: "malformed-response"; detail: string };

export interface Failure {
  kind: FailureKind;
  message: string;
  /** Worth another attempt after a pause: throttling, or a server that is busy or failing for a moment. */
  retryable: boolean;
  /** How long the server asked to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

const SETTINGS_HINT = "Check it in Settings.";

/** `local` says whose clock a reset time is told in: the designer's unless a test says otherwise. */
export function describeFailure(input: FailureSource, nowMs: number, local: LocalTime = {}): Failure {
  switch (input.source) {
    case "finish-reason":
      return describeFinishReason(input.reason);
    case "network":
      return describeNetworkError(input.error);
    case "malformed-response":
      return fail("server-error", `The proxy sent an answer Framefill could not read (${input.detail}).`);
    case "http":
      return describeHttpError(input, nowMs, local);
  }
}

/** A fetch that was aborted by Cancel, as opposed to one that could not reach the proxy. */
export function isAbortError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}

/** `ThrottlingException:http://internal.amazon.com/...` and `aws.protocols#ThrottlingException` both name the type. */
export function normalizeErrorType(errorType: string | null): string | null {
  if (!errorType) return null;
  const withoutNamespace = errorType.slice(errorType.lastIndexOf("#") + 1);
  return withoutNamespace.split(":")[0]!.trim() || null;
}

function describeFinishReason(reason: string): Failure {
  if (reason === FINISH_REASONS.inputFiltered) {
    return fail("input-filtered", "The content filter blocked this image, so it was not edited. The layer is as it was.");
  }
  if (reason === FINISH_REASONS.promptFiltered) {
    return fail("prompt-filtered", "The content filter blocked this prompt. Rephrase it and try again.");
  }
  if (reason === FINISH_REASONS.outputFiltered) {
    return fail(
      "output-filtered",
      "The content filter blocked the generated image. Try again with another seed, or adjust the prompt.",
    );
  }
  if (/filter/i.test(reason)) {
    return fail("prompt-filtered", `The content filter blocked this image (${reason}). Rephrase the prompt and try again.`);
  }
  return fail("model-error", `The model could not make this image (${reason}). Try again.`);
}

function describeNetworkError(error: unknown): Failure {
  if (isAbortError(error)) return fail("cancelled", "Cancelled.");
  // Retried: a connection that dropped after Bedrock made the image gets it back through the Idempotency-Key.
  return fail(
    "unreachable",
    "Couldn't reach the proxy. Check your connection and the Proxy URL in Settings, or use Test connection there.",
    true,
  );
}

function describeHttpError(
  input: Extract<FailureSource, { source: "http" }>,
  nowMs: number,
  local: LocalTime,
): Failure {
  const type = normalizeErrorType(input.errorType) ?? typeForStatus(input.status);
  const detail = input.message?.trim() || null;
  const retryAfterMs = parseRetryAfter(input.retryAfter, nowMs);
  const resets = retryAfterMs === undefined ? "" : ` It resets ${formatWait(retryAfterMs)}.`;
  const tryAgain = retryAfterMs === undefined ? " Try again in a moment." : ` Try again ${formatWait(retryAfterMs)}.`;

  switch (type) {
    case "ValidationException":
      return fail("invalid-request", `Bedrock didn't accept the request: ${detail ?? "the prompt or options are invalid"}.`);
    case "ServiceQuotaExceededException": {
      const spent = describeSpentLimit(detail, nowMs, local);
      return withRetryAfter(spent ?? fail("quota", `Your image quota is used up.${resets || " Ask your admin to raise it."}`), retryAfterMs);
    }
    case "ThrottlingException": {
      const rpm = detail?.match(/limit of (\d+) requests a minute/)?.[1];
      const what = rpm ? `Your access key may send ${rpm} requests a minute.` : "Too many images are being made right now.";
      return withRetryAfter(fail("rate-limited", `${what}${tryAgain}`, true), retryAfterMs);
    }
    case "UnrecognizedClientException":
      return fail("auth", `The proxy doesn't recognise this access key ID. ${SETTINGS_HINT}`);
    case "MissingAuthenticationTokenException":
      return fail("auth", `The request was not signed: an access key is missing. ${SETTINGS_HINT}`);
    case "IncompleteSignatureException":
      return fail("auth", `The proxy found the request's signature incomplete${detail ? ` (${detail})` : ""}. ${SETTINGS_HINT}`);
    case "UnknownOperationException":
      return fail("invalid-request", "The proxy doesn't know this request. Check the Proxy URL in Settings: it should end at the proxy's address, with no path.");
    case "InvalidSignatureException":
      return describeSignatureProblem(detail);
    case "AccessDeniedException":
      return (
        describeKeyRefusal(detail, local) ??
        fail(
          "model-access",
          `This model isn't available${detail ? ` (${detail})` : ""}. Pick another model, or ask your admin to ` +
            "enable it in Bedrock's Model access page and on the proxy.",
        )
      );
    case "ResourceNotFoundException":
      return fail("model-access", `The proxy doesn't offer this model${detail ? ` (${detail})` : ""}. Pick another model.`);
    case "ModelTimeoutException":
      return fail("timeout", "The model took too long to make this image. Try again.");
    case "ModelErrorException":
      return fail("model-error", `The model could not make this image${detail ? ` (${detail})` : ""}. Try again.`);
    case "ServiceUnavailableException":
      return withRetryAfter(
        fail("server-error", `Bedrock is unavailable right now.${tryAgain}`, true),
        retryAfterMs,
      );
    case "InternalServerException":
      return fail("server-error", `The proxy or Bedrock had an internal error.${tryAgain}`, true);
    default:
      return describeUnknownStatus(input.status, type, detail, tryAgain);
  }
}

/** The proxy's refusal of a spent limit: "This key's limit of 40 images per day is used up (40 used); it resets at …". */
function describeSpentLimit(detail: string | null, nowMs: number, local: LocalTime): Failure | null {
  if (!detail) return null;
  const resetsAt = Date.parse(detail.match(/resets at (\d{4}-\d\d-\d\dT[\d:.]+Z)/)?.[1] ?? "");
  const resets = Number.isNaN(resetsAt) ? "" : ` It resets ${formatReset(resetsAt, nowMs, local)}.`;
  const images = detail.match(/limit of (\d+) images per day/);
  if (images) {
    const all = images[1] === "1" ? "the one image" : `all ${images[1]} images`;
    return fail("quota", `You've used ${all} your access key may make today.${resets}`);
  }
  const team = detail.match(/proxy's budget of (\$[\d,.]+) per month/);
  if (team) return fail("quota", `Your team's ${team[1]} monthly budget on this proxy is used up.${resets} Ask your Framefill admin.`);
  const budget = detail.match(/budget of (\$[\d,.]+) per (day|month) would be exceeded \((\$[\d,.]+) used\)/);
  if (budget) {
    const period = budget[2] === "day" ? "daily" : "monthly";
    return fail("quota", `This would go over your access key's ${budget[1]} ${period} budget (${budget[3]} spent so far).${resets}`);
  }
  return null;
}

/** The proxy's refusal of an expired key, or of a model the key may not use. */
function describeKeyRefusal(detail: string | null, local: LocalTime): Failure | null {
  if (!detail) return null;
  const expired = detail.match(/expired at the end of (\d{4}-\d\d-\d\d)/)?.[1];
  if (expired) {
    const day = new Intl.DateTimeFormat(local.locale, { timeZone: "UTC", dateStyle: "medium" }).format(Date.parse(expired));
    return fail("auth", `Your access key expired on ${day}. Ask your Framefill admin for a new one, then enter it in Settings.`);
  }
  const models = detail.match(/may not use (.+?); it may use (.+?)\.?$/);
  if (models) {
    const allowed = models[2]!.split(/,\s*/).map(modelName);
    return fail(
      "model-access",
      `Your access key may not use ${modelName(models[1]!)}. Pick ${allowed.join(" or ")} in Model, or ask your Framefill admin.`,
    );
  }
  return null;
}

function modelName(id: string): string {
  return findModel(id)?.name ?? id;
}

function describeSignatureProblem(detail: string | null): Failure {
  if (detail && /already received/i.test(detail)) {
    return fail("server-error", "The proxy received the same signed request twice. Try again.", true);
  }
  if (detail && /signature (expired|not yet current)/i.test(detail)) {
    return fail("auth", "Your computer's clock is off, so the proxy refused the signature. Set the clock automatically and try again.");
  }
  if (detail && /region/i.test(detail)) {
    return fail("auth", `The Region in Settings doesn't match the proxy's (${detail}). ${SETTINGS_HINT}`);
  }
  return fail("auth", `The secret access key doesn't match this access key ID. ${SETTINGS_HINT}`);
}

function describeUnknownStatus(status: number, type: string | null, detail: string | null, tryAgain: string): Failure {
  const what = [type, detail].filter(Boolean).join(": ") || `HTTP ${status}`;
  if (status === 401 || status === 403) return fail("auth", `The proxy refused the key (${what}). ${SETTINGS_HINT}`);
  if (status >= 500) return fail("server-error", `The proxy had a problem (${what}).${tryAgain}`, status !== 501);
  return fail("invalid-request", `The proxy refused the request (${what}).`);
}

/** When the proxy hides `x-amzn-ErrorType`, the status still tells most causes apart. */
function typeForStatus(status: number): string | null {
  switch (status) {
    case 400:
      return "ValidationException";
    case 404:
      return "ResourceNotFoundException";
    case 408:
      return "ModelTimeoutException";
    case 424:
      return "ModelErrorException";
    case 429:
      return "ThrottlingException";
    case 500:
      return "InternalServerException";
    case 503:
      return "ServiceUnavailableException";
    default:
      return null;
  }
}

function fail(kind: FailureKind, message: string, retryable = false): Failure {
  return { kind, message, retryable };
}

function withRetryAfter(failure: Failure, retryAfterMs: number | undefined): Failure {
  return retryAfterMs === undefined ? failure : { ...failure, retryAfterMs };
}

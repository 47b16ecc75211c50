import { describe, expect, it } from "vitest";
import { BEDROCK_ERROR_STATUS, type BedrockErrorType } from "../../../src/contract/errors.js";
import { FINISH_REASONS } from "../../../src/contract/text-to-image.js";
import type { FailureKind } from "../../../src/messages.js";
import { describeFailure, normalizeErrorType } from "../../../src/ui/errors/describe-failure.js";
import { formatWait } from "../../../src/ui/errors/format-wait.js";
import { parseRetryAfter } from "../../../src/ui/errors/parse-retry-after.js";

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

function http(errorType: string | null, status: number, message: string | null = "detail", retryAfter: string | null = null) {
  return describeFailure({ source: "http", status, errorType, message, retryAfter }, NOW);
}

describe("describeFailure for each Bedrock error type", () => {
  const expected: Record<BedrockErrorType, { kind: FailureKind; retryable: boolean; says: RegExp }> = {
    ValidationException: { kind: "invalid-request", retryable: false, says: /didn't accept the request: detail/ },
    ServiceQuotaExceededException: { kind: "quota", retryable: false, says: /quota is used up/ },
    AccessDeniedException: { kind: "model-access", retryable: false, says: /model isn't available \(detail\).*Model access/ },
    UnrecognizedClientException: { kind: "auth", retryable: false, says: /doesn't recognise this access key ID/ },
    InvalidSignatureException: { kind: "auth", retryable: false, says: /secret access key doesn't match/ },
    MissingAuthenticationTokenException: { kind: "auth", retryable: false, says: /not signed/ },
    IncompleteSignatureException: { kind: "auth", retryable: false, says: /signature incomplete \(detail\)/ },
    UnknownOperationException: { kind: "invalid-request", retryable: false, says: /Check the Proxy URL/ },
    ResourceNotFoundException: { kind: "model-access", retryable: false, says: /doesn't offer this model/ },
    ModelTimeoutException: { kind: "timeout", retryable: false, says: /took too long/ },
    ModelErrorException: { kind: "model-error", retryable: false, says: /could not make this image \(detail\)/ },
    ThrottlingException: { kind: "rate-limited", retryable: true, says: /Too many images/ },
    InternalServerException: { kind: "server-error", retryable: true, says: /internal error/ },
    ServiceUnavailableException: { kind: "server-error", retryable: true, says: /unavailable/ },
  };

  for (const [type, status] of Object.entries(BEDROCK_ERROR_STATUS) as [BedrockErrorType, number][]) {
    it(`${type} (${status})`, () => {
      const failure = http(type, status);
      expect(failure.kind).toBe(expected[type].kind);
      expect(failure.retryable).toBe(expected[type].retryable);
      expect(failure.message).toMatch(expected[type].says);
    });
  }

  it("tells clock skew and a wrong region apart from a bad secret", () => {
    const expired = http("InvalidSignatureException", 403, "Signature expired: 20250115T115000Z is now earlier than 20250115T115500Z (20250115T120000Z - 5 min.)");
    expect(expired.message).toMatch(/clock is off/);
    const early = http("InvalidSignatureException", 403, "Signature not yet current: 20250115T121000Z is still later than ...");
    expect(early.message).toMatch(/clock is off/);
    const region = http("InvalidSignatureException", 403, "Credential should be scoped to a valid region, not 'us-east-1'. This endpoint serves 'us-west-2'.");
    expect(region.kind).toBe("auth");
    expect(region.message).toMatch(/Region in Settings doesn't match.*us-west-2/);
    const replayed = http("InvalidSignatureException", 403, "This signed request was already received; each signature is accepted once.");
    expect(replayed).toMatchObject({ kind: "server-error", retryable: true });
  });

  it("says when the quota resets and when to retry, from Retry-After", () => {
    expect(http("ServiceQuotaExceededException", 400, "Quota", "7200").message).toBe("Your image quota is used up. It resets in 2 hours.");
    const throttled = http("ThrottlingException", 429, "Rate exceeded", "30");
    expect(throttled.message).toBe("Too many images are being made right now. Try again in 30 seconds.");
    expect(throttled.retryAfterMs).toBe(30_000);
    const dated = http("ThrottlingException", 429, null, new Date(NOW + 90_000).toUTCString());
    expect(dated.retryAfterMs).toBe(90_000);
    expect(dated.message).toMatch(/in 2 minutes/);
    expect(http("ThrottlingException", 429).retryAfterMs).toBeUndefined();
  });

  it("falls back on the status when the error type is missing", () => {
    expect(http(null, 400).kind).toBe("invalid-request");
    expect(http(null, 403).kind).toBe("auth");
    expect(http(null, 404).kind).toBe("model-access");
    expect(http(null, 408).kind).toBe("timeout");
    expect(http(null, 424).kind).toBe("model-error");
    expect(http(null, 429).kind).toBe("rate-limited");
    expect(http(null, 500).kind).toBe("server-error");
    expect(http(null, 502)).toMatchObject({ kind: "server-error", retryable: true });
    expect(http(null, 503)).toMatchObject({ kind: "server-error", retryable: true });
    expect(http(null, 418, "teapot")).toMatchObject({ kind: "invalid-request", message: "The proxy refused the request (teapot)." });
  });

  it("reads AWS's decorated error type spellings", () => {
    expect(normalizeErrorType("ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")).toBe("ThrottlingException");
    expect(normalizeErrorType("com.amazon.coral.service#UnrecognizedClientException")).toBe("UnrecognizedClientException");
    expect(http("ThrottlingException:http://internal.amazon.com/coral/", 429).kind).toBe("rate-limited");
    expect(normalizeErrorType(null)).toBeNull();
  });
});

describe("describeFailure for the proxy's own limits", () => {
  /** 18:00 UTC on Nov 30th is 19:00 in Berlin; midnight UTC is 1 AM there. */
  const evening = Date.parse("2026-11-30T18:00:00Z");
  const berlin = { locale: "en-US", timeZone: "Europe/Berlin" };
  const refusal = (errorType: string, status: number, message: string, retryAfter: string | null = null) => {
    const failure = describeFailure({ source: "http", status, errorType, message, retryAfter }, evening, berlin);
    return { ...failure, message: failure.message.replace(/\u202f/g, " ") };
  };

  it("names the spent limit and when it resets, in the designer's local time", () => {
    expect(refusal("ServiceQuotaExceededException", 400, "This key's limit of 40 images per day is used up (40 used); it resets at 2026-12-01T00:00:00Z.")).toEqual({
      kind: "quota",
      retryable: false,
      message: "You've used all 40 images your access key may make today. It resets tomorrow at 1:00 AM.",
    });
    expect(refusal("ServiceQuotaExceededException", 400, "This key's limit of 1 images per day is used up (1 used); it resets at 2026-12-01T00:00:00Z.").message).toBe(
      "You've used the one image your access key may make today. It resets tomorrow at 1:00 AM.",
    );
    expect(
      refusal("ServiceQuotaExceededException", 400, "This key's budget of $2.00 per day would be exceeded ($1.98 used); it resets at 2026-12-01T00:00:00Z.").message,
    ).toBe("This would go over your access key's $2.00 daily budget ($1.98 spent so far). It resets tomorrow at 1:00 AM.");
    expect(
      refusal("ServiceQuotaExceededException", 400, "This key's budget of $50.00 per month would be exceeded ($49.98 used); it resets at 2027-01-01T00:00:00Z.").message,
    ).toBe("This would go over your access key's $50.00 monthly budget ($49.98 spent so far). It resets on Jan 1 at 1:00 AM.");
    expect(
      refusal(
        "ServiceQuotaExceededException",
        400,
        "This proxy's budget of $500.00 per month for all keys is used up; it resets at 2026-12-01T00:00:00Z. Ask your Framefill admin.",
      ).message,
    ).toBe("Your team's $500.00 monthly budget on this proxy is used up. It resets tomorrow at 1:00 AM. Ask your Framefill admin.");
  });

  it("keeps the general quota sentence for a quota it does not know", () => {
    expect(refusal("ServiceQuotaExceededException", 400, "Your account's on-demand quota is exhausted.").message).toBe(
      "Your image quota is used up. Ask your admin to raise it.",
    );
  });

  it("says the key's requests a minute, and keeps the retry that Retry-After asks for", () => {
    const throttled = refusal("ThrottlingException", 429, "This key's limit of 10 requests a minute is reached; try again in 12 s.", "12");
    expect(throttled).toEqual({
      kind: "rate-limited",
      retryable: true,
      retryAfterMs: 12_000,
      message: "Your access key may send 10 requests a minute. Try again in 12 seconds.",
    });
  });

  it("says an expired key expired, and which models a key may use", () => {
    expect(refusal("AccessDeniedException", 403, "This access key expired at the end of 2026-11-29 (UTC). Ask your Framefill admin for a new one.")).toEqual({
      kind: "auth",
      retryable: false,
      message: "Your access key expired on Nov 29, 2026. Ask your Framefill admin for a new one, then enter it in Settings.",
    });
    expect(
      refusal(
        "AccessDeniedException",
        403,
        "This access key may not use stability.stable-image-ultra-v1:0; it may use stability.stable-image-core-v1:0, stability.stable-image-core-v1:1.",
      ),
    ).toEqual({
      kind: "model-access",
      retryable: false,
      message:
        "Your access key may not use Stable Image Ultra. Pick Stable Image Core or Stable Image Core 1.1 in Model, or ask your Framefill admin.",
    });
  });
});

describe("describeFailure for finish reasons", () => {
  it("names the content filter on the prompt, asking to rephrase", () => {
    const failure = describeFailure({ source: "finish-reason", reason: FINISH_REASONS.promptFiltered }, NOW);
    expect(failure).toMatchObject({ kind: "prompt-filtered", retryable: false });
    expect(failure.message).toMatch(/Rephrase/);
  });

  it("names the content filter on the output image", () => {
    const failure = describeFailure({ source: "finish-reason", reason: FINISH_REASONS.outputFiltered }, NOW);
    expect(failure.kind).toBe("output-filtered");
    expect(failure.message).toMatch(/blocked the generated image/);
  });

  it("treats an inference error as the model's failure", () => {
    expect(describeFailure({ source: "finish-reason", reason: FINISH_REASONS.inferenceError }, NOW).kind).toBe("model-error");
  });

  it("keeps an unknown filter reason's words", () => {
    const failure = describeFailure({ source: "finish-reason", reason: "Filter reason: something new" }, NOW);
    expect(failure.kind).toBe("prompt-filtered");
    expect(failure.message).toContain("something new");
  });
});

describe("describeFailure for network failures", () => {
  it("calls a failed fetch unreachable and points to Settings", () => {
    const failure = describeFailure({ source: "network", error: new TypeError("Failed to fetch") }, NOW);
    expect(failure).toMatchObject({ kind: "unreachable", retryable: true });
    expect(failure.message).toMatch(/Couldn't reach the proxy.*Settings/);
  });

  it("calls an aborted fetch cancelled", () => {
    expect(describeFailure({ source: "network", error: new DOMException("aborted", "AbortError") }, NOW).kind).toBe("cancelled");
  });

  it("calls an unreadable answer a server error", () => {
    expect(describeFailure({ source: "malformed-response", detail: "not JSON" }, NOW)).toMatchObject({
      kind: "server-error",
      message: "The proxy sent an answer Framefill could not read (not JSON).",
    });
  });
});

describe("parseRetryAfter and formatWait", () => {
  it("reads seconds and HTTP dates, and ignores garbage", () => {
    expect(parseRetryAfter("5", NOW)).toBe(5000);
    expect(parseRetryAfter(new Date(NOW + 3000).toUTCString(), NOW)).toBe(3000);
    expect(parseRetryAfter(new Date(NOW - 3000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  it("rounds up to a unit a designer reads", () => {
    expect(formatWait(0)).toBe("in 1 second");
    expect(formatWait(45_000)).toBe("in 45 seconds");
    expect(formatWait(61_000)).toBe("in 2 minutes");
    expect(formatWait(3_600_000)).toBe("in 1 hour");
    expect(formatWait(3 * 86_400_000)).toBe("in 3 days");
  });
});

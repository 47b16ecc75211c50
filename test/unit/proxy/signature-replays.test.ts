/**
 * Signature replays on a fake clock: which clients' answers are kept for replays, how often a replay of a request
 * still running looks again, and the moment it gives up waiting. (The whole path, through a proxy, is in
 * test/integration/proxy/signature-replays.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSignatureReplays } from "../../../proxy/http/signature-replays.js";
import type { ClaimState, ReplayCache } from "../../../proxy/sigv4/replay-cache.js";

/** A replay cache whose signature stays "running" (its first use never finishes), counting the replay's looks. */
function stuckCache() {
  const cache = {
    claims: 0,
    async claim(): Promise<ClaimState> {
      cache.claims++;
      return "running";
    },
    async succeed() {},
    async release() {},
    async close() {},
  } satisfies ReplayCache & { claims: number };
  return cache;
}

/** Records how a promise settled, so a test can tell "still waiting" from "done" after moving the clock. */
function watch<T>(promise: Promise<T>) {
  const state: { settled: boolean; error?: unknown } = { settled: false };
  promise.then(
    () => Object.assign(state, { settled: true }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

const request = { accessKeyId: "FFK1", signature: "abc", signedHeaders: ["host", "x-amz-date"], replay: "running" as const };
const never = () => new Promise<{ body: Uint8Array }>(() => undefined);

describe("signature replays", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps answers only for clients whose retries repeat a signature", () => {
    const replays = createSignatureReplays({ cache: stuckCache(), ttlMs: 1000 });
    expect(replays.keeps({ signedHeaders: ["host", "x-amz-date"] })).toBe(true);
    expect(replays.keeps({ signedHeaders: ["content-type", "host", "x-amz-content-sha256", "x-amz-date"] })).toBe(true);
    for (const perAttempt of ["amz-sdk-invocation-id", "amz-sdk-request", "idempotency-key"]) {
      expect(replays.keeps({ signedHeaders: ["host", perAttempt, "x-amz-date"] }), perAttempt).toBe(false);
    }
  });

  it("fails loudly, without marking the signature succeeded, when an answer to keep has no body", async () => {
    const cache = { ...stuckCache(), succeed: vi.fn(async () => undefined) };
    const replays = createSignatureReplays({ cache, ttlMs: 1000 });
    await expect(replays.serve({ ...request, replay: "first" }, async () => ({}))).rejects.toThrow(
      "The answer to keep for replays was not collected",
    );
    expect(cache.succeed).not.toHaveBeenCalled();
  });

  it("looks again every 50 ms by default, or every pollMs", async () => {
    const byDefault = stuckCache();
    const slower = stuckCache();
    watch(createSignatureReplays({ cache: byDefault, ttlMs: 1000 }).serve(request, never));
    watch(createSignatureReplays({ cache: slower, ttlMs: 1000, pollMs: 200 }).serve(request, never));
    await vi.advanceTimersByTimeAsync(49);
    expect([byDefault.claims, slower.claims]).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1);
    expect([byDefault.claims, slower.claims]).toEqual([1, 0]);
    await vi.advanceTimersByTimeAsync(150);
    expect([byDefault.claims, slower.claims]).toEqual([4, 1]);
  });

  it("gives up waiting exactly waitMs after the replay arrived, refused as already received", async () => {
    const cache = stuckCache();
    const replay = watch(createSignatureReplays({ cache, ttlMs: 1000, waitMs: 100, pollMs: 25 }).serve(request, never));
    await vi.advanceTimersByTimeAsync(99);
    expect(replay.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(replay.settled).toBe(true);
    expect(replay.error).toMatchObject({
      type: "InvalidSignatureException",
      message: "This signed request was already received; each signature is accepted once. Sign the request again to retry.",
    });
    expect(cache.claims).toBe(4);
  });
});

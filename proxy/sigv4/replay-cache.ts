/**
 * Remembers signatures already received inside the clock-skew window, and what became of each, so that a signature
 * never spends twice while a client that sends the same signed request again (boto3 and the AWS CLI sign only
 * `host;x-amz-date`, so their quick retries repeat a signature) is not broken:
 *
 * - `claim` answers "first" the first time (the signature is now "running"), else the state it is in;
 * - `succeed` marks it "succeeded" (its answer may be sent again, never produced again);
 * - `release` forgets it, after a refusal or a failure Bedrock did not bill, so a replay is evaluated anew.
 *
 * The AWS SDKs sign every retry anew (new x-amz-date), so their retries are new signatures. In memory for one proxy;
 * in Redis (SET NX PX) when several proxies share the load.
 *
 * @example
 * const state = await cache.claim(signature, ttlMs); // "first" | "running" | "succeeded"
 */
import type { Redis } from "ioredis";

export type ClaimState = "first" | "running" | "succeeded";

export interface ReplayCache {
  /** Records the signature as running when it is new; otherwise says what became of it. */
  claim(signature: string, ttlMs: number): Promise<ClaimState>;
  succeed(signature: string): Promise<void>;
  release(signature: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryReplayCache(now: () => number = Date.now): ReplayCache {
  // Map keeps insertion order; with one TTL per proxy, that is expiry order too, so sweeping stops at the first live
  // entry. Changing an entry's state keeps its place.
  const seen = new Map<string, { state: "running" | "succeeded"; expiresAt: number }>();
  const sweep = (at: number) => {
    for (const [signature, entry] of seen) {
      if (entry.expiresAt > at) break;
      seen.delete(signature);
    }
  };
  return {
    async claim(signature, ttlMs) {
      const at = now();
      sweep(at);
      const entry = seen.get(signature);
      if (entry && entry.expiresAt > at) return entry.state;
      // A fresh string: the signature arrives as a slice of the whole Authorization header, which would stay alive with it.
      seen.set(Buffer.from(signature, "latin1").toString("latin1"), { state: "running", expiresAt: at + ttlMs });
      return "first";
    },
    async succeed(signature) {
      const entry = seen.get(signature);
      if (entry) entry.state = "succeeded";
    },
    async release(signature) {
      seen.delete(signature);
    },
    async close() {
      seen.clear();
    },
  };
}

export function createRedisReplayCache(redis: Redis, prefix = "framefill:replay:"): ReplayCache {
  return {
    async claim(signature, ttlMs) {
      // Two tries: the entry may expire between the SET and the GET.
      for (let attempt = 0; attempt < 2; attempt++) {
        if ((await redis.set(prefix + signature, "running", "PX", ttlMs, "NX")) === "OK") return "first";
        const state = await redis.get(prefix + signature);
        if (state === "running" || state === "succeeded") return state;
      }
      return "running";
    },
    async succeed(signature) {
      await redis.set(prefix + signature, "succeeded", "KEEPTTL", "XX");
    },
    async release(signature) {
      await redis.del(prefix + signature);
    },
    async close() {
      // quit() needs a live connection; a proxy shutting down while Redis is away just drops it.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

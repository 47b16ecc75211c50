/**
 * Remembers signatures already accepted, so each signed request is served once: a replay of the same bytes inside the
 * clock-skew window is refused. The AWS SDKs sign every retry anew (new x-amz-date), so retries are never blocked.
 * In memory for one proxy; in Redis (SET NX PX) when several proxies share the load.
 */
import type { Redis } from "ioredis";

export interface ReplayCache {
  /** Records the signature; true the first time it is seen within `ttlMs`, false for a replay. */
  claim(signature: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createMemoryReplayCache(now: () => number = Date.now): ReplayCache {
  // Map keeps insertion order; with one TTL per proxy, that is expiry order too, so sweeping stops at the first live entry.
  const seen = new Map<string, number>();
  const sweep = (at: number) => {
    for (const [signature, expiresAt] of seen) {
      if (expiresAt > at) break;
      seen.delete(signature);
    }
  };
  return {
    async claim(signature, ttlMs) {
      const at = now();
      sweep(at);
      const expiresAt = seen.get(signature);
      if (expiresAt !== undefined && expiresAt > at) return false;
      // A fresh string: the signature arrives as a slice of the whole Authorization header, which would stay alive with it.
      seen.set(Buffer.from(signature, "latin1").toString("latin1"), at + ttlMs);
      return true;
    },
    async close() {
      seen.clear();
    },
  };
}

export function createRedisReplayCache(redis: Redis, prefix = "framefill:replay:"): ReplayCache {
  return {
    async claim(signature, ttlMs) {
      return (await redis.set(prefix + signature, "1", "PX", ttlMs, "NX")) === "OK";
    },
    async close() {
      // quit() needs a live connection; a proxy shutting down while Redis is away just drops it.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

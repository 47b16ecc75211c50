/**
 * Idempotency-Key support, so a client that retries an image (its connection dropped after Bedrock had already
 * generated it) gets the image it paid for instead of paying for another. A successful answer is kept for
 * `IDEMPOTENCY_TTL_MS` under the signer's key id and the client's Idempotency-Key; a retry with the same key and the
 * same request gets that answer again, one with a different request is refused, and a retry that arrives while the
 * first attempt is still running waits for it. Only successes are kept: Bedrock does not charge for failures.
 * In memory (bounded in bytes) for one proxy, in Redis when several share the load.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { BedrockError } from "../errors.js";

export const IDEMPOTENCY_TTL_MS = 10 * 60 * 1000;
const MEMORY_BUDGET_BYTES = 64 * 1024 * 1024;
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

export interface StoredAnswer {
  fingerprint: string;
  body: Uint8Array;
}

export interface IdempotencyStore {
  get(key: string): Promise<StoredAnswer | undefined>;
  put(key: string, answer: StoredAnswer): Promise<void>;
}

/** Answers a request at most once per (key id, Idempotency-Key); `produce` runs only when nothing is stored. */
export interface Idempotency {
  /** `produce` must give the whole body when there is an Idempotency-Key (a streamed answer too: it settles at its end). */
  run<T extends { body?: Uint8Array }>(
    scope: { accessKeyId: string; idempotencyKey: string | undefined; modelId: string; body: Uint8Array },
    produce: () => Promise<T>,
  ): Promise<{ body?: Uint8Array; produced?: T }>;
}

export function createIdempotency(store: IdempotencyStore): Idempotency {
  // The last attempt per key: a retry that overtakes its first attempt waits for it rather than paying twice.
  const latest = new Map<string, Promise<unknown>>();
  return {
    async run({ accessKeyId, idempotencyKey, modelId, body }, produce) {
      if (idempotencyKey === undefined) {
        const produced = await produce();
        return { body: produced.body, produced };
      }
      if (!KEY_PATTERN.test(idempotencyKey)) {
        throw new BedrockError("ValidationException", "Idempotency-Key must be 1 to 128 visible ASCII characters.");
      }
      const key = `${accessKeyId}:${idempotencyKey}`;
      const fingerprint = createHash("sha256").update(modelId).update("\n").update(body).digest("hex");
      const previous = latest.get(key);
      const current = (async () => {
        await previous?.catch(() => undefined);
        const stored = await store.get(key);
        if (stored) {
          if (stored.fingerprint !== fingerprint) {
            throw new BedrockError("ValidationException", "This Idempotency-Key was already used for a different request.");
          }
          return { body: stored.body };
        }
        const produced = await produce();
        if (!produced.body) throw new Error("The answer to keep for an Idempotency-Key was not collected");
        await store.put(key, { fingerprint, body: produced.body });
        return { body: produced.body, produced };
      })();
      latest.set(key, current);
      try {
        return await current;
      } finally {
        if (latest.get(key) === current) latest.delete(key);
      }
    },
  };
}

export function createMemoryIdempotencyStore(now: () => number = Date.now, budgetBytes = MEMORY_BUDGET_BYTES): IdempotencyStore {
  const entries = new Map<string, StoredAnswer & { expiresAt: number }>();
  let bytes = 0;
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= entry.body.byteLength;
    entries.delete(key);
  };
  return {
    async get(key) {
      const entry = entries.get(key);
      if (entry && entry.expiresAt <= now()) drop(key);
      return entries.get(key);
    },
    async put(key, answer) {
      drop(key);
      if (answer.body.byteLength > budgetBytes) return;
      entries.set(key, { ...answer, expiresAt: now() + IDEMPOTENCY_TTL_MS });
      bytes += answer.body.byteLength;
      // Oldest first: Map iteration follows insertion order.
      for (const [oldest, entry] of entries) {
        if (bytes <= budgetBytes && entry.expiresAt > now()) break;
        drop(oldest);
      }
    },
  };
}

export function createRedisIdempotencyStore(redis: Redis, prefix = "framefill:idempotency:"): IdempotencyStore {
  return {
    async get(key) {
      const value = await redis.getBuffer(prefix + key);
      if (!value) return undefined;
      const newline = value.indexOf(0x0a);
      return { fingerprint: value.subarray(0, newline).toString("ascii"), body: new Uint8Array(value.subarray(newline + 1)) };
    },
    async put(key, answer) {
      await redis.set(prefix + key, Buffer.concat([Buffer.from(`${answer.fingerprint}\n`), answer.body]), "PX", IDEMPOTENCY_TTL_MS);
    },
  };
}

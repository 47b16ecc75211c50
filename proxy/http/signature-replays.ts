/**
 * What a signed request sent again gets, so a signature never spends twice and a client that resends the same bytes
 * (boto3 and the AWS CLI retry within one second with the same signature) still gets its image:
 *
 * - the first use produces the answer; a success is kept here for the replay window and marked in the replay cache,
 *   a failure is forgotten, so a replay of a refusal (or of a failure Bedrock did not bill) is evaluated anew;
 * - a replay of a success gets the kept answer, without charge;
 * - a replay of one still running waits for it (up to `waitMs`), then gets its answer or is evaluated anew;
 * - a replay whose answer is no longer here (kept by another proxy, or dropped for memory) is refused, as before.
 *
 * Answers are kept in this proxy's memory, within a byte budget, not in Redis: a replay is nearly always a client's
 * immediate retry on the same connection, and a 1.5 MB image per request would be a heavy price for Redis. They are
 * kept only for clients whose retries can repeat a signature (see UNIQUE_PER_ATTEMPT).
 *
 * @example
 * const replays = createSignatureReplays({ cache: replayCache });
 * const { body } = await replays.serve({ accessKeyId, signature, replay }, () => invoke());
 */
import { alreadyReceived } from "../auth/authenticate.js";
import type { ClaimState, ReplayCache } from "../sigv4/replay-cache.js";
import { createMemoryIdempotencyStore, type IdempotencyStore } from "./idempotency.js";

/**
 * Headers that make every attempt's signature unique (the AWS SDK for JavaScript signs its invocation id and attempt,
 * the plugin its Idempotency-Key). A client that signs one never resends a signature to retry, so answers to such
 * requests are not kept for replays (a retry with the same Idempotency-Key is answered by the idempotency store).
 */
const UNIQUE_PER_ATTEMPT = new Set(["amz-sdk-invocation-id", "amz-sdk-request", "idempotency-key"]);

export interface SignatureReplaysOptions {
  cache: ReplayCache;
  /** Where successful answers are kept for replays (default: in memory, 64 MiB). */
  answers?: IdempotencyStore;
  /** How long a replay waits for its first use to finish. Default 60 s. */
  waitMs?: number;
  /** How often a waiting replay looks again. Default 50 ms. */
  pollMs?: number;
  ttlMs: number;
}

export interface SignatureReplays {
  /** `produce` must give the whole body when `keeps(request)` (a streamed answer too: it settles at its end). */
  serve<T extends { body?: Uint8Array }>(
    request: { accessKeyId: string; signature: string; signedHeaders: readonly string[]; replay: ClaimState },
    produce: () => Promise<T>,
  ): Promise<{ body?: Uint8Array; produced?: T }>;
  /** Whether a success for this request is kept for its replays. */
  keeps(request: { signedHeaders: readonly string[] }): boolean;
}

export function createSignatureReplays(options: SignatureReplaysOptions): SignatureReplays {
  const answers = options.answers ?? createMemoryIdempotencyStore();
  const waitMs = options.waitMs ?? 60_000;
  const pollMs = options.pollMs ?? 50;

  const keeps = ({ signedHeaders }: { signedHeaders: readonly string[] }) => !signedHeaders.some((name) => UNIQUE_PER_ATTEMPT.has(name));

  return {
    keeps,
    async serve<T extends { body?: Uint8Array }>(
      { accessKeyId, signature, signedHeaders, replay }: { accessKeyId: string; signature: string; signedHeaders: readonly string[]; replay: ClaimState },
      produce: () => Promise<T>,
    ) {
      const keep = keeps({ signedHeaders });
      const key = `${accessKeyId}:signature:${signature}`;
      const deadline = Date.now() + waitMs;
      for (let current = replay; ; ) {
        if (current === "first") {
          let produced: T;
          try {
            produced = await produce();
          } catch (error) {
            await options.cache.release(signature).catch(() => undefined);
            throw error;
          }
          if (keep) {
            if (!produced.body) throw new Error("The answer to keep for replays was not collected");
            await answers.put(key, { fingerprint: signature, body: produced.body });
          }
          await options.cache.succeed(signature);
          return { body: produced.body, produced };
        }
        const kept = await answers.get(key);
        if (kept) return { body: kept.body };
        if (current === "succeeded" || Date.now() >= deadline) throw alreadyReceived();
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        current = await options.cache.claim(signature, options.ttlMs);
      }
    },
  };
}

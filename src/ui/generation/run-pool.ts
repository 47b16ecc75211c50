/**
 * A bounded pool that runs one async attempt per item, at most `concurrency` at once, retrying the attempts that ask
 * for it. A retry pauses the whole pool, not just its own item: when the proxy says "slow down" (429), the other
 * requests would hear the same. The pause is the server's `Retry-After` when it gives one, else exponential backoff
 * with full jitter. Cancelling the signal settles every item that has not started as cancelled and aborts those in
 * flight (each attempt gets the signal to pass to fetch). Time, sleep and randomness are injected, so tests need none.
 *
 * @example
 * await runPool(jobs, (job, attempt, signal) => invoke(job, signal), {
 *   concurrency: 4, signal, now: Date.now, sleep: abortableSleep, random: Math.random,
 *   cancelled: () => cancelledFailure, onStart: markGenerating, onSettled: report,
 * });
 */

export type AttemptOutcome<Value, Failure> =
  | { ok: true; value: Value }
  | { ok: false; failure: Failure; retry?: { afterMs?: number } };

export type Settled<Value, Failure> = { ok: true; value: Value } | { ok: false; failure: Failure };

export interface PoolOptions<Item, Value, Failure> {
  concurrency: number;
  signal: AbortSignal;
  now: () => number;
  /** Resolves after `ms`, or rejects as soon as `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** In [0, 1), for jitter. */
  random: () => number;
  /** Attempts per item, the first one included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A server that asks to wait longer than this is not waited for: the item fails with the server's answer. */
  maxRetryAfterMs?: number;
  /** The failure recorded for an item that was cancelled. */
  cancelled: () => Failure;
  /** Called when an item's first attempt starts. */
  onStart?: (item: Item) => void;
  /** Called as each attempt starts, after any pause. */
  onAttempt?: (item: Item, attempt: number) => void;
  /** Called before a retry waits. */
  onRetry?: (item: Item, attempt: number, delayMs: number) => void;
  onSettled?: (item: Item, result: Settled<Value, Failure>) => void;
}

export const POOL_DEFAULTS = {
  concurrency: 4,
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
} as const;

export type Attempt<Item, Value, Failure> = (
  item: Item,
  attempt: number,
  signal: AbortSignal,
) => Promise<AttemptOutcome<Value, Failure>>;

/** Runs every item to a settled result, in the order of `items`. Never rejects, unless `attempt` throws. */
export async function runPool<Item, Value, Failure>(
  items: readonly Item[],
  attempt: Attempt<Item, Value, Failure>,
  options: PoolOptions<Item, Value, Failure>,
): Promise<Settled<Value, Failure>[]> {
  const maxAttempts = options.maxAttempts ?? POOL_DEFAULTS.maxAttempts;
  const baseDelayMs = options.baseDelayMs ?? POOL_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? POOL_DEFAULTS.maxDelayMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? POOL_DEFAULTS.maxRetryAfterMs;
  const { signal } = options;

  const results: Settled<Value, Failure>[] = new Array(items.length);
  let next = 0;
  /** No attempt starts before this time: the pause a retry asked for. */
  let pausedUntil = 0;

  const settle = (index: number, result: Settled<Value, Failure>) => {
    results[index] = result;
    options.onSettled?.(items[index]!, result);
  };
  const cancelled = (): Settled<Value, Failure> => ({ ok: false, failure: options.cancelled() });

  async function waitForPause(): Promise<void> {
    for (let wait = pausedUntil - options.now(); wait > 0; wait = pausedUntil - options.now()) {
      await options.sleep(wait, signal);
    }
  }

  async function runItem(index: number): Promise<Settled<Value, Failure>> {
    const item = items[index]!;
    options.onStart?.(item);
    for (let attemptNumber = 1; ; attemptNumber++) {
      try {
        await waitForPause();
      } catch {
        return cancelled();
      }
      if (signal.aborted) return cancelled();
      options.onAttempt?.(item, attemptNumber);
      const outcome = await attempt(item, attemptNumber, signal);
      if (signal.aborted) return cancelled();
      if (outcome.ok) return outcome;
      const retryAfterMs = outcome.retry?.afterMs;
      const canRetry =
        outcome.retry !== undefined &&
        attemptNumber < maxAttempts &&
        (retryAfterMs === undefined || retryAfterMs <= maxRetryAfterMs);
      if (!canRetry) return { ok: false, failure: outcome.failure };
      const backoff = options.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attemptNumber - 1));
      const delayMs = retryAfterMs ?? backoff;
      pausedUntil = Math.max(pausedUntil, options.now() + delayMs);
      options.onRetry?.(item, attemptNumber + 1, delayMs);
    }
  }

  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      settle(index, signal.aborted ? cancelled() : await runItem(index));
    }
  }

  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

import { describe, expect, it } from "vitest";
import { runPool, type AttemptOutcome } from "../../../src/ui/generation/run-pool.js";
import { FakeClock, flush } from "./fakes.js";

type Outcome = AttemptOutcome<string, string>;

interface Pending {
  item: number;
  attempt: number;
  signal: AbortSignal;
  resolve(outcome: Outcome): void;
}

/** An attempt function whose calls wait for the test to answer them, and end as "aborted" when the signal aborts. */
function manualAttempts() {
  const pending: Pending[] = [];
  const started: [number, number][] = [];
  const attempt = (item: number, attemptNumber: number, signal: AbortSignal) =>
    new Promise<Outcome>((resolve) => {
      started.push([item, attemptNumber]);
      const entry: Pending = { item, attempt: attemptNumber, signal, resolve };
      signal.addEventListener("abort", () => {
        pending.splice(pending.indexOf(entry), 1);
        resolve({ ok: false, failure: "aborted" });
      });
      pending.push(entry);
    });
  const answer = (item: number, outcome: Outcome) => {
    const index = pending.findIndex((entry) => entry.item === item);
    if (index < 0) throw new Error(`item ${item} is not in flight`);
    pending.splice(index, 1)[0]!.resolve(outcome);
  };
  return { pending, started, attempt, answer };
}

function options(clock: FakeClock, signal = new AbortController().signal, random = () => 0.5) {
  return { concurrency: 4, signal, now: clock.now, sleep: clock.sleep, random, cancelled: () => "cancelled" };
}

describe("runPool", () => {
  it("never runs more than `concurrency` attempts at once, and keeps results in item order", async () => {
    const clock = new FakeClock();
    const attempts = manualAttempts();
    const items = Array.from({ length: 10 }, (_, index) => index);
    let maxInFlight = 0;
    const done = runPool(items, attempts.attempt, options(clock));
    for (let answered = 0; answered < items.length; answered++) {
      await flush();
      maxInFlight = Math.max(maxInFlight, attempts.pending.length);
      expect(attempts.pending.length).toBe(Math.min(4, items.length - answered));
      // Answer the most recent first, so completion order differs from item order.
      const last = attempts.pending.at(-1)!;
      attempts.answer(last.item, { ok: true, value: `image ${last.item}` });
    }
    const results = await done;
    expect(maxInFlight).toBe(4);
    expect(results).toEqual(items.map((item) => ({ ok: true, value: `image ${item}` })));
  });

  it("honours Retry-After on a 429 and pauses every worker, not only the throttled one", async () => {
    const clock = new FakeClock();
    const start = clock.time;
    const attempts = manualAttempts();
    const retries: [number, number, number][] = [];
    const done = runPool([0, 1], attempts.attempt, {
      ...options(clock),
      concurrency: 1,
      onRetry: (item, attempt, delay) => retries.push([item, attempt, delay]),
    });
    await flush();
    attempts.answer(0, { ok: false, failure: "throttled", retry: { afterMs: 7_000 } });
    await flush();
    expect(retries).toEqual([[0, 2, 7_000]]);
    expect(clock.sleeps).toEqual([7_000]);
    expect(clock.time - start).toBe(7_000);
    attempts.answer(0, { ok: true, value: "a" });
    await flush();
    attempts.answer(1, { ok: true, value: "b" });
    expect(await done).toEqual([
      { ok: true, value: "a" },
      { ok: true, value: "b" },
    ]);
  });

  it("makes a worker that was idle wait out another item's pause before it starts", async () => {
    const clock = new FakeClock();
    const attempts = manualAttempts();
    const startedAt: number[] = [];
    const done = runPool([0, 1], attempts.attempt, {
      ...options(clock),
      concurrency: 2,
      onAttempt: () => startedAt.push(clock.time),
    });
    await flush();
    const t0 = clock.time;
    attempts.answer(1, { ok: false, failure: "throttled", retry: { afterMs: 3_000 } });
    await flush();
    attempts.answer(0, { ok: false, failure: "throttled", retry: {} });
    await flush();
    // Item 0's retry starts no earlier than item 1's Retry-After allows.
    expect(startedAt.slice(2).every((time) => time >= t0 + 3_000)).toBe(true);
    attempts.answer(0, { ok: true, value: "a" });
    attempts.answer(1, { ok: true, value: "b" });
    expect((await done).every((result) => result.ok)).toBe(true);
  });

  it("backs off exponentially with full jitter when the server gives no Retry-After, then gives up", async () => {
    const clock = new FakeClock();
    const attempts = manualAttempts();
    const done = runPool([0], attempts.attempt, {
      ...options(clock, undefined, () => 0.5),
      concurrency: 1,
      maxAttempts: 4,
      baseDelayMs: 1_000,
      maxDelayMs: 3_000,
    });
    for (let attempt = 1; attempt <= 4; attempt++) {
      await flush();
      attempts.answer(0, { ok: false, failure: `busy ${attempt}`, retry: {} });
    }
    expect(await done).toEqual([{ ok: false, failure: "busy 4" }]);
    // 0.5 × min(3000, 1000 × 2^n) for n = 0, 1, 2.
    expect(clock.sleeps).toEqual([500, 1_000, 1_500]);
    expect(attempts.started).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
    ]);
  });

  it("does not retry a failure that asks for none, nor wait for a Retry-After beyond its limit", async () => {
    const clock = new FakeClock();
    const attempts = manualAttempts();
    const done = runPool([0, 1], attempts.attempt, { ...options(clock), maxRetryAfterMs: 60_000 });
    await flush();
    attempts.answer(0, { ok: false, failure: "invalid prompt" });
    attempts.answer(1, { ok: false, failure: "quota for hours", retry: { afterMs: 3_600_000 } });
    expect(await done).toEqual([
      { ok: false, failure: "invalid prompt" },
      { ok: false, failure: "quota for hours" },
    ]);
    expect(clock.sleeps).toEqual([]);
    expect(attempts.started).toHaveLength(2);
  });

  it("on cancel, settles what has not started without starting it and aborts what is in flight", async () => {
    const clock = new FakeClock();
    const attempts = manualAttempts();
    const controller = new AbortController();
    const starts: number[] = [];
    const settled: [number, boolean][] = [];
    const done = runPool([0, 1, 2, 3, 4, 5], attempts.attempt, {
      ...options(clock, controller.signal),
      concurrency: 2,
      onStart: (item) => starts.push(item),
      onSettled: (item, result) => settled.push([item, result.ok]),
    });
    await flush();
    attempts.answer(0, { ok: true, value: "a" });
    await flush();
    expect(attempts.pending.map((entry) => entry.item)).toEqual([1, 2]);
    controller.abort();
    const results = await done;
    expect(results[0]).toEqual({ ok: true, value: "a" });
    expect(results.slice(1)).toEqual(Array(5).fill({ ok: false, failure: "cancelled" }));
    expect(attempts.started.map(([item]) => item)).toEqual([0, 1, 2]);
    expect(starts).toEqual([0, 1, 2]);
    expect(attempts.pending).toEqual([]);
    expect(settled.map(([item]) => item).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("cancels an item that is waiting out a backoff", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let attemptsMade = 0;
    const results = await runPool(
      [0],
      async () => {
        attemptsMade++;
        controller.abort();
        return { ok: false, failure: "busy", retry: { afterMs: 1_000 } };
      },
      { ...options(clock, controller.signal), cancelled: () => "cancelled" },
    );
    expect(results).toEqual([{ ok: false, failure: "cancelled" }]);
    expect(attemptsMade).toBe(1);
  });

  it("settles at once when cancelled before it starts", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    controller.abort();
    const attempts = manualAttempts();
    expect(await runPool([0, 1], attempts.attempt, options(clock, controller.signal))).toEqual([
      { ok: false, failure: "cancelled" },
      { ok: false, failure: "cancelled" },
    ]);
    expect(attempts.started).toEqual([]);
  });
});

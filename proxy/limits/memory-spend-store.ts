/**
 * The embedded spend store, for a proxy that runs alone: counters and usage in memory, where a synchronous decide-
 * and-add is atomic, written through to `<dataDir>/spend.json` so a restart does not hand out a fresh budget. The
 * file is replaced by rename, never half-written; the usage CLI reads it.
 *
 * @example
 * const store = await openMemorySpendStore({ dataDir: ".framefill" });
 * const decision = await store.reserve({ accessKeyId, images: 1, microUsd: 40_000, limits, now: new Date() });
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pruneSpend } from "./prune-spend.js";
import { decideSpend, type SpendCounters, type SpendStore, type UsageRow, windowsAt } from "./spend.js";

interface SpendFile {
  version: 1;
  /** Counter name (see `counterNames`) to amount. */
  counters: Record<string, number>;
  /** "day|accessKeyId|model" to its row. */
  usage: Record<string, UsageRow>;
}

/** How long a change waits for others to join its write of spend.json. */
const WRITE_BATCH_MS = 50;

export async function openMemorySpendStore(options: { dataDir?: string } = {}): Promise<SpendStore> {
  const file = options.dataDir ? join(options.dataDir, "spend.json") : undefined;
  const state: SpendFile = (file && (await readSpendFile(file))) || { version: 1, counters: {}, usage: {} };
  let writing: Promise<void> = Promise.resolve();
  let dirty = false;

  const get = (name: string) => state.counters[name] ?? 0;
  const add = (name: string, amount: number) => {
    state.counters[name] = Math.max(0, get(name) + amount);
  };
  const read = (accessKeyId: string, now: Date): SpendCounters => {
    const names = counterNames(accessKeyId, windowsAt(now));
    return {
      dayImages: get(names.dayImages),
      dayMicroUsd: get(names.dayMicroUsd),
      monthMicroUsd: get(names.monthMicroUsd),
      proxyMonthMicroUsd: get(names.proxyMonthMicroUsd),
    };
  };

  /**
   * Writes the state out after the write under way, with at most one more queued; requests do not wait for it. A
   * change waits `WRITE_BATCH_MS` before its write starts, so a burst of requests costs one write instead of one each
   * (each write is five file-system calls through libuv's thread pool; per request they were 5 % of the proxy's CPU in
   * docs/benchmarks.md). A crash loses at most that much counting; `close` (run on SIGTERM) writes what is pending. A
   * failed write is retried with the next change, and `close` reports it.
   */
  let lastWriteError: Error | undefined;
  let directoryMade = false;
  const persist = (): Promise<void> => {
    if (!file) return Promise.resolve();
    if (dirty) return writing;
    dirty = true;
    writing = writing.then(async () => {
      await new Promise((resolve) => setTimeout(resolve, WRITE_BATCH_MS));
      dirty = false;
      try {
        if (!directoryMade) await mkdir(options.dataDir!, { recursive: true, mode: 0o700 });
        directoryMade = true;
        // Counters of windows long over and usage past its retention go, as Redis expires them (prune-spend.ts).
        pruneSpend(state, new Date());
        const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
        await writeFile(temporary, JSON.stringify(state), { mode: 0o600 });
        await rename(temporary, file);
        lastWriteError = undefined;
      } catch (error) {
        lastWriteError = error as Error;
        directoryMade = false;
      }
    });
    return writing;
  };

  return {
    async reserve(request) {
      const decision = decideSpend(read(request.accessKeyId, request.now), request);
      if (decision.ok) {
        const names = counterNames(request.accessKeyId, windowsAt(request.now));
        add(names.dayImages, request.images);
        add(names.dayMicroUsd, request.microUsd);
        add(names.monthMicroUsd, request.microUsd);
        add(names.proxyMonthMicroUsd, request.microUsd);
        void persist();
      }
      return decision;
    },
    async refund(reservation) {
      const names = counterNamesFor(reservation.accessKeyId, reservation.day, reservation.month);
      add(names.dayImages, -reservation.images);
      add(names.dayMicroUsd, -reservation.microUsd);
      add(names.monthMicroUsd, -reservation.microUsd);
      add(names.proxyMonthMicroUsd, -reservation.microUsd);
      void persist();
    },
    async counters(accessKeyId, now) {
      return read(accessKeyId, now);
    },
    async record(event) {
      const id = `${event.day}|${event.accessKeyId}|${event.model}`;
      const row = (state.usage[id] ??= { day: event.day, accessKeyId: event.accessKeyId, model: event.model, requests: 0, images: 0, microUsd: 0, refused: 0 });
      if (event.refused) row.refused += 1;
      else {
        row.requests += 1;
        row.images += event.images;
        row.microUsd += event.microUsd;
      }
      void persist();
    },
    async usage({ from, to }) {
      return Object.values(state.usage).filter((row) => row.day >= from && row.day <= to);
    },
    async close() {
      // Every change queued its own write; a store only read (the CLI's) writes nothing.
      await writing;
      if (lastWriteError) throw new Error(`Could not save spend counters to ${file}: ${lastWriteError.message}`);
    },
  };
}

export interface CounterNames {
  dayImages: string;
  dayMicroUsd: string;
  monthMicroUsd: string;
  proxyMonthMicroUsd: string;
}

/** The counters a request in these windows adds to; the Redis store uses the same names under its prefix. */
export function counterNames(accessKeyId: string, windows: { day: string; month: string }): CounterNames {
  return counterNamesFor(accessKeyId, windows.day, windows.month);
}

function counterNamesFor(accessKeyId: string, day: string, month: string): CounterNames {
  return {
    dayImages: `key:${accessKeyId}:day:${day}:images`,
    dayMicroUsd: `key:${accessKeyId}:day:${day}:micro-usd`,
    monthMicroUsd: `key:${accessKeyId}:month:${month}:micro-usd`,
    proxyMonthMicroUsd: `proxy:month:${month}:micro-usd`,
  };
}

async function readSpendFile(file: string): Promise<SpendFile | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as SpendFile;
    if (parsed.version !== 1 || typeof parsed.counters !== "object" || typeof parsed.usage !== "object") {
      throw new Error(`${file} is not a Framefill spend file; move it aside to start counting afresh.`);
    }
    return parsed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

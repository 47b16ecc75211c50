/**
 * The embedded spend store's file, spend.json (proxy/limits/memory-spend-store.ts): a burst of changes is written once,
 * after the batch window, and holds every change; a failed write is retried by the next change and reported by
 * `close`; the file is replaced by rename, with its directory made once; and a file that is not a spend file is
 * refused rather than taken for a fresh budget. Real files in a temporary directory; the file-system calls are
 * counted (and one made to fail like a full disk) through a pass-through mock of node:fs/promises.
 */
import * as fs from "node:fs/promises";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openMemorySpendStore } from "../../../proxy/limits/memory-spend-store.js";
import type { SpendRequest, SpendStore, UsageEvent } from "../../../proxy/limits/spend.js";

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, mkdir: vi.fn(actual.mkdir), writeFile: vi.fn(actual.writeFile), rename: vi.fn(actual.rename) };
});
const mkdir = vi.mocked(fs.mkdir);
const rename = vi.mocked(fs.rename);
const writeFileCalls = vi.mocked(fs.writeFile);

const NOW = new Date("2026-11-30T12:00:00Z");
const KEY = "FFKFILETEST000000001";
const request = (overrides: Partial<SpendRequest> = {}): SpendRequest => ({ accessKeyId: KEY, images: 1, microUsd: 40_000, limits: {}, now: NOW, ...overrides });
const served = (overrides: Partial<UsageEvent> = {}): UsageEvent => ({ day: "20261130", accessKeyId: KEY, model: "m", images: 1, microUsd: 40_000, refused: false, ...overrides });

let root: string;
let dataDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "framefill-spend-file-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  dataDir = await mkdtemp(join(root, "store-"));
  vi.clearAllMocks();
});

const spendFile = () => join(dataDir, "spend.json");
const readSpend = async () => JSON.parse(await readFile(spendFile(), "utf8")) as { version: number; counters: Record<string, number>; usage: Record<string, unknown> };
const dayImages = (file: { counters: Record<string, number> }) => file.counters[`key:${KEY}:day:20261130:images`];

/** Closes the store while moving the fake clock on, so that every write it queued runs, however many there are. */
async function closeOnFakeTimers(store: SpendStore) {
  let closed = false;
  const closing = store.close().finally(() => (closed = true));
  while (!closed) {
    await vi.advanceTimersByTimeAsync(50);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await closing;
}

describe("spend.json write-through", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes a burst of changes once, 50 ms after the first, holding all of them", async () => {
    const store = await openMemorySpendStore({ dataDir });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const first = await store.reserve(request());
    await store.reserve(request());
    await vi.advanceTimersByTimeAsync(40);
    await store.reserve(request());
    if (!first.ok) throw new Error("the first reservation should pass");
    await store.refund(first.reservation);
    await store.record(served());
    await store.record(served({ images: 0, microUsd: 0, refused: true }));
    await vi.advanceTimersByTimeAsync(9);
    expect(rename).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await closeOnFakeTimers(store);
    expect(writeFileCalls).toHaveBeenCalledTimes(1);
    expect(rename).toHaveBeenCalledTimes(1);
    const written = await readSpend();
    expect(written.version).toBe(1);
    expect(written.counters).toEqual({
      [`key:${KEY}:day:20261130:images`]: 2,
      [`key:${KEY}:day:20261130:micro-usd`]: 80_000,
      [`key:${KEY}:month:202611:micro-usd`]: 80_000,
      "proxy:month:202611:micro-usd": 80_000,
    });
    expect(written.usage).toEqual({ [`20261130|${KEY}|m`]: { day: "20261130", accessKeyId: KEY, model: "m", requests: 1, images: 1, microUsd: 40_000, refused: 1 } });
  });

  it("queues one more write for changes made while a write is under way, and it holds them", async () => {
    const store = await openMemorySpendStore({ dataDir });
    let finishRename = () => {};
    const renameHeld = new Promise<void>((resolve) => (finishRename = resolve));
    rename.mockImplementationOnce(async (from, to) => {
      await renameHeld;
      const actual = await vi.importActual<typeof import("node:fs/promises")>("node:fs/promises");
      return actual.rename(from, to);
    });
    await store.reserve(request());
    await vi.waitFor(() => expect(rename).toHaveBeenCalledTimes(1));
    await store.reserve(request());
    await store.reserve(request());
    finishRename();
    await store.close();
    expect(rename).toHaveBeenCalledTimes(2);
    expect(dayImages(await readSpend())).toBe(3);
  });

  it("writes every change made after an earlier write finished", async () => {
    const store = await openMemorySpendStore({ dataDir });
    await store.reserve(request());
    await store.close();
    expect(dayImages(await readSpend())).toBe(1);
    await store.reserve(request());
    await store.close();
    expect(dayImages(await readSpend())).toBe(2);
    expect(rename).toHaveBeenCalledTimes(2);
  });

  it("reports a failed write on close when nothing was written after it", async () => {
    const store = await openMemorySpendStore({ dataDir });
    writeFileCalls.mockRejectedValueOnce(new Error("ENOSPC: no space left on device"));
    await store.reserve(request());
    await expect(store.close()).rejects.toThrow(`Could not save spend counters to ${spendFile()}: ENOSPC: no space left on device`);
    await expect(readFile(spendFile())).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("retries a failed write with the next change, and then closes cleanly with every change saved", async () => {
    const store = await openMemorySpendStore({ dataDir });
    writeFileCalls.mockRejectedValueOnce(new Error("ENOSPC: no space left on device"));
    await store.reserve(request());
    await vi.waitFor(() => expect(writeFileCalls).toHaveBeenCalledTimes(1));
    await store.record(served());
    await store.close();
    expect(writeFileCalls).toHaveBeenCalledTimes(2);
    const written = await readSpend();
    expect(dayImages(written)).toBe(1);
    expect(Object.keys(written.usage)).toEqual([`20261130|${KEY}|m`]);
  });

  it("makes its data directory (0700, parents too) once, and again after a write failed because it was removed", async () => {
    dataDir = join(dataDir, "nested", "data");
    const store = await openMemorySpendStore({ dataDir });
    await store.reserve(request());
    await store.close();
    await store.reserve(request());
    await store.close();
    expect(mkdir).toHaveBeenCalledTimes(1);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(spendFile())).mode & 0o777).toBe(0o600);

    await rm(dataDir, { recursive: true });
    await store.reserve(request());
    await store.close().catch(() => undefined);
    await store.reserve(request());
    await store.close();
    expect(dayImages(await readSpend())).toBe(4);
  });

  it("writes beside spend.json and renames over it, leaving no temporary file", async () => {
    const store = await openMemorySpendStore({ dataDir });
    await store.reserve(request());
    await store.close();
    const temporary = String(writeFileCalls.mock.calls[0]![0]);
    expect(temporary.startsWith(`${spendFile()}.${process.pid}.`)).toBe(true);
    expect(temporary).toMatch(/\.[0-9a-f]{8}\.tmp$/);
    expect(rename).toHaveBeenCalledWith(temporary, spendFile());
    expect(await readdir(dataDir)).toEqual(["spend.json"]);
  });

  it("writes nothing without a data directory, and a store only read writes nothing either", async () => {
    const inMemory: SpendStore = await openMemorySpendStore();
    await inMemory.reserve(request());
    await inMemory.close();
    const readOnly = await openMemorySpendStore({ dataDir });
    await readOnly.counters(KEY, NOW);
    await readOnly.usage({ from: "20261101", to: "20261130" });
    await readOnly.close();
    expect(mkdir).not.toHaveBeenCalled();
    expect(writeFileCalls).not.toHaveBeenCalled();
    expect(await readdir(dataDir)).toEqual([]);
  });
});

describe("reading spend.json", () => {
  it("starts afresh when there is no file, and from the file when there is one", async () => {
    const fresh = await openMemorySpendStore({ dataDir });
    expect(await fresh.counters(KEY, NOW)).toEqual({ dayImages: 0, dayMicroUsd: 0, monthMicroUsd: 0, proxyMonthMicroUsd: 0 });
    await writeFile(spendFile(), JSON.stringify({ version: 1, counters: { [`key:${KEY}:day:20261130:images`]: 3 }, usage: {} }));
    const saved = await openMemorySpendStore({ dataDir });
    expect(await saved.counters(KEY, NOW)).toMatchObject({ dayImages: 3 });
  });

  it("refuses a file that is not a Framefill spend file, naming it", async () => {
    const valid = { version: 1, counters: {}, usage: {} };
    for (const content of [
      { ...valid, version: 2 },
      { ...valid, counters: 5 },
      { version: 1, usage: {} },
      { ...valid, usage: "none" },
    ]) {
      await writeFile(spendFile(), JSON.stringify(content));
      await expect(openMemorySpendStore({ dataDir }), JSON.stringify(content)).rejects.toThrow(
        `${spendFile()} is not a Framefill spend file; move it aside to start counting afresh.`,
      );
    }
  });

  it("fails on a file it cannot read or parse instead of starting a fresh budget", async () => {
    await writeFile(spendFile(), '{"version": 1, "counters": {');
    await expect(openMemorySpendStore({ dataDir })).rejects.toBeInstanceOf(SyntaxError);
    await rm(spendFile());
    await writeFile(join(dataDir, "not-a-directory"), "");
    await expect(openMemorySpendStore({ dataDir: join(dataDir, "not-a-directory") })).rejects.toMatchObject({ code: "ENOTDIR" });
  });
});

import { describe, expect, it } from "vitest";
import { pruneSpend, USAGE_RETENTION_DAYS } from "../../../proxy/limits/prune-spend.js";
import type { UsageRow } from "../../../proxy/limits/spend.js";

const row = (day: string): UsageRow => ({ day, accessKeyId: "FFKA", model: "m", requests: 1, images: 1, microUsd: 40_000, refused: 0 });

describe("pruneSpend", () => {
  it("keeps today's, yesterday's and later day counters, this month's and (on its first day) last month's, and drops the rest", () => {
    const counters = {
      "key:FFKA:day:20261202:images": 1,
      "key:FFKA:day:20261201:images": 2,
      "key:FFKA:day:20261130:micro-usd": 3,
      "key:FFKA:day:20261129:images": 4,
      "key:FFKA:month:202612:micro-usd": 5,
      "key:FFKA:month:202611:micro-usd": 6,
      "proxy:month:202612:micro-usd": 7,
      "proxy:month:202611:micro-usd": 8,
      "proxy:month:202610:micro-usd": 9,
    };
    // On the first of December, a request that crossed midnight may still give November's reservation back.
    const firstDay = { counters: { ...counters }, usage: {} };
    expect(pruneSpend(firstDay, new Date("2026-12-01T08:00:00Z"))).toBe(true);
    expect(Object.keys(firstDay.counters).sort()).toEqual([
      "key:FFKA:day:20261130:micro-usd",
      "key:FFKA:day:20261201:images",
      "key:FFKA:day:20261202:images",
      "key:FFKA:month:202611:micro-usd",
      "key:FFKA:month:202612:micro-usd",
      "proxy:month:202611:micro-usd",
      "proxy:month:202612:micro-usd",
    ]);
    // A day later November's month is over for good, and so is November 30th.
    const secondDay = { counters: { ...counters }, usage: {} };
    pruneSpend(secondDay, new Date("2026-12-02T00:00:00Z"));
    expect(Object.keys(secondDay.counters).sort()).toEqual([
      "key:FFKA:day:20261201:images",
      "key:FFKA:day:20261202:images",
      "key:FFKA:month:202612:micro-usd",
      "proxy:month:202612:micro-usd",
    ]);
    expect(secondDay.counters["key:FFKA:day:20261202:images"]).toBe(1);
  });

  it(`keeps usage rows for ${USAGE_RETENTION_DAYS} days, as Redis does, and says when nothing was dropped`, () => {
    const now = new Date("2026-12-01T12:00:00Z");
    // 400 days before 2026-12-01 is 2025-10-27.
    const state = { counters: {}, usage: { a: row("20251026"), b: row("20251027"), c: row("20261201") } };
    expect(pruneSpend(state, now)).toBe(true);
    expect(Object.keys(state.usage)).toEqual(["b", "c"]);
    expect(pruneSpend(state, now)).toBe(false);
  });

  it("leaves alone a counter whose name has no window", () => {
    const state = { counters: { "something:else": 1 }, usage: {} };
    expect(pruneSpend(state, new Date("2026-12-01T00:00:00Z"))).toBe(false);
    expect(state.counters).toEqual({ "something:else": 1 });
  });
});

describe("the embedded store", () => {
  it("drops a long-over window's counters from spend.json at its next write", async () => {
    const { mkdtemp, readFile, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { openMemorySpendStore } = await import("../../../proxy/limits/memory-spend-store.js");
    const dataDir = await mkdtemp(join(tmpdir(), "framefill-prune-"));
    try {
      await writeFile(join(dataDir, "spend.json"), JSON.stringify({ version: 1, counters: { "key:FFKA:day:20200101:images": 7 }, usage: {} }));
      const store = await openMemorySpendStore({ dataDir });
      await store.reserve({ accessKeyId: "FFKA", images: 1, microUsd: 40_000, limits: {}, now: new Date() });
      await store.close();
      const written = JSON.parse(await readFile(join(dataDir, "spend.json"), "utf8")) as { counters: Record<string, number> };
      expect(Object.keys(written.counters).some((name) => name.includes("20200101"))).toBe(false);
      expect(Object.values(written.counters)).toContain(1);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

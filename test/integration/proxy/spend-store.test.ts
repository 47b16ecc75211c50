/**
 * Both spend stores, the embedded one (memory and a file) and Redis (a real redis-server, two clients as two proxies
 * would have), held to the same rules: exact budgets under concurrency, integer money, refunds, UTC windows, usage.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemorySpendStore } from "../../../proxy/limits/memory-spend-store.js";
import { createRedisSpendStore } from "../../../proxy/limits/redis-spend-store.js";
import { describeRefusal, type SpendRequest, type SpendStore } from "../../../proxy/limits/spend.js";
import { startRedis, type RunningRedis } from "../../support/redis-server.js";

let redis: RunningRedis;
const clients: Redis[] = [];
let dataDir: string;
let prefixCount = 0;

beforeAll(async () => {
  redis = await startRedis();
  dataDir = await mkdtemp(join(tmpdir(), "framefill-spend-"));
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const NOW = new Date("2026-11-30T12:00:00Z");
const request = (overrides: Partial<SpendRequest> = {}): SpendRequest => ({
  accessKeyId: "FFKSPENDTEST00000001",
  images: 1,
  microUsd: 40_000,
  limits: {},
  now: NOW,
  ...overrides,
});

/** Two handles on one store: for Redis, two connections with one prefix, as two proxies would have. */
type Pair = () => Promise<[SpendStore, SpendStore]>;
const stores: [string, Pair][] = [
  [
    "embedded",
    async () => {
      const store = await openMemorySpendStore({ dataDir: await mkdtemp(join(dataDir, "store-")) });
      return [store, store];
    },
  ],
  [
    "redis",
    async () => {
      const prefix = `test${prefixCount++}:`;
      const [a, b] = [new Redis(redis.url), new Redis(redis.url)];
      clients.push(a, b);
      return [createRedisSpendStore(a, prefix), createRedisSpendStore(b, prefix)];
    },
  ],
];

describe.each(stores)("%s spend store", (_name, pair) => {
  it("lets exactly 7 of 50 concurrent requests through a budget of 7 images a day", async () => {
    const [one, two] = await pair();
    const decisions = await Promise.all(
      Array.from({ length: 50 }, (_, index) => (index % 2 ? one : two).reserve(request({ limits: { imagesPerDay: 7 } }))),
    );
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(7);
    const refused = decisions.find((decision) => !decision.ok);
    expect(refused).toEqual({ ok: false, limit: "images-per-day", cap: 7, used: 7, resetsAt: new Date("2026-12-01T00:00:00Z") });
    expect(await one.counters("FFKSPENDTEST00000001", NOW)).toMatchObject({ dayImages: 7, dayMicroUsd: 280_000 });
  });

  it("counts money in whole micro-dollars: $0.04 + $0.04 fills a $0.08 budget exactly", async () => {
    const [store] = await pair();
    const limits = { microUsdPerDay: 80_000 };
    expect((await store.reserve(request({ limits }))).ok).toBe(true);
    expect((await store.reserve(request({ limits }))).ok).toBe(true);
    const third = await store.reserve(request({ limits }));
    expect(third).toMatchObject({ ok: false, limit: "usd-per-day", cap: 80_000, used: 80_000 });
    expect(describeRefusal(third as Extract<typeof third, { ok: false }>)).toBe(
      "This key's budget of $0.08 per day would be exceeded ($0.08 used); it resets at 2026-12-01T00:00:00Z.",
    );
  });

  it("gives a refunded reservation back, to the windows it was taken in", async () => {
    const [store] = await pair();
    const limits = { imagesPerDay: 1 };
    const first = await store.reserve(request({ limits }));
    expect((await store.reserve(request({ limits }))).ok).toBe(false);
    if (!first.ok) throw new Error("the first reservation should pass");
    await store.refund(first.reservation);
    expect((await store.reserve(request({ limits }))).ok).toBe(true);
    expect(await store.counters("FFKSPENDTEST00000001", NOW)).toEqual({ dayImages: 1, dayMicroUsd: 40_000, monthMicroUsd: 40_000, proxyMonthMicroUsd: 40_000 });
  });

  it("starts a new day's budget at midnight UTC and keeps the month's", async () => {
    const [store] = await pair();
    const limits = { imagesPerDay: 1, microUsdPerMonth: 100_000 };
    const late = new Date("2026-11-29T23:59:59Z");
    expect((await store.reserve(request({ limits, now: late }))).ok).toBe(true);
    expect(await store.reserve(request({ limits, now: late }))).toMatchObject({ ok: false, limit: "images-per-day", resetsAt: new Date("2026-11-30T00:00:00Z") });
    expect((await store.reserve(request({ limits, now: NOW }))).ok).toBe(true);
    expect(await store.reserve(request({ limits, now: new Date("2026-11-30T18:00:00Z") }))).toMatchObject({ ok: false, limit: "images-per-day" });
    // 80,000 of the month's 100,000 used: a third $0.04 would pass it, even on a new day.
    expect(await store.reserve(request({ limits, now: new Date("2026-12-01T00:00:00Z") }))).toMatchObject({ ok: true });
    expect(await store.reserve(request({ limits: { microUsdPerMonth: 100_000 }, now: new Date("2026-11-30T20:00:00Z") }))).toMatchObject({
      ok: false,
      limit: "usd-per-month",
      resetsAt: new Date("2026-12-01T00:00:00Z"),
    });
  });

  it("holds every key to the proxy-wide monthly cap", async () => {
    const [one, two] = await pair();
    const proxyMicroUsdPerMonth = 120_000;
    for (const accessKeyId of ["FFKA", "FFKB", "FFKC"]) {
      expect((await one.reserve(request({ accessKeyId, proxyMicroUsdPerMonth }))).ok).toBe(true);
    }
    expect(await two.reserve(request({ accessKeyId: "FFKD", proxyMicroUsdPerMonth }))).toMatchObject({ ok: false, limit: "proxy-usd-per-month", used: 120_000 });
  });

  it("starts the proxy-wide cap afresh each month", async () => {
    const [store] = await pair();
    const proxyMicroUsdPerMonth = 40_000;
    expect((await store.reserve(request({ accessKeyId: "FFKNOV", proxyMicroUsdPerMonth }))).ok).toBe(true);
    expect((await store.reserve(request({ accessKeyId: "FFKNOV2", proxyMicroUsdPerMonth }))).ok).toBe(false);
    const december = new Date("2026-12-01T00:00:00Z");
    expect((await store.reserve(request({ accessKeyId: "FFKDEC", proxyMicroUsdPerMonth, now: december }))).ok).toBe(true);
    expect(await store.counters("FFKDEC", december)).toMatchObject({ proxyMonthMicroUsd: 40_000 });
  });

  it("lists usage from the first day of a range to its last, both included", async () => {
    const [store] = await pair();
    const base = { accessKeyId: "FFKRANGE", model: "m", images: 1, microUsd: 40_000, refused: false };
    for (const day of ["20261129", "20261130", "20261201", "20261202"]) await store.record({ ...base, day });
    const rows = await store.usage({ from: "20261130", to: "20261201" });
    expect(rows.filter((row) => row.accessKeyId === "FFKRANGE").map((row) => row.day).sort()).toEqual(["20261130", "20261201"]);
  });

  it("adds up usage per day, key and model, refusals counted apart", async () => {
    const [one, two] = await pair();
    const base = { day: "20261130", accessKeyId: "FFKUSAGE", model: "stability.stable-image-core-v1:0" };
    await one.record({ ...base, images: 1, microUsd: 40_000, refused: false });
    await two.record({ ...base, images: 1, microUsd: 40_000, refused: false });
    await two.record({ ...base, images: 0, microUsd: 0, refused: true });
    await one.record({ ...base, day: "20261201", images: 1, microUsd: 40_000, refused: false });
    expect(await one.usage({ from: "20261130", to: "20261130" })).toEqual([
      { ...base, requests: 2, images: 2, microUsd: 80_000, refused: 1 },
    ]);
    expect(await two.usage({ from: "20261101", to: "20261231" })).toHaveLength(2);
  });
});

describe("embedded spend store", () => {
  it("keeps its counters and usage across a restart", async () => {
    const dir = await mkdtemp(join(dataDir, "restart-"));
    const before = await openMemorySpendStore({ dataDir: dir });
    await before.reserve(request({ limits: { imagesPerDay: 2 } }));
    await before.record({ day: "20261130", accessKeyId: "FFKSPENDTEST00000001", model: "m", images: 1, microUsd: 40_000, refused: false });
    await before.close();
    const after = await openMemorySpendStore({ dataDir: dir });
    expect(await after.counters("FFKSPENDTEST00000001", NOW)).toMatchObject({ dayImages: 1 });
    expect(await after.reserve(request({ limits: { imagesPerDay: 1 } }))).toMatchObject({ ok: false, limit: "images-per-day" });
    expect(await after.usage({ from: "20261130", to: "20261130" })).toHaveLength(1);
  });
});

/**
 * The spend store for several proxies sharing one Redis: the decision of `decideSpend` and the increment run as one
 * Lua script, so requests racing on any number of proxies see exactly the budget pass, never check-then-increment.
 * Counters expire after their window (plus a margin); usage rows are kept for 400 days.
 *
 * @example
 * const store = createRedisSpendStore(new Redis(url));
 * const decision = await store.reserve({ accessKeyId, images: 1, microUsd: 40_000, limits, now: new Date() });
 */
import type { Redis } from "ioredis";
import { counterNames } from "./memory-spend-store.js";
import { capsOf, type SpendCounters, type SpendLimitName, type SpendStore, type UsageRow, windowsAt } from "./spend.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const USAGE_TTL_SECONDS = 400 * 24 * 60 * 60;

/**
 * KEYS: day images, day micro-USD, month micro-USD, proxy month micro-USD.
 * ARGV: images, micro-USD, then the four caps in `capsOf` order (-1 for none), then the day and month TTLs in ms.
 * Returns {0} when reserved, or {n, used} for the n-th cap (1-based) that the request would pass.
 */
const RESERVE = `
local adds = { tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[2]), tonumber(ARGV[2]) }
for i = 1, 4 do
  local cap = tonumber(ARGV[2 + i])
  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
  if cap >= 0 and used + adds[i] > cap then return { i, used } end
end
for i = 1, 4 do
  redis.call('INCRBY', KEYS[i], adds[i])
  redis.call('PEXPIRE', KEYS[i], i <= 2 and ARGV[7] or ARGV[8])
end
return { 0 }
`;

/** KEYS as for RESERVE; ARGV: images, micro-USD. Never goes below zero. */
const REFUND = `
local subs = { tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[2]), tonumber(ARGV[2]) }
for i = 1, 4 do
  local left = tonumber(redis.call('GET', KEYS[i]) or '0') - subs[i]
  if left < 0 then left = 0 end
  redis.call('SET', KEYS[i], left, 'KEEPTTL')
end
return 0
`;

export function createRedisSpendStore(redis: Redis, prefix = "framefill:spend:"): SpendStore {
  const keysFor = (names: ReturnType<typeof counterNames>) =>
    [names.dayImages, names.dayMicroUsd, names.monthMicroUsd, names.proxyMonthMicroUsd].map((name) => prefix + name);
  const usageKey = (day: string) => `${prefix}usage:${day}`;

  return {
    async reserve(request) {
      const windows = windowsAt(request.now);
      const caps = capsOf(request);
      const result = (await redis.eval(
        RESERVE,
        4,
        ...keysFor(counterNames(request.accessKeyId, windows)),
        request.images,
        request.microUsd,
        ...caps.map(([, cap]) => cap ?? -1),
        windows.dayEnds.getTime() - request.now.getTime() + DAY_MS,
        windows.monthEnds.getTime() - request.now.getTime() + DAY_MS,
      )) as [number, number?];
      const [index, used] = result;
      if (index === 0) {
        return {
          ok: true,
          reservation: { accessKeyId: request.accessKeyId, day: windows.day, month: windows.month, images: request.images, microUsd: request.microUsd },
        };
      }
      const [limit, cap] = caps[index - 1]! as [SpendLimitName, number];
      const resetsAt = limit === "images-per-day" || limit === "usd-per-day" ? windows.dayEnds : windows.monthEnds;
      return { ok: false, limit, cap, used: Number(used), resetsAt };
    },
    async refund(reservation) {
      await redis.eval(REFUND, 4, ...keysFor(counterNames(reservation.accessKeyId, reservation)), reservation.images, reservation.microUsd);
    },
    async counters(accessKeyId, now): Promise<SpendCounters> {
      const values = await redis.mget(...keysFor(counterNames(accessKeyId, windowsAt(now))));
      const [dayImages, dayMicroUsd, monthMicroUsd, proxyMonthMicroUsd] = values.map((value) => Number(value ?? 0)) as [number, number, number, number];
      return { dayImages, dayMicroUsd, monthMicroUsd, proxyMonthMicroUsd };
    },
    async record(event) {
      const field = `${event.accessKeyId}|${event.model}`;
      const key = usageKey(event.day);
      const pipeline = redis.multi();
      if (event.refused) pipeline.hincrby(key, `${field}|refused`, 1);
      else {
        pipeline.hincrby(key, `${field}|requests`, 1);
        pipeline.hincrby(key, `${field}|images`, event.images);
        pipeline.hincrby(key, `${field}|microUsd`, event.microUsd);
      }
      pipeline.expire(key, USAGE_TTL_SECONDS);
      await pipeline.exec();
    },
    async usage({ from, to }) {
      const rows: UsageRow[] = [];
      for (const day of daysBetween(from, to)) {
        const fields = await redis.hgetall(usageKey(day));
        const byKeyModel = new Map<string, UsageRow>();
        for (const [field, value] of Object.entries(fields)) {
          const [accessKeyId = "", model = "", measure = ""] = field.split("|");
          const id = `${accessKeyId}|${model}`;
          let row = byKeyModel.get(id);
          if (!row) byKeyModel.set(id, (row = { day, accessKeyId, model, requests: 0, images: 0, microUsd: 0, refused: 0 }));
          if (measure === "requests" || measure === "images" || measure === "microUsd" || measure === "refused") row[measure] = Number(value);
        }
        rows.push(...byKeyModel.values());
      }
      return rows;
    },
    async close() {},
  };
}

/** Every YYYYMMDD from `from` to `to`, inclusive (at most about 13 months, the usage retention). */
function daysBetween(from: string, to: string): string[] {
  const parse = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)));
  const days: string[] = [];
  for (let at = parse(from); at <= parse(to) && days.length < 410; at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10).replaceAll("-", ""));
  }
  return days;
}

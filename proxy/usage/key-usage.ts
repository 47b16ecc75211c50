/**
 * What `GET /framefill/v1/usage` answers (`KeyUsage` in the contract): the calling key's limits in a designer's units
 * (images, dollars), what it used today and this month (UTC), what is left before a refusal, and when each window
 * resets. Dollars are numbers computed exactly from micro-dollars (see usd.ts); a limit that is not set is absent, and
 * so is what is left of it.
 *
 * "Remaining" is what can still be spent before the proxy refuses: dollars today are bounded by the key's day budget
 * and by what is left of this month's (the key's and the proxy-wide PROXY_USD_PER_MONTH), so the plugin can say a
 * generation would go over before it sends anything.
 *
 * @example
 * const readKeyUsage = createKeyUsageReader({ store, proxyMicroUsdPerMonth: 50_000_000, now: () => new Date() });
 * await readKeyUsage({ accessKeyId, name: "alice", limits: { imagesPerDay: 40 } });
 * // { accessKeyId, name: "alice", limits: { imagesPerDay: 40 }, used: { imagesToday: 2, … }, remaining: { imagesToday: 38 }, … }
 */
import type { KeyUsage } from "../../src/contract/index.js";
import { BedrockError } from "../errors.js";
import type { ChargedKey } from "../limits/spend-control.js";
import { type SpendCounters, type SpendStore, windowsAt } from "../limits/spend.js";
import { usdFromMicroUsd } from "./usd.js";

export type KeyUsageReader = (key: ChargedKey) => Promise<KeyUsage>;

export interface KeyUsageOptions {
  store: Pick<SpendStore, "counters">;
  /** The proxy-wide monthly cap (PROXY_USD_PER_MONTH), if any. */
  proxyMicroUsdPerMonth?: number | undefined;
  now: () => Date;
}

export function createKeyUsageReader(options: KeyUsageOptions): KeyUsageReader {
  return async (key) => {
    const now = options.now();
    const counters = await options.store.counters(key.accessKeyId, now).catch(() => {
      throw new BedrockError("ServiceUnavailableException", "The proxy cannot read this key's usage right now. Try again shortly.");
    });
    return describeKeyUsage(key, counters, { now, proxyMicroUsdPerMonth: options.proxyMicroUsdPerMonth });
  };
}

/** The answer, from counters already read. */
export function describeKeyUsage(
  key: ChargedKey,
  counters: SpendCounters,
  options: { now: Date; proxyMicroUsdPerMonth?: number | undefined },
): KeyUsage {
  const { limits } = key;
  const windows = windowsAt(options.now);
  const left = (cap: number | undefined, used: number) => (cap === undefined ? undefined : Math.max(0, cap - used));
  const monthLeft = smallest(left(limits.microUsdPerMonth, counters.monthMicroUsd), left(options.proxyMicroUsdPerMonth, counters.proxyMonthMicroUsd));
  const dayLeft = smallest(left(limits.microUsdPerDay, counters.dayMicroUsd), monthLeft);
  const usd = (microUsd: number | undefined) => (microUsd === undefined ? undefined : usdFromMicroUsd(microUsd));
  return {
    accessKeyId: key.accessKeyId,
    name: key.name,
    limits: definedOnly({
      imagesPerDay: limits.imagesPerDay,
      usdPerDay: usd(limits.microUsdPerDay),
      usdPerMonth: usd(limits.microUsdPerMonth),
      rpm: limits.rpm,
      expires: limits.expires,
      models: limits.models ? [...limits.models] : undefined,
    }),
    used: {
      imagesToday: counters.dayImages,
      usdToday: usdFromMicroUsd(counters.dayMicroUsd),
      usdThisMonth: usdFromMicroUsd(counters.monthMicroUsd),
    },
    remaining: definedOnly({
      imagesToday: left(limits.imagesPerDay, counters.dayImages),
      usdToday: usd(dayLeft),
      usdThisMonth: usd(monthLeft),
    }),
    resetsAt: { day: windows.dayEnds.toISOString(), month: windows.monthEnds.toISOString() },
  };
}

/** The object without its undefined fields, so an absent limit is absent from the JSON too. */
function definedOnly<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function smallest(...amounts: (number | undefined)[]): number | undefined {
  const known = amounts.filter((amount): amount is number => amount !== undefined);
  return known.length === 0 ? undefined : Math.min(...known);
}

/**
 * How many dollars the key may still spend before the proxy refuses, and which budget says so: the day's, or the
 * month's when that is the tighter one (the key's own monthly budget, or the proxy-wide one, which has no cap to
 * show the designer). Counted in whole micro-dollars, like the proxy, so comparisons never drift.
 *
 * @example
 * dollarsLeft(usage); // { microUsd: 1_520_000, capMicroUsd: 2_000_000, window: "day" }
 */
import type { KeyUsage } from "../../contract/key-usage.js";
import { microUsdFromUsd } from "../../contract/prices.js";

export interface DollarsLeft {
  microUsd: number;
  /** The budget it is part of; absent when the proxy-wide monthly cap is what binds. */
  capMicroUsd?: number;
  window: "day" | "month";
}

export function dollarsLeft(usage: KeyUsage): DollarsLeft | null {
  const { limits, used, remaining } = usage;
  const monthLeft = remaining.usdThisMonth === undefined ? undefined : microUsdFromUsd(remaining.usdThisMonth);
  const dayOwnLeft = limits.usdPerDay === undefined ? undefined : ownLeft(limits.usdPerDay, used.usdToday);
  if (monthLeft !== undefined && (dayOwnLeft === undefined || monthLeft < dayOwnLeft)) {
    const monthOwnLeft = limits.usdPerMonth === undefined ? undefined : ownLeft(limits.usdPerMonth, used.usdThisMonth);
    return monthOwnLeft === monthLeft
      ? { microUsd: monthLeft, capMicroUsd: microUsdFromUsd(limits.usdPerMonth!), window: "month" }
      : { microUsd: monthLeft, window: "month" };
  }
  if (remaining.usdToday === undefined) return null;
  const microUsd = microUsdFromUsd(remaining.usdToday);
  if (limits.usdPerDay === undefined) return { microUsd, window: "day" };
  return { microUsd, capMicroUsd: microUsdFromUsd(limits.usdPerDay), window: "day" };
}

/** Money left, shown to the cent and rounded down, so the designer is never promised a cent that is not there. */
export function formatUsdLeft(microUsd: number): string {
  const cents = Math.floor(microUsd / 10_000);
  return `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

function ownLeft(capUsd: number, usedUsd: number): number {
  return Math.max(0, microUsdFromUsd(capUsd) - microUsdFromUsd(usedUsd));
}

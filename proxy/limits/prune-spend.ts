/**
 * What the embedded spend store forgets, as the Redis store does by expiry (proxy/limits/redis-spend-store.ts): a
 * day's or a month's counters once that window has been over for a day (the day's grace lets a request that crossed
 * midnight give its reservation back), and usage rows after 400 days. Windows still to come are kept. Without it spend.json grows by every key's
 * counters every day, and each write of it takes longer.
 *
 * @example
 * pruneSpend({ counters, usage }, new Date()); // true when something was dropped
 */
import { type UsageRow, windowsAt } from "./spend.js";

/** How long usage rows are kept, as in Redis. */
export const USAGE_RETENTION_DAYS = 400;

const DAY_MS = 24 * 60 * 60 * 1000;

const WINDOW = /:(day|month):(\d{8}|\d{6}):/;

export function pruneSpend(state: { counters: Record<string, number>; usage: Record<string, UsageRow> }, now: Date): boolean {
  const { day: yesterday, month: monthOfYesterday } = windowsAt(new Date(now.getTime() - DAY_MS));
  const oldestUsageDay = windowsAt(new Date(now.getTime() - USAGE_RETENTION_DAYS * DAY_MS)).day;
  let pruned = false;
  for (const name of Object.keys(state.counters)) {
    const window = WINDOW.exec(name);
    if (!window) continue;
    const [, kind, id] = window;
    // Same-width digits compare as dates; a later window (a clock set back) is kept too.
    const live = kind === "day" ? id! >= yesterday : id! >= monthOfYesterday;
    if (!live) {
      delete state.counters[name];
      pruned = true;
    }
  }
  for (const [id, row] of Object.entries(state.usage)) {
    if (row.day < oldestUsageDay) {
      delete state.usage[id];
      pruned = true;
    }
  }
  return pruned;
}

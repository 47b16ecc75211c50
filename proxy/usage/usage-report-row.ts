/**
 * One row of the admin's usage report (a UTC day, a key, a model) and how rows are put in order and added up. Money
 * stays in micro-dollars until it is printed.
 *
 * @example
 * const rows = toReportRows(await store.usage({ from: "20261101", to: "20261130" }), names);
 * const total = totalOf(rows); // { requests, images, microUsd, refused }
 */
import type { UsageRow } from "../limits/spend.js";
import { usdFromMicroUsd } from "./usd.js";

/** A usage row with the key's name, its day written YYYY-MM-DD (UTC). */
export interface UsageReportRow extends UsageRow {
  /** The key's name from the key store, or UNKNOWN_KEY_NAME when the store no longer has it. */
  name: string;
}

/** A row as the JSON format prints it: exactly these fields, dollars as a number. */
export type UsageRecord = Omit<UsageReportRow, "microUsd"> & { usd: number };

export type UsageTotal = Pick<UsageRow, "requests" | "images" | "microUsd" | "refused">;

export const UNKNOWN_KEY_NAME = "(unknown key)";

/** The store's rows with names and dashed days, by day, then name, key and model. */
export function toReportRows(rows: readonly UsageRow[], names: ReadonlyMap<string, string>): UsageReportRow[] {
  return rows
    .map((row) => ({
      ...row,
      day: `${row.day.slice(0, 4)}-${row.day.slice(4, 6)}-${row.day.slice(6, 8)}`,
      name: names.get(row.accessKeyId) ?? UNKNOWN_KEY_NAME,
    }))
    .sort((a, b) => compare(a.day, b.day) || compare(a.name, b.name) || compare(a.accessKeyId, b.accessKeyId) || compare(a.model, b.model));
}

export function toUsageRecord(row: UsageReportRow): UsageRecord {
  const { day, accessKeyId, name, model, requests, images, microUsd, refused } = row;
  return { day, accessKeyId, name, model, requests, images, usd: usdFromMicroUsd(microUsd), refused };
}

export function totalOf(rows: readonly UsageReportRow[]): UsageTotal {
  const total: UsageTotal = { requests: 0, images: 0, microUsd: 0, refused: 0 };
  for (const row of rows) {
    total.requests += row.requests;
    total.images += row.images;
    total.microUsd += row.microUsd;
    total.refused += row.refused;
  }
  return total;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reads the usage report's rows from the spend store (embedded or Redis) and names their keys from the key store.
 * Asks for at most a year at a time, since the Redis store reads one day's hash per day asked for.
 *
 * @example
 * const rows = await readUsage({ spend, keys, from: "2026-11-01", to: "2026-11-30" });
 */
import type { KeyStore } from "../keys/key-store.js";
import type { SpendStore, UsageRow } from "../limits/spend.js";
import { toReportRows, type UsageReportRow } from "./usage-report-row.js";

export interface ReadUsageOptions {
  spend: Pick<SpendStore, "usage">;
  keys: Pick<KeyStore, "list">;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  /** Only this access key's rows. */
  key?: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DAYS_PER_READ = 366;

export async function readUsage(options: ReadUsageOptions): Promise<UsageReportRow[]> {
  const rows: UsageRow[] = [];
  for (const span of spansOf(options.from, options.to, DAYS_PER_READ)) rows.push(...(await options.spend.usage(span)));
  const names = new Map((await options.keys.list()).map((record) => [record.accessKeyId, record.name]));
  return toReportRows(options.key === undefined ? rows : rows.filter((row) => row.accessKeyId === options.key), names);
}

/** `from`..`to` (YYYY-MM-DD) cut into spans of at most `days` days, as the store's YYYYMMDD bounds. */
export function spansOf(from: string, to: string, days: number): { from: string; to: string }[] {
  const compact = (at: number) => new Date(at).toISOString().slice(0, 10).replaceAll("-", "");
  const last = Date.parse(`${to}T00:00:00Z`);
  const spans: { from: string; to: string }[] = [];
  for (let start = Date.parse(`${from}T00:00:00Z`); start <= last; start += days * DAY_MS) {
    spans.push({ from: compact(start), to: compact(Math.min(start + (days - 1) * DAY_MS, last)) });
  }
  return spans;
}

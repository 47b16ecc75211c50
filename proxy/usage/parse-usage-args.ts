/**
 * Reads the usage CLI's arguments into what to report, refusing anything doubtful with one line that says what is
 * wrong, before a store is opened or a file written. Pure: "today" comes from the caller.
 *
 * @example
 * parseUsageArgs(["--from", "2026-11-01", "--format", "csv"], new Date("2026-11-30T12:00:00Z"));
 * // { from: "2026-11-01", to: "2026-11-30", format: "csv", key: undefined, html: undefined, help: false }
 */
import { parseArgs } from "node:util";
import { USAGE_FORMATS, type UsageFormat } from "./format-usage.js";

export interface UsageArgs {
  /** First day, YYYY-MM-DD (UTC). */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** Only this access key's rows. */
  key: string | undefined;
  format: UsageFormat;
  /** Write the HTML report to this file instead of printing rows. */
  html: string | undefined;
  help: boolean;
}

export class UsageArgsError extends Error {
  override name = "UsageArgsError";
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseUsageArgs(argv: readonly string[], today: Date): UsageArgs {
  let values: { from?: string; to?: string; key?: string; format?: string; html?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: "string" },
        to: { type: "string" },
        key: { type: "string" },
        format: { type: "string" },
        html: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // node:util's first sentence says what was wrong; the rest is advice about positionals that does not apply here.
    const first = (error as Error).message.split("\n")[0]!.split(". ")[0]!.replace(/\.$/, "");
    throw new UsageArgsError(`${first}. See --help.`);
  }
  const to = values.to === undefined ? today.toISOString().slice(0, 10) : day("--to", values.to);
  // Without --from, the report starts on the first day of the month it ends in (this month by default).
  const from = values.from === undefined ? `${to.slice(0, 7)}-01` : day("--from", values.from);
  if (from > to) throw new UsageArgsError(`--from ${from} is after --to ${to}.`);
  const format = values.format ?? "table";
  if (!(USAGE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageArgsError(`--format must be ${USAGE_FORMATS.join(", ")} (not "${format}").`);
  }
  if (values.format !== undefined && values.html !== undefined) {
    throw new UsageArgsError("Give --html FILE or --format, not both: the HTML report is a format of its own.");
  }
  if (values.html !== undefined && values.html.trim() === "") throw new UsageArgsError("--html needs a file name, such as --html report.html.");
  if (values.key !== undefined && !/^[A-Za-z0-9]{1,128}$/.test(values.key)) {
    throw new UsageArgsError(`--key must be an access key id such as FFKABCDEFGHIJKLMNOPQ (not "${values.key}").`);
  }
  return { from, to, key: values.key, format: format as UsageFormat, html: values.html, help: values.help ?? false };
}

function day(flag: string, raw: string): string {
  const valid = DAY.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) && new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) === raw;
  if (!valid) throw new UsageArgsError(`${flag} must be a date as YYYY-MM-DD, such as 2026-11-01 (not "${raw}").`);
  return raw;
}

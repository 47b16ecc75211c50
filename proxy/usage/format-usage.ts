/**
 * The usage report as text: an aligned table for a terminal, CSV for a spreadsheet (RFC 4180 quoting), and JSON for
 * scripts (an array of `{day, accessKeyId, name, model, requests, images, usd, refused}`). Pure functions of the rows.
 *
 * @example
 * process.stdout.write(formatUsage(rows, { format: "csv", from: "2026-11-01", to: "2026-11-30" }));
 */
import { toUsageRecord, totalOf, type UsageReportRow } from "./usage-report-row.js";
import { usdDecimal } from "./usd.js";

export type UsageFormat = "table" | "csv" | "json";

export const USAGE_FORMATS: readonly UsageFormat[] = ["table", "csv", "json"];

/** The columns, in order, with the field names JSON uses. */
export const USAGE_COLUMNS = ["day", "accessKeyId", "name", "model", "requests", "images", "usd", "refused"] as const;

export function formatUsage(rows: readonly UsageReportRow[], options: { format: UsageFormat; from: string; to: string }): string {
  switch (options.format) {
    case "table":
      return formatUsageTable(rows, options);
    case "csv":
      return formatUsageCsv(rows);
    case "json":
      return formatUsageJson(rows);
  }
}

/** Columns padded to line up, numbers to the right, a total line; says so when there is nothing to show. */
export function formatUsageTable(rows: readonly UsageReportRow[], range: { from: string; to: string }): string {
  if (rows.length === 0) return `No usage from ${range.from} to ${range.to} (UTC).\n`;
  const cells = (row: { requests: number; images: number; microUsd: number; refused: number }) =>
    [String(row.requests), String(row.images), `$${usdDecimal(row.microUsd)}`, String(row.refused)];
  const lines: string[][] = [
    [...USAGE_COLUMNS],
    ...rows.map((row) => [row.day, row.accessKeyId, row.name, row.model, ...cells(row)]),
    ["total", "", "", "", ...cells(totalOf(rows))],
  ];
  const widths = USAGE_COLUMNS.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  const numeric = (column: number) => column >= 4;
  const text = lines.map((line) =>
    line
      .map((cell, column) => (numeric(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd(),
  );
  return `${text.join("\n")}\n`;
}

/** A header line and one line per row, CRLF-terminated; dollars as a plain decimal such as 0.08. */
export function formatUsageCsv(rows: readonly UsageReportRow[]): string {
  const lines = [
    USAGE_COLUMNS.join(","),
    ...rows.map((row) =>
      [row.day, row.accessKeyId, row.name, row.model, row.requests, row.images, usdDecimal(row.microUsd), row.refused].map(csvField).join(","),
    ),
  ];
  return lines.map((line) => `${line}\r\n`).join("");
}

export function formatUsageJson(rows: readonly UsageReportRow[]): string {
  return `${JSON.stringify(rows.map(toUsageRecord), null, 2)}\n`;
}

/** Quoted when it holds a comma, a quote or a line break, with quotes doubled (RFC 4180). */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

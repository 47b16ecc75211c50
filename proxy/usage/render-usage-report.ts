/**
 * The usage report as one self-contained HTML page: spend per day per key as a stacked bar chart (inline SVG), the
 * totals, and every row in a table. No script, no font, no style sheet from elsewhere: its Content-Security-Policy
 * allows nothing but its own inline styles, so it opens the same from a mail attachment as from a disk.
 *
 * @example
 * await writeFile("report.html", renderUsageReport(rows, { from: "2026-11-01", to: "2026-11-30", generatedAt: new Date() }));
 */
import { totalOf, type UsageReportRow } from "./usage-report-row.js";
import { usdDecimal } from "./usd.js";

export interface UsageReportOptions {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  generatedAt: Date;
}

/** One key's spend in the chart (or every key past the palette, together). */
export interface ChartSeries {
  label: string;
  /** The access key ids this series adds up (one, or several for "Other keys"). */
  accessKeyIds: string[];
  color: string;
  microUsd: number;
}

/** Okabe and Ito's colours, told apart with most kinds of colour blindness; the last one is for "Other keys". */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F"];
const OTHER_COLOR = "#9A9A9A";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 24 * 60 * 60 * 1000;

const CHART = { width: 960, height: 320, left: 72, right: 16, top: 16, bottom: 36 };

export function renderUsageReport(rows: readonly UsageReportRow[], options: UsageReportOptions): string {
  const series = chartSeries(rows);
  const total = totalOf(rows);
  const period = `${options.from} to ${options.to}`;
  const generated = options.generatedAt.toISOString().slice(0, 16).replace("T", " ");
  const keyCount = new Set(rows.map((row) => row.accessKeyId)).size;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Framefill usage, ${period}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Framefill usage</h1>
<p class="muted">${period} (UTC) · generated ${generated} UTC</p>
</header>
<dl class="summary">
<div><dt>Spend</dt><dd>$${usdDecimal(total.microUsd)}</dd></div>
<div><dt>Images</dt><dd>${total.images}</dd></div>
<div><dt>Requests served</dt><dd>${total.requests}</dd></div>
<div><dt>Refused</dt><dd>${total.refused}</dd></div>
<div><dt>Keys</dt><dd>${keyCount}</dd></div>
</dl>
<section aria-labelledby="chart-heading">
<h2 id="chart-heading">Spend per day, per key</h2>
${renderLegend(series)}
${renderChart(rows, series, options)}
</section>
<section aria-labelledby="rows-heading">
<h2 id="rows-heading">Usage per day, key and model</h2>
${renderTable(rows, series, total)}
</section>
</body>
</html>
`;
}

/** Keys with spend, largest first; past the palette, the rest share one grey "Other keys" series. */
export function chartSeries(rows: readonly UsageReportRow[]): ChartSeries[] {
  const byKey = new Map<string, { name: string; microUsd: number }>();
  for (const row of rows) {
    const key = byKey.get(row.accessKeyId) ?? { name: row.name, microUsd: 0 };
    key.microUsd += row.microUsd;
    byKey.set(row.accessKeyId, key);
  }
  const spending = [...byKey.entries()]
    .filter(([, key]) => key.microUsd > 0)
    .sort(([idA, a], [idB, b]) => b.microUsd - a.microUsd || a.name.localeCompare(b.name) || idA.localeCompare(idB));
  const own = spending.length <= PALETTE.length ? spending : spending.slice(0, PALETTE.length - 1);
  const series: ChartSeries[] = own.map(([accessKeyId, key], index) => ({
    label: key.name,
    accessKeyIds: [accessKeyId],
    color: PALETTE[index]!,
    microUsd: key.microUsd,
  }));
  const rest = spending.slice(own.length);
  if (rest.length > 0) {
    series.push({
      label: `Other keys (${rest.length})`,
      accessKeyIds: rest.map(([id]) => id),
      color: OTHER_COLOR,
      microUsd: rest.reduce((sum, [, key]) => sum + key.microUsd, 0),
    });
  }
  return series;
}

/** A round step for the dollar axis (1, 2 or 5 times a power of ten, at least a cent) and the axis top. */
export function dollarAxis(maxMicroUsd: number, wantedTicks = 5): { step: number; top: number } {
  for (let power = 10_000; ; power *= 10) {
    for (const factor of [1, 2, 5]) {
      const step = factor * power;
      if (step * wantedTicks >= maxMicroUsd) return { step, top: Math.max(step, Math.ceil(maxMicroUsd / step) * step) };
    }
  }
}

/** Every day from `from` to `to`, YYYY-MM-DD. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

function renderLegend(series: readonly ChartSeries[]): string {
  if (series.length === 0) return "";
  const items = series.map(
    (entry) =>
      `<li><span class="swatch" style="background:${entry.color}"></span>${escapeHtml(entry.label)}` +
      `${entry.accessKeyIds.length === 1 ? ` <code>${escapeHtml(entry.accessKeyIds[0]!)}</code>` : ""} <strong>$${usdDecimal(entry.microUsd)}</strong></li>`,
  );
  return `<ul class="legend">\n${items.join("\n")}\n</ul>`;
}

function renderChart(rows: readonly UsageReportRow[], series: readonly ChartSeries[], options: UsageReportOptions): string {
  const days = daysOf(options.from, options.to);
  const seriesOf = new Map(series.flatMap((entry, index) => entry.accessKeyIds.map((id) => [id, index] as const)));
  const spend = new Map<string, number[]>(days.map((day) => [day, series.map(() => 0)]));
  for (const row of rows) {
    const index = seriesOf.get(row.accessKeyId);
    const stack = spend.get(row.day);
    if (index !== undefined && stack) stack[index]! += row.microUsd;
  }
  const max = Math.max(0, ...[...spend.values()].map((stack) => stack.reduce((sum, value) => sum + value, 0)));
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const baseline = CHART.top + plotHeight;
  const parts: string[] = [];
  const description = `Stacked bars of dollars spent each day from ${options.from} to ${options.to}, one colour per key.`;

  if (max === 0) {
    parts.push(`<text class="empty" x="${CHART.width / 2}" y="${CHART.height / 2}" text-anchor="middle">No spend from ${options.from} to ${options.to}</text>`);
  } else {
    const { step, top } = dollarAxis(max);
    const y = (microUsd: number) => baseline - (microUsd / top) * plotHeight;
    for (let value = 0; value <= top; value += step) {
      parts.push(`<line class="grid" x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${round(y(value))}" y2="${round(y(value))}"/>`);
      parts.push(`<text class="axis" x="${CHART.left - 8}" y="${round(y(value) + 4)}" text-anchor="end">$${usdDecimal(value)}</text>`);
    }
    const band = plotWidth / days.length;
    const barWidth = Math.max(1, band * 0.72);
    days.forEach((day, dayIndex) => {
      const x = CHART.left + dayIndex * band + (band - barWidth) / 2;
      let stacked = 0;
      spend.get(day)!.forEach((microUsd, index) => {
        if (microUsd === 0) return;
        const entry = series[index]!;
        const height = (microUsd / top) * plotHeight;
        stacked += microUsd;
        parts.push(
          `<rect x="${round(x)}" y="${round(y(stacked))}" width="${round(barWidth)}" height="${round(height)}" fill="${entry.color}">` +
            `<title>${day} · ${escapeHtml(entry.label)} · $${usdDecimal(microUsd)}</title></rect>`,
        );
      });
    });
    const labelEvery = Math.ceil(days.length / 12);
    days.forEach((day, dayIndex) => {
      if (dayIndex % labelEvery !== 0) return;
      const x = CHART.left + (dayIndex + 0.5) * band;
      parts.push(`<text class="axis" x="${round(x)}" y="${baseline + 20}" text-anchor="middle">${shortDay(day)}</text>`);
    });
    parts.push(`<line class="baseline" x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${baseline}" y2="${baseline}"/>`);
  }
  return (
    `<svg class="chart" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">\n` +
    `<title id="chart-title">Spend per day, per key</title>\n<desc id="chart-desc">${description}</desc>\n${parts.join("\n")}\n</svg>`
  );
}

function renderTable(rows: readonly UsageReportRow[], series: readonly ChartSeries[], total: ReturnType<typeof totalOf>): string {
  if (rows.length === 0) return `<p class="muted">No usage in this period.</p>`;
  const colorOf = new Map(series.flatMap((entry) => entry.accessKeyIds.map((id) => [id, entry.color] as const)));
  const body = rows.map((row) => {
    const color = colorOf.get(row.accessKeyId);
    const swatch = color ? `<span class="swatch" style="background:${color}"></span>` : `<span class="swatch none"></span>`;
    return (
      `<tr><td>${row.day}</td><td><code>${escapeHtml(row.accessKeyId)}</code></td><td>${swatch}${escapeHtml(row.name)}</td>` +
      `<td><code>${escapeHtml(row.model)}</code></td><td class="number">${row.requests}</td><td class="number">${row.images}</td>` +
      `<td class="number">$${usdDecimal(row.microUsd)}</td><td class="number">${row.refused}</td></tr>`
    );
  });
  return `<table>
<thead><tr><th scope="col">day</th><th scope="col">accessKeyId</th><th scope="col">name</th><th scope="col">model</th><th scope="col" class="number">requests</th><th scope="col" class="number">images</th><th scope="col" class="number">usd</th><th scope="col" class="number">refused</th></tr></thead>
<tbody>
${body.join("\n")}
</tbody>
<tfoot><tr><th scope="row" colspan="4">Total</th><td class="number">${total.requests}</td><td class="number">${total.images}</td><td class="number">$${usdDecimal(total.microUsd)}</td><td class="number">${total.refused}</td></tr></tfoot>
</table>`;
}

function shortDay(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STYLE = `
:root { color-scheme: light dark; --text: #1f1f1f; --muted: #6b6b6b; --line: #e3e3e3; --panel: #f6f6f6; --background: #ffffff; }
@media (prefers-color-scheme: dark) { :root { --text: #eeeeee; --muted: #a8a8a8; --line: #3a3a3a; --panel: #262626; --background: #181818; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 32px 40px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--background); }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 32px 0 12px; }
.muted { color: var(--muted); margin: 0; }
code { font: 12px/1 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.summary { display: flex; flex-wrap: wrap; gap: 12px; margin: 24px 0 0; }
.summary div { background: var(--panel); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.summary dt { color: var(--muted); font-size: 12px; }
.summary dd { margin: 2px 0 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 20px; padding: 0; margin: 0 0 8px; }
.legend code { color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.swatch.none { border: 1px solid var(--line); }
.chart { width: 100%; height: auto; display: block; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .baseline { stroke: var(--muted); stroke-width: 1; }
.chart .axis { fill: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.chart .empty { fill: var(--muted); font-size: 16px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
thead th { color: var(--muted); font-weight: 500; font-size: 12px; }
tfoot th, tfoot td { font-weight: 600; border-bottom: none; }
.number { text-align: right; }
`;

import { describe, expect, it } from "vitest";
import { chartSeries, daysOf, dollarAxis, escapeHtml, renderUsageReport } from "../../../proxy/usage/render-usage-report.js";
import type { UsageReportRow } from "../../../proxy/usage/usage-report-row.js";

const row = (day: string, accessKeyId: string, name: string, microUsd: number, refused = 0): UsageReportRow => ({
  day,
  accessKeyId,
  name,
  model: "stability.stable-image-core-v1:0",
  requests: microUsd / 40_000,
  images: microUsd / 40_000,
  microUsd,
  refused,
});
const options = { from: "2026-11-01", to: "2026-11-30", generatedAt: new Date("2026-11-30T12:00:00Z") };

describe("the HTML usage report", () => {
  it("is one page that loads nothing from elsewhere", () => {
    const html = renderUsageReport([row("2026-11-02", "FFKA", "alice", 120_000)], options);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(html.match(/https?:\/\/[^"\s]*/g)).toEqual(["http://www.w3.org/2000/svg"]);
  });

  it("draws a bar per day and key, stacked, with a tooltip saying day, key and dollars, and the rows in a table", () => {
    const rows = [row("2026-11-02", "FFKA", "alice", 120_000), row("2026-11-02", "FFKB", "bob", 80_000), row("2026-11-03", "FFKA", "alice", 200_000, 1)];
    const html = renderUsageReport(rows, options);
    expect(html.match(/<rect /g)).toHaveLength(3);
    expect(html).toContain("<title>2026-11-02 · alice · $0.12</title>");
    expect(html).toContain("<title>2026-11-02 · bob · $0.08</title>");
    expect(html).toContain("<title>2026-11-03 · alice · $0.20</title>");
    expect(html.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)).toHaveLength(3);
    expect(html).toContain("<dt>Spend</dt><dd>$0.40</dd>");
    expect(html).toMatch(/<tfoot>.*\$0\.40.*<td class="number">1<\/td><\/tr><\/tfoot>/);
  });

  it("escapes names and model ids", () => {
    const html = renderUsageReport([row("2026-11-02", "FFKA", `<img src=x onerror="alert(1)">`, 40_000)], options);
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;img src=x onerror=&#34;alert(1)&#34;&#62;");
    expect(escapeHtml(`&<>"'`)).toBe("&#38;&#60;&#62;&#34;&#39;");
  });

  it("says there was no spend instead of drawing an empty chart", () => {
    const html = renderUsageReport([row("2026-11-02", "FFKA", "alice", 0, 3)], options);
    expect(html).toContain("No spend from 2026-11-01 to 2026-11-30");
    expect(html).not.toContain("<rect");
  });
});

describe("chart parts", () => {
  it("give each spending key its colour, largest first, and put keys past the palette together", () => {
    const rows = Array.from({ length: 9 }, (_, index) => row("2026-11-02", `FFK${index}`, `key ${index}`, (index + 1) * 40_000));
    rows.push(row("2026-11-02", "FFKZ", "refused only", 0, 4));
    const series = chartSeries(rows);
    expect(series.map((entry) => entry.label)).toEqual(["key 8", "key 7", "key 6", "key 5", "key 4", "key 3", "Other keys (3)"]);
    expect(series.at(-1)).toMatchObject({ accessKeyIds: ["FFK2", "FFK1", "FFK0"], microUsd: 240_000 });
    expect(new Set(series.map((entry) => entry.color)).size).toBe(7);
  });

  it("pick a round dollar step of at least a cent", () => {
    expect(dollarAxis(40_000)).toEqual({ step: 10_000, top: 40_000 });
    expect(dollarAxis(120_000)).toEqual({ step: 50_000, top: 150_000 });
    expect(dollarAxis(1_000_000)).toEqual({ step: 200_000, top: 1_000_000 });
    expect(dollarAxis(12_340_000)).toEqual({ step: 5_000_000, top: 15_000_000 });
  });

  it("list every day of the period", () => {
    expect(daysOf("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  });
});

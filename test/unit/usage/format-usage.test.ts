import { describe, expect, it } from "vitest";
import { csvField, formatUsageCsv, formatUsageJson, formatUsageTable } from "../../../proxy/usage/format-usage.js";
import { toReportRows, UNKNOWN_KEY_NAME, type UsageReportRow } from "../../../proxy/usage/usage-report-row.js";

const core = "stability.stable-image-core-v1:0";
const ultra = "stability.stable-image-ultra-v1:0";
const names = new Map([
  ["FFKALICE000000000001", "alice"],
  ["FFKBOB00000000000002", 'bob, "the" designer'],
]);
const rows: UsageReportRow[] = toReportRows(
  [
    { day: "20261103", accessKeyId: "FFKALICE000000000001", model: ultra, requests: 1, images: 1, microUsd: 140_000, refused: 0 },
    { day: "20261102", accessKeyId: "FFKBOB00000000000002", model: core, requests: 2, images: 2, microUsd: 80_000, refused: 1 },
    { day: "20261102", accessKeyId: "FFKALICE000000000001", model: core, requests: 3, images: 3, microUsd: 120_000, refused: 0 },
    { day: "20261103", accessKeyId: "FFKGONE0000000000003", model: core, requests: 0, images: 0, microUsd: 0, refused: 2 },
  ],
  names,
);
const range = { from: "2026-11-01", to: "2026-11-30" };

describe("usage rows", () => {
  it("are ordered by day, then name, with dashed days and the key store's names", () => {
    expect(rows.map((row) => [row.day, row.name, row.model])).toEqual([
      ["2026-11-02", "alice", core],
      ["2026-11-02", 'bob, "the" designer', core],
      ["2026-11-03", UNKNOWN_KEY_NAME, core],
      ["2026-11-03", "alice", ultra],
    ]);
  });
});

describe("table", () => {
  it("lines up columns, numbers to the right, with a total line", () => {
    expect(formatUsageTable(rows, range)).toBe(
      [
        'day         accessKeyId           name                 model                              requests  images    usd  refused',
        '2026-11-02  FFKALICE000000000001  alice                stability.stable-image-core-v1:0          3       3  $0.12        0',
        '2026-11-02  FFKBOB00000000000002  bob, "the" designer  stability.stable-image-core-v1:0          2       2  $0.08        1',
        '2026-11-03  FFKGONE0000000000003  (unknown key)        stability.stable-image-core-v1:0          0       0  $0.00        2',
        '2026-11-03  FFKALICE000000000001  alice                stability.stable-image-ultra-v1:0         1       1  $0.14        0',
        'total                                                                                            6       6  $0.34        3',
        '',
      ].join("\n"),
    );
  });

  it("says so when there is nothing to show", () => {
    expect(formatUsageTable([], range)).toBe("No usage from 2026-11-01 to 2026-11-30 (UTC).\n");
  });
});

describe("CSV", () => {
  it("has the header and one CRLF line per row, quoting as RFC 4180 says, dollars as plain decimals", () => {
    expect(formatUsageCsv(rows).split("\r\n")).toEqual([
      "day,accessKeyId,name,model,requests,images,usd,refused",
      `2026-11-02,FFKALICE000000000001,alice,${core},3,3,0.12,0`,
      `2026-11-02,FFKBOB00000000000002,"bob, ""the"" designer",${core},2,2,0.08,1`,
      `2026-11-03,FFKGONE0000000000003,(unknown key),${core},0,0,0.00,2`,
      `2026-11-03,FFKALICE000000000001,alice,${ultra},1,1,0.14,0`,
      "",
    ]);
    expect(formatUsageCsv([])).toBe("day,accessKeyId,name,model,requests,images,usd,refused\r\n");
  });

  it("quotes a field holding a comma, a quote or a line break, and only those", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField(12)).toBe("12");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
  });
});

describe("JSON", () => {
  it("is an array of objects with exactly the report's field names, dollars as exact numbers", () => {
    const parsed = JSON.parse(formatUsageJson(rows)) as Record<string, unknown>[];
    for (const record of parsed) {
      expect(Object.keys(record)).toEqual(["day", "accessKeyId", "name", "model", "requests", "images", "usd", "refused"]);
    }
    expect(parsed[0]).toEqual({ day: "2026-11-02", accessKeyId: "FFKALICE000000000001", name: "alice", model: core, requests: 3, images: 3, usd: 0.12, refused: 0 });
    expect(parsed.map((record) => record["usd"])).toEqual([0.12, 0.08, 0, 0.14]);
    expect(formatUsageJson(rows)).toContain('"usd": 0.12,');
    expect(formatUsageJson([])).toBe("[]\n");
  });
});

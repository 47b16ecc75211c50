import { describe, expect, it } from "vitest";
import { parseUsageArgs, UsageArgsError } from "../../../proxy/usage/parse-usage-args.js";

const today = new Date("2026-11-30T23:59:59Z");

function refusal(argv: string[]): string {
  try {
    parseUsageArgs(argv, today);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageArgsError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${argv.join(" ")}`);
}

describe("usage CLI arguments", () => {
  it("default to this UTC month so far, as a table", () => {
    expect(parseUsageArgs([], today)).toEqual({ from: "2026-11-01", to: "2026-11-30", key: undefined, format: "table", html: undefined, help: false });
    expect(parseUsageArgs([], new Date("2026-12-01T00:00:00Z"))).toMatchObject({ from: "2026-12-01", to: "2026-12-01" });
  });

  it("start on the first of --to's month when only --to is given", () => {
    expect(parseUsageArgs(["--to", "2026-10-15"], today)).toMatchObject({ from: "2026-10-01", to: "2026-10-15" });
  });

  it("take every option", () => {
    expect(parseUsageArgs(["--from", "2026-01-01", "--to", "2026-02-28", "--key", "FFKABC", "--format", "json"], today)).toEqual({
      from: "2026-01-01",
      to: "2026-02-28",
      key: "FFKABC",
      format: "json",
      html: undefined,
      help: false,
    });
    expect(parseUsageArgs(["--html", "report.html"], today)).toMatchObject({ html: "report.html", format: "table" });
    expect(parseUsageArgs(["--from=2026-11-30"], today)).toMatchObject({ from: "2026-11-30", to: "2026-11-30" });
    expect(parseUsageArgs(["-h"], today).help).toBe(true);
  });

  it("refuse bad input with one line that says what is wrong", () => {
    const cases: [string[], string][] = [
      [["--from", "2026-11-31"], '--from must be a date as YYYY-MM-DD, such as 2026-11-01 (not "2026-11-31").'],
      [["--from", "2026-2-01"], '--from must be a date as YYYY-MM-DD, such as 2026-11-01 (not "2026-2-01").'],
      [["--to", "yesterday"], '--to must be a date as YYYY-MM-DD, such as 2026-11-01 (not "yesterday").'],
      [["--from", "2026-12-01"], "--from 2026-12-01 is after --to 2026-11-30."],
      [["--from", "2026-11-02", "--to", "2026-11-01"], "--from 2026-11-02 is after --to 2026-11-01."],
      [["--format", "xml"], '--format must be table, csv, json (not "xml").'],
      [["--format", "csv", "--html", "r.html"], "Give --html FILE or --format, not both: the HTML report is a format of its own."],
      [["--html", ""], "--html needs a file name, such as --html report.html."],
      [["--key", "FFK ; rm"], '--key must be an access key id such as FFKABCDEFGHIJKLMNOPQ (not "FFK ; rm").'],
      [["--bogus"], "Unknown option '--bogus'. See --help."],
      [["list"], "Unexpected argument 'list'. See --help."],
      [["--from"], "Option '--from <value>' argument missing. See --help."],
    ];
    for (const [argv, message] of cases) {
      const said = refusal(argv);
      expect(said, argv.join(" ")).toBe(message);
      expect(said).not.toContain("\n");
    }
  });
});

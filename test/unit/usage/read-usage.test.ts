import { describe, expect, it } from "vitest";
import type { UsageRow } from "../../../proxy/limits/spend.js";
import { readUsage, spansOf } from "../../../proxy/usage/read-usage.js";

describe("reading usage", () => {
  it("asks the store for at most a year at a time, covering every day once", () => {
    expect(spansOf("2026-11-01", "2026-11-30", 366)).toEqual([{ from: "20261101", to: "20261130" }]);
    expect(spansOf("2026-11-30", "2026-11-30", 366)).toEqual([{ from: "20261130", to: "20261130" }]);
    expect(spansOf("2024-01-01", "2026-01-02", 366)).toEqual([
      { from: "20240101", to: "20241231" },
      { from: "20250101", to: "20260101" },
      { from: "20260102", to: "20260102" },
    ]);
  });

  it("names keys from the key store and keeps only the asked-for key's rows", async () => {
    const stored: UsageRow[] = [
      { day: "20261102", accessKeyId: "FFKB", model: "m", requests: 1, images: 1, microUsd: 40_000, refused: 0 },
      { day: "20261102", accessKeyId: "FFKA", model: "m", requests: 2, images: 2, microUsd: 80_000, refused: 1 },
    ];
    const asked: { from: string; to: string }[] = [];
    const spend = {
      async usage(range: { from: string; to: string }) {
        asked.push(range);
        return stored.filter((row) => row.day >= range.from && row.day <= range.to);
      },
    };
    const keys = { list: async () => [{ accessKeyId: "FFKA", name: "alice", createdAt: "", revokedAt: null, limits: {} }] };
    const all = await readUsage({ spend, keys, from: "2026-11-01", to: "2026-11-30" });
    expect(asked).toEqual([{ from: "20261101", to: "20261130" }]);
    expect(all.map((row) => [row.accessKeyId, row.name])).toEqual([
      ["FFKB", "(unknown key)"],
      ["FFKA", "alice"],
    ]);
    const one = await readUsage({ spend, keys, from: "2026-11-01", to: "2026-11-30", key: "FFKA" });
    expect(one).toEqual([{ day: "2026-11-02", accessKeyId: "FFKA", name: "alice", model: "m", requests: 2, images: 2, microUsd: 80_000, refused: 1 }]);
  });
});

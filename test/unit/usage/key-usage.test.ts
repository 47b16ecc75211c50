import { describe, expect, it } from "vitest";
import { BedrockError } from "../../../proxy/errors.js";
import { createKeyUsageReader, describeKeyUsage } from "../../../proxy/usage/key-usage.js";

const now = new Date("2026-11-30T18:00:00Z");
const counters = { dayImages: 2, dayMicroUsd: 80_000, monthMicroUsd: 480_000, proxyMonthMicroUsd: 49_900_000 };
const resetsAt = { day: "2026-12-01T00:00:00.000Z", month: "2026-12-01T00:00:00.000Z" };

describe("a key's own usage", () => {
  it("gives limits in images and dollars, what is used and left, and when each window resets", () => {
    const key = {
      accessKeyId: "FFKALICE000000000001",
      name: "alice",
      limits: { imagesPerDay: 40, microUsdPerDay: 2_000_000, microUsdPerMonth: 20_000_000, rpm: 30, expires: "2026-12-31", models: ["stability.stable-image-core-v1:0"] },
    };
    expect(describeKeyUsage(key, counters, { now })).toEqual({
      accessKeyId: "FFKALICE000000000001",
      name: "alice",
      limits: { imagesPerDay: 40, usdPerDay: 2, usdPerMonth: 20, rpm: 30, expires: "2026-12-31", models: ["stability.stable-image-core-v1:0"] },
      used: { imagesToday: 2, usdToday: 0.08, usdThisMonth: 0.48 },
      remaining: { imagesToday: 38, usdToday: 1.92, usdThisMonth: 19.52 },
      resetsAt,
    });
  });

  it("leaves out a limit that is not set, and what is left of it", () => {
    const usage = describeKeyUsage({ accessKeyId: "FFKBOB00000000000002", name: "bob", limits: {} }, counters, { now });
    expect(usage.limits).toEqual({});
    expect(usage.remaining).toEqual({});
    expect(JSON.parse(JSON.stringify(usage))).toEqual(usage);
  });

  it("counts the proxy-wide monthly cap in what is left, today and this month", () => {
    const key = { accessKeyId: "FFKALICE000000000001", name: "alice", limits: { microUsdPerDay: 2_000_000 } };
    const usage = describeKeyUsage(key, counters, { now, proxyMicroUsdPerMonth: 50_000_000 });
    expect(usage.remaining).toEqual({ usdToday: 0.1, usdThisMonth: 0.1 });
    expect(usage.limits).toEqual({ usdPerDay: 2 });
  });

  it("never says less than nothing is left", () => {
    const over = { dayImages: 45, dayMicroUsd: 2_100_000, monthMicroUsd: 2_100_000, proxyMonthMicroUsd: 2_100_000 };
    const key = { accessKeyId: "FFKALICE000000000001", name: "alice", limits: { imagesPerDay: 40, microUsdPerDay: 2_000_000 } };
    expect(describeKeyUsage(key, over, { now }).remaining).toEqual({ imagesToday: 0, usdToday: 0 });
  });

  it("resets the day at the next UTC midnight and the month on the 1st", () => {
    const usage = describeKeyUsage({ accessKeyId: "K", name: "k", limits: {} }, counters, { now: new Date("2026-11-15T23:59:59.999Z") });
    expect(usage.resetsAt).toEqual({ day: "2026-11-16T00:00:00.000Z", month: "2026-12-01T00:00:00.000Z" });
  });

  it("reads the counters for the key at the reader's clock, and answers 503 when the store cannot be read", async () => {
    const asked: [string, Date][] = [];
    const read = createKeyUsageReader({
      store: { counters: async (id, at) => (asked.push([id, at]), counters) },
      now: () => now,
    });
    expect((await read({ accessKeyId: "FFKALICE000000000001", name: "alice", limits: {} })).used.usdThisMonth).toBe(0.48);
    expect(asked).toEqual([["FFKALICE000000000001", now]]);

    const down = createKeyUsageReader({ store: { counters: () => Promise.reject(new Error("ECONNREFUSED")) }, now: () => now });
    const error = await down({ accessKeyId: "K", name: "k", limits: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BedrockError);
    expect([(error as BedrockError).status, (error as BedrockError).type]).toEqual([503, "ServiceUnavailableException"]);
  });
});

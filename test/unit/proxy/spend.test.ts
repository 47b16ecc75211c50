/**
 * The spend decision every store makes the same way (proxy/limits/spend.ts): the UTC windows a moment falls in, which
 * cap a request is refused for, and the words a refusal is given in. (Both stores, under concurrency, are in
 * test/integration/proxy/spend-store.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { decideSpend, describeRefusal, type SpendCounters, type SpendDecision, type SpendRequest, windowsAt } from "../../../proxy/limits/spend.js";

const NOW = new Date("2026-11-30T12:00:00Z");
const none: SpendCounters = { dayImages: 0, dayMicroUsd: 0, monthMicroUsd: 0, proxyMonthMicroUsd: 0 };
const request = (overrides: Partial<SpendRequest> = {}): SpendRequest => ({ accessKeyId: "FFK1", images: 1, microUsd: 40_000, limits: {}, now: NOW, ...overrides });
const refusal = (decision: SpendDecision) => {
  if (decision.ok) throw new Error("expected a refusal");
  return decision;
};

describe("windowsAt", () => {
  it("names the UTC day and month without separators, and when each ends", () => {
    expect(windowsAt(new Date("2026-11-30T23:59:59.999Z"))).toEqual({
      day: "20261130",
      month: "202611",
      dayEnds: new Date("2026-12-01T00:00:00Z"),
      monthEnds: new Date("2026-12-01T00:00:00Z"),
    });
    expect(windowsAt(new Date("2026-12-31T00:00:00Z"))).toEqual({
      day: "20261231",
      month: "202612",
      dayEnds: new Date("2027-01-01T00:00:00Z"),
      monthEnds: new Date("2027-01-01T00:00:00Z"),
    });
  });
});

describe("decideSpend", () => {
  it("reserves in the request's own windows", () => {
    expect(decideSpend(none, request({ images: 2, microUsd: 80_000 }))).toEqual({
      ok: true,
      reservation: { accessKeyId: "FFK1", day: "20261130", month: "202611", images: 2, microUsd: 80_000 },
    });
  });

  it("lets a request fill a cap exactly and refuses the one past it, for each cap", () => {
    const full: [Partial<SpendRequest>, keyof SpendCounters, number][] = [
      [{ limits: { imagesPerDay: 3 } }, "dayImages", 3],
      [{ limits: { microUsdPerDay: 120_000 } }, "dayMicroUsd", 120_000],
      [{ limits: { microUsdPerMonth: 120_000 } }, "monthMicroUsd", 120_000],
      [{ proxyMicroUsdPerMonth: 120_000 }, "proxyMonthMicroUsd", 120_000],
    ];
    for (const [caps, counter, cap] of full) {
      const oneBelow = counter === "dayImages" ? cap - 1 : cap - 40_000;
      expect(decideSpend({ ...none, [counter]: oneBelow }, request(caps)).ok, counter).toBe(true);
      expect(decideSpend({ ...none, [counter]: oneBelow + 1 }, request(caps)), counter).toMatchObject({ ok: false, cap, used: oneBelow + 1 });
    }
  });

  it("refuses for the first cap in order that the request would pass, and says when it resets", () => {
    const over = { dayImages: 5, dayMicroUsd: 200_000, monthMicroUsd: 200_000, proxyMonthMicroUsd: 200_000 };
    const caps = { limits: { imagesPerDay: 5, microUsdPerDay: 200_000, microUsdPerMonth: 200_000 }, proxyMicroUsdPerMonth: 200_000 };
    const dayEnds = new Date("2026-12-01T00:00:00Z");
    expect(refusal(decideSpend(over, request(caps)))).toEqual({ ok: false, limit: "images-per-day", cap: 5, used: 5, resetsAt: dayEnds });
    expect(refusal(decideSpend({ ...over, dayImages: 0 }, request(caps)))).toMatchObject({ limit: "usd-per-day", used: 200_000 });
    expect(refusal(decideSpend({ ...over, dayImages: 0, dayMicroUsd: 0 }, request(caps)))).toMatchObject({ limit: "usd-per-month" });
    expect(refusal(decideSpend({ ...none, proxyMonthMicroUsd: 200_000 }, request(caps)))).toMatchObject({ limit: "proxy-usd-per-month" });
    const midMonth = new Date("2026-11-15T08:00:00Z");
    expect(refusal(decideSpend({ ...none, monthMicroUsd: 200_000 }, request({ ...caps, now: midMonth })))).toMatchObject({
      limit: "usd-per-month",
      resetsAt: new Date("2026-12-01T00:00:00Z"),
    });
    expect(refusal(decideSpend({ ...none, dayImages: 5 }, request({ ...caps, now: midMonth })))).toMatchObject({
      limit: "images-per-day",
      resetsAt: new Date("2026-11-16T00:00:00Z"),
    });
  });
});

describe("describeRefusal", () => {
  const resetsAt = new Date("2026-12-01T00:00:00Z");
  it("names the limit, what is used of it, and when it resets, in whole seconds", () => {
    expect(describeRefusal({ ok: false, limit: "images-per-day", cap: 40, used: 40, resetsAt })).toBe(
      "This key's limit of 40 images per day is used up (40 used); it resets at 2026-12-01T00:00:00Z.",
    );
    expect(describeRefusal({ ok: false, limit: "usd-per-day", cap: 2_000_000, used: 1_960_000, resetsAt })).toBe(
      "This key's budget of $2.00 per day would be exceeded ($1.96 used); it resets at 2026-12-01T00:00:00Z.",
    );
    expect(describeRefusal({ ok: false, limit: "usd-per-month", cap: 50_000_000, used: 49_990_000, resetsAt })).toBe(
      "This key's budget of $50.00 per month would be exceeded ($49.99 used); it resets at 2026-12-01T00:00:00Z.",
    );
    expect(describeRefusal({ ok: false, limit: "proxy-usd-per-month", cap: 500_000_000, used: 500_000_000, resetsAt })).toBe(
      "This proxy's budget of $500.00 per month for all keys is used up; it resets at 2026-12-01T00:00:00Z. Ask your Framefill admin.",
    );
  });
});

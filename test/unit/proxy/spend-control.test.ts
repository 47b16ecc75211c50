/**
 * The limits step on a fake clock (proxy/limits/spend-control.ts), over a real in-memory spend store: which refusal a
 * key meets and in what words, the requests-a-minute window to the second, what is refunded and what is kept when
 * the call fails, what the usage report is told, and the RateLimit headers. (The same rules through a proxy and the
 * AWS SDK are in test/integration/proxy/limits.test.ts; the Redis-shared counters in spend-control-redis.test.ts.)
 */
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ClientGoneError } from "../../../proxy/backends/backend.js";
import { BedrockError } from "../../../proxy/errors.js";
import { openMemorySpendStore } from "../../../proxy/limits/memory-spend-store.js";
import { type ChargedKey, createSpendControl, isOutcomeUnknown } from "../../../proxy/limits/spend-control.js";
import type { SpendStore } from "../../../proxy/limits/spend.js";

const CORE = "stability.stable-image-core-v1:0";
const NOON = new Date("2026-11-30T12:00:00Z");
const key = (limits: ChargedKey["limits"] = {}): ChargedKey => ({ accessKeyId: "FFKCONTROL0000000001", name: "test key", limits });

let store: SpendStore;
beforeEach(async () => {
  vi.useFakeTimers({ now: NOON });
  store = await openMemorySpendStore();
});
afterEach(() => {
  vi.useRealTimers();
});

const control = (overrides: Partial<Parameters<typeof createSpendControl>[0]> = {}) => createSpendControl({ store, prices: {}, now: () => new Date(), ...overrides });
const caught = (promise: Promise<unknown>) => promise.then(
  () => {
    throw new Error("expected a refusal");
  },
  (error: unknown) => error as BedrockError,
);
const usageToday = () => store.usage({ from: "20261130", to: "20261130" });
const image = async () => ({ images: 1 });

describe("admit", () => {
  it("refuses an expired key from the day after its last, records the refusal, and carries the RateLimit headers", async () => {
    const spend = control();
    const expiring = key({ expires: "2026-11-30", imagesPerDay: 5 });
    await spend.admit(expiring, CORE);
    vi.setSystemTime(new Date("2026-12-01T00:00:00Z"));
    const error = await caught(spend.admit(expiring, CORE));
    expect(error).toBeInstanceOf(BedrockError);
    expect(error.type).toBe("AccessDeniedException");
    expect(error.message).toBe("This access key expired at the end of 2026-11-30 (UTC). Ask your Framefill admin for a new one.");
    expect(error.headers).toEqual({ "ratelimit-policy": '"images-per-day";q=5;w=86400', ratelimit: '"images-per-day";r=5;t=86400' });
    expect(await store.usage({ from: "20261201", to: "20261201" })).toEqual([
      { day: "20261201", accessKeyId: "FFKCONTROL0000000001", model: CORE, requests: 0, images: 0, microUsd: 0, refused: 1 },
    ]);
  });

  it("still refuses when the RateLimit headers cannot be read", async () => {
    const failing: SpendStore = { ...store, counters: () => Promise.reject(new Error("store down")) };
    const error = await caught(control({ store: failing }).admit(key({ expires: "2020-01-31", imagesPerDay: 5 }), CORE));
    expect(error.type).toBe("AccessDeniedException");
    expect(error.headers).toEqual({});
  });

  it("lets a key use only its models, naming them all when it refuses", async () => {
    const spend = control();
    await spend.admit(key(), CORE);
    const two = key({ models: [CORE, "stability.sd3-5-large-v1:0"] });
    await spend.admit(two, "stability.sd3-5-large-v1:0");
    const error = await caught(spend.admit(two, "stability.stable-image-ultra-v1:0"));
    expect(error.type).toBe("AccessDeniedException");
    expect(error.message).toBe(
      "This access key may not use stability.stable-image-ultra-v1:0; it may use stability.stable-image-core-v1:0, stability.sd3-5-large-v1:0.",
    );
    expect((await usageToday()).map((row) => [row.model, row.refused])).toEqual([["stability.stable-image-ultra-v1:0", 1]]);
  });

  it("holds a key to its requests a minute, saying to the second when it may ask again", async () => {
    const spend = control();
    const limited = key({ rpm: 2 });
    await spend.admit(limited, CORE);
    await spend.admit(limited, CORE);
    const first = await caught(spend.admit(limited, CORE));
    expect(first.type).toBe("ThrottlingException");
    expect(first.status).toBe(429);
    expect(first.message).toBe("This key's limit of 2 requests a minute is reached; try again in 60 s.");
    expect(first.headers).toEqual({ "retry-after": "60", "ratelimit-policy": '"rpm";q=2;w=60', ratelimit: '"rpm";r=0;t=60' });
    await vi.advanceTimersByTimeAsync(30_500);
    const later = await caught(spend.admit(limited, CORE));
    expect(later.message).toBe("This key's limit of 2 requests a minute is reached; try again in 30 s.");
    expect(later.headers["retry-after"]).toBe("30");
    await vi.advanceTimersByTimeAsync(29_500);
    await spend.admit(limited, CORE);
    expect((await usageToday())[0]).toMatchObject({ refused: 2 });
  });

  it("answers ServiceUnavailable at once when the shared rate counters cannot be reached", async () => {
    // Configured as start-proxy.ts configures it, on a port nothing listens on; never connected.
    const redis = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
    try {
      const error = await caught(control({ redis }).admit(key({ rpm: 5 }), CORE));
      expect(error.type).toBe("ServiceUnavailableException");
      expect(error.message).toBe("The proxy cannot check this key's request rate right now. Try again shortly.");
    } finally {
      redis.disconnect();
    }
  });
});

describe("charge", () => {
  it("reserves the model's price, records the images made, and returns the cost", async () => {
    const spend = control({ prices: { [CORE]: 55_000 } });
    const output = await spend.charge(key(), CORE, async () => ({ images: 2, body: "bytes" }));
    expect(output).toEqual({ images: 2, body: "bytes", microUsd: 55_000 });
    expect(await store.counters("FFKCONTROL0000000001", NOON)).toEqual({ dayImages: 1, dayMicroUsd: 55_000, monthMicroUsd: 55_000, proxyMonthMicroUsd: 55_000 });
    expect(await usageToday()).toEqual([
      { day: "20261130", accessKeyId: "FFKCONTROL0000000001", model: CORE, requests: 1, images: 2, microUsd: 55_000, refused: 0 },
    ]);
  });

  it("refuses over budget with the limit's words, without calling, and records the refusal", async () => {
    const spend = control();
    const call = vi.fn(image);
    const capped = key({ imagesPerDay: 1 });
    await spend.charge(capped, CORE, call);
    const error = await caught(spend.charge(capped, CORE, call));
    expect(error.type).toBe("ServiceQuotaExceededException");
    expect(error.message).toBe("This key's limit of 1 images per day is used up (1 used); it resets at 2026-12-01T00:00:00Z.");
    expect(error.headers).toEqual({ "ratelimit-policy": '"images-per-day";q=1;w=86400', ratelimit: '"images-per-day";r=0;t=43200' });
    expect(call).toHaveBeenCalledTimes(1);
    expect(await usageToday()).toEqual([expect.objectContaining({ requests: 1, images: 1, refused: 1 })]);
  });

  it("answers ServiceUnavailable, without calling, when the budget cannot be checked", async () => {
    const failing: SpendStore = { ...store, reserve: () => Promise.reject(new Error("store down")) };
    const call = vi.fn(image);
    const error = await caught(control({ store: failing }).charge(key(), CORE, call));
    expect(error.type).toBe("ServiceUnavailableException");
    expect(error.message).toBe("The proxy cannot check this key's budget right now. Try again shortly.");
    expect(call).not.toHaveBeenCalled();
  });

  it("refunds when Bedrock answered an error, and keeps the reservation when the outcome is unknown", async () => {
    const spend = control();
    const capped = key({ imagesPerDay: 5 });
    const failures: [Error, number][] = [
      [new BedrockError("ModelErrorException", "the model failed"), 0],
      [new BedrockError("ModelTimeoutException", "gave up waiting", {}, { outcomeUnknown: true }), 1],
      [new ClientGoneError("the client went away"), 2],
      [new Error("a bug"), 2],
    ];
    for (const [failure, kept] of failures) {
      await expect(spend.charge(capped, CORE, () => Promise.reject(failure))).rejects.toBe(failure);
      expect((await store.counters("FFKCONTROL0000000001", NOON)).dayImages, failure.message).toBe(kept);
    }
    expect(await usageToday()).toEqual([]);
  });
});

describe("isOutcomeUnknown", () => {
  it("is true for a client gone and a Bedrock error marked unknown, false for other errors", () => {
    expect(isOutcomeUnknown(new ClientGoneError("gone"))).toBe(true);
    expect(isOutcomeUnknown(new BedrockError("ModelTimeoutException", "late", {}, { outcomeUnknown: true }))).toBe(true);
    expect(isOutcomeUnknown(new BedrockError("ModelTimeoutException", "late"))).toBe(false);
    expect(isOutcomeUnknown(new Error("other"))).toBe(false);
    expect(isOutcomeUnknown({ outcomeUnknown: true })).toBe(false);
  });
});

describe("headers", () => {
  it("are empty for a key with neither an image cap nor a rate", async () => {
    expect(await control().headers(key({ microUsdPerDay: 1_000_000 }))).toEqual({});
  });

  it("give each limit's quota, what is left and the seconds until it resets", async () => {
    const spend = control();
    const limited = key({ imagesPerDay: 10, rpm: 2 });
    vi.setSystemTime(new Date("2026-11-30T23:59:58.500Z"));
    expect(await spend.headers(limited)).toEqual({
      "ratelimit-policy": '"images-per-day";q=10;w=86400, "rpm";q=2;w=60',
      ratelimit: '"images-per-day";r=10;t=2, "rpm";r=2;t=0',
    });
    await spend.admit(limited, CORE);
    await spend.charge(limited, CORE, image);
    await vi.advanceTimersByTimeAsync(500);
    expect((await spend.headers(limited)).ratelimit).toBe('"images-per-day";r=9;t=1, "rpm";r=1;t=60');
  });

  it("never say less than none left", async () => {
    const spend = control();
    await spend.charge(key(), CORE, image);
    await spend.charge(key(), CORE, image);
    expect((await spend.headers(key({ imagesPerDay: 1 }))).ratelimit).toBe('"images-per-day";r=0;t=43200');
  });
});

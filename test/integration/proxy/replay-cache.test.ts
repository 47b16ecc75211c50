/**
 * Both replay caches, in memory and in Redis (a real redis-server), held to the same rules: a signature is "first"
 * once, then "running" until it succeeds or is released; a released one is new again; an entry lasts exactly its TTL.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryReplayCache, createRedisReplayCache, type ReplayCache } from "../../../proxy/sigv4/replay-cache.js";
import { startRedis, type RunningRedis } from "../../support/redis-server.js";

let redis: RunningRedis;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

let prefixes = 0;
const caches: [string, () => ReplayCache][] = [
  ["memory", () => createMemoryReplayCache()],
  [
    "redis",
    () => {
      const client = new Redis(redis.url);
      clients.push(client);
      return createRedisReplayCache(client, `test-replay-${prefixes++}:`);
    },
  ],
];

describe.each(caches)("%s replay cache", (_name, open) => {
  it("answers first once, then running, succeeded once marked, and first again once released", async () => {
    const cache = open();
    expect(await cache.claim("sig-a", 60_000)).toBe("first");
    expect(await cache.claim("sig-a", 60_000)).toBe("running");
    await cache.succeed("sig-a");
    expect(await cache.claim("sig-a", 60_000)).toBe("succeeded");
    expect(await cache.claim("sig-b", 60_000)).toBe("first");
    await cache.release("sig-b");
    expect(await cache.claim("sig-b", 60_000)).toBe("first");
    expect(await cache.claim("sig-b", 60_000)).toBe("running");
  });

  it("forgets a signature once its time is up", async () => {
    const cache = open();
    expect(await cache.claim("sig-short", 150)).toBe("first");
    expect(await cache.claim("sig-short", 150)).toBe("running");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await cache.claim("sig-short", 150)).toBe("first");
  });

  it("does not mark a signature it never saw as succeeded", async () => {
    const cache = open();
    await cache.succeed("sig-unseen");
    expect(await cache.claim("sig-unseen", 60_000)).toBe("first");
  });
});

describe("memory replay cache", () => {
  it("keeps an entry for exactly its TTL on its own clock", async () => {
    let now = 1_000;
    const cache = createMemoryReplayCache(() => now);
    expect(await cache.claim("sig", 100)).toBe("first");
    now = 1_099;
    expect(await cache.claim("sig", 100)).toBe("running");
    now = 1_100;
    expect(await cache.claim("sig", 100)).toBe("first");
    // An older entry is swept when newer ones are claimed, and close() forgets everything.
    now = 5_000;
    expect(await cache.claim("other", 100)).toBe("first");
    await cache.close();
    expect(await cache.claim("other", 100)).toBe("first");
  });
});

/**
 * Both replay caches, in memory and in Redis (a real redis-server), held to the same rules: a signature is "first"
 * once, then "running" until it succeeds or is released; a released one is new again; an entry lasts exactly its TTL.
 */
import { type AddressInfo, createServer } from "node:net";
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

  it("forgets an entry at its own time even behind one that lives longer", async () => {
    let now = 0;
    const cache = createMemoryReplayCache(() => now);
    expect(await cache.claim("long", 1_000)).toBe("first");
    expect(await cache.claim("short", 100)).toBe("first");
    now = 99;
    expect(await cache.claim("short", 100)).toBe("running");
    now = 100;
    expect(await cache.claim("short", 100)).toBe("first");
    expect(await cache.claim("long", 1_000)).toBe("running");
  });
});

describe("Redis replay cache", () => {
  /** A client whose GET sees the entry gone (it expired just after the SET), and optionally taken again at once. */
  function expiringBetweenSetAndGet(client: Redis, retakenBy?: string): { redis: Redis; gets: () => number } {
    let gets = 0;
    const redis = new Proxy(client, {
      get(target, property, receiver) {
        if (property !== "get") return Reflect.get(target, property, receiver);
        return async (key: string) => {
          gets++;
          await target.del(key);
          const state = await target.get(key);
          if (retakenBy !== undefined) await target.set(key, retakenBy, "PX", 60_000);
          return state;
        };
      },
    });
    return { redis, gets: () => gets };
  }

  it("keeps each signature under framefill:replay:, for its TTL, and answers a running or succeeded one after one SET and one GET", async () => {
    const client = new Redis(redis.url);
    clients.push(client);
    const calls: string[] = [];
    const counting = new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== "get" && property !== "set") return value;
        return (...args: unknown[]) => {
          calls.push(property);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const cache = createRedisReplayCache(counting);

    expect(await cache.claim("sig-named", 60_000)).toBe("first");
    expect(await client.get("framefill:replay:sig-named")).toBe("running");
    expect(await client.pttl("framefill:replay:sig-named")).toBeGreaterThan(59_000);
    calls.length = 0;
    expect(await cache.claim("sig-named", 60_000)).toBe("running");
    expect(calls).toEqual(["set", "get"]);
    await cache.succeed("sig-named");
    calls.length = 0;
    expect(await cache.claim("sig-named", 60_000)).toBe("succeeded");
    expect(calls).toEqual(["set", "get"]);
    expect(await client.get("framefill:replay:sig-named")).toBe("succeeded");
  });

  it("claims a signature whose entry expired between its SET and its GET", async () => {
    const client = new Redis(redis.url);
    clients.push(client);
    const prefix = `test-replay-${prefixes++}:`;
    expect(await createRedisReplayCache(client, prefix).claim("sig-vanishing", 60_000)).toBe("first");
    const { redis: racing, gets } = expiringBetweenSetAndGet(client);
    expect(await createRedisReplayCache(racing, prefix).claim("sig-vanishing", 60_000)).toBe("first");
    expect(gets()).toBe(1);
    expect(await client.get(`${prefix}sig-vanishing`)).toBe("running");
  });

  it("says running after two tries when the entry keeps expiring and being claimed by another proxy in between", async () => {
    const client = new Redis(redis.url);
    clients.push(client);
    const prefix = `test-replay-${prefixes++}:`;
    expect(await createRedisReplayCache(client, prefix).claim("sig-contended", 60_000)).toBe("first");
    const { redis: racing, gets } = expiringBetweenSetAndGet(client, "running");
    expect(await createRedisReplayCache(racing, prefix).claim("sig-contended", 60_000)).toBe("running");
    expect(gets()).toBe(2);
  });

  it("close() stops a client from reconnecting when Redis is away, with the proxy's settings (no offline queue)", async () => {
    // Redis "away": a port that accepts each connection and drops it at once.
    let connections = 0;
    const away = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => away.listen(0, "127.0.0.1", resolve));
    const { port } = away.address() as AddressInfo;
    const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => 20 });
    client.on("error", () => {});
    await client.connect().catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connections).toBeGreaterThan(0);
    await createRedisReplayCache(client).close();
    const atClose = connections;
    await new Promise((resolve) => setTimeout(resolve, 500));
    client.disconnect();
    await new Promise<void>((resolve) => away.close(() => resolve()));
    expect(connections - atClose).toBe(0);
  });
});

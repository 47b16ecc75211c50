/**
 * Requests a minute shared through a real redis-server: two spend controls, each with its own connection as two
 * proxies would have, count one window per key, under the proxy's own `framefill:rpm:` keys.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemorySpendStore } from "../../../proxy/limits/memory-spend-store.js";
import { type ChargedKey, createSpendControl } from "../../../proxy/limits/spend-control.js";
import { startRedis, type RunningRedis } from "../../support/redis-server.js";

const CORE = "stability.stable-image-core-v1:0";
let redis: RunningRedis;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

async function proxyControl() {
  const client = new Redis(redis.url);
  clients.push(client);
  await client.ping();
  return createSpendControl({ store: await openMemorySpendStore(), prices: {}, redis: client, now: () => new Date() });
}

describe("spend control on Redis", () => {
  it("counts a key's requests a minute across proxies, under framefill:rpm:<rpm>:<key>", async () => {
    const [one, two] = [await proxyControl(), await proxyControl()];
    const key: ChargedKey = { accessKeyId: "FFKSHAREDRPM00000001", name: "shared", limits: { rpm: 3 } };
    await one.admit(key, CORE);
    await two.admit(key, CORE);
    await one.admit(key, CORE);
    await expect(two.admit(key, CORE)).rejects.toMatchObject({ type: "ThrottlingException", headers: { "retry-after": "60" } });
    expect((await one.headers(key)).ratelimit).toMatch(/^"rpm";r=0;t=(59|60)$/);
    const inspect = new Redis(redis.url);
    clients.push(inspect);
    expect(await inspect.keys("*")).toEqual(["framefill:rpm:3:FFKSHAREDRPM00000001"]);
  });
});

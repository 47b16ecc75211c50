/**
 * A client that retries an image with the same Idempotency-Key (signed anew, as every retry is) gets the image it
 * already paid for; the backend is called once.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../proxy/config.js";
import { IDEMPOTENCY_TTL_MS } from "../../../proxy/http/idempotency.js";
import { type RunningProxy, startProxy } from "../../../proxy/start-proxy.js";
import { startRedis, type RunningRedis } from "../../support/redis-server.js";
import { signedFetch } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy, TEST_SEAL_SECRET } from "../../support/test-proxy.js";

const path = "/model/stability.stable-image-core-v1%3A0/invoke";
let redis: RunningRedis;
let proxy: TestProxy;
let sibling: RunningProxy;

beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTestProxy({ env: { PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET, LOG_LEVEL: "info" } });
  sibling = await startProxy(loadConfig({ PORT: "0", PROXY_DATA_DIR: proxy.dataDir, PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET, LOG_LEVEL: "silent" }));
});
afterAll(async () => {
  await sibling?.close();
  await proxy?.close();
  await redis?.stop();
});

function send(
  base: string,
  body: string,
  idempotencyKey: string,
  date = new Date(),
  { key = proxy.key, modelPath = path }: { key?: { accessKeyId: string; secretAccessKey: string }; modelPath?: string } = {},
) {
  return signedFetch({
    url: base + modelPath,
    body,
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    headers: { "idempotency-key": idempotencyKey },
    date,
  });
}

describe("Idempotency-Key", () => {
  it("answers a retry with the stored image and calls the backend once, also on another proxy", async () => {
    const body = JSON.stringify({ prompt: "retry without paying twice" });
    const first = await send(proxy.url, body, "gen-1.job-1");
    expect(first.status).toBe(200);
    const firstBody = await first.text();
    const calls = proxy.backendCalls.length;

    // A retry a second later is signed anew (a new signature, so no replay), with the same key.
    const retry = await send(proxy.url, body, "gen-1.job-1", new Date(Date.now() + 1000));
    expect(retry.status).toBe(200);
    expect(await retry.text()).toBe(firstBody);
    const elsewhere = await send(sibling.url, body, "gen-1.job-1", new Date(Date.now() + 2000));
    expect(await elsewhere.text()).toBe(firstBody);
    expect(proxy.backendCalls.length).toBe(calls);
    expect(proxy.logs.filter((line) => line["idempotentReplay"] === true)).toHaveLength(1);
  });

  it("refuses a key reused for another request", async () => {
    await send(proxy.url, JSON.stringify({ prompt: "first use" }), "gen-2.job-1");
    const reuse = await send(proxy.url, JSON.stringify({ prompt: "something else" }), "gen-2.job-1");
    expect(reuse.status).toBe(400);
    expect(reuse.headers.get("x-amzn-errortype")).toBe("ValidationException");
  });

  it("keeps each access key's answers to itself: another key reusing an Idempotency-Key gets its own image", async () => {
    const other = await proxy.proxy.keys.create({ name: "another designer" });
    const body = JSON.stringify({ prompt: "two designers, one idempotency key" });
    const mine = await send(proxy.url, body, "shared.job-1");
    const mineBody = await mine.text();
    const calls = proxy.backendCalls.length;
    const theirs = await send(proxy.url, body, "shared.job-1", new Date(), { key: other });
    expect(theirs.status).toBe(200);
    expect(await theirs.text()).not.toBe(mineBody);
    expect(proxy.backendCalls.length).toBe(calls + 1);
    expect(proxy.logs.at(-1)).toMatchObject({ keyId: other.accessKeyId, images: 1 });
    expect(proxy.logs.at(-1)?.["idempotentReplay"]).toBeUndefined();
  });

  it("never answers one model's request with another model's stored image", async () => {
    const body = JSON.stringify({ prompt: "same body, two models", seed: 7 });
    const first = await send(proxy.url, body, "models.job-1");
    expect(first.status).toBe(200);
    const otherModel = await send(proxy.url, body, "models.job-1", new Date(Date.now() + 1000), {
      modelPath: "/model/stability.stable-image-core-v1%3A1/invoke",
    });
    expect(otherModel.status).toBe(400);
    expect(otherModel.headers.get("x-amzn-errortype")).toBe("ValidationException");
    expect(await otherModel.json()).toEqual({ message: "This Idempotency-Key was already used for a different request." });
  });

  it("keeps the answer in Redis under the proxy's own prefix, for the idempotency TTL", async () => {
    // Operators share one Redis between apps: every key the proxy writes starts with "framefill:".
    const response = await send(proxy.url, JSON.stringify({ prompt: "kept in redis" }), "redis.job-1");
    expect(response.status).toBe(200);
    const client = new Redis(redis.url);
    try {
      const ttl = await client.pttl(`framefill:idempotency:${proxy.key.accessKeyId}:redis.job-1`);
      expect(ttl).toBeGreaterThan(IDEMPOTENCY_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(IDEMPOTENCY_TTL_MS);
    } finally {
      client.disconnect();
    }
  });

  it("generates anew for every new key", async () => {
    const body = JSON.stringify({ prompt: "variants" });
    const calls = proxy.backendCalls.length;
    const a = await (await send(proxy.url, body, "gen-3.job-1")).json();
    const b = await (await send(proxy.url, body, "gen-3.job-2")).json();
    expect(proxy.backendCalls.length).toBe(calls + 2);
    expect(a.seeds[0]).not.toBe(b.seeds[0]);
  });
});

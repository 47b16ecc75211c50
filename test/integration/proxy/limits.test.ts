/**
 * Team spend control through the real AWS SDK: budgets and image caps enforced exactly under concurrency on one proxy
 * (embedded store) and on two proxies sharing a real redis-server, integer dollars, requests a minute with
 * Retry-After, expiry, per-key models, refunds when Bedrock answers an error (the emulator), `keys set` seen at once,
 * RateLimit headers, and the cost and key name on each log line.
 */
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  InvokeModelCommand,
  ServiceQuotaExceededException,
  ThrottlingException,
} from "@aws-sdk/client-bedrock-runtime";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../proxy/config.js";
import type { KeyLimits } from "../../../proxy/keys/key-limits.js";
import { createRedisKeyStore } from "../../../proxy/keys/redis-key-store.js";
import { type RunningProxy, startProxy } from "../../../proxy/start-proxy.js";
import type { BedrockEmulator } from "../../support/bedrock-emulator/index.js";
import { startProxyOnEmulator } from "../../support/proxy-on-emulator.js";
import { startProxiesOnRedis } from "../../support/proxies-on-redis.js";
import { startRedis, type RunningRedis } from "../../support/redis-server.js";
import { signedFetch } from "../../support/sign-request.js";
import { startProcess } from "../../support/start-process.js";
import { startTestProxy, type TestProxy, TEST_SEAL_SECRET } from "../../support/test-proxy.js";

const core = "stability.stable-image-core-v1:0";
const opened: { close(): Promise<void> }[] = [];
const clients: BedrockRuntimeClient[] = [];
afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const item of opened.reverse()) await item.close();
});

function sdk(url: string, key: { accessKeyId: string; secretAccessKey: string }): BedrockRuntimeClient {
  // One attempt, so each refusal is seen as the proxy sent it.
  const client = new BedrockRuntimeClient({ region: "us-west-2", endpoint: url, maxAttempts: 1, credentials: key });
  clients.push(client);
  return client;
}

const invoke = (client: BedrockRuntimeClient, prompt: string, modelId: string = core) =>
  client.send(new InvokeModelCommand({ modelId, body: JSON.stringify({ prompt }), contentType: "application/json" }));

async function keyWith(proxy: TestProxy | RunningProxy, limits: KeyLimits) {
  const store = "proxy" in proxy ? proxy.proxy.keys : proxy.keys;
  return store.create({ name: `limited ${Math.random().toString(36).slice(2, 8)}`, limits });
}

async function settle<T>(promises: Promise<T>[]): Promise<{ ok: T[]; errors: Error[] }> {
  const results = await Promise.allSettled(promises);
  return {
    ok: results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : [])),
    errors: results.flatMap((result) => (result.status === "rejected" ? [result.reason as Error] : [])),
  };
}

describe("one proxy, embedded store", () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await startTestProxy();
    opened.push(proxy);
  });

  it("lets exactly 7 of 50 concurrent requests through a cap of 7 images a day, and says which limit and when it resets", async () => {
    const key = await keyWith(proxy, { imagesPerDay: 7 });
    const client = sdk(proxy.url, key);
    const calls = proxy.backendCalls.length;
    const { ok, errors } = await settle(Array.from({ length: 50 }, (_, index) => invoke(client, `race ${index}`)));
    expect(ok).toHaveLength(7);
    expect(proxy.backendCalls.length - calls).toBe(7);
    expect(errors).toHaveLength(43);
    for (const error of errors) expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    const tomorrow = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1));
    expect(errors[0]!.message).toBe(
      `This key's limit of 7 images per day is used up (7 used); it resets at ${tomorrow.toISOString().replace(".000Z", "Z")}.`,
    );
    expect((errors[0] as ServiceQuotaExceededException).$metadata.httpStatusCode).toBe(400);
  });

  it("counts dollars exactly: $0.04 + $0.04 fills a $0.08 day", async () => {
    const key = await keyWith(proxy, { microUsdPerDay: 80_000 });
    const client = sdk(proxy.url, key);
    await invoke(client, "first");
    await invoke(client, "second");
    const third = await invoke(client, "third").catch((error: Error) => error);
    expect(third).toBeInstanceOf(ServiceQuotaExceededException);
    expect((third as Error).message).toMatch(/^This key's budget of \$0\.08 per day would be exceeded \(\$0\.08 used\)/);
    const served = proxy.logs.filter((line) => line["keyId"] === key.accessKeyId && line["status"] === 200);
    expect(served.map((line) => [line["costMicroUsd"], line["keyName"]])).toEqual([
      [40_000, key.name],
      [40_000, key.name],
    ]);
  });

  it("holds a key to its requests a minute with 429 and Retry-After, and says so in RateLimit headers", async () => {
    const key = await keyWith(proxy, { rpm: 2, imagesPerDay: 10 });
    const url = `${proxy.url}/model/stability.stable-image-core-v1%3A0/invoke`;
    const send = (prompt: string) => signedFetch({ url, body: JSON.stringify({ prompt }), ...key });
    const first = await send("one");
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toBe('"images-per-day";q=10;w=86400, "rpm";q=2;w=60');
    expect(first.headers.get("ratelimit")).toMatch(/^"images-per-day";r=9;t=\d+, "rpm";r=1;t=\d+$/);
    expect((await send("two")).status).toBe(200);
    const third = await send("three");
    expect(third.status).toBe(429);
    expect(third.headers.get("x-amzn-errortype")).toBe("ThrottlingException");
    const retryAfter = Number(third.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await third.json()) as { message: string }).message).toContain("2 requests a minute");
    expect(third.headers.get("ratelimit")).toMatch(/"rpm";r=0;/);
  });

  it("carries RateLimit headers on every invoke answer once the key is known, refusals and bad bodies included", async () => {
    const key = await keyWith(proxy, { imagesPerDay: 5 });
    const url = `${proxy.url}/model/stability.stable-image-core-v1%3A0/invoke`;
    const bad = await signedFetch({ url, body: JSON.stringify({ prompt: "" }), ...key });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-amzn-errortype")).toBe("ValidationException");
    expect(bad.headers.get("ratelimit-policy")).toBe('"images-per-day";q=5;w=86400');
    expect(bad.headers.get("ratelimit")).toMatch(/^"images-per-day";r=5;t=\d+$/);
  });

  it("refuses an expired key with 403 saying so, and a model the key may not use", async () => {
    const expired = await keyWith(proxy, { expires: "2020-01-31" });
    const error = await invoke(sdk(proxy.url, expired), "too late").catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect((error as Error).message).toBe("This access key expired at the end of 2020-01-31 (UTC). Ask your Framefill admin for a new one.");

    const coreOnly = await keyWith(proxy, { models: [core] });
    const other = await invoke(sdk(proxy.url, coreOnly), "other model", "stability.stable-image-core-v1:1").catch((caught: Error) => caught);
    expect(other).toBeInstanceOf(AccessDeniedException);
    expect((other as Error).message).toContain("may not use stability.stable-image-core-v1:1");
    expect(await invoke(sdk(proxy.url, coreOnly), "allowed model")).toBeDefined();
  });

  it("applies `keys set` from the next request", async () => {
    const key = await keyWith(proxy, { imagesPerDay: 1 });
    const client = sdk(proxy.url, key);
    await invoke(client, "the one");
    await expect(invoke(client, "over")).rejects.toBeInstanceOf(ServiceQuotaExceededException);
    await proxy.proxy.keys.setLimits(key.accessKeyId, { imagesPerDay: 2 });
    await expect(invoke(client, "raised")).resolves.toBeDefined();
    await proxy.proxy.keys.setLimits(key.accessKeyId, { imagesPerDay: null });
    await expect(invoke(client, "unlimited")).resolves.toBeDefined();
  });
});

describe("two proxies sharing Redis", () => {
  let first: TestProxy;
  let second: RunningProxy;
  beforeAll(async () => {
    const pair = await startProxiesOnRedis();
    opened.push(pair);
    ({ first, second } = pair);
  });

  it("lets exactly 7 of 50 concurrent requests through, spread over both proxies", async () => {
    const key = await keyWith(first, { imagesPerDay: 7 });
    const [one, two] = [sdk(first.url, key), sdk(second.url, key)];
    const { ok, errors } = await settle(Array.from({ length: 50 }, (_, index) => invoke(index % 2 ? one : two, `shared race ${index}`)));
    expect(ok).toHaveLength(7);
    expect(errors.every((error) => error instanceof ServiceQuotaExceededException)).toBe(true);
  });

  it("holds the proxy-wide monthly cap across keys and proxies", async () => {
    // Its own Redis: the cap counts every key's spend this month.
    const own = await startRedis();
    opened.push({ close: () => own.stop() });
    const env = { PROXY_REDIS_URL: own.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET, PROXY_USD_PER_MONTH: "0.08" };
    const capped = await startTestProxy({ env });
    opened.push(capped);
    const sibling = await startProxy(loadConfig({ PORT: "0", PROXY_DATA_DIR: capped.dataDir, LOG_LEVEL: "silent", ...env }));
    opened.push(sibling);
    const [alice, bob] = [await keyWith(capped, {}), await keyWith(capped, {})];
    await invoke(sdk(capped.url, alice), "alice's image");
    await invoke(sdk(sibling.url, bob), "bob's image");
    const error = await invoke(sdk(sibling.url, alice), "over the proxy cap").catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect((error as Error).message).toMatch(/^This proxy's budget of \$0\.08 per month for all keys is used up/);
  });

  it("shares requests-a-minute counters between proxies", async () => {
    const key = await keyWith(first, { rpm: 3 });
    const [one, two] = [sdk(first.url, key), sdk(second.url, key)];
    await invoke(one, "a");
    await invoke(two, "b");
    await invoke(one, "c");
    await expect(invoke(two, "d")).rejects.toBeInstanceOf(ThrottlingException);
  });
});

describe("two proxy processes sharing Redis", () => {
  it("let exactly 7 of 50 concurrent requests through a budget of 7 images, spread over both", async () => {
    const redis = await startRedis();
    opened.push({ close: () => redis.stop() });
    const env = { ...process.env, PORT: "0", LOG_LEVEL: "info", PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET };
    const urls: string[] = [];
    for (let index = 0; index < 2; index++) {
      const started = await startProcess(process.execPath, ["--import", "tsx", "proxy/main.ts"], {
        env: { ...env, PROXY_DATA_DIR: join(tmpdir(), `framefill-limits-process-${index}-${process.pid}`) },
        ready: (output) => output.includes('"msg":"listening"'),
      });
      opened.push({ close: async () => void (await started.stop()) });
      urls.push(/"url":"(http:\/\/[^"]+)"/.exec(started.output())![1]!);
    }
    // The key is made through one proxy's store in Redis, as the CLI would, and is known to both processes.
    const client = new Redis(redis.url);
    opened.push({ close: async () => client.disconnect() });
    const key = await createRedisKeyStore({ redis: client, sealSecret: TEST_SEAL_SECRET }).create({ name: "two processes", limits: { imagesPerDay: 7 } });
    const [one, two] = urls.map((url) => sdk(url, key));
    const { ok, errors } = await settle(Array.from({ length: 50 }, (_, index) => invoke(index % 2 ? one! : two!, `process race ${index}`)));
    expect(ok).toHaveLength(7);
    expect(errors).toHaveLength(43);
    expect(errors.every((error) => error instanceof ServiceQuotaExceededException)).toBe(true);
  });
});

describe("refunds, with the bedrock backend and the emulator", () => {
  let emulator: BedrockEmulator;
  let proxy: TestProxy;
  beforeAll(async () => {
    ({ emulator, proxy } = await startProxyOnEmulator());
    opened.push(emulator, proxy);
  });

  it("gives the image back to the budget when Bedrock answers an error, and charges the next success", async () => {
    const key = await keyWith(proxy, { imagesPerDay: 1 });
    const client = sdk(proxy.url, key);
    emulator.injectFault({ kind: "error", errorType: "ModelErrorException" }, { times: 1 });
    await expect(invoke(client, "fails upstream")).rejects.toMatchObject({ name: "ModelErrorException" });
    await expect(invoke(client, "the one image")).resolves.toBeDefined();
    await expect(invoke(client, "over")).rejects.toBeInstanceOf(ServiceQuotaExceededException);
    const lines = proxy.logs.filter((line) => line["keyId"] === key.accessKeyId);
    expect(lines.map((line) => [line["status"], line["costMicroUsd"] ?? 0])).toEqual([
      [424, 0],
      [200, 40_000],
      [400, 0],
    ]);
  });
});

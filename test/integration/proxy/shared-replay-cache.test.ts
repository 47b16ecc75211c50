/**
 * Two proxies behind one load balancer share a replay cache in a real Redis: a request replayed to the other proxy
 * is refused too, and a proxy that cannot reach Redis says so at start.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../proxy/config.js";
import { type RunningProxy, startProxy } from "../../../proxy/start-proxy.js";
import { startRedis, type RunningRedis } from "../../support/redis-server.js";
import { signRequest } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy, TEST_SEAL_SECRET } from "../../support/test-proxy.js";

let redis: RunningRedis;
let first: TestProxy;
let second: RunningProxy;
let secondDir: string;

beforeAll(async () => {
  redis = await startRedis();
  first = await startTestProxy({ env: { PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET, LOG_LEVEL: "silent" } });
  // The second proxy reads the same keys (as a copy of the data directory would on another host).
  secondDir = await mkdtemp(join(tmpdir(), "framefill-second-"));
  await cp(first.dataDir, secondDir, { recursive: true });
  second = await startProxy(loadConfig({ PORT: "0", PROXY_DATA_DIR: secondDir, PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET, LOG_LEVEL: "silent" }));
});
afterAll(async () => {
  await second?.close();
  await first?.close();
  await rm(secondDir, { recursive: true, force: true });
  await redis?.stop();
});

/** fetch will not send a Host header other than the URL's; a replay from elsewhere would. */
function sendRaw(url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; errorType: string; body: string }>((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers, agent: false }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, errorType: String(response.headers["x-amzn-errortype"]), body: text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

describe("replay cache in Redis", () => {
  it("refuses on one proxy a signature already used on the other", async () => {
    const path = "/model/stability.stable-image-core-v1%3A0/invoke";
    const body = JSON.stringify({ prompt: "shared replay cache" });
    const { headers } = await signRequest({ url: first.url + path, body, accessKeyId: first.key.accessKeyId, secretAccessKey: first.key.secretAccessKey });
    const { host: _host, ...sendable } = headers;
    const accepted = await fetch(first.url + path, { method: "POST", headers: sendable, body });
    expect(accepted.status).toBe(200);
    // Same bytes, same signed Host header, other proxy.
    const replayed = await sendRaw(second.url + path, headers, body);
    expect(replayed.status).toBe(403);
    expect(replayed.errorType).toBe("InvalidSignatureException");
    expect(JSON.parse(replayed.body).message).toMatch(/already received/);
  });

  it("says clearly when Redis cannot be reached", async () => {
    await expect(
      startProxy(loadConfig({ PORT: "0", PROXY_DATA_DIR: secondDir, PROXY_REDIS_URL: "redis://127.0.0.1:1", PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET, LOG_LEVEL: "silent" })),
    ).rejects.toThrow(/Cannot reach Redis at PROXY_REDIS_URL/);
  });

  it("refuses requests (503, never serves them unchecked) while Redis is down", async () => {
    const path = "/model/stability.stable-image-core-v1%3A0/invoke";
    const calls = first.backendCalls.length;
    await redis.stop();
    const body = JSON.stringify({ prompt: "redis is down" });
    const { headers } = await signRequest({ url: first.url + path, body, accessKeyId: first.key.accessKeyId, secretAccessKey: first.key.secretAccessKey });
    const answer = await sendRaw(first.url + path, headers, body);
    expect(answer.status).toBe(503);
    expect(answer.errorType).toBe("ServiceUnavailableException");
    expect(first.backendCalls.length).toBe(calls);
  });
});

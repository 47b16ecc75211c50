/**
 * GET /framefill/v1/usage, what the plugin asks before Generate: signed like every call (the AWS SDK's signer, and the
 * plugin's own aws4fetch signer), answering for the signing key only, with limits in images and dollars, exact use
 * after real InvokeModel calls, what is left and when it resets; unsigned or badly signed is 403; a replayed
 * signature gets the first answer or is refused, never something new; two proxies on one Redis give the same answer.
 */
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IssuedKey } from "../../../proxy/keys/key-store.js";
import type { RunningProxy } from "../../../proxy/start-proxy.js";
import { KEY_USAGE_PATH, type KeyUsage } from "../../../src/contract/index.js";
import { signRequest as signLikeThePlugin } from "../../../src/ui/bedrock/sign-request.js";
import { startProxiesOnRedis } from "../../support/proxies-on-redis.js";
import { signRequest } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const core = "stability.stable-image-core-v1:0";
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const item of opened.reverse()) await item.close();
});

async function invoke(url: string, key: IssuedKey, prompt: string): Promise<void> {
  const client = new BedrockRuntimeClient({ region: "us-west-2", endpoint: url, maxAttempts: 1, credentials: key });
  try {
    await client.send(new InvokeModelCommand({ modelId: core, body: JSON.stringify({ prompt }), contentType: "application/json" }));
  } finally {
    client.destroy();
  }
}

/** Signs a GET of the usage path (no body) with the AWS SDK's SigV4 signer and sends it. */
async function getUsage(base: string, key: { accessKeyId: string; secretAccessKey: string }, options: { headers?: Record<string, string> } = {}) {
  const url = `${base}${KEY_USAGE_PATH}`;
  const signed = await signRequest({ url, body: "", method: "GET", accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, headers: options.headers });
  const { host: _host, ...headers } = signed.headers;
  const send = () => fetch(url, { method: "GET", headers });
  return { response: await send(), send };
}

function nextUtcMidnight(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
}
function nextUtcMonth(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
}

describe("GET /framefill/v1/usage, one proxy", () => {
  let proxy: TestProxy;
  let alice: IssuedKey;
  let bob: IssuedKey;

  beforeAll(async () => {
    proxy = await startTestProxy({ env: { PROXY_USD_PER_MONTH: "50" } });
    opened.push(proxy);
    alice = await proxy.proxy.keys.create({
      name: "alice",
      limits: { imagesPerDay: 40, microUsdPerDay: 2_000_000, microUsdPerMonth: 20_000_000, rpm: 30, expires: "2099-12-31", models: [core] },
    });
    bob = await proxy.proxy.keys.create({ name: "bob" });
    for (const prompt of ["a poster", "a banner", "a tile"]) await invoke(proxy.url, alice, prompt);
  });

  it("answers the signing key's limits, exact use, what is left and when it resets", async () => {
    const before = new Date();
    const { response } = await getUsage(proxy.url, alice);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await response.json()) as KeyUsage;
    expect(body).toEqual({
      accessKeyId: alice.accessKeyId,
      name: "alice",
      limits: { imagesPerDay: 40, usdPerDay: 2, usdPerMonth: 20, rpm: 30, expires: "2099-12-31", models: [core] },
      // 3 × $0.04 as floats would be 0.12000000000000001.
      used: { imagesToday: 3, usdToday: 0.12, usdThisMonth: 0.12 },
      remaining: { imagesToday: 37, usdToday: 1.88, usdThisMonth: 19.88 },
      resetsAt: { day: nextUtcMidnight(before), month: nextUtcMonth(before) },
    });
    const line = [...proxy.logs].reverse().find((entry) => entry["path"] === KEY_USAGE_PATH);
    expect(line).toMatchObject({ status: 200, keyId: alice.accessKeyId, keyName: "alice" });
  });

  it("answers another key with its own usage only, whatever the query asks", async () => {
    // Signed by the plugin's signer (aws4fetch), which signs the query too.
    const credentials = { accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey, region: "us-west-2" };
    const url = `${proxy.url}${KEY_USAGE_PATH}?accessKeyId=${alice.accessKeyId}`;
    const signed = await signLikeThePlugin({ method: "GET", url, headers: {}, body: "" }, credentials, new Date());
    const response = await fetch(signed.url, { method: "GET", headers: signed.headers });
    expect(response.status).toBe(200);
    const body = (await response.json()) as KeyUsage;
    expect(body.accessKeyId).toBe(bob.accessKeyId);
    expect(body.name).toBe("bob");
    expect(body.used).toEqual({ imagesToday: 0, usdToday: 0, usdThisMonth: 0 });
    expect(body.limits).toEqual({});
    // No key limit on bob, but the proxy's $50 a month still bounds what he can spend.
    expect(body.remaining).toEqual({ usdToday: 49.88, usdThisMonth: 49.88 });
    expect(JSON.stringify(body)).not.toContain(alice.accessKeyId);
  });

  it("answers an expired key too, so the plugin can say it has expired rather than fail", async () => {
    const expired = await proxy.proxy.keys.create({ name: "last year", limits: { expires: "2020-12-31" } });
    const { response } = await getUsage(proxy.url, expired);
    expect(response.status).toBe(200);
    expect(((await response.json()) as KeyUsage).limits).toEqual({ expires: "2020-12-31" });
  });

  it("refuses unsigned, badly signed and revoked with 403, and tells nothing", async () => {
    const unsigned = await fetch(`${proxy.url}${KEY_USAGE_PATH}`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");

    const wrongSecret = await getUsage(proxy.url, { accessKeyId: alice.accessKeyId, secretAccessKey: `${alice.secretAccessKey}x` });
    expect(wrongSecret.response.status).toBe(403);
    expect(wrongSecret.response.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
    expect(await wrongSecret.response.text()).not.toContain("imagesToday");

    const revoked = await proxy.proxy.keys.create({ name: "revoked" });
    await proxy.proxy.keys.revoke(revoked.accessKeyId);
    const refused = await getUsage(proxy.url, revoked);
    expect(refused.response.status).toBe(403);
    expect(refused.response.headers.get("x-amzn-errortype")).toBe("UnrecognizedClientException");
  });

  it("answers a replayed signature with its first answer, and refuses one whose client never repeats a signature", async () => {
    const first = await getUsage(proxy.url, alice);
    const firstBody = await first.response.text();
    await invoke(proxy.url, alice, "spent between the two");
    const replay = await first.send();
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe(firstBody);

    // The AWS SDK signs a fresh invocation id per attempt, so the same signature again is not its retry.
    const sdkLike = await getUsage(proxy.url, alice, { headers: { "amz-sdk-invocation-id": crypto.randomUUID() } });
    expect(sdkLike.response.status).toBe(200);
    expect(((await sdkLike.response.json()) as KeyUsage).used.imagesToday).toBe(4);
    const refused = await sdkLike.send();
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
  });

  it("answers the plugin's preflight (origin null) without a signature", async () => {
    const preflight = await fetch(`${proxy.url}${KEY_USAGE_PATH}`, {
      method: "OPTIONS",
      headers: { origin: "null", "access-control-request-method": "GET", "access-control-request-headers": "authorization,x-amz-date,x-amz-content-sha256" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
  });
});

describe("GET /framefill/v1/usage, two proxies on one Redis", () => {
  let first: TestProxy;
  let second: RunningProxy;

  beforeAll(async () => {
    const pair = await startProxiesOnRedis();
    opened.push(pair);
    ({ first, second } = pair);
  });

  it("shows on one proxy what was spent through the other", async () => {
    const key = await first.proxy.keys.create({ name: "shared", limits: { imagesPerDay: 5 } });
    await invoke(first.url, key, "through the first");
    await invoke(second.url, key, "through the second");
    for (const url of [first.url, second.url]) {
      const { response } = await getUsage(url, key);
      const body = (await response.json()) as KeyUsage;
      expect([body.used, body.remaining]).toEqual([{ imagesToday: 2, usdToday: 0.08, usdThisMonth: 0.08 }, { imagesToday: 3 }]);
    }
  });
});

/**
 * Every way a request can fail authentication answers 403 with AWS's error type and a useful message, and nothing
 * reaches the backend.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODEL_IDS, priceMicroUsd } from "../../../src/contract/index.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";
import { signedFetch, signRequest } from "../../support/sign-request.js";

const run = promisify(execFile);
let proxy: TestProxy;
let invokeUrl: string;
const body = JSON.stringify({ prompt: "a quiet harbour" });

beforeAll(async () => {
  proxy = await startTestProxy();
  invokeUrl = `${proxy.url}/model/stability.stable-image-core-v1%3A0/invoke`;
});
afterAll(() => proxy?.close());

function keyOf(p: TestProxy) {
  return { accessKeyId: p.key.accessKeyId, secretAccessKey: p.key.secretAccessKey };
}

async function expectRefused(response: Response, errorType: string, message: RegExp): Promise<void> {
  expect(response.status).toBe(403);
  expect(response.headers.get("x-amzn-errortype")).toBe(errorType);
  const parsed = (await response.json()) as { message: string };
  expect(parsed.message).toMatch(message);
}

describe("authentication", () => {
  it("serves a correctly signed request (the baseline the refusals are measured against)", async () => {
    const calls = proxy.backendCalls.length;
    const response = await signedFetch({ url: invokeUrl, body, ...keyOf(proxy) });
    expect(response.status).toBe(200);
    expect(proxy.backendCalls.length).toBe(calls + 1);
  });

  it("refuses every kind of bad signature without calling the backend", async () => {
    const calls = proxy.backendCalls.length;
    await expectRefused(await fetch(invokeUrl, { method: "POST", body }), "MissingAuthenticationTokenException", /Missing Authentication Token/);
    await expectRefused(
      await signedFetch({ url: invokeUrl, body, accessKeyId: "FFKNOSUCHKEY00000000", secretAccessKey: "x" }),
      "UnrecognizedClientException",
      /security token included in the request is invalid/,
    );
    await expectRefused(
      await signedFetch({ url: invokeUrl, body, accessKeyId: proxy.key.accessKeyId, secretAccessKey: "wrong-secret" }),
      "InvalidSignatureException",
      /signature we calculated does not match/,
    );
    await expectRefused(
      await signedFetch({ url: invokeUrl, body, ...keyOf(proxy), date: new Date(Date.now() - 10 * 60_000) }),
      "InvalidSignatureException",
      /^Signature expired/,
    );
    await expectRefused(
      await signedFetch({ url: invokeUrl, body, ...keyOf(proxy), date: new Date(Date.now() + 10 * 60_000) }),
      "InvalidSignatureException",
      /^Signature not yet current/,
    );
    await expectRefused(
      await signedFetch({ url: invokeUrl, body, ...keyOf(proxy), region: "eu-central-1" }),
      "InvalidSignatureException",
      /scoped to a valid region, not 'eu-central-1'/,
    );
    await expectRefused(
      await signedFetch({ url: invokeUrl, body, ...keyOf(proxy), service: "s3" }),
      "InvalidSignatureException",
      /correct service: 'bedrock'/,
    );
    const { headers } = await signRequest({ url: invokeUrl, body, ...keyOf(proxy) });
    const { host: _host, ...sendable } = headers;
    await expectRefused(
      await fetch(invokeUrl, { method: "POST", headers: sendable, body: JSON.stringify({ prompt: "something else" }) }),
      "InvalidSignatureException",
      /x-amz-content-sha256/,
    );
    expect(proxy.backendCalls.length).toBe(calls);
  });

  it("never spends a signature twice: a replay of a success gets the same answer, without calling the backend", async () => {
    const body = JSON.stringify({ prompt: "replayed" });
    const { headers } = await signRequest({ url: invokeUrl, body, ...keyOf(proxy) });
    const { host: _host, ...sendable } = headers;
    const first = await fetch(invokeUrl, { method: "POST", headers: sendable, body });
    expect(first.status).toBe(200);
    const calls = proxy.backendCalls.length;
    const replay = await fetch(invokeUrl, { method: "POST", headers: sendable, body });
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe(await first.text());
    expect(proxy.backendCalls.length).toBe(calls);
  });

  it("refuses a replayed signature on operations that never succeed, as before", async () => {
    const url = `${proxy.url}/model/stability.stable-image-core-v1%3A0/invoke-with-response-stream`;
    const { headers } = await signRequest({ url, body, ...keyOf(proxy) });
    const { host: _host, ...sendable } = headers;
    expect((await fetch(url, { method: "POST", headers: sendable, body })).headers.get("x-amzn-errortype")).toBe("ValidationException");
    await expectRefused(await fetch(url, { method: "POST", headers: sendable, body }), "InvalidSignatureException", /already received/);
  });

  it("serves a key created from the command line while the proxy runs, and refuses it once revoked there", async () => {
    const { stdout } = await run("npx", ["tsx", "proxy/keys/cli.ts", "create", "--name", "to-revoke"], {
      env: { ...process.env, PROXY_DATA_DIR: proxy.dataDir },
    });
    const key = JSON.parse(stdout) as { accessKeyId: string; secretAccessKey: string };
    const credentials = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    expect((await signedFetch({ url: invokeUrl, body, ...credentials })).status).toBe(200);
    await run("npx", ["tsx", "proxy/keys/cli.ts", "revoke", key.accessKeyId], { env: { ...process.env, PROXY_DATA_DIR: proxy.dataDir } });
    const calls = proxy.backendCalls.length;
    await expectRefused(await signedFetch({ url: invokeUrl, body, ...credentials }), "UnrecognizedClientException", /invalid/);
    expect(proxy.backendCalls.length).toBe(calls);
  });

  it("gives the AWS SDK an exception named after AWS's error type", async () => {
    const client = new BedrockRuntimeClient({
      region: "us-west-2",
      endpoint: proxy.url,
      credentials: { accessKeyId: proxy.key.accessKeyId, secretAccessKey: "wrong-secret" },
    });
    const error = (await client
      .send(new InvokeModelCommand({ modelId: "stability.stable-image-core-v1:0", body }))
      .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode: number } };
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.$metadata.httpStatusCode).toBe(403);
    client.destroy();
  });

  it("never treats CORS as authentication: a preflight is answered, the request still needs a signature", async () => {
    const preflight = await fetch(invokeUrl, {
      method: "OPTIONS",
      headers: {
        origin: "null",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,x-amz-date,x-amz-content-sha256,idempotency-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const allowed = preflight.headers.get("access-control-allow-headers")!.toLowerCase();
    for (const header of ["authorization", "x-amz-date", "x-amz-content-sha256", "idempotency-key"]) expect(allowed).toContain(header);
    const calls = proxy.backendCalls.length;
    const unsigned = await fetch(invokeUrl, { method: "POST", headers: { origin: "null" }, body });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("access-control-allow-origin")).toBe("*");
    expect(unsigned.headers.get("access-control-expose-headers")).toContain("x-amzn-errortype");
    expect(proxy.backendCalls.length).toBe(calls);
  });

  it("answers /healthz without a signature and without secrets", async () => {
    const response = await fetch(`${proxy.url}/healthz`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      status: "ok",
      backend: "preview",
      version: expect.any(String),
      region: "us-west-2",
      models: [...DEFAULT_MODEL_IDS],
      prices: Object.fromEntries(DEFAULT_MODEL_IDS.map((id) => [id, priceMicroUsd(id)])),
      maxConcurrency: 16,
      protocol: "http/1.1",
    });
    expect(text).not.toContain(proxy.key.secretAccessKey);
    expect(text).not.toContain(proxy.key.accessKeyId);
  });
});

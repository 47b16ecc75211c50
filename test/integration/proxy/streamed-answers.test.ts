/**
 * Bedrock's image answers stream through the proxy as they arrive (the bedrock backend, against the emulator answering
 * 1.5 MB images): they reach the client whole and byte-identical, are still kept for Idempotency-Key retries, and
 * are charged once they have passed; a client that leaves mid-answer keeps its reservation and is logged 499 (with an
 * Idempotency-Key, its image is still read whole and its retry gets it free, also when it was cut off for not reading;
 * cutting it off frees its upstream slot); an
 * answer that turns out unreadable at its end is cut (the client never gets it whole), refunded and logged as an error.
 */
import http2 from "node:http2";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BedrockEmulator, startBedrockEmulator } from "../../support/bedrock-emulator/index.js";
import { UPSTREAM_CREDENTIALS } from "../../support/proxy-on-emulator.js";
import { signedFetch, signRequest } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const modelId = "stability.stable-image-core-v1:0";
const path = "/model/stability.stable-image-core-v1%3A0/invoke";
const IMAGE_BASE64_BYTES = 1_500_000;
let emulator: BedrockEmulator;
let proxy: TestProxy;

beforeAll(async () => {
  emulator = await startBedrockEmulator({ credentials: UPSTREAM_CREDENTIALS, region: "us-west-2", imageBase64Bytes: IMAGE_BASE64_BYTES });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
    AWS_ACCESS_KEY_ID: UPSTREAM_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: UPSTREAM_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
  });
  proxy = await startTestProxy({ env: { PROXY_BACKEND: "bedrock", LOG_LEVEL: "info" } });
});
afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const sdk = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new BedrockRuntimeClient({ region: "us-west-2", endpoint, maxAttempts: 1, credentials });

/** The proxy's log lines for InvokeModel, in the order they were written. */
const requestLines = () => proxy.logs.filter((line) => line["msg"] === "request" && line["path"] === path);
/** Polls until `check` gives a value (log lines are written when an answer has passed, not on emulator events). */
async function eventually<T>(check: () => T | undefined): Promise<T> {
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What a key has left today, from the next answer's RateLimit header (that answer's own reservation included). */
async function imagesLeft(key: { accessKeyId: string; secretAccessKey: string }): Promise<number> {
  const answer = await signedFetch({ url: proxy.url + path, body: JSON.stringify({ prompt: `what is left ${Math.random()}` }), ...key });
  await answer.arrayBuffer();
  return Number(/"images-per-day";r=(\d+)/.exec(answer.headers.get("ratelimit") ?? "")?.[1]);
}

describe("streamed answers", () => {
  it("arrive whole and byte-identical to Bedrock's, logged with what they held", async () => {
    const body = JSON.stringify({ prompt: "a long answer", seed: 77 });
    const direct = sdk(emulator.url, UPSTREAM_CREDENTIALS);
    const proxied = sdk(proxy.url, proxy.key);
    try {
      const expected = (await direct.send(new InvokeModelCommand({ modelId, body }))).body;
      const before = requestLines().length;
      const got = (await proxied.send(new InvokeModelCommand({ modelId, body }))).body;
      expect(got.byteLength).toBeGreaterThan(IMAGE_BASE64_BYTES);
      expect(Buffer.compare(Buffer.from(got), Buffer.from(expected))).toBe(0);
      const line = await eventually(() => requestLines()[before]);
      expect(line).toMatchObject({
        status: 200,
        images: 1,
        finishReasons: [null],
        bytesOut: got.byteLength,
        costMicroUsd: 40_000,
        upstreamLatencyMs: expect.any(Number),
      });
      expect(line["level"]).toBe(30);
    } finally {
      direct.destroy();
      proxied.destroy();
    }
  });

  it("are kept for an Idempotency-Key: a retry that overtakes the first waits for it and gets the same bytes", async () => {
    const body = JSON.stringify({ prompt: "kept while streaming" });
    const send = (date: Date) => signedFetch({ url: proxy.url + path, body, ...proxy.key, headers: { "idempotency-key": "stream-1" }, date });
    const first = await send(new Date());
    expect(first.status).toBe(200);
    // The first answer is still streaming (unread): the retry waits for it to end instead of paying again.
    const retry = send(new Date(Date.now() + 1000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const firstBytes = Buffer.from(await first.arrayBuffer());
    const retryBytes = Buffer.from(await (await retry).arrayBuffer());
    expect(firstBytes.byteLength).toBeGreaterThan(IMAGE_BASE64_BYTES);
    expect(Buffer.compare(retryBytes, firstBytes)).toBe(0);
    expect(emulator.requests).toHaveLength(1);
  });

  it("keep the reservation of a client that leaves mid-answer, and log it 499", async () => {
    const key = await proxy.proxy.keys.create({ name: "leaves", limits: { imagesPerDay: 10 } });
    const body = JSON.stringify({ prompt: "left mid-answer" });
    const { headers } = await signRequest({ url: proxy.url + path, body, ...key });
    const { host: _host, ...sendable } = headers;
    const session = http2.connect(proxy.url);
    session.on("error", () => {});
    try {
      const stream = session.request({ ":method": "POST", ":path": path, ...sendable });
      stream.end(body);
      const status = await new Promise<number>((resolve) => stream.once("response", (head) => resolve(Number(head[":status"]))));
      expect(status).toBe(200);
      // One chunk read, then nothing: the proxy's answer waits on this client's flow control, then the client leaves.
      await new Promise((resolve) => stream.once("data", resolve));
      stream.pause();
      await new Promise((resolve) => setTimeout(resolve, 100));
      stream.close(http2.constants.NGHTTP2_CANCEL);
    } finally {
      session.destroy();
    }
    const line = await eventually(() => requestLines().find((entry) => entry["keyId"] === key.accessKeyId));
    expect(line).toMatchObject({ status: 499, errorType: "ClientClosedRequest", level: 40 });
    expect(line["bytesOut"]).toBeLessThan(IMAGE_BASE64_BYTES);
    // Bedrock made (and billed) the image: the day has one image fewer, and this answer takes another.
    expect(await imagesLeft(key)).toBe(8);
  });

  it.each([
    ["stops reading, and is cut off once its answer has stalled", "stalls"],
    ["cancels its stream", "cancels"],
  ] as const)("keep the image of a client that leaves mid-answer for its Idempotency-Key retry: it %s, is logged 499, and the retry gets the image free", async (_how, leaving) => {
    const stalling = await startTestProxy({ env: { PROXY_BACKEND: "bedrock", LOG_LEVEL: "info", PROXY_SEND_STALL_TIMEOUT_MS: "300" } });
    const session = http2.connect(stalling.url);
    session.on("error", () => {});
    try {
      const key = await stalling.proxy.keys.create({ name: leaving });
      const body = JSON.stringify({ prompt: `left mid-answer: ${leaving}` });
      const signed = await signRequest({ url: stalling.url + path, body, ...key, headers: { "idempotency-key": "left-1" } });
      const { host: _host, ...sendable } = signed.headers;
      const stream = session.request({ ":method": "POST", ":path": path, ...sendable });
      stream.on("error", () => {});
      stream.end(body);
      // One chunk read, then nothing: the client's flow-control window fills and the answer stops moving.
      await new Promise((resolve) => stream.once("data", resolve));
      stream.pause();
      if (leaving === "cancels") stream.close(http2.constants.NGHTTP2_CANCEL);
      const rstCode = await new Promise<number>((resolve) => stream.once("close", () => resolve(stream.rstCode ?? -1)));
      expect(rstCode).toBe(http2.constants.NGHTTP2_CANCEL);
      const line = await eventually(() =>
        stalling.logs.find((entry) => entry["msg"] === "request" && entry["path"] === path && entry["keyId"] === key.accessKeyId),
      );
      expect(line).toMatchObject({ status: 499, errorType: "ClientClosedRequest", keptForRetry: true, images: 1, costMicroUsd: 40_000 });

      // The SDK's retry (signed anew, same Idempotency-Key) gets the whole image Bedrock made once.
      const retry = await signedFetch({ url: stalling.url + path, body, ...key, headers: { "idempotency-key": "left-1" }, date: new Date(Date.now() + 1000) });
      const image = JSON.parse(await retry.text()) as { images: string[] };
      expect(retry.status).toBe(200);
      expect(image.images[0]!.length).toBeGreaterThan(IMAGE_BASE64_BYTES - 100);
      expect(emulator.requests).toHaveLength(1);
      expect(stalling.logs.filter((entry) => entry["msg"] === "request" && entry["keyId"] === key.accessKeyId).at(-1)).toMatchObject({
        status: 200,
        idempotentReplay: true,
      });
    } finally {
      session.destroy();
      await stalling.close();
    }
  });

  it("free the upstream slot of a client that stops reading once it is cut off, so the next request is served", async () => {
    // One upstream slot, and a queue that waits 5 s: far less than the upstream deadline the stalled answer would hold it to.
    const env = { PROXY_BACKEND: "bedrock", LOG_LEVEL: "info", PROXY_SEND_STALL_TIMEOUT_MS: "300", PROXY_UPSTREAM_CONCURRENCY: "1", PROXY_UPSTREAM_QUEUE_WAIT_MS: "5000" };
    const narrow = await startTestProxy({ env });
    const session = http2.connect(narrow.url);
    session.on("error", () => {});
    try {
      const body = JSON.stringify({ prompt: "holds the only slot" });
      const { host: _host, ...sendable } = (await signRequest({ url: narrow.url + path, body, ...narrow.key })).headers;
      const stalled = session.request({ ":method": "POST", ":path": path, ...sendable });
      stalled.on("error", () => {});
      stalled.end(body);
      await new Promise((resolve) => stalled.once("data", resolve));
      stalled.pause();

      const next = await signedFetch({ url: narrow.url + path, body: JSON.stringify({ prompt: "waits for the slot" }), ...narrow.key });
      expect(next.status).toBe(200);
      expect((await next.arrayBuffer()).byteLength).toBeGreaterThan(IMAGE_BASE64_BYTES);
      expect(stalled.rstCode).toBe(http2.constants.NGHTTP2_CANCEL);
    } finally {
      session.destroy();
      await narrow.close();
    }
  });

  it("cut an answer whose end is unreadable: the client never gets it whole, the charge is refunded, the log says so", async () => {
    const key = await proxy.proxy.keys.create({ name: "cut", limits: { imagesPerDay: 10 } });
    emulator.injectFault({ kind: "malformed-tail" });
    const answer = await signedFetch({ url: proxy.url + path, body: JSON.stringify({ prompt: "unreadable at its end" }), ...key });
    expect(answer.status).toBe(200);
    await expect(answer.arrayBuffer()).rejects.toThrow();
    const line = await eventually(() => requestLines().find((entry) => entry["keyId"] === key.accessKeyId));
    expect(line).toMatchObject({ status: 200, errorType: "InternalServerException", level: 50 });
    expect(line["cut"]).toMatch(/could not read.*The 200 already sent was cut/);
    expect(await imagesLeft(key)).toBe(9);
  });
});

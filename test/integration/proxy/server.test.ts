/** The proxy as an admin runs it: request logs, the body limit, and TLS with HTTP/2 and HTTP/1.1 by ALPN. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { signedFetch, signRequest } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const run = promisify(execFile);
const started: TestProxy[] = [];
afterAll(() => Promise.all(started.map((proxy) => proxy.close())));

async function start(env: Record<string, string> = {}): Promise<TestProxy> {
  const proxy = await startTestProxy({ env });
  started.push(proxy);
  return proxy;
}

const invokePath = "/model/stability.stable-image-core-v1%3A0/invoke";

describe("request logs", () => {
  it("writes one JSON line per request with the useful fields and never a secret, signature or prompt", async () => {
    const proxy = await start();
    const prompt = "confidential product launch visual";
    const response = await signedFetch({
      url: proxy.url + invokePath,
      body: JSON.stringify({ prompt, negative_prompt: "secret negative" }),
      accessKeyId: proxy.key.accessKeyId,
      secretAccessKey: proxy.key.secretAccessKey,
    });
    expect(response.status).toBe(200);
    const lines = proxy.logs.filter((line) => line["msg"] === "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      requestId: response.headers.get("x-amzn-requestid"),
      keyId: proxy.key.accessKeyId,
      model: "stability.stable-image-core-v1:0",
      status: 200,
      latencyMs: expect.any(Number),
      bytesIn: expect.any(Number),
      bytesOut: expect.any(Number),
      images: 1,
    });
    const everything = JSON.stringify(proxy.logs);
    expect(everything).not.toContain(proxy.key.secretAccessKey);
    expect(everything).not.toContain(prompt);
    expect(everything).not.toContain("secret negative");
    expect(everything).not.toMatch(/Signature=|[0-9a-f]{64}/);
  });

  it("logs prompts only when PROXY_LOG_PROMPTS=1", async () => {
    const proxy = await start({ PROXY_LOG_PROMPTS: "1" });
    await signedFetch({
      url: proxy.url + invokePath,
      body: JSON.stringify({ prompt: "logged on purpose" }),
      accessKeyId: proxy.key.accessKeyId,
      secretAccessKey: proxy.key.secretAccessKey,
    });
    expect(proxy.logs.find((line) => line["msg"] === "request")).toMatchObject({ prompt: "logged on purpose" });
  });
});

describe("body limit", () => {
  it("refuses a huge body from its Content-Length, before reading it", async () => {
    const proxy = await start({ PROXY_MAX_BODY_BYTES: "65536" });
    const url = new URL(proxy.url + invokePath);
    const { status, errorType, body } = await new Promise<{ status: number; errorType: string; body: string }>((resolve, reject) => {
      const request = http.request(url, { method: "POST", headers: { "content-length": String(50 * 1024 * 1024) } }, (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode!, errorType: String(response.headers["x-amzn-errortype"]), body: text }));
      });
      request.on("error", reject);
      // Send only the first kilobyte of the promised 50 MB: the answer must come without the rest.
      request.write(Buffer.alloc(1024, 0x61));
    });
    expect(status).toBe(400);
    expect(errorType).toBe("ValidationException");
    expect(JSON.parse(body).message).toMatch(/up to 65536 bytes/);
    expect(proxy.backendCalls).toHaveLength(0);
  });

  it("refuses a too-large body sent without a Content-Length", async () => {
    const proxy = await start({ PROXY_MAX_BODY_BYTES: "65536" });
    const big = JSON.stringify({ prompt: "x".repeat(100_000) });
    const { url, headers } = await signRequest({
      url: proxy.url + invokePath,
      body: big,
      accessKeyId: proxy.key.accessKeyId,
      secretAccessKey: proxy.key.secretAccessKey,
    });
    const { host: _host, ...sendable } = headers;
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const response = await fetch(url, { method: "POST", headers: sendable, body: stream, duplex: "half" } as RequestInit);
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("ValidationException");
    expect(proxy.backendCalls).toHaveLength(0);
  });
});

describe("TLS", () => {
  it("serves h2 and http/1.1 on one port, chosen by ALPN", async () => {
    const dir = await mkdtemp(join(tmpdir(), "framefill-tls-"));
    const certFile = join(dir, "cert.pem");
    const keyFile = join(dir, "key.pem");
    await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1", "-keyout", keyFile, "-out", certFile]);
    const proxy = await start({ PROXY_TLS_CERT: certFile, PROXY_TLS_KEY: keyFile });
    expect(proxy.url).toMatch(/^https:\/\/localhost:\d+$/);
    const ca = await readFile(certFile);

    const overHttp1 = await new Promise<{ alpn: string | false | null; body: string }>((resolve, reject) => {
      https
        .get(`${proxy.url}/healthz`, { ca, ALPNProtocols: ["http/1.1"], agent: false } as https.RequestOptions, (response) => {
          const alpn = (response.socket as import("node:tls").TLSSocket).alpnProtocol;
          let body = "";
          response.on("data", (chunk: Buffer) => (body += chunk.toString()));
          response.on("end", () => resolve({ alpn, body }));
        })
        .on("error", reject);
    });
    expect(overHttp1.alpn).toBe("http/1.1");
    expect(JSON.parse(overHttp1.body)).toMatchObject({ status: "ok" });

    const session = http2.connect(proxy.url, { ca });
    const overHttp2 = await new Promise<{ alpn: string | undefined; body: string }>((resolve, reject) => {
      const stream = session.request({ ":path": "/healthz" });
      let body = "";
      stream.on("data", (chunk: Buffer) => (body += chunk.toString()));
      stream.on("end", () => resolve({ alpn: session.alpnProtocol, body }));
      stream.on("error", reject);
    });
    session.close();
    expect(overHttp2.alpn).toBe("h2");
    expect(JSON.parse(overHttp2.body)).toMatchObject({ status: "ok" });
    await rm(dir, { recursive: true, force: true });
  });
});

/**
 * Requests an attacker or a broken client sends, on real sockets: header tricks that must be refused like AWS refuses
 * them (never a 500), bodies that are not held before the signature can be genuine, and clients that leave mid-body
 * (a 499 at warn level, never a 500 that would page someone).
 */
import { connect as connectHttp2 } from "node:http2";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const path = "/model/stability.stable-image-core-v1%3A0/invoke";
let proxy: TestProxy;

beforeAll(async () => {
  proxy = await startTestProxy();
});
afterAll(() => proxy?.close());

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are on a new connection and reads one HTTP/1.1 response. */
function sendRaw(port: number, request: string, { keepOpen = false } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let received = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received);
      if (parsed) {
        if (!keepOpen) socket.destroy();
        resolve(parsed);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`closed before a full response: ${received.toString("latin1")}`)));
  });
}

function parseResponse(bytes: Buffer): RawResponse | undefined {
  const end = bytes.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  if (bytes.length < end + 4 + length) return undefined;
  return { status: Number(statusLine!.split(" ")[1]), headers, body: bytes.subarray(end + 4, end + 4 + length).toString("utf8") };
}

function amzDateNow(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** An Authorization header with the proxy's real key id and a made-up signature over the given header names. */
function forgedAuthorization(signedHeaders: string, amzDate = amzDateNow()): string {
  return (
    `AWS4-HMAC-SHA256 Credential=${proxy.key.accessKeyId}/${amzDate.slice(0, 8)}/us-west-2/bedrock/aws4_request, ` +
    `SignedHeaders=${signedHeaders}, Signature=${"0".repeat(64)}`
  );
}

/** A correctly signed request's head as raw HTTP/1.1 text (no body), for tests that send the body themselves. */
async function signedHead(body: string): Promise<string> {
  const { headers } = await signRequest({ url: `${proxy.url}${path}`, body, ...keyOf() });
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
}

function keyOf() {
  return { accessKeyId: proxy.key.accessKeyId, secretAccessKey: proxy.key.secretAccessKey };
}

async function waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = proxy.logs.find(match);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no such log line in ${JSON.stringify(proxy.logs.slice(-5))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const errorLines = () => proxy.logs.filter((line) => Number(line["level"]) >= 50);

describe("signed header names", () => {
  it("answers 403, never a 500, when SignedHeaders names a property every object has", async () => {
    const port = proxy.proxy.port;
    const errorsBefore = errorLines().length;
    for (const [name, message] of [
      ["constructor", "The header 'constructor' is signed but was not sent."],
      ["__proto__", "The header '__proto__' is signed but was not sent."],
      ["tostring", "The header 'tostring' is signed but was not sent."],
    ] as const) {
      const amzDate = amzDateNow();
      const response = await sendRaw(
        port,
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-amz-date: ${amzDate}\r\n` +
          `authorization: ${forgedAuthorization(`${name};host;x-amz-date`, amzDate)}\r\ncontent-length: 2\r\n\r\n{}`,
      );
      expect(response.status).toBe(403);
      expect(response.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
      expect(JSON.parse(response.body)).toEqual({ message });
    }
    expect(errorLines().length).toBe(errorsBefore);
  });

  it("refuses a SignedHeaders entry that is not a header name as an incomplete signature", async () => {
    const port = proxy.proxy.port;
    const amzDate = amzDateNow();
    const response = await sendRaw(
      port,
      `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-amz-date: ${amzDate}\r\n` +
        `authorization: ${forgedAuthorization("host;x-amz-date;a(b", amzDate)}\r\ncontent-length: 2\r\n\r\n{}`,
    );
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("IncompleteSignatureException");
    expect(JSON.parse(response.body)).toEqual({ message: "'a(b' in SignedHeaders is not a header name." });
  });
});

describe("duplicated headers", () => {
  it("refuses a second Authorization header instead of using the first", async () => {
    const body = JSON.stringify({ prompt: "a duplicate" });
    const head = await signedHead(body);
    const authorization = /authorization: (.*)\r\n/.exec(head)![1]!;
    const doubled = head.replace("\r\n\r\n", `\r\nauthorization: ${authorization}\r\n\r\n`);
    const calls = proxy.backendCalls.length;
    const response = await sendRaw(proxy.proxy.port, doubled + body);
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("IncompleteSignatureException");
    expect(JSON.parse(response.body)).toEqual({ message: "The request has more than one 'authorization' header; send it once." });
    expect(proxy.backendCalls.length).toBe(calls);
  });

  it("refuses a second Host header, even one that repeats the signed host", async () => {
    const body = JSON.stringify({ prompt: "a second host" });
    const head = await signedHead(body);
    const calls = proxy.backendCalls.length;
    const response = await sendRaw(proxy.proxy.port, head.replace("\r\n\r\n", "\r\nHost: attacker.example\r\n\r\n") + body);
    expect(response.status).toBe(400);
    expect(response.headers["x-amzn-errortype"]).toBe("ValidationException");
    expect(JSON.parse(response.body).message).toBe("The request has more than one 'host' header; send it once.");
    expect(proxy.backendCalls.length).toBe(calls);
  });

  it("serves the same signed request when every header is sent once (the baseline)", async () => {
    const body = JSON.stringify({ prompt: "sent once" });
    const response = await sendRaw(proxy.proxy.port, (await signedHead(body)) + body);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).images).toHaveLength(1);
  });
});

describe("bodies before authentication", () => {
  it("refuses an unknown key at once, without waiting for a body that never comes", async () => {
    const amzDate = amzDateNow();
    const port = proxy.proxy.port;
    const authorization = forgedAuthorization("host;x-amz-date", amzDate).replace(proxy.key.accessKeyId, "FFKNOSUCHKEY00000000");
    // The body is declared but never sent: a proxy that read it before checking the key would never answer.
    const response = await sendRaw(
      port,
      `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-amz-date: ${amzDate}\r\nauthorization: ${authorization}\r\n` +
        `content-length: 200000\r\n\r\n`,
      { keepOpen: true },
    );
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("UnrecognizedClientException");
  });

  it("holds unverified bodies only within the budget: past it a request is throttled, and served again once it frees", async () => {
    // The budget always holds one body of the largest kind, so image bodies are capped small here too.
    const small = await startTestProxy({
      env: { PROXY_MAX_BODY_BYTES: "2048", PROXY_MAX_IMAGE_BODY_BYTES: "2048", PROXY_UNVERIFIED_BODY_BUDGET_BYTES: "3000" },
    });
    const sockets: Socket[] = [];
    try {
      const port = small.proxy.port;
      // A known key id with a body that never arrives holds 2048 bytes of the 3000.
      const amzDate = amzDateNow();
      const stalled = connect(port, "127.0.0.1");
      sockets.push(stalled);
      stalled.write(
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-amz-date: ${amzDate}\r\n` +
          `authorization: AWS4-HMAC-SHA256 Credential=${small.key.accessKeyId}/${amzDate.slice(0, 8)}/us-west-2/bedrock/aws4_request, ` +
          `SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}\r\ncontent-length: 2048\r\n\r\n`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));

      const body = JSON.stringify({ prompt: "x".repeat(1500) });
      const sign = async () => {
        const { headers } = await signRequest({ url: `${small.url}${path}`, body, accessKeyId: small.key.accessKeyId, secretAccessKey: small.key.secretAccessKey });
        const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
        return `POST ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      };
      const throttled = await sendRaw(port, await sign());
      expect(throttled.status).toBe(429);
      expect(throttled.headers["x-amzn-errortype"]).toBe("ThrottlingException");
      expect(throttled.headers["retry-after"]).toBe("1");

      stalled.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const served = await sendRaw(port, await sign());
      expect(served.status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
      await small.close();
    }
  });
});

describe("a client that leaves mid-body", () => {
  it("is logged as 499 ClientClosedRequest at warn level over HTTP/1.1, not as a 500", async () => {
    const body = JSON.stringify({ prompt: "a body cut short" });
    const head = await signedHead(body);
    const socket = connect(proxy.proxy.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    socket.write(head + body.slice(0, 3));
    await new Promise((resolve) => setTimeout(resolve, 150));
    socket.destroy();
    const line = await waitForLog((entry) => entry["status"] === 499 && entry["protocol"] === "http/1.1");
    expect(line).toMatchObject({ errorType: "ClientClosedRequest", level: 40 });
    expect(proxy.logs.some((entry) => entry["status"] === 500)).toBe(false);
  });

  it("is logged as 499 ClientClosedRequest at warn level over HTTP/2, not as a 500", async () => {
    const body = JSON.stringify({ prompt: "a stream cut short" });
    const { headers } = await signRequest({ url: `${proxy.url}${path}`, body, ...keyOf() });
    const { host, ...rest } = headers;
    const session = connectHttp2(proxy.url);
    try {
      const stream = session.request({ ":method": "POST", ":path": path, ":authority": host!, ...rest, "content-length": String(body.length) });
      stream.on("error", () => undefined);
      stream.write(body.slice(0, 3));
      await new Promise((resolve) => setTimeout(resolve, 150));
      stream.close(8); // RST_STREAM CANCEL
      const line = await waitForLog((entry) => entry["status"] === 499 && entry["protocol"] === "h2");
      expect(line).toMatchObject({ errorType: "ClientClosedRequest", level: 40 });
      expect(proxy.logs.some((entry) => entry["status"] === 500)).toBe(false);
    } finally {
      session.destroy();
    }
  });
});

/**
 * Over HTTP/2 the host travels as `:authority`, never as `host`. Clients that sign `host` and then speak HTTP/2 — the
 * AWS SDK for JavaScript over HTTPS, curl --http2, every browser on an HTTPS proxy — must be verified with
 * `:authority`, as AWS does. Checked with the real SDK over TLS (h2 by ALPN) and with a bare node:http2 client that
 * signs `host` and sends it as `:authority`, over h2c and over TLS; each request's log line proves it came over h2.
 */
import { readFile } from "node:fs/promises";
import http2 from "node:http2";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TextToImageResponse } from "../../../src/contract/index.js";
import { signRequest } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const tlsDir = join(dirname(fileURLToPath(import.meta.url)), "../../support/tls");
const modelId = "stability.stable-image-core-v1:0";
const invokePath = `/model/${encodeURIComponent(modelId)}/invoke`;

let tlsProxy: TestProxy;
let plainProxy: TestProxy;
let ca: Buffer;

beforeAll(async () => {
  ca = await readFile(join(tlsDir, "localhost-cert.pem"));
  [tlsProxy, plainProxy] = await Promise.all([
    startTestProxy({ env: { PROXY_TLS_CERT: join(tlsDir, "localhost-cert.pem"), PROXY_TLS_KEY: join(tlsDir, "localhost-key.pem") } }),
    startTestProxy(),
  ]);
});
afterAll(async () => {
  await Promise.all([tlsProxy?.close(), plainProxy?.close()]);
});

/** The log line the proxy wrote for the request it answered with this id. */
function logLine(proxy: TestProxy, requestId: string | undefined) {
  return proxy.logs.find((line) => line["msg"] === "request" && line["requestId"] === requestId);
}

interface Http2Answer {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: string;
}

/** Signs `host` as a Node client would (test/support/sign-request), then sends it over HTTP/2 as `:authority`. */
async function invokeSigningHost(
  proxy: TestProxy,
  options: { sendAuthority?: (signedHost: string) => string } = {},
): Promise<Http2Answer> {
  const body = JSON.stringify({ prompt: "a paper lantern over a river", seed: 42 });
  const { headers } = await signRequest({
    url: proxy.url + invokePath,
    body,
    accessKeyId: proxy.key.accessKeyId,
    secretAccessKey: proxy.key.secretAccessKey,
  });
  const { host, ...rest } = headers;
  expect(headers["authorization"]).toMatch(/SignedHeaders=[^,]*\bhost\b/);
  const session = http2.connect(proxy.url, { ca });
  try {
    return await new Promise<Http2Answer>((resolve, reject) => {
      const stream = session.request({
        ":method": "POST",
        ":path": invokePath,
        ":authority": options.sendAuthority ? options.sendAuthority(host!) : host!,
        ...rest,
      });
      let status = 0;
      let responseHeaders: http2.IncomingHttpHeaders = {};
      let text = "";
      stream.on("response", (received) => {
        status = Number(received[":status"]);
        responseHeaders = received;
      });
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (text += chunk));
      stream.on("end", () => resolve({ status, headers: responseHeaders, body: text }));
      stream.on("error", reject);
      stream.end(body);
    });
  } finally {
    session.close();
  }
}

describe("a node:http2 client that signs host and sends it as :authority", () => {
  it.each([
    ["h2c (cleartext)", () => plainProxy, /^http:/],
    ["TLS, h2 by ALPN", () => tlsProxy, /^https:/],
  ])("is accepted over %s", async (_name, proxyOf, scheme) => {
    const proxy = proxyOf();
    expect(proxy.url).toMatch(scheme);
    const answer = await invokeSigningHost(proxy);
    expect(answer.status, answer.body).toBe(200);
    const parsed = JSON.parse(answer.body) as TextToImageResponse;
    expect(parsed.seeds).toEqual([42]);
    expect(parsed.images[0]!.length).toBeGreaterThan(1000);
    expect(logLine(proxy, answer.headers["x-amzn-requestid"] as string)).toMatchObject({ protocol: "h2", status: 200, path: invokePath });
  });

  it("is refused when the :authority it sends is not the host it signed", async () => {
    const answer = await invokeSigningHost(tlsProxy, { sendAuthority: (signed) => signed.replace("localhost", "127.0.0.1") });
    expect(answer.status).toBe(403);
    expect(answer.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
    expect(logLine(tlsProxy, answer.headers["x-amzn-requestid"] as string)).toMatchObject({ protocol: "h2", status: 403 });
  });
});

describe("the AWS SDK's Bedrock client over HTTPS", () => {
  it("is answered over h2, with the :authority it signed", async () => {
    const signedHeaderLists: string[] = [];
    const client = new BedrockRuntimeClient({
      region: "us-west-2",
      endpoint: tlsProxy.url,
      maxAttempts: 1,
      credentials: { accessKeyId: tlsProxy.key.accessKeyId, secretAccessKey: tlsProxy.key.secretAccessKey },
      requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca } }),
    });
    // The deserialize step sees the request as it leaves, signed.
    client.middlewareStack.add(
      (next) => async (args) => {
        const authorization = (args.request as { headers: Record<string, string> }).headers["authorization"] ?? "";
        signedHeaderLists.push(/SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? "");
        return next(args);
      },
      { step: "deserialize", name: "recordSignedHeaders" },
    );
    try {
      const output = await client.send(
        new InvokeModelCommand({ modelId, body: JSON.stringify({ prompt: "a harbour at dawn", seed: 9 }), contentType: "application/json" }),
      );
      const parsed = JSON.parse(new TextDecoder().decode(output.body)) as TextToImageResponse;
      expect(parsed.seeds).toEqual([9]);
      expect(output.$metadata.httpStatusCode).toBe(200);
      expect(logLine(tlsProxy, output.$metadata.requestId)).toMatchObject({ protocol: "h2", status: 200, path: invokePath });
      expect(signedHeaderLists).toHaveLength(1);
      // Over HTTP/2 the SDK signs `:authority` itself (no `host`): the other half of the alias.
      expect(signedHeaderLists[0]!.split(";")).toContain(":authority");
      expect(signedHeaderLists[0]!.split(";")).not.toContain("host");
    } finally {
      client.destroy();
    }
  });
});

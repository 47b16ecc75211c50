/**
 * `/healthz` tells a client how many requests to keep in flight (`maxConcurrency`, PROXY_MAX_CONCURRENCY) and which
 * protocol the health request arrived on; the UI's own code (fetchProxyHealth, poolSize) sizes its pool from them:
 * the advertised number over HTTP/2, at most six over HTTP/1.1.
 */
import { readFile } from "node:fs/promises";
import https from "node:https";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchProxyHealth } from "../../../src/ui/connection/fetch-proxy-health.js";
import { poolSize } from "../../../src/ui/generation/pool-size.js";
import { createHttp2Fetch, type Http2Fetch } from "../../support/http2-fetch.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const tlsDir = join(dirname(fileURLToPath(import.meta.url)), "../../support/tls");
const tlsEnv = { PROXY_TLS_CERT: join(tlsDir, "localhost-cert.pem"), PROXY_TLS_KEY: join(tlsDir, "localhost-key.pem") };

let tlsProxy: TestProxy;
let plainProxy: TestProxy;
let smallProxy: TestProxy;
let h2: Http2Fetch;
let ca: Buffer;

beforeAll(async () => {
  ca = await readFile(tlsEnv.PROXY_TLS_CERT);
  h2 = createHttp2Fetch({ ca });
  [tlsProxy, plainProxy, smallProxy] = await Promise.all([
    startTestProxy({ env: tlsEnv }),
    startTestProxy(),
    startTestProxy({ env: { PROXY_MAX_CONCURRENCY: "3" } }),
  ]);
});
afterAll(async () => {
  await h2?.close();
  await Promise.all([tlsProxy?.close(), plainProxy?.close(), smallProxy?.close()]);
});

/** GET /healthz over HTTPS with ALPN offering only http/1.1. */
function healthOverHttps1(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(`${url}/healthz`, { ca, ALPNProtocols: ["http/1.1"], agent: false } as https.RequestOptions, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve(JSON.parse(body)));
      })
      .on("error", reject);
  });
}

describe("/healthz", () => {
  it("advertises 16 in flight by default, and the protocol each health request came over", async () => {
    const overH2 = await (await h2.fetch(`${tlsProxy.url}/healthz`)).json();
    expect(overH2).toMatchObject({ status: "ok", maxConcurrency: 16, protocol: "h2" });
    expect(await healthOverHttps1(tlsProxy.url)).toMatchObject({ status: "ok", maxConcurrency: 16, protocol: "http/1.1" });
  });

  it("advertises PROXY_MAX_CONCURRENCY, over HTTP/1.1 and h2c", async () => {
    expect(await (await fetch(`${smallProxy.url}/healthz`)).json()).toMatchObject({ maxConcurrency: 3, protocol: "http/1.1" });
    expect(await (await h2.fetch(`${smallProxy.url}/healthz`)).json()).toMatchObject({ maxConcurrency: 3, protocol: "h2" });
  });
});

describe("the UI's pool size, from a real proxy", () => {
  it("is the advertised 16 over h2 (TLS or cleartext), and six over HTTP/1.1", async () => {
    expect(poolSize(await fetchProxyHealth(h2.fetch, tlsProxy.url))).toBe(16);
    // Node's fetch speaks HTTP/1.1 only, like a browser reaching a proxy without TLS.
    expect(poolSize(await fetchProxyHealth(fetch, plainProxy.url))).toBe(6);
    expect(poolSize(await fetchProxyHealth(h2.fetch, plainProxy.url))).toBe(16);
  });

  it("follows a smaller limit over h2, and falls back to four when the proxy cannot be reached", async () => {
    expect(poolSize(await fetchProxyHealth(h2.fetch, smallProxy.url))).toBe(3);
    expect(poolSize(await fetchProxyHealth(fetch, smallProxy.url))).toBe(3);
    expect(poolSize(await fetchProxyHealth(fetch, "http://127.0.0.1:1"))).toBe(4);
  });
});

import { describe, expect, it } from "vitest";
import { fetchProxyHealth } from "../../../src/ui/connection/fetch-proxy-health.js";

const answering = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;

describe("fetchProxyHealth", () => {
  it("reads the models, their prices, the advertised concurrency and the protocol from the proxy's /healthz", async () => {
    const urls: string[] = [];
    const fetcher = (async (url: string) => {
      urls.push(url);
      return new Response(
        JSON.stringify({
          status: "ok",
          models: ["stability.stable-image-core-v1:1"],
          prices: { "stability.stable-image-core-v1:1": 50_000 },
          maxConcurrency: 16,
          protocol: "h2",
        }),
      );
    }) as unknown as typeof fetch;
    expect(await fetchProxyHealth(fetcher, "https://images.example.com/")).toEqual({
      models: ["stability.stable-image-core-v1:1"],
      prices: { "stability.stable-image-core-v1:1": 50_000 },
      maxConcurrency: 16,
      protocol: "h2",
    });
    expect(urls).toEqual(["https://images.example.com/healthz"]);
  });

  it("says null for each field an older proxy does not send, or sends malformed", async () => {
    const unknown = { models: null, prices: null, maxConcurrency: null, protocol: null };
    expect(await fetchProxyHealth(answering(200, { status: "ok" }), "http://x")).toEqual(unknown);
    expect(await fetchProxyHealth(answering(200, { models: [], maxConcurrency: 0, protocol: "h3" }), "http://x")).toEqual(unknown);
    expect(await fetchProxyHealth(answering(200, { maxConcurrency: 2.5 }), "http://x")).toEqual(unknown);
    expect(await fetchProxyHealth(answering(200, { maxConcurrency: "16" }), "http://x")).toEqual(unknown);
    expect(await fetchProxyHealth(answering(200, null), "http://x")).toEqual(unknown);
    expect(await fetchProxyHealth(answering(200, { prices: [40_000] }), "http://x")).toEqual(unknown);
    expect(await fetchProxyHealth(answering(200, { prices: { a: "40000", b: -1, c: 0.5, d: null } }), "http://x")).toEqual(unknown);
  });

  it("keeps each well-formed price and drops the rest (a free model, priced 0, is well-formed)", async () => {
    const health = await fetchProxyHealth(answering(200, { prices: { a: 40_000, b: "x", c: 0, d: 1e300 } }), "http://x");
    expect(health?.prices).toEqual({ a: 40_000, c: 0 });
  });

  it("says nothing (null) when the proxy cannot be asked", async () => {
    expect(await fetchProxyHealth(answering(503, {}), "http://x")).toBeNull();
    expect(await fetchProxyHealth((async () => new Response("<html>")) as typeof fetch, "http://x")).toBeNull();
    expect(await fetchProxyHealth((async () => { throw new TypeError("Failed to fetch"); }) as typeof fetch, "http://x")).toBeNull();
  });

  it("gives up when the proxy does not answer in time, or when the caller cancels", async () => {
    const silent = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
      )) as typeof fetch;
    expect(await fetchProxyHealth(silent, "http://x", { timeoutMs: 5 })).toBeNull();
    const controller = new AbortController();
    const asked = fetchProxyHealth(silent, "http://x", { signal: controller.signal });
    controller.abort();
    expect(await asked).toBeNull();
    expect(await fetchProxyHealth(silent, "http://x", { signal: AbortSignal.abort() })).toBeNull();
  });
});

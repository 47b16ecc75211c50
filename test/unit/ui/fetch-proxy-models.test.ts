import { describe, expect, it } from "vitest";
import { fetchProxyModels } from "../../../src/ui/connection/fetch-proxy-models.js";

const answering = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;

describe("fetchProxyModels", () => {
  it("reads the models from the proxy's /healthz", async () => {
    const urls: string[] = [];
    const fetcher = (async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify({ status: "ok", models: ["stability.stable-image-core-v1:1"] }));
    }) as unknown as typeof fetch;
    expect(await fetchProxyModels(fetcher, "https://images.example.com/")).toEqual(["stability.stable-image-core-v1:1"]);
    expect(urls).toEqual(["https://images.example.com/healthz"]);
  });

  it("says nothing (null) when the proxy cannot be asked or does not list models", async () => {
    expect(await fetchProxyModels(answering(503, {}), "http://x")).toBeNull();
    expect(await fetchProxyModels(answering(200, { status: "ok" }), "http://x")).toBeNull();
    expect(await fetchProxyModels(answering(200, { models: [] }), "http://x")).toBeNull();
    expect(await fetchProxyModels((async () => { throw new TypeError("Failed to fetch"); }) as typeof fetch, "http://x")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { HTTP1_POOL_SIZE, MAX_POOL_SIZE, poolSize, UNKNOWN_PROXY_POOL_SIZE } from "../../../src/ui/generation/pool-size.js";

describe("poolSize", () => {
  it("follows the proxy's maxConcurrency over HTTP/2, so twelve frames go at once", () => {
    expect(poolSize({ maxConcurrency: 16, protocol: "h2" })).toBe(16);
    expect(poolSize({ maxConcurrency: 12, protocol: "h2" })).toBe(12);
    expect(poolSize({ maxConcurrency: 2, protocol: "h2" })).toBe(2);
    expect(poolSize({ maxConcurrency: 1, protocol: "h2" })).toBe(1);
  });

  it("keeps to a browser's six connections per host over HTTP/1.1, or less when the proxy asks for less", () => {
    expect(HTTP1_POOL_SIZE).toBe(6);
    expect(poolSize({ maxConcurrency: 16, protocol: "http/1.1" })).toBe(6);
    expect(poolSize({ maxConcurrency: 3, protocol: "http/1.1" })).toBe(3);
  });

  it("treats an unreported protocol as HTTP/1.1", () => {
    expect(poolSize({ maxConcurrency: 16, protocol: null })).toBe(6);
  });

  it("falls back to a safe default when the proxy is unreachable or too old to advertise a limit", () => {
    expect(UNKNOWN_PROXY_POOL_SIZE).toBe(4);
    expect(poolSize(null)).toBe(4);
    expect(poolSize({ maxConcurrency: null, protocol: "h2" })).toBe(4);
    expect(poolSize({ maxConcurrency: null, protocol: "http/1.1" })).toBe(4);
  });

  it("never goes above its ceiling, whatever a proxy advertises", () => {
    expect(poolSize({ maxConcurrency: 100_000, protocol: "h2" })).toBe(MAX_POOL_SIZE);
    expect(poolSize({ maxConcurrency: 100_000, protocol: "http/1.1" })).toBe(6);
  });
});

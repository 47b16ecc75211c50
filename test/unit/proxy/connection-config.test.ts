/**
 * The connection deadlines, caps, shutdown grace and workers read from the environment (proxy/config.ts), and
 * /healthz saying "draining" with a 503 once shutdown has begun.
 */
import { describe, expect, it } from "vitest";
import { createApp, type AppDependencies } from "../../../proxy/app.js";
import { ConfigError, loadConfig } from "../../../proxy/config.js";
import { createLogger } from "../../../proxy/log.js";
import { DEFAULT_CONNECTION_LIMITS } from "../../../proxy/server/connection-limits.js";

describe("connection limits in the configuration", () => {
  it("default to DEFAULT_CONNECTION_LIMITS and a 30 s shutdown grace", () => {
    const config = loadConfig({});
    expect(config.connectionLimits).toEqual(DEFAULT_CONNECTION_LIMITS);
    expect(config.connectionLimits).toMatchObject({
      handshakeTimeoutMs: 10_000,
      headersTimeoutMs: 10_000,
      requestReadTimeoutMs: 30_000,
      idleTimeoutMs: 65_000,
      sendStallTimeoutMs: 30_000,
      maxConnections: 4_096,
      http2MaxConcurrentStreams: 100,
      http2MaxSessionMemoryMib: 32,
    });
    expect(config.shutdownGraceMs).toBe(30_000);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PROXY_HANDSHAKE_TIMEOUT_MS: "2000",
      PROXY_HEADERS_TIMEOUT_MS: "3000",
      PROXY_REQUEST_READ_TIMEOUT_MS: "4000",
      PROXY_IDLE_TIMEOUT_MS: "5000",
      PROXY_SEND_STALL_TIMEOUT_MS: "6000",
      PROXY_MAX_CONNECTIONS: "600",
      PROXY_HTTP2_MAX_STREAMS: "50",
      PROXY_HTTP2_MAX_SESSION_MEMORY_MIB: "64",
      PROXY_SHUTDOWN_GRACE_MS: "0",
    });
    expect(config.connectionLimits).toMatchObject({
      handshakeTimeoutMs: 2000,
      headersTimeoutMs: 3000,
      requestReadTimeoutMs: 4000,
      idleTimeoutMs: 5000,
      sendStallTimeoutMs: 6000,
      maxConnections: 600,
      http2MaxConcurrentStreams: 50,
      http2MaxSessionMemoryMib: 64,
    });
    expect(config.shutdownGraceMs).toBe(0);
  });

  it("refuses nonsense with a message naming the variable", () => {
    expect(() => loadConfig({ PROXY_IDLE_TIMEOUT_MS: "soon" })).toThrow(/PROXY_IDLE_TIMEOUT_MS must be a whole number/);
    expect(() => loadConfig({ PROXY_MAX_CONNECTIONS: "0" })).toThrow(/PROXY_MAX_CONNECTIONS must be at least 1/);
    expect(() => loadConfig({ PROXY_SEND_STALL_TIMEOUT_MS: "50" })).toThrow(/PROXY_SEND_STALL_TIMEOUT_MS must be at least 100/);
    expect(() => loadConfig({ PROXY_HTTP2_MAX_SESSION_MEMORY_MIB: "0" })).toThrow(/PROXY_HTTP2_MAX_SESSION_MEMORY_MIB must be at least 1/);
    expect(() => loadConfig({ PROXY_HEADERS_TIMEOUT_MS: "20000", PROXY_REQUEST_READ_TIMEOUT_MS: "10000" })).toThrow(ConfigError);
  });

  it("lowers the headers deadline with a shorter request deadline when it is not set", () => {
    expect(loadConfig({ PROXY_REQUEST_READ_TIMEOUT_MS: "3000" }).connectionLimits).toMatchObject({
      headersTimeoutMs: 3000,
      requestReadTimeoutMs: 3000,
    });
  });

  it("runs one process unless PROXY_WORKERS says more, which needs Redis to share the replay cache", () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(() => loadConfig({ PROXY_WORKERS: "4" })).toThrow(/PROXY_WORKERS above 1 needs PROXY_REDIS_URL/);
    const redis = { PROXY_REDIS_URL: "redis://127.0.0.1:6379", PROXY_KEY_SEAL_SECRET: "x".repeat(32) };
    expect(loadConfig({ ...redis, PROXY_WORKERS: "4" }).workers).toBe(4);
  });
});

describe("/healthz while draining", () => {
  it("answers 503 with status draining once shutdown has begun, 200 ok before", async () => {
    let draining = false;
    // /healthz reads only the configuration, the backend's name and the logger; the rest is never reached.
    const app = createApp({
      config: loadConfig({}),
      backend: { name: "preview", invoke: () => Promise.reject(new Error("unused")), close: async () => {} },
      logger: createLogger({ level: "silent" }),
      draining: () => draining,
    } as unknown as AppDependencies);

    const before = await app.request("/healthz");
    draining = true;
    const during = await app.request("/healthz");

    expect([before.status, ((await before.json()) as { status: string }).status]).toEqual([200, "ok"]);
    expect([during.status, ((await during.json()) as { status: string }).status]).toEqual([503, "draining"]);
  });
});

import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, publicEndpoint } from "../../../proxy/config.js";

describe("loadConfig", () => {
  it("requires PROXY_KEY_SEAL_SECRET with PROXY_REDIS_URL, since the keys live in Redis, sealed", () => {
    expect(() => loadConfig({ PROXY_REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(
      /PROXY_KEY_SEAL_SECRET is required with PROXY_REDIS_URL/,
    );
  });

  it("has defaults that run the preview backend locally", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 8787,
      region: "us-west-2",
      backend: "preview",
      models: [
        "stability.stable-image-core-v1:0",
        "stability.stable-image-core-v1:1",
        "us.stability.stable-image-remove-background-v1:0",
        "us.stability.stable-fast-upscale-v1:0",
        "us.stability.stable-outpaint-v1:0",
        "us.stability.stable-image-search-replace-v1:0",
        "us.stability.stable-image-erase-object-v1:0",
      ],
      maxBodyBytes: 262144,
      maxImageBodyBytes: 16 * 1024 * 1024,
      upstreamTimeoutMs: 60000,
      logPrompts: false,
      tls: undefined,
      redisUrl: undefined,
    });
    expect(config.dataDir).toMatch(/\.framefill$/);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      HOST: "0.0.0.0",
      PORT: "9000",
      PROXY_REGION: "eu-west-1",
      PROXY_BACKEND: "bedrock",
      PROXY_MODELS: "stability.stable-image-core-v1:1, stability.stable-image-ultra-v1:1",
      PROXY_MAX_BODY_BYTES: "65536",
      PROXY_MAX_IMAGE_BODY_BYTES: "8388608",
      PROXY_UPSTREAM_TIMEOUT_MS: "5000",
      PROXY_LOG_PROMPTS: "1",
      PROXY_TLS_CERT: "cert.pem",
      PROXY_TLS_KEY: "key.pem",
      PROXY_REDIS_URL: "redis://127.0.0.1:6379",
      PROXY_KEY_SEAL_SECRET: "a-seal-secret-of-at-least-32-characters",
      PROXY_PUBLIC_URL: "https://images.example.com/",
      AWS_REGION: "us-east-1",
    });
    expect(config).toMatchObject({
      port: 9000,
      region: "eu-west-1",
      backend: "bedrock",
      models: ["stability.stable-image-core-v1:1", "stability.stable-image-ultra-v1:1"],
      maxBodyBytes: 65536,
      maxImageBodyBytes: 8388608,
      upstreamTimeoutMs: 5000,
      logPrompts: true,
      tls: { certFile: "cert.pem", keyFile: "key.pem" },
      redisUrl: "redis://127.0.0.1:6379",
      bedrockRegion: "us-east-1",
    });
    expect(publicEndpoint(config)).toBe("https://images.example.com");
    expect(publicEndpoint({ ...config, publicUrl: undefined })).toBe("https://localhost:9000");
    expect(publicEndpoint({ ...config, publicUrl: undefined, host: "10.0.0.5" })).toBe("https://10.0.0.5:9000");
  });

  it("lists every problem in one clear message", () => {
    const attempt = () =>
      loadConfig({
        PORT: "eighty",
        PROXY_BACKEND: "openai",
        PROXY_MODELS: "stability.stable-image-core-v1:0,amazon.titan-image-generator-v2:0",
        PROXY_LOG_PROMPTS: "yes",
        PROXY_KEY_SEAL_SECRET: "short",
      });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain("PORT must be a whole number");
    expect(message).toContain("PROXY_BACKEND must be preview or bedrock");
    expect(message).toContain("PROXY_MODELS may only name these models");
    expect(message).toContain("PROXY_LOG_PROMPTS must be 0 or 1");
    expect(message).toContain("PROXY_KEY_SEAL_SECRET must be at least 32 characters");
  });

  it("keeps the unverified-body budget able to hold one image body", () => {
    expect(loadConfig({ PROXY_UNVERIFIED_BODY_BUDGET_BYTES: "1048576" }).unverifiedBodyBudgetBytes).toBe(16 * 1024 * 1024);
    expect(() => loadConfig({ PROXY_MAX_IMAGE_BODY_BYTES: "12x" })).toThrow(/PROXY_MAX_IMAGE_BODY_BYTES must be a whole number/);
  });

  it("wants TLS certificate and key together", () => {
    expect(() => loadConfig({ PROXY_TLS_CERT: "cert.pem" })).toThrow(/PROXY_TLS_CERT and PROXY_TLS_KEY must be set together/);
  });

  it("advertises 16 requests in flight per client unless PROXY_MAX_CONCURRENCY says otherwise (1 to 256)", () => {
    expect(loadConfig({}).maxConcurrency).toBe(16);
    expect(loadConfig({ PROXY_MAX_CONCURRENCY: "4" }).maxConcurrency).toBe(4);
    expect(() => loadConfig({ PROXY_MAX_CONCURRENCY: "0" })).toThrow(/PROXY_MAX_CONCURRENCY must be at least 1/);
    expect(() => loadConfig({ PROXY_MAX_CONCURRENCY: "257" })).toThrow(/PROXY_MAX_CONCURRENCY must be at most 256/);
    expect(() => loadConfig({ PROXY_MAX_CONCURRENCY: "many" })).toThrow(/PROXY_MAX_CONCURRENCY must be a whole number/);
  });
});

/**
 * The proxy's configuration, read from the environment once at start and validated, so that a typo stops the proxy
 * with a clear message instead of surfacing later as a confusing error. Every variable is listed in the README.
 */
import { resolve } from "node:path";
import * as v from "valibot";
import { DEFAULT_MODEL_IDS, MODELS } from "../src/contract/index.js";
import { readSpendConfig, type SpendConfig } from "./limits/spend-config.js";
import { clientUrl } from "./server/client-url.js";
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS } from "./server/connection-limits.js";

export type BackendName = "preview" | "bedrock";

export interface ProxyConfig {
  host: string;
  port: number;
  /** The region clients sign for (service "bedrock"). */
  region: string;
  backend: BackendName;
  /** Allow-listed Bedrock model ids. */
  models: readonly string[];
  dataDir: string;
  /** Seals the issued secrets at rest; when absent a key file in dataDir is used. */
  keySealSecret: string | undefined;
  maxBodyBytes: number;
  /** The largest InvokeModel body for an image-edit tool (it carries a photo, base64). */
  maxImageBodyBytes: number;
  /** Bytes of request bodies held, proxy-wide, before their signatures are verified. */
  unverifiedBodyBudgetBytes: number;
  upstreamTimeoutMs: number;
  /** How many requests one client should keep in flight, advertised in /healthz (the plugin's pool follows it). */
  maxConcurrency: number;
  /** Calls to the backend in flight from this proxy, the queue in front of them, and how long one may wait there. */
  upstream: { concurrency: number; queue: number; maxWaitMs: number; maxAttempts: number };
  logPrompts: boolean;
  logLevel: string;
  tls: { certFile: string; keyFile: string } | undefined;
  /** Shares the replay cache between proxy instances. */
  redisUrl: string | undefined;
  /** The address clients use, printed with new keys; defaults to http://host:port. */
  publicUrl: string | undefined;
  /** The AWS region of the upstream Bedrock (bedrock backend). */
  bedrockRegion: string;
  /** Proxy-wide cap, prices and new keys' limits (see proxy/limits/spend-config.ts). */
  spend: SpendConfig;
  /** Deadlines and caps for every connection (see proxy/server/connection-limits.ts). */
  connectionLimits: ConnectionLimits;
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are cut. */
  shutdownGraceMs: number;
  /** Processes serving the port (node:cluster); above 1 only with Redis, where they share their state. */
  workers: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const knownModelIds = new Set<string>(MODELS.map((model) => model.id));

const integer = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `${name} must be a whole number`),
    v.transform(Number),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`),
  );

const flag = (name: string) =>
  v.pipe(
    v.picklist(["0", "1", "true", "false"], `${name} must be 0 or 1`),
    v.transform((value) => value === "1" || value === "true"),
  );

const url = (name: string) => v.pipe(v.string(), v.url(`${name} must be a URL such as http://127.0.0.1:6379`));

const envSchema = v.object({
  HOST: v.optional(v.pipe(v.string(), v.minLength(1, "HOST must not be empty")), "127.0.0.1"),
  PORT: v.optional(integer("PORT", 0, 65535), "8787"),
  PROXY_REGION: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "PROXY_REGION must be an AWS region such as us-west-2")), "us-west-2"),
  PROXY_BACKEND: v.optional(v.picklist(["preview", "bedrock"], "PROXY_BACKEND must be preview or bedrock"), "preview"),
  PROXY_MODELS: v.optional(
    v.pipe(
      v.string(),
      v.transform((list) => list.split(",").map((id) => id.trim()).filter(Boolean)),
      v.minLength(1, "PROXY_MODELS must name at least one model"),
      v.check(
        (ids) => ids.every((id) => knownModelIds.has(id)),
        `PROXY_MODELS may only name these models: ${[...knownModelIds].join(", ")}`,
      ),
    ),
    DEFAULT_MODEL_IDS.join(","),
  ),
  PROXY_DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), ".framefill"),
  PROXY_KEY_SEAL_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, "PROXY_KEY_SEAL_SECRET must be at least 32 characters"))),
  PROXY_MAX_BODY_BYTES: v.optional(integer("PROXY_MAX_BODY_BYTES", 1024, 10 * 1024 * 1024), "262144"),
  PROXY_MAX_IMAGE_BODY_BYTES: v.optional(integer("PROXY_MAX_IMAGE_BODY_BYTES", 1024, 256 * 1024 * 1024), String(16 * 1024 * 1024)),
  PROXY_UNVERIFIED_BODY_BUDGET_BYTES: v.optional(integer("PROXY_UNVERIFIED_BODY_BUDGET_BYTES", 1024, 4 * 1024 * 1024 * 1024), "67108864"),
  PROXY_UPSTREAM_TIMEOUT_MS: v.optional(integer("PROXY_UPSTREAM_TIMEOUT_MS", 100, 15 * 60 * 1000), "60000"),
  PROXY_MAX_CONCURRENCY: v.optional(integer("PROXY_MAX_CONCURRENCY", 1, 256), "16"),
  PROXY_UPSTREAM_CONCURRENCY: v.optional(integer("PROXY_UPSTREAM_CONCURRENCY", 1, 10_000), "64"),
  PROXY_UPSTREAM_QUEUE: v.optional(integer("PROXY_UPSTREAM_QUEUE", 0, 100_000), "256"),
  PROXY_UPSTREAM_QUEUE_WAIT_MS: v.optional(integer("PROXY_UPSTREAM_QUEUE_WAIT_MS", 0, 15 * 60 * 1000), "30000"),
  PROXY_UPSTREAM_MAX_ATTEMPTS: v.optional(integer("PROXY_UPSTREAM_MAX_ATTEMPTS", 1, 5), "1"),
  PROXY_LOG_PROMPTS: v.optional(flag("PROXY_LOG_PROMPTS"), "0"),
  LOG_LEVEL: v.optional(v.picklist(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent"), "info"),
  PROXY_TLS_CERT: v.optional(v.string()),
  PROXY_TLS_KEY: v.optional(v.string()),
  PROXY_REDIS_URL: v.optional(url("PROXY_REDIS_URL")),
  PROXY_PUBLIC_URL: v.optional(url("PROXY_PUBLIC_URL")),
  AWS_REGION: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "AWS_REGION must be an AWS region such as us-west-2")), "us-west-2"),
  PROXY_HANDSHAKE_TIMEOUT_MS: v.optional(integer("PROXY_HANDSHAKE_TIMEOUT_MS", 100, 3_600_000), String(DEFAULT_CONNECTION_LIMITS.handshakeTimeoutMs)),
  PROXY_HEADERS_TIMEOUT_MS: v.optional(integer("PROXY_HEADERS_TIMEOUT_MS", 100, 3_600_000), String(DEFAULT_CONNECTION_LIMITS.headersTimeoutMs)),
  PROXY_REQUEST_READ_TIMEOUT_MS: v.optional(integer("PROXY_REQUEST_READ_TIMEOUT_MS", 100, 3_600_000), String(DEFAULT_CONNECTION_LIMITS.requestReadTimeoutMs)),
  PROXY_IDLE_TIMEOUT_MS: v.optional(integer("PROXY_IDLE_TIMEOUT_MS", 100, 3_600_000), String(DEFAULT_CONNECTION_LIMITS.idleTimeoutMs)),
  PROXY_SEND_STALL_TIMEOUT_MS: v.optional(integer("PROXY_SEND_STALL_TIMEOUT_MS", 100, 3_600_000), String(DEFAULT_CONNECTION_LIMITS.sendStallTimeoutMs)),
  PROXY_MAX_CONNECTIONS: v.optional(integer("PROXY_MAX_CONNECTIONS", 1, 1_000_000), String(DEFAULT_CONNECTION_LIMITS.maxConnections)),
  PROXY_HTTP2_MAX_STREAMS: v.optional(integer("PROXY_HTTP2_MAX_STREAMS", 1, 10_000), String(DEFAULT_CONNECTION_LIMITS.http2MaxConcurrentStreams)),
  PROXY_HTTP2_MAX_SESSION_MEMORY_MIB: v.optional(integer("PROXY_HTTP2_MAX_SESSION_MEMORY_MIB", 1, 4_096), String(DEFAULT_CONNECTION_LIMITS.http2MaxSessionMemoryMib)),
  PROXY_SHUTDOWN_GRACE_MS: v.optional(integer("PROXY_SHUTDOWN_GRACE_MS", 0, 3_600_000), "30000"),
  PROXY_WORKERS: v.optional(integer("PROXY_WORKERS", 1, 256), "1"),
});

/** Reads and validates the configuration; throws a ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ProxyConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = v.safeParse(envSchema, present);
  const spend = readSpendConfig(present);
  if (!result.success || spend.problems.length > 0) {
    const problems = (result.issues ?? []).map((issue) => {
      const key = issue.path?.[0]?.key;
      return issue.message.startsWith(String(key)) ? issue.message : `${String(key)}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid proxy configuration:\n- ${[...problems, ...spend.problems].join("\n- ")}`);
  }
  const e = result.output;
  if (e.PROXY_REDIS_URL && !e.PROXY_KEY_SEAL_SECRET) {
    throw new ConfigError(
      "Invalid proxy configuration:\n- PROXY_KEY_SEAL_SECRET is required with PROXY_REDIS_URL: the keys live in Redis, sealed, and every proxy must open them",
    );
  }
  if (Boolean(e.PROXY_TLS_CERT) !== Boolean(e.PROXY_TLS_KEY)) {
    throw new ConfigError("Invalid proxy configuration:\n- PROXY_TLS_CERT and PROXY_TLS_KEY must be set together");
  }
  // Unset, the headers deadline follows a shorter request deadline down; set, it must fit inside it.
  const headersTimeoutMs =
    present["PROXY_HEADERS_TIMEOUT_MS"] === undefined
      ? Math.min(e.PROXY_HEADERS_TIMEOUT_MS, e.PROXY_REQUEST_READ_TIMEOUT_MS)
      : e.PROXY_HEADERS_TIMEOUT_MS;
  if (headersTimeoutMs > e.PROXY_REQUEST_READ_TIMEOUT_MS) {
    throw new ConfigError("Invalid proxy configuration:\n- PROXY_HEADERS_TIMEOUT_MS must not exceed PROXY_REQUEST_READ_TIMEOUT_MS");
  }
  if (e.PROXY_WORKERS > 1 && !e.PROXY_REDIS_URL) {
    throw new ConfigError(
      "Invalid proxy configuration:\n- PROXY_WORKERS above 1 needs PROXY_REDIS_URL: without it each worker keeps its own replay cache and counters, so a signature could be accepted once per worker",
    );
  }
  return {
    host: e.HOST,
    port: e.PORT,
    region: e.PROXY_REGION,
    backend: e.PROXY_BACKEND,
    models: e.PROXY_MODELS,
    dataDir: resolve(e.PROXY_DATA_DIR),
    keySealSecret: e.PROXY_KEY_SEAL_SECRET,
    maxBodyBytes: e.PROXY_MAX_BODY_BYTES,
    maxImageBodyBytes: e.PROXY_MAX_IMAGE_BODY_BYTES,
    // The budget always holds at least one body of the largest kind.
    unverifiedBodyBudgetBytes: Math.max(e.PROXY_UNVERIFIED_BODY_BUDGET_BYTES, e.PROXY_MAX_BODY_BYTES, e.PROXY_MAX_IMAGE_BODY_BYTES),
    upstreamTimeoutMs: e.PROXY_UPSTREAM_TIMEOUT_MS,
    maxConcurrency: e.PROXY_MAX_CONCURRENCY,
    upstream: {
      concurrency: e.PROXY_UPSTREAM_CONCURRENCY,
      queue: e.PROXY_UPSTREAM_QUEUE,
      maxWaitMs: e.PROXY_UPSTREAM_QUEUE_WAIT_MS,
      maxAttempts: e.PROXY_UPSTREAM_MAX_ATTEMPTS,
    },
    logPrompts: e.PROXY_LOG_PROMPTS,
    logLevel: e.LOG_LEVEL,
    tls: e.PROXY_TLS_CERT && e.PROXY_TLS_KEY ? { certFile: e.PROXY_TLS_CERT, keyFile: e.PROXY_TLS_KEY } : undefined,
    redisUrl: e.PROXY_REDIS_URL,
    publicUrl: e.PROXY_PUBLIC_URL,
    bedrockRegion: e.AWS_REGION,
    spend: spend.config,
    connectionLimits: {
      ...DEFAULT_CONNECTION_LIMITS,
      handshakeTimeoutMs: e.PROXY_HANDSHAKE_TIMEOUT_MS,
      headersTimeoutMs,
      requestReadTimeoutMs: e.PROXY_REQUEST_READ_TIMEOUT_MS,
      idleTimeoutMs: e.PROXY_IDLE_TIMEOUT_MS,
      sendStallTimeoutMs: e.PROXY_SEND_STALL_TIMEOUT_MS,
      maxConnections: e.PROXY_MAX_CONNECTIONS,
      http2MaxConcurrentStreams: e.PROXY_HTTP2_MAX_STREAMS,
      http2MaxSessionMemoryMib: e.PROXY_HTTP2_MAX_SESSION_MEMORY_MIB,
    },
    shutdownGraceMs: e.PROXY_SHUTDOWN_GRACE_MS,
    workers: e.PROXY_WORKERS,
  };
}

/** The address clients should use for this proxy: PROXY_PUBLIC_URL, or the address it listens on. */
export function publicEndpoint(config: Pick<ProxyConfig, "publicUrl" | "host" | "port" | "tls">): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, "");
  return clientUrl(config.tls ? "https" : "http", config.host, config.port);
}

/**
 * Assembles and starts the proxy from a validated configuration: key store, replay cache (memory or Redis), backend,
 * HTTP app, and one port serving HTTP/1.1 and HTTP/2 (TLS with ALPN when a certificate is configured).
 *
 * @example
 * const proxy = await startProxy(loadConfig({ PORT: "0", PROXY_DATA_DIR: dir }));
 * const key = await proxy.keys.create({ name: "test" });
 * // … sign requests to proxy.url with key.accessKeyId / key.secretAccessKey …
 * await proxy.close();
 */
import { readFile } from "node:fs/promises";
import { getRequestListener } from "@hono/node-server";
import { Redis } from "ioredis";
import type { DestinationStream } from "pino";
import { createApp } from "./app.js";
import type { Backend } from "./backends/backend.js";
import { createBedrockBackend } from "./backends/bedrock.js";
import type { ProxyConfig } from "./config.js";
import { BedrockError, bedrockErrorResponse } from "./errors.js";
import {
  createIdempotency,
  createMemoryIdempotencyStore,
  createRedisIdempotencyStore,
  type Idempotency,
} from "./http/idempotency.js";
import type { KeyStore } from "./keys/key-store.js";
import { openConfiguredKeyStore } from "./keys/open-configured-key-store.js";
import { createLogger, type Logger } from "./log.js";
import { REPLAY_TTL_MS } from "./auth/authenticate.js";
import { createSignatureReplays } from "./http/signature-replays.js";
import { openSpendStore } from "./limits/open-spend-store.js";
import { withUpstreamQueue } from "./limits/upstream-queue.js";
import { createSpendControl, type SpendControl } from "./limits/spend-control.js";
import { listen, type RunningServer } from "./server/listen.js";
import { createMemoryReplayCache, createRedisReplayCache, type ReplayCache } from "./sigv4/replay-cache.js";
import { createKeyUsageReader, type KeyUsageReader } from "./usage/key-usage.js";

export interface RunningProxy {
  /** Base URL, e.g. http://localhost:8787 (see clientUrl). */
  url: string;
  port: number;
  keys: KeyStore;
  backend: Backend;
  logger: Logger;
  /** Closes at once: open connections, requests in flight included, are cut. */
  close(): Promise<void>;
  /**
   * Shuts down gracefully: no new connections, /healthz answers 503 "draining", requests in flight finish within
   * PROXY_SHUTDOWN_GRACE_MS (HTTP/2 sessions get GOAWAY) and are cut after it. True when nothing had to be cut.
   */
  drain(): Promise<boolean>;
}

export interface StartOptions {
  /** Where log lines go (default stdout). */
  logDestination?: DestinationStream;
  /** Replaces the backend the configuration names (tests). */
  backend?: Backend;
  now?: () => Date;
}

export async function startProxy(config: ProxyConfig, options: StartOptions = {}): Promise<RunningProxy> {
  const logger = createLogger({ level: config.logLevel, destination: options.logDestination });
  // The preview backend (and sharp, the native image library it draws with) is loaded only when it is used.
  const backend = withUpstreamQueue(
    options.backend ??
      (config.backend === "bedrock"
        ? createBedrockBackend({ region: config.bedrockRegion, timeoutMs: config.upstreamTimeoutMs, maxAttempts: config.upstream.maxAttempts })
        : (await import("./backends/preview.js")).createPreviewBackend()),
    config.upstream,
  );
  const shared = await openSharedState(config, logger, options.now ?? (() => new Date()));
  const keys = openConfiguredKeyStore(config, shared.redis);
  // Opening every key now turns a wrong seal secret into a clear start-up error rather than 500s later.
  await keys.lookupSecret("").catch(async (error: unknown) => {
    await shared.close();
    throw error;
  });
  for (const { record, accessKeyId, reason } of await keys.problems()) {
    logger.warn({ record, accessKeyId }, `a key record is damaged (${reason}): that key is refused as unknown`);
  }
  const replays = createSignatureReplays({ cache: shared.replayCache, ttlMs: REPLAY_TTL_MS, waitMs: config.upstreamTimeoutMs });
  let server: RunningServer | undefined;
  const draining = () => server?.draining ?? false;
  const app = createApp({ config, backend, keys, ...shared, replays, logger, now: options.now, draining });
  const listener = getRequestListener(app.fetch, {
    // Requests Node or hono cannot even parse (a bad path, a bad Host) still get a Bedrock-shaped answer.
    errorHandler: () =>
      bedrockErrorResponse(new BedrockError("ValidationException", "The request could not be parsed."), crypto.randomUUID()),
  });
  const tls = config.tls
    ? { cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) }
    : undefined;
  server = await listen(listener, { host: config.host, port: config.port, tls, limits: config.connectionLimits });
  const running = server;
  return {
    url: server.url,
    port: server.port,
    keys,
    backend,
    logger,
    async close() {
      await running.close();
      await Promise.all([backend.close(), shared.close()]);
    },
    async drain() {
      const inTime = await running.drain(config.shutdownGraceMs);
      await Promise.all([backend.close(), shared.close()]);
      return inTime;
    },
  };
}

/** The state several proxies must share (replay cache, stored answers): in memory, or in Redis when configured. */
async function openSharedState(
  config: ProxyConfig,
  logger: Logger,
  now: () => Date,
): Promise<{
  replayCache: ReplayCache;
  idempotency: Idempotency;
  spend: SpendControl;
  keyUsage: KeyUsageReader;
  /** The shared Redis, when PROXY_REDIS_URL is set (the keys live there too). */
  redis?: Redis;
  close(): Promise<void>;
}> {
  const spendSettings = { prices: config.spend.prices, proxyMicroUsdPerMonth: config.spend.proxyMicroUsdPerMonth, now };
  if (!config.redisUrl) {
    const replayCache = createMemoryReplayCache();
    const store = await openSpendStore({ dataDir: config.dataDir });
    return {
      replayCache,
      idempotency: createIdempotency(createMemoryIdempotencyStore()),
      spend: createSpendControl({ store, ...spendSettings }),
      keyUsage: createKeyUsageReader({ store, ...spendSettings }),
      close: async () => {
        await replayCache.close();
        await store.close();
      },
    };
  }
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
  redis.on("error", (error: Error) => logger.error({ err: { message: error.message } }, "redis"));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Cannot reach Redis at PROXY_REDIS_URL (${(error as Error).message}).`);
  }
  const replayCache = createRedisReplayCache(redis);
  const store = await openSpendStore({ dataDir: config.dataDir, redis });
  return {
    replayCache,
    idempotency: createIdempotency(createRedisIdempotencyStore(redis)),
    spend: createSpendControl({ store, redis, ...spendSettings }),
    keyUsage: createKeyUsageReader({ store, ...spendSettings }),
    redis,
    close: () => replayCache.close(),
  };
}

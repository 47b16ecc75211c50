/**
 * Two proxies behind one Redis, as two machines behind a load balancer: a test proxy (with its key, logs and backend
 * calls) and a second proxy on the same Redis, sealed with the same secret.
 *
 * @example
 * const pair = await startProxiesOnRedis();
 * // … pair.first.url, pair.second.url …
 * await pair.close();
 */
import { loadConfig } from "../../proxy/config.js";
import { type RunningProxy, startProxy } from "../../proxy/start-proxy.js";
import { startRedis, type RunningRedis } from "./redis-server.js";
import { startTestProxy, TEST_SEAL_SECRET, type TestProxy } from "./test-proxy.js";

export interface ProxiesOnRedis {
  redis: RunningRedis;
  first: TestProxy;
  second: RunningProxy;
  close(): Promise<void>;
}

export async function startProxiesOnRedis(env: Record<string, string> = {}): Promise<ProxiesOnRedis> {
  const redis = await startRedis();
  const shared = { PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET, ...env };
  const started: { close(): Promise<void> }[] = [];
  try {
    const first = await startTestProxy({ env: shared });
    started.push(first);
    const second = await startProxy(loadConfig({ PORT: "0", PROXY_DATA_DIR: first.dataDir, LOG_LEVEL: "silent", ...shared }));
    started.push(second);
    return {
      redis,
      first,
      second,
      async close() {
        for (const item of started.reverse()) await item.close();
        await redis.stop();
      },
    };
  } catch (error) {
    for (const item of started.reverse()) await item.close();
    await redis.stop();
    throw error;
  }
}

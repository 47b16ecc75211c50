/**
 * Opens the spend store a configuration asks for: Redis when PROXY_REDIS_URL is set (shared by every proxy and CLI
 * run on it), otherwise the embedded store in PROXY_DATA_DIR.
 */
import type { Redis } from "ioredis";
import { openMemorySpendStore } from "./memory-spend-store.js";
import { createRedisSpendStore } from "./redis-spend-store.js";
import type { SpendStore } from "./spend.js";

export async function openSpendStore(options: { dataDir: string; redis?: Redis }): Promise<SpendStore> {
  return options.redis ? createRedisSpendStore(options.redis) : openMemorySpendStore({ dataDir: options.dataDir });
}

/**
 * Opens the key store a configuration asks for: in Redis when PROXY_REDIS_URL is set (shared by every proxy and CLI
 * run on it; PROXY_KEY_SEAL_SECRET is then required), otherwise keys.json in PROXY_DATA_DIR.
 */
import type { Redis } from "ioredis";
import type { ProxyConfig } from "../config.js";
import { KeyStoreError } from "./key-records.js";
import { type KeyStore, openKeyStore } from "./key-store.js";
import { createRedisKeyStore } from "./redis-key-store.js";

export function openConfiguredKeyStore(config: Pick<ProxyConfig, "dataDir" | "keySealSecret">, redis: Redis | undefined): KeyStore {
  if (!redis) return openKeyStore({ dataDir: config.dataDir, sealSecret: config.keySealSecret });
  if (!config.keySealSecret) throw new KeyStoreError("PROXY_KEY_SEAL_SECRET is required with PROXY_REDIS_URL: every proxy must open the keys kept in Redis.");
  return createRedisKeyStore({ redis, sealSecret: config.keySealSecret });
}

/**
 * The key store for proxies that share a Redis (PROXY_REDIS_URL): every key in one hash, each record as keys.json
 * holds it (the secret sealed with PROXY_KEY_SEAL_SECRET, which every proxy and CLI run must share). A key created,
 * changed or revoked by the CLI on any machine applies to every proxy from its next request.
 *
 * Changes are compare-and-set on the one record (a small Lua script), retried when another writer got there first,
 * so concurrent CLI runs never lose each other's writes. Lookups read the one record they need.
 *
 * @example
 * const keys = createRedisKeyStore({ redis, sealSecret: process.env.PROXY_KEY_SEAL_SECRET! });
 * const { accessKeyId, secretAccessKey } = await keys.create({ name: "design-team" });
 */
import type { Redis } from "ioredis";
import { activeKeyIn, inspectKeys, type KeyInspection } from "./inspect-keys.js";
import { KeyStoreError, newKeyRecord, revokeRecord, rotateRecord, setRecordLimits } from "./key-records.js";
import type { KeyRecord, KeyStore } from "./key-store.js";
import { deriveSealKey } from "./seal.js";

export interface RedisKeyStoreOptions {
  redis: Redis;
  sealSecret: string;
  now?: () => Date;
  /** The hash that holds the keys. Default REDIS_KEYS_HASH. */
  hash?: string;
}

/** The Redis hash that holds every key, one field per access key id. */
export const REDIS_KEYS_HASH = "framefill:keys";

/** HSET field to ARGV[3] only if it still holds ARGV[2]; 1 when set. */
const COMPARE_AND_SET = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

export function createRedisKeyStore(options: RedisKeyStoreOptions): KeyStore {
  const { redis } = options;
  const hash = options.hash ?? REDIS_KEYS_HASH;
  const now = options.now ?? (() => new Date());
  const sealKey = deriveSealKey(options.sealSecret);

  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };

  async function inspectAll(): Promise<KeyInspection> {
    const all = await redis.hgetall(hash);
    const records = Object.values(all)
      .map(parse)
      .sort((a, b) => String((a as { createdAt?: unknown })?.createdAt).localeCompare(String((b as { createdAt?: unknown })?.createdAt)));
    const inspection = inspectKeys(records, sealKey);
    if (inspection.wrongSealSecret) {
      throw new KeyStoreError("Cannot open the secret of any key in Redis: they were sealed with another PROXY_KEY_SEAL_SECRET.");
    }
    return inspection;
  }

  async function inspectOne(accessKeyId: string): Promise<KeyInspection | undefined> {
    const text = await redis.hget(hash, accessKeyId);
    return text === null ? undefined : inspectKeys([parse(text)], sealKey);
  }

  /** Applies `change` to the stored record atomically; false when there is no such key or `change` declined. */
  async function update(accessKeyId: string, change: (record: Record<string, unknown>) => boolean): Promise<boolean> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const text = await redis.hget(hash, accessKeyId);
      if (text === null) return false;
      const record = parse(text);
      if (typeof record !== "object" || record === null) return false;
      if (!change(record as Record<string, unknown>)) return false;
      if ((await redis.eval(COMPARE_AND_SET, 1, hash, accessKeyId, text, JSON.stringify(record))) === 1) return true;
    }
    throw new KeyStoreError(`Key ${accessKeyId} kept changing under this write; try again.`);
  }

  const recordOf = (inspection: KeyInspection | undefined, accessKeyId: string): KeyRecord | undefined =>
    inspection?.records.find((record) => record.accessKeyId === accessKeyId);

  return {
    async create({ name, limits = {} }) {
      const { issued, stored } = newKeyRecord({ name, limits }, sealKey, now());
      if ((await redis.hsetnx(hash, issued.accessKeyId, JSON.stringify(stored))) !== 1) {
        throw new KeyStoreError("A key with that id already exists; try again.");
      }
      return issued;
    },
    async list() {
      return (await inspectAll()).records;
    },
    async revoke(accessKeyId) {
      if ((await redis.hexists(hash, accessKeyId)) !== 1) return false;
      await update(accessKeyId, (record) => revokeRecord(record, now()));
      return true;
    },
    async setLimits(accessKeyId, changes) {
      const changed = await update(accessKeyId, (record) => {
        setRecordLimits(record, changes);
        return true;
      });
      return changed ? recordOf(await inspectOne(accessKeyId), accessKeyId) : undefined;
    },
    async rotate(accessKeyId, { graceMs = 0 } = {}) {
      const current = recordOf(await inspectOne(accessKeyId), accessKeyId);
      if (!current || current.revokedAt !== null) return undefined;
      let secretAccessKey: string | undefined;
      await update(accessKeyId, (record) => (secretAccessKey = rotateRecord(record, sealKey, graceMs, now())) !== undefined);
      return secretAccessKey === undefined ? undefined : { ...current, secretAccessKey };
    },
    async lookupSecret(accessKeyId) {
      if (accessKeyId === "") {
        // At start: opening every key turns a wrong seal secret into a clear error.
        await inspectAll();
        return undefined;
      }
      return activeKeyIn(await inspectOne(accessKeyId), accessKeyId, now())?.secrets;
    },
    async lookup(accessKeyId) {
      return activeKeyIn(await inspectOne(accessKeyId), accessKeyId, now());
    },
    async problems() {
      return (await inspectAll()).problems;
    },
  };
}

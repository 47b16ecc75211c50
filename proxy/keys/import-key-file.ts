/**
 * Copies the keys of a keys.json into the Redis key store, for an admin moving a proxy that ran alone onto a shared
 * Redis (`keys import`): every sound key keeps its access key id, its secret (opened with the file's seal and sealed
 * again under PROXY_KEY_SEAL_SECRET), its name, dates and limits, and a rotation's grace period, so designers paste
 * nothing new. A key already in Redis is left as it is there (running the import twice changes nothing); damaged
 * records are reported and not copied.
 *
 * The file's secrets were sealed either with PROXY_KEY_SEAL_SECRET or, when that was unset, with the `seal.key` beside
 * keys.json: the first that opens them is used.
 *
 * @example
 * const report = await importKeyFile({ file: ".framefill/keys.json", sealSecret, redis });
 * report.imported; // ["FFK…", …]
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Redis } from "ioredis";
import { type KeyInspection, type KeyProblem, inspectKeys } from "./inspect-keys.js";
import { KeyStoreError } from "./key-records.js";
import { REDIS_KEYS_HASH } from "./redis-key-store.js";
import { deriveSealKey, seal, unseal } from "./seal.js";

export interface ImportReport {
  /** Copied into Redis, in file order. */
  imported: string[];
  /** Already in Redis, and left as they are there. */
  alreadyThere: string[];
  /** Records of the file that are damaged, not copied. */
  damaged: KeyProblem[];
  /** Which seal opened the file's secrets. */
  openedWith: "PROXY_KEY_SEAL_SECRET" | "seal.key";
}

export interface ImportOptions {
  file: string;
  /** PROXY_KEY_SEAL_SECRET: seals the secrets in Redis, and is tried first on the file. */
  sealSecret: string;
  redis: Redis;
  hash?: string;
}

export async function importKeyFile(options: ImportOptions): Promise<ImportReport> {
  const stored = await readKeyRecords(options.file);
  const redisSealKey = deriveSealKey(options.sealSecret);
  const { sealKey, inspection, openedWith } = await openFile(options.file, stored, redisSealKey);
  const hash = options.hash ?? REDIS_KEYS_HASH;

  const sound = new Set(inspection.records.map((record) => record.accessKeyId));
  const report: ImportReport = { imported: [], alreadyThere: [], damaged: inspection.problems, openedWith };
  for (const value of stored) {
    const record = value as Record<string, unknown>;
    const id = record["accessKeyId"] as string;
    if (!sound.has(id)) continue;
    const copy: Record<string, unknown> = { ...record, sealedSecret: seal(unseal(record["sealedSecret"] as string, sealKey), redisSealKey) };
    if (typeof record["previousSealedSecret"] === "string") {
      copy["previousSealedSecret"] = seal(unseal(record["previousSealedSecret"], sealKey), redisSealKey);
    }
    const added = await options.redis.hsetnx(hash, id, JSON.stringify(copy));
    (added === 1 ? report.imported : report.alreadyThere).push(id);
  }
  return report;
}

async function readKeyRecords(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new KeyStoreError(`There is no ${file} to import.`);
    throw error;
  }
  let parsed: { version?: unknown; keys?: unknown };
  try {
    parsed = JSON.parse(text) as { version?: unknown; keys?: unknown };
  } catch {
    throw new KeyStoreError(`${file} is not valid JSON: nothing was imported.`);
  }
  if (parsed?.version !== 1 || !Array.isArray(parsed.keys)) throw new KeyStoreError(`${file} is not a Framefill key file: nothing was imported.`);
  return parsed.keys;
}

/** The seal that opens the file's secrets: PROXY_KEY_SEAL_SECRET, else the seal.key beside the file. */
async function openFile(
  file: string,
  stored: unknown[],
  secretKey: Buffer,
): Promise<{ sealKey: Buffer; inspection: KeyInspection; openedWith: ImportReport["openedWith"] }> {
  const withSecret = inspectKeys(stored, secretKey);
  if (!withSecret.wrongSealSecret) return { sealKey: secretKey, inspection: withSecret, openedWith: "PROXY_KEY_SEAL_SECRET" };
  const keyFile = join(dirname(file), "seal.key");
  const fileKey = await readFile(keyFile).then(deriveSealKey, () => undefined);
  const withFile = fileKey && inspectKeys(stored, fileKey);
  if (!withFile || withFile.wrongSealSecret) {
    throw new KeyStoreError(`The secrets in ${file} open neither with PROXY_KEY_SEAL_SECRET nor with ${keyFile}: nothing was imported.`);
  }
  return { sealKey: fileKey, inspection: withFile, openedWith: "seal.key" };
}

/**
 * The access keys the proxy issues: an id and a secret that clients sign with (never AWS keys). Kept in
 * `<dataDir>/keys.json` (mode 0600) with each secret sealed. A running proxy notices keys created or revoked by the
 * CLI because every lookup checks the file's modification time before trusting its cache.
 *
 * Every change reads, changes and writes the file under a lock shared by all processes (CLI runs and proxies), so
 * none loses another's create or revoke; the new file is renamed into place, so readers never see half of one. A
 * damaged record is refused as unknown and reported by `problems()`; the other keys keep working.
 *
 * @example
 * const store = openKeyStore({ dataDir: ".framefill" });
 * const { accessKeyId, secretAccessKey } = await store.create({ name: "design-team" });
 * await store.revoke(accessKeyId);
 */
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { activeKeyIn, inspectKeys, isDate, type KeyInspection, type KeyProblem } from "./inspect-keys.js";
import type { KeyLimits, LimitChanges } from "./key-limits.js";
import { KeyStoreError, newKeyRecord, revokeRecord, rotateRecord, setRecordLimits } from "./key-records.js";
import { deriveSealKey, seal } from "./seal.js";
import { FileLockError, withFileLock, type HeldLock } from "./with-file-lock.js";

export type { KeyProblem } from "./inspect-keys.js";

export interface KeyRecord {
  accessKeyId: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  /** What the key may spend and use; empty for no limits. */
  limits: KeyLimits;
}

/** What the proxy needs of an active key to serve it: what verifies its signatures now, and its record. */
export interface ActiveKey {
  /** Its secret; during a rotation's grace period, its new and its old secret (either verifies). */
  secrets: string | readonly string[];
  record: KeyRecord;
}

export interface IssuedKey extends KeyRecord {
  secretAccessKey: string;
}

interface StoredKey extends KeyRecord {
  sealedSecret: string;
}

interface KeyFile {
  version: 1;
  /** StoredKey records, but read as unknown: a damaged one is kept as it is, never rewritten or dropped. */
  keys: unknown[];
}

export interface KeyStore {
  create(options: { name: string; limits?: KeyLimits }): Promise<IssuedKey>;
  /** Changes a key's limits (null clears one); returns the record as it now is, or undefined when there is no such key. */
  setLimits(accessKeyId: string, changes: LimitChanges): Promise<KeyRecord | undefined>;
  /** An active (not revoked, not damaged) key's secrets and record: the one read the proxy makes per request. */
  lookup(accessKeyId: string): Promise<ActiveKey | undefined>;
  /**
   * Gives the key a new secret. The old one stops at once, or, with `graceMs`, keeps working that long beside the new
   * one (so designers can paste the new secret without a gap). Undefined when there is no such active key.
   */
  rotate(accessKeyId: string, options?: { graceMs?: number }): Promise<IssuedKey | undefined>;
  /** Every sound key, active or revoked (damaged records are in `problems()`). */
  list(): Promise<KeyRecord[]>;
  /** Returns false when there is no such key. */
  revoke(accessKeyId: string): Promise<boolean>;
  /**
   * The secret of an active key, or undefined for unknown, revoked and damaged keys; during a rotation's grace period
   * the new secret and the old one.
   */
  lookupSecret(accessKeyId: string): Promise<string | readonly string[] | undefined>;
  /** The records that are damaged, and so refused as unknown. */
  problems(): Promise<KeyProblem[]>;
}

export interface KeyStoreOptions {
  dataDir: string;
  /** Server secret that seals the issued secrets; when absent, `<dataDir>/seal.key` is used (and created). */
  sealSecret?: string | undefined;
  now?: () => Date;
  /** A lock on keys.json not refreshed for this long was left by a dead process and is taken over (default 10 s). */
  staleLockMs?: number;
}

export { KeyStoreError } from "./key-records.js";

export function openKeyStore(options: KeyStoreOptions): KeyStore {
  const file = join(options.dataDir, "keys.json");
  const now = options.now ?? (() => new Date());
  let sealKey: Promise<Buffer> | undefined;
  let cache: { version: string; inspection: KeyInspection } | undefined;

  const getSealKey = () => (sealKey ??= loadSealKey(options.dataDir, options.sealSecret));

  async function read(): Promise<KeyFile> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, keys: [] };
      throw error;
    }
    let parsed: Partial<KeyFile>;
    try {
      parsed = JSON.parse(text) as Partial<KeyFile>;
    } catch {
      throw new KeyStoreError(`${file} is not valid JSON: restore it from a backup (nothing was changed).`);
    }
    if (parsed?.version !== 1 || !Array.isArray(parsed.keys)) throw new KeyStoreError(`${file} is not a Framefill key file`);
    return parsed as KeyFile;
  }

  async function write(contents: KeyFile, lock: HeldLock): Promise<void> {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
      await chmod(temporary, 0o600);
      lock.assertHeld();
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    } finally {
      cache = undefined;
    }
  }

  /** Reads, changes and writes keys.json under the lock; `change` returns false when there is nothing to write. */
  async function update(change: (contents: KeyFile) => boolean): Promise<void> {
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    try {
      await withFileLock(
        file,
        async (lock) => {
          const contents = await read();
          if (change(contents)) await write(contents, lock);
        },
        { staleMs: options.staleLockMs },
      );
    } catch (error) {
      if (error instanceof FileLockError) throw new KeyStoreError(error.message);
      throw error;
    }
  }

  function assertSealSecretFits(inspection: KeyInspection): KeyInspection {
    if (inspection.wrongSealSecret) {
      throw new KeyStoreError(
        `Cannot open the secret of any key in ${file}: they were sealed with another PROXY_KEY_SEAL_SECRET (or seal.key).`,
      );
    }
    return inspection;
  }

  async function inspected(): Promise<KeyInspection> {
    // Writes replace the file by rename, so a new inode (or mtime) means someone changed it. The check runs on every
    // request, so it is a synchronous `stat` (a few microseconds on a local disk): the promise version's round trip
    // through libuv's thread pool cost more than the call itself (6 % of the proxy's CPU in docs/benchmarks.md).
    const info = statSync(file, { throwIfNoEntry: false });
    const version = info ? `${info.ino}:${info.mtimeMs}:${info.size}` : "none";
    if (cache && cache.version === version) return cache.inspection;
    const inspection = assertSealSecretFits(inspectKeys((await read()).keys, await getSealKey()));
    cache = { version, inspection };
    return inspection;
  }

  return {
    async create({ name, limits = {} }) {
      const key = await getSealKey();
      const { issued, stored } = newKeyRecord({ name, limits }, key, now());
      await update((contents) => {
        // A key sealed with the wrong secret would be one no proxy of this store can open.
        assertSealSecretFits(inspectKeys(contents.keys, key));
        contents.keys.push(stored);
        return true;
      });
      return issued;
    },
    async list() {
      return (await inspected()).records.map((record) => ({ ...record, limits: { ...record.limits } }));
    },
    async revoke(accessKeyId) {
      // Records are never removed, so an id absent now stays absent: no lock, and nothing is touched.
      if (!(await read()).keys.some((value) => recordOf(value, accessKeyId))) return false;
      await update((contents) => {
        // Damaged records too: revoking a key never depends on the rest of its record being sound.
        const at = now();
        let changed = false;
        for (const value of contents.keys) {
          const record = recordOf(value, accessKeyId);
          if (record && revokeRecord(record, at)) changed = true;
        }
        return changed;
      });
      return true;
    },
    async lookupSecret(accessKeyId) {
      return activeKeyIn(await inspected(), accessKeyId, now())?.secrets;
    },
    async rotate(accessKeyId, { graceMs = 0 } = {}) {
      const current = (await inspected()).records.find((record) => record.accessKeyId === accessKeyId && record.revokedAt === null);
      if (!current) return undefined;
      const key = await getSealKey();
      let secretAccessKey: string | undefined;
      await update((contents) => {
        const record = contents.keys.map((value) => recordOf(value, accessKeyId)).find(Boolean);
        secretAccessKey = record && rotateRecord(record, key, graceMs, now());
        return secretAccessKey !== undefined;
      });
      return secretAccessKey === undefined ? undefined : { ...current, limits: { ...current.limits }, secretAccessKey };
    },
    async lookup(accessKeyId) {
      return activeKeyIn(await inspected(), accessKeyId, now());
    },
    async setLimits(accessKeyId, changes) {
      if (!(await inspected()).records.some((record) => record.accessKeyId === accessKeyId)) return undefined;
      await update((contents) => {
        const record = contents.keys.map((value) => recordOf(value, accessKeyId)).find(Boolean);
        if (!record) return false;
        setRecordLimits(record, changes);
        return true;
      });
      return (await inspected()).records.find((record) => record.accessKeyId === accessKeyId);
    },
    async problems() {
      return (await inspected()).problems.map((problem) => ({ ...problem }));
    },
  };
}

/** The stored record with this access key id, sound or damaged. */
function recordOf(value: unknown, accessKeyId: string): Record<string, unknown> | undefined {
  const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  return record?.["accessKeyId"] === accessKeyId ? record : undefined;
}

async function loadSealKey(dataDir: string, sealSecret: string | undefined): Promise<Buffer> {
  if (sealSecret) return deriveSealKey(sealSecret);
  const keyFile = join(dataDir, "seal.key");
  try {
    return deriveSealKey(await readFile(keyFile));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  try {
    await writeFile(keyFile, secret, { mode: 0o600, flag: "wx" });
    return deriveSealKey(secret);
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return deriveSealKey(await readFile(keyFile));
    throw error;
  }
}

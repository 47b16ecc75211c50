/**
 * The access keys the proxy issues: an id and a secret that clients sign with (never AWS keys). Kept in
 * `<dataDir>/keys.json` (mode 0600) with each secret sealed. A running proxy notices keys created or revoked by the
 * CLI because every lookup checks the file's modification time before trusting its cache.
 *
 * @example
 * const store = openKeyStore({ dataDir: ".framefill" });
 * const { accessKeyId, secretAccessKey } = await store.create({ name: "design-team" });
 * await store.revoke(accessKeyId);
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { deriveSealKey, seal, unseal } from "./seal.js";

export interface KeyRecord {
  accessKeyId: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface IssuedKey extends KeyRecord {
  secretAccessKey: string;
}

interface StoredKey extends KeyRecord {
  sealedSecret: string;
}

interface KeyFile {
  version: 1;
  keys: StoredKey[];
}

export interface KeyStore {
  create(options: { name: string }): Promise<IssuedKey>;
  list(): Promise<KeyRecord[]>;
  /** Returns false when there is no such key. */
  revoke(accessKeyId: string): Promise<boolean>;
  /** The secret of an active key, or undefined for unknown and revoked keys. */
  lookupSecret(accessKeyId: string): Promise<string | undefined>;
}

export interface KeyStoreOptions {
  dataDir: string;
  /** Server secret that seals the issued secrets; when absent, `<dataDir>/seal.key` is used (and created). */
  sealSecret?: string | undefined;
  now?: () => Date;
}

const NAME_PATTERN = /^[\w .@-]{1,64}$/;
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export class KeyStoreError extends Error {
  override name = "KeyStoreError";
}

export function openKeyStore(options: KeyStoreOptions): KeyStore {
  const file = join(options.dataDir, "keys.json");
  const now = options.now ?? (() => new Date());
  let sealKey: Promise<Buffer> | undefined;
  let cache: { version: string; secrets: Map<string, string> } | undefined;

  const getSealKey = () => (sealKey ??= loadSealKey(options.dataDir, options.sealSecret));

  async function read(): Promise<KeyFile> {
    try {
      const parsed = JSON.parse(await readFile(file, "utf8")) as KeyFile;
      if (parsed.version !== 1 || !Array.isArray(parsed.keys)) throw new KeyStoreError(`${file} is not a Framefill key file`);
      return parsed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, keys: [] };
      throw error;
    }
  }

  async function write(contents: KeyFile): Promise<void> {
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(temporary, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
    cache = undefined;
  }

  async function activeSecrets(): Promise<Map<string, string>> {
    // Writes replace the file by rename, so a new inode (or mtime) means someone changed it.
    let version = "none";
    try {
      const info = await stat(file);
      version = `${info.ino}:${info.mtimeMs}:${info.size}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (cache && cache.version === version) return cache.secrets;
    const key = await getSealKey();
    const secrets = new Map<string, string>();
    for (const record of (await read()).keys) {
      if (record.revokedAt) continue;
      try {
        secrets.set(record.accessKeyId, unseal(record.sealedSecret, key));
      } catch {
        throw new KeyStoreError(
          `Cannot open the secret of key ${record.accessKeyId}: it was sealed with another PROXY_KEY_SEAL_SECRET (or seal.key).`,
        );
      }
    }
    cache = { version, secrets };
    return secrets;
  }

  return {
    async create({ name }) {
      if (!NAME_PATTERN.test(name)) {
        throw new KeyStoreError("A key name is 1–64 letters, digits, spaces or . _ @ - (e.g. --name design-team)");
      }
      const contents = await read();
      const issued: IssuedKey = {
        accessKeyId: newAccessKeyId(),
        secretAccessKey: randomBytes(30).toString("base64url"),
        name,
        createdAt: now().toISOString(),
        revokedAt: null,
      };
      const { secretAccessKey, ...record } = issued;
      contents.keys.push({ ...record, sealedSecret: seal(secretAccessKey, await getSealKey()) });
      await write(contents);
      return issued;
    },
    async list() {
      return (await read()).keys.map(({ accessKeyId, name, createdAt, revokedAt }) => ({ accessKeyId, name, createdAt, revokedAt }));
    },
    async revoke(accessKeyId) {
      const contents = await read();
      const record = contents.keys.find((key) => key.accessKeyId === accessKeyId);
      if (!record) return false;
      record.revokedAt ??= now().toISOString();
      await write(contents);
      return true;
    },
    async lookupSecret(accessKeyId) {
      return (await activeSecrets()).get(accessKeyId);
    },
  };
}

/** "FFK" and 17 base32 characters: the shape of an AWS access key id, never mistaken for one. */
function newAccessKeyId(): string {
  const bytes = randomBytes(17);
  let id = "FFK";
  for (const byte of bytes) id += ID_ALPHABET[byte % 32];
  return id;
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

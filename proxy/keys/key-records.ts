/**
 * The changes a key store makes to a stored key record, written once for both stores (keys.json and Redis): a new
 * key, a revocation, new limits, a rotation. Each works on the record as stored (a plain object, possibly damaged),
 * so a store can apply it inside its own atomic step.
 *
 * @example
 * const { issued, stored } = newKeyRecord({ name: "design-team", limits: {} }, sealKey, new Date());
 */
import { randomBytes } from "node:crypto";
import { isDate } from "./inspect-keys.js";
import { applyLimitChanges, type KeyLimits, type LimitChanges } from "./key-limits.js";
import type { IssuedKey } from "./key-store.js";
import { seal } from "./seal.js";

const NAME_PATTERN = /^[\w .@-]{1,64}$/;
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export class KeyStoreError extends Error {
  override name = "KeyStoreError";
}

/** A new key: what the admin is shown once (with the secret) and what is stored (the secret sealed). */
export function newKeyRecord(
  { name, limits = {} }: { name: string; limits?: KeyLimits },
  sealKey: Buffer,
  now: Date,
): { issued: IssuedKey; stored: Record<string, unknown> } {
  if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
    throw new KeyStoreError("A key name is 1–64 letters, digits, spaces or . _ @ - (e.g. --name design-team)");
  }
  const issued: IssuedKey = {
    accessKeyId: newAccessKeyId(),
    secretAccessKey: newSecret(),
    name,
    createdAt: now.toISOString(),
    revokedAt: null,
    limits: { ...limits },
  };
  const { secretAccessKey, ...record } = issued;
  return { issued, stored: { ...record, sealedSecret: seal(secretAccessKey, sealKey) } };
}

/** Marks a record revoked; false when it already was. Works on damaged records too. */
export function revokeRecord(record: Record<string, unknown>, now: Date): boolean {
  if (isDate(record["revokedAt"])) return false;
  record["revokedAt"] = now.toISOString();
  return true;
}

export function setRecordLimits(record: Record<string, unknown>, changes: LimitChanges): void {
  const next = applyLimitChanges((record["limits"] as KeyLimits | undefined) ?? {}, changes);
  if (Object.keys(next).length === 0) delete record["limits"];
  else record["limits"] = next;
}

/**
 * Gives an active record a new sealed secret and returns the secret; the old one is kept for `graceMs` beside it,
 * or dropped at once. Undefined when the record is revoked or has no secret.
 */
export function rotateRecord(record: Record<string, unknown>, sealKey: Buffer, graceMs: number, now: Date): string | undefined {
  if (record["revokedAt"] !== null || typeof record["sealedSecret"] !== "string") return undefined;
  const secretAccessKey = newSecret();
  if (graceMs > 0) {
    record["previousSealedSecret"] = record["sealedSecret"];
    record["previousSecretUntil"] = new Date(now.getTime() + graceMs).toISOString();
  } else {
    delete record["previousSealedSecret"];
    delete record["previousSecretUntil"];
  }
  record["sealedSecret"] = seal(secretAccessKey, sealKey);
  return secretAccessKey;
}

/** "FFK" and 17 base32 characters: the shape of an AWS access key id, never mistaken for one. */
function newAccessKeyId(): string {
  let id = "FFK";
  for (const byte of randomBytes(17)) id += ID_ALPHABET[byte % 32];
  return id;
}

function newSecret(): string {
  return randomBytes(30).toString("base64url");
}

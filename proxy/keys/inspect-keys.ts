/**
 * Sorts the records of keys.json into sound keys and damaged ones, and opens the sealed secrets of the active keys.
 * A damaged record (a missing or malformed field, a sealed secret that does not open) is reported and its key refused
 * as unknown: it never takes the other keys down. Only when not one sealed secret opens is the seal secret itself
 * taken to be wrong.
 *
 * @example
 * const { secrets, problems, wrongSealSecret } = inspectKeys(JSON.parse(text).keys, sealKey);
 */
import { type KeyLimits, limitsProblem } from "./key-limits.js";
import type { ActiveKey, KeyRecord } from "./key-store.js";
import { unseal, UnsealError } from "./seal.js";

export interface KeyProblem {
  /** The record's position in keys.json, from 1. */
  record: number;
  /** The record's access key id, when it has a readable one. */
  accessKeyId: string | null;
  reason: string;
}

export interface KeyInspection {
  /** Sound records, active or revoked, in file order. */
  records: KeyRecord[];
  /** The secret of every sound, active key. */
  secrets: Map<string, string>;
  /** A rotated key's old secret and until when (ms since the epoch) it still verifies. */
  previous: Map<string, { secret: string; until: number }>;
  problems: KeyProblem[];
  /** Some sealed secrets failed to open and none opened: they were sealed with another seal secret. */
  wrongSealSecret: boolean;
}

/** AWS's own bounds for an access key id; the ones the CLI issues are "FFK" and 17 base32 characters. */
const ACCESS_KEY_ID = /^\w{16,128}$/;

export function inspectKeys(stored: readonly unknown[], sealKey: Buffer): KeyInspection {
  const records: KeyRecord[] = [];
  const secrets = new Map<string, string>();
  const previous = new Map<string, { secret: string; until: number }>();
  const problems: KeyProblem[] = [];
  const duplicated = duplicatedIds(stored);
  let opened = 0;
  let mismatched = 0;

  stored.forEach((value, index) => {
    const record = index + 1;
    if (!isObject(value)) return problems.push({ record, accessKeyId: null, reason: "not a key record" });
    const { accessKeyId, name, createdAt, revokedAt, sealedSecret, limits, previousSealedSecret, previousSecretUntil } = value;
    const id = typeof accessKeyId === "string" && ACCESS_KEY_ID.test(accessKeyId) ? accessKeyId : null;
    const fault =
      !id ? "accessKeyId is missing or malformed"
      : duplicated.has(id) ? "accessKeyId appears in more than one record"
      : typeof name !== "string" ? "name is missing"
      : !isDate(createdAt) ? "createdAt is missing or not a date"
      : revokedAt !== null && !isDate(revokedAt) ? "revokedAt is neither null nor a date"
      : typeof sealedSecret !== "string" ? "sealedSecret is missing"
      : previousSealedSecret !== undefined && (typeof previousSealedSecret !== "string" || !isDate(previousSecretUntil))
        ? "previousSealedSecret needs previousSecretUntil, a date"
      : limitsProblem(limits);
    if (fault) return problems.push({ record, accessKeyId: id, reason: fault });

    try {
      const secret = unseal(sealedSecret as string, sealKey);
      opened++;
      records.push({
        accessKeyId: id!,
        name: name as string,
        createdAt: createdAt as string,
        revokedAt: revokedAt as string | null,
        limits: { ...((limits as KeyLimits | undefined) ?? {}) },
      });
      if (revokedAt === null) secrets.set(id!, secret);
      if (revokedAt === null && typeof previousSealedSecret === "string") {
        previous.set(id!, { secret: unseal(previousSealedSecret, sealKey), until: Date.parse(previousSecretUntil as string) });
      }
    } catch (error) {
      if (!(error instanceof UnsealError)) throw error;
      if (error.reason === "mismatch") mismatched++;
      const reason =
        error.reason === "malformed"
          ? "sealedSecret is malformed"
          : "sealedSecret does not open with this seal secret (sealed with another one, or altered)";
      problems.push({ record, accessKeyId: id, reason });
    }
  });

  return { records, secrets, previous, problems, wrongSealSecret: opened === 0 && mismatched > 0 };
}

/**
 * An active key as the proxy serves it at `now`: its record, and the secrets that verify its signatures (the new and
 * the old one during a rotation's grace period). Undefined for unknown, revoked and damaged keys.
 */
export function activeKeyIn(inspection: KeyInspection | undefined, accessKeyId: string, now: Date): ActiveKey | undefined {
  const secret = inspection?.secrets.get(accessKeyId);
  const record = inspection?.records.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (secret === undefined || !record) return undefined;
  const old = inspection!.previous.get(accessKeyId);
  return {
    secrets: old && old.until > now.getTime() ? [secret, old.secret] : secret,
    record: { ...record, limits: { ...record.limits } },
  };
}

function duplicatedIds(stored: readonly unknown[]): Set<string> {
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const value of stored) {
    if (!isObject(value) || typeof value.accessKeyId !== "string") continue;
    if (seen.has(value.accessKeyId)) duplicated.add(value.accessKeyId);
    seen.add(value.accessKeyId);
  }
  return duplicated;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A timestamp as the store writes them (ISO 8601); anything else in createdAt or revokedAt is damage. */
export function isDate(value: unknown): value is string {
  return typeof value === "string" && !Number.isNaN(Date.parse(value));
}

/**
 * A key's limits: what it may spend (images a day, dollars a day and a month), how fast it may ask (requests a
 * minute), until when it works, and which models it may use. Stored on the key's record in integer micro-dollars;
 * an absent field is no limit. Parsed from the keys CLI's flags (`--usd-per-day 2`, `none` clears) with one set of
 * rules, so bad input is refused with a clear message and changes nothing.
 *
 * @example
 * const changes = parseLimitFlags({ "images-per-day": "40", "usd-per-month": "50" }); // { imagesPerDay: 40, microUsdPerMonth: 50000000 }
 * const limits = applyLimitChanges(current, changes);
 */
import { findModel, formatUsd, microUsdFromUsd } from "../../src/contract/index.js";

export interface KeyLimits {
  imagesPerDay?: number;
  microUsdPerDay?: number;
  microUsdPerMonth?: number;
  /** Requests a minute. */
  rpm?: number;
  /** The last UTC day the key works, YYYY-MM-DD. */
  expires?: string;
  /** Model ids this key may use, within the proxy's allow-list. */
  models?: string[];
}

/** A change per limit: a new value, or null to clear it. */
export type LimitChanges = { [K in keyof KeyLimits]?: KeyLimits[K] | null };

/** The CLI's flag for each limit. */
export const LIMIT_FLAGS = {
  imagesPerDay: "images-per-day",
  microUsdPerDay: "usd-per-day",
  microUsdPerMonth: "usd-per-month",
  rpm: "rpm",
  expires: "expires",
  models: "models",
} as const satisfies Record<keyof KeyLimits, string>;

export class LimitError extends Error {
  override name = "LimitError";
}

const WHOLE = /^\d{1,9}$/;
const DOLLARS = /^\d{1,7}(\.\d{1,6})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the flags that were given ("none" clears a limit); throws a LimitError naming every bad one. */
export function parseLimitFlags(flags: Partial<Record<(typeof LIMIT_FLAGS)[keyof KeyLimits], string | undefined>>): LimitChanges {
  const changes: LimitChanges = {};
  const problems: string[] = [];
  for (const [field, flag] of Object.entries(LIMIT_FLAGS) as [keyof KeyLimits, string][]) {
    const raw = flags[flag as keyof typeof flags];
    if (raw === undefined) continue;
    if (raw === "none") {
      changes[field] = null;
      continue;
    }
    const parsed = parseLimit(field, raw.trim());
    if (typeof parsed === "string") problems.push(`--${flag}: ${parsed}`);
    else (changes as Record<string, unknown>)[field] = parsed.value;
  }
  if (problems.length > 0) throw new LimitError(problems.join("\n"));
  return changes;
}

function parseLimit(field: keyof KeyLimits, raw: string): { value: unknown } | string {
  switch (field) {
    case "imagesPerDay":
    case "rpm":
      return WHOLE.test(raw) && Number(raw) > 0 ? { value: Number(raw) } : `a whole number above 0, or none (not "${raw}")`;
    case "microUsdPerDay":
    case "microUsdPerMonth":
      return DOLLARS.test(raw) && Number(raw) > 0 ? { value: microUsdFromUsd(Number(raw)) } : `dollars above 0 such as 2 or 0.50, or none (not "${raw}")`;
    case "expires": {
      const valid = DAY.test(raw) && new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) === raw;
      return valid ? { value: raw } : `a date as YYYY-MM-DD, or none (not "${raw}")`;
    }
    case "models": {
      const ids = raw.split(",").map((id) => id.trim()).filter(Boolean);
      const unknown = ids.filter((id) => !findModel(id));
      if (ids.length === 0) return "one or more model ids, comma-separated, or none";
      return unknown.length === 0 ? { value: [...new Set(ids)] } : `unknown model id ${unknown.join(", ")}`;
    }
  }
}

export function applyLimitChanges(current: KeyLimits, changes: LimitChanges): KeyLimits {
  const next: KeyLimits = { ...current };
  for (const [field, value] of Object.entries(changes) as [keyof KeyLimits, unknown][]) {
    if (value === null || value === undefined) delete next[field];
    else (next as Record<string, unknown>)[field] = value;
  }
  return next;
}

/** Checks limits read from a file; returns what is wrong, or undefined when they are sound. */
export function limitsProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "limits is not an object";
  const limits = value as Record<string, unknown>;
  for (const field of ["imagesPerDay", "microUsdPerDay", "microUsdPerMonth", "rpm"]) {
    const amount = limits[field];
    if (amount !== undefined && !(Number.isSafeInteger(amount) && (amount as number) > 0)) return `limits.${field} is not a whole number above 0`;
  }
  if (limits["expires"] !== undefined && !(typeof limits["expires"] === "string" && DAY.test(limits["expires"]))) return "limits.expires is not YYYY-MM-DD";
  const models = limits["models"];
  if (models !== undefined && !(Array.isArray(models) && models.every((id) => typeof id === "string"))) return "limits.models is not a list of model ids";
  return undefined;
}

/** True once the key's last day has ended (UTC). */
export function isExpired(limits: KeyLimits, now: Date): boolean {
  return limits.expires !== undefined && now.getTime() >= Date.parse(`${limits.expires}T00:00:00Z`) + 24 * 60 * 60 * 1000;
}

/** "40 images/day, $2.00/day, $50.00/month, 30 rpm, until 2026-12-31, models: …", or "no limits". */
export function describeLimits(limits: KeyLimits): string {
  const parts = [
    limits.imagesPerDay !== undefined ? `${limits.imagesPerDay} images/day` : "",
    limits.microUsdPerDay !== undefined ? `${formatUsd(limits.microUsdPerDay)}/day` : "",
    limits.microUsdPerMonth !== undefined ? `${formatUsd(limits.microUsdPerMonth)}/month` : "",
    limits.rpm !== undefined ? `${limits.rpm} rpm` : "",
    limits.expires !== undefined ? `until ${limits.expires}` : "",
    limits.models !== undefined ? `models: ${limits.models.join(",")}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "no limits";
}

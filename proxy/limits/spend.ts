/**
 * What a key may spend, and the one decision every spend store makes the same way: given what a key and the proxy
 * have spent in the current UTC day and month, may a request costing `images` and `microUsd` go ahead? Stores make
 * that decision and the increment in one atomic step (a synchronous function in memory, a Lua script in Redis), so
 * N requests racing for the last k images of a budget see exactly k pass.
 *
 * Money is in whole micro-dollars (see src/contract/prices.ts); days and months are UTC.
 *
 * @example
 * const decision = decideSpend(counters, { images: 1, microUsd: 40_000, limits: { imagesPerDay: 40 } });
 * if (!decision.ok) throw quotaExceeded(decision, windowsAt(now));
 */
import { formatUsd } from "../../src/contract/index.js";

/** A key's spending caps; an absent cap is no cap. */
export interface SpendLimits {
  imagesPerDay?: number;
  microUsdPerDay?: number;
  microUsdPerMonth?: number;
}

/** What has been reserved (and not refunded) in the current windows. */
export interface SpendCounters {
  dayImages: number;
  dayMicroUsd: number;
  monthMicroUsd: number;
  /** Every key's spend this month, against the proxy-wide cap. */
  proxyMonthMicroUsd: number;
}

export interface SpendRequest {
  accessKeyId: string;
  images: number;
  microUsd: number;
  limits: SpendLimits;
  /** The proxy-wide monthly cap (PROXY_USD_PER_MONTH), if any. */
  proxyMicroUsdPerMonth?: number;
  now: Date;
}

/** The limit a refused request ran into. */
export type SpendLimitName = "images-per-day" | "usd-per-day" | "usd-per-month" | "proxy-usd-per-month";

/** A reservation, to commit on success or refund when Bedrock did not bill. Names its own windows. */
export interface Reservation {
  accessKeyId: string;
  day: string;
  month: string;
  images: number;
  microUsd: number;
}

export type SpendDecision =
  | { ok: true; reservation: Reservation }
  | { ok: false; limit: SpendLimitName; cap: number; used: number; resetsAt: Date };

/** The UTC day ("20261130") and month ("202611") a moment falls in, and when each ends. */
export interface Windows {
  day: string;
  month: string;
  dayEnds: Date;
  monthEnds: Date;
}

export function windowsAt(now: Date): Windows {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  const iso = now.toISOString();
  return {
    day: iso.slice(0, 10).replaceAll("-", ""),
    month: iso.slice(0, 7).replace("-", ""),
    dayEnds: new Date(Date.UTC(y, m, d + 1)),
    monthEnds: new Date(Date.UTC(y, m + 1, 1)),
  };
}

/** The caps in the order they are checked; the first one a request would pass is the one it is refused for. */
export function capsOf(request: Pick<SpendRequest, "limits" | "proxyMicroUsdPerMonth">): [SpendLimitName, number | undefined][] {
  return [
    ["images-per-day", request.limits.imagesPerDay],
    ["usd-per-day", request.limits.microUsdPerDay],
    ["usd-per-month", request.limits.microUsdPerMonth],
    ["proxy-usd-per-month", request.proxyMicroUsdPerMonth],
  ];
}

/** The decision, from counters read in the same atomic step that will add to them. */
export function decideSpend(counters: SpendCounters, request: SpendRequest): SpendDecision {
  const windows = windowsAt(request.now);
  const after: Record<SpendLimitName, [used: number, adding: number, resetsAt: Date]> = {
    "images-per-day": [counters.dayImages, request.images, windows.dayEnds],
    "usd-per-day": [counters.dayMicroUsd, request.microUsd, windows.dayEnds],
    "usd-per-month": [counters.monthMicroUsd, request.microUsd, windows.monthEnds],
    "proxy-usd-per-month": [counters.proxyMonthMicroUsd, request.microUsd, windows.monthEnds],
  };
  for (const [limit, cap] of capsOf(request)) {
    if (cap === undefined) continue;
    const [used, adding, resetsAt] = after[limit];
    if (used + adding > cap) return { ok: false, limit, cap, used, resetsAt };
  }
  return {
    ok: true,
    reservation: { accessKeyId: request.accessKeyId, day: windows.day, month: windows.month, images: request.images, microUsd: request.microUsd },
  };
}

/** A refusal in words an admin and a designer understand: which limit, how much of it is used, when it resets. */
export function describeRefusal(decision: Extract<SpendDecision, { ok: false }>): string {
  const resets = decision.resetsAt.toISOString().replace(".000Z", "Z");
  switch (decision.limit) {
    case "images-per-day":
      return `This key's limit of ${decision.cap} images per day is used up (${decision.used} used); it resets at ${resets}.`;
    case "usd-per-day":
      return `This key's budget of ${formatUsd(decision.cap)} per day would be exceeded (${formatUsd(decision.used)} used); it resets at ${resets}.`;
    case "usd-per-month":
      return `This key's budget of ${formatUsd(decision.cap)} per month would be exceeded (${formatUsd(decision.used)} used); it resets at ${resets}.`;
    case "proxy-usd-per-month":
      return `This proxy's budget of ${formatUsd(decision.cap)} per month for all keys is used up; it resets at ${resets}. Ask your Framefill admin.`;
  }
}

/** One day's usage for one key and model, as the usage report lists it. */
export interface UsageRow {
  day: string;
  accessKeyId: string;
  model: string;
  requests: number;
  images: number;
  microUsd: number;
  refused: number;
}

/** What to add to a usage row: a served request (`images`, `microUsd`) or a refused one. */
export interface UsageEvent {
  day: string;
  accessKeyId: string;
  model: string;
  images: number;
  microUsd: number;
  refused: boolean;
}

/** Where spend counters and usage live: memory and a file for one proxy, Redis for many. */
export interface SpendStore {
  /** Decides and reserves in one atomic step. */
  reserve(request: SpendRequest): Promise<SpendDecision>;
  /** Gives a reservation back (Bedrock answered an error and did not bill). */
  refund(reservation: Reservation): Promise<void>;
  /** What a key has reserved in the windows `now` falls in. */
  counters(accessKeyId: string, now: Date): Promise<SpendCounters>;
  record(event: UsageEvent): Promise<void>;
  /** Usage rows with `from <= day <= to` (YYYYMMDD). */
  usage(range: { from: string; to: string }): Promise<UsageRow[]>;
  close(): Promise<void>;
}

/**
 * The limits step of an InvokeModel request, after authentication and before Bedrock is called:
 *
 * 1. `admit`: the key has not expired, may use the model, and is within its requests a minute (rate-limiter-flexible,
 *    in memory or Redis); otherwise a Bedrock-shaped refusal (403, 403, 429 with Retry-After).
 * 2. `charge`: reserves the request's price in one atomic step (see spend.ts), runs the call, then commits the
 *    reservation when the image was made, refunds it when Bedrock answered an error (it does not bill those), and
 *    keeps it when the outcome is unknown (a timeout or a client gone after the call began): the proxy cannot know
 *    whether Bedrock billed, and an overcount by one image is the safe side of a budget.
 * 3. `headers`: `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-11) for every answer.
 *
 * Refusals are counted in the usage report; limits apply on every backend, preview included.
 *
 * @example
 * const control = createSpendControl({ store, prices: {}, now: () => new Date() });
 * await control.admit(key, modelId);
 * const output = await control.charge(key, modelId, () => backend.invoke(input));
 */
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { priceMicroUsd } from "../../src/contract/index.js";
import { ClientGoneError } from "../backends/backend.js";
import { BedrockError } from "../errors.js";
import { isExpired, type KeyLimits } from "../keys/key-limits.js";
import { describeRefusal, type Reservation, type SpendStore, windowsAt } from "./spend.js";

export interface ChargedKey {
  accessKeyId: string;
  name: string;
  limits: KeyLimits;
}

export interface SpendControlOptions {
  store: SpendStore;
  /** Price overrides in micro-dollars (PROXY_PRICES). */
  prices: Readonly<Record<string, number>>;
  proxyMicroUsdPerMonth?: number | undefined;
  /** Shares the requests-a-minute counters between proxies; in memory without it. */
  redis?: Redis;
  now: () => Date;
}

export interface SpendControl {
  admit(key: ChargedKey, modelId: string): Promise<void>;
  charge<T extends { images: number }>(key: ChargedKey, modelId: string, call: () => Promise<T>): Promise<T & { microUsd: number }>;
  headers(key: ChargedKey): Promise<Record<string, string>>;
}

/** Thrown by a backend when it cannot know whether Bedrock billed (its own deadline passed mid-call). */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof ClientGoneError || (error instanceof BedrockError && error.outcomeUnknown);
}

export function createSpendControl(options: SpendControlOptions): SpendControl {
  const limiters = new Map<number, RateLimiterAbstract>();
  const limiterFor = (rpm: number) => {
    let limiter = limiters.get(rpm);
    if (!limiter) {
      const settings = { points: rpm, duration: 60, keyPrefix: `framefill:rpm:${rpm}` };
      limiter = options.redis ? new RateLimiterRedis({ ...settings, storeClient: options.redis, rejectIfRedisNotReady: true }) : new RateLimiterMemory(settings);
      limiters.set(rpm, limiter);
    }
    return limiter;
  };

  async function refused(key: ChargedKey, modelId: string, error: BedrockError): Promise<never> {
    await options.store.record({ day: windowsAt(options.now()).day, accessKeyId: key.accessKeyId, model: modelId, images: 0, microUsd: 0, refused: true });
    const headers = await rateLimitHeaders(key).catch(() => ({}));
    throw new BedrockError(error.type, error.message, { ...headers, ...error.headers });
  }

  async function rateLimitHeaders(key: ChargedKey): Promise<Record<string, string>> {
    const now = options.now();
    const windows = windowsAt(now);
    const policies: string[] = [];
    const current: string[] = [];
    const toDayEnd = Math.ceil((windows.dayEnds.getTime() - now.getTime()) / 1000);
    if (key.limits.imagesPerDay !== undefined) {
      const used = (await options.store.counters(key.accessKeyId, now)).dayImages;
      policies.push(`"images-per-day";q=${key.limits.imagesPerDay};w=86400`);
      current.push(`"images-per-day";r=${Math.max(0, key.limits.imagesPerDay - used)};t=${toDayEnd}`);
    }
    if (key.limits.rpm !== undefined) {
      const state = await limiterFor(key.limits.rpm).get(key.accessKeyId);
      policies.push(`"rpm";q=${key.limits.rpm};w=60`);
      current.push(`"rpm";r=${state ? Math.max(0, state.remainingPoints) : key.limits.rpm};t=${state ? Math.ceil(state.msBeforeNext / 1000) : 0}`);
    }
    return policies.length > 0 ? { "ratelimit-policy": policies.join(", "), ratelimit: current.join(", ") } : {};
  }

  return {
    async admit(key, modelId) {
      const { limits } = key;
      if (isExpired(limits, options.now())) {
        await refused(key, modelId, new BedrockError("AccessDeniedException", `This access key expired at the end of ${limits.expires} (UTC). Ask your Framefill admin for a new one.`));
      }
      if (limits.models !== undefined && !limits.models.includes(modelId)) {
        await refused(key, modelId, new BedrockError("AccessDeniedException", `This access key may not use ${modelId}; it may use ${limits.models.join(", ")}.`));
      }
      if (limits.rpm !== undefined) {
        try {
          await limiterFor(limits.rpm).consume(key.accessKeyId);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw new BedrockError("ServiceUnavailableException", "The proxy cannot check this key's request rate right now. Try again shortly.");
          const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
          await refused(key, modelId, new BedrockError("ThrottlingException", `This key's limit of ${limits.rpm} requests a minute is reached; try again in ${seconds} s.`, { "retry-after": String(seconds) }));
        }
      }
    },

    async charge<T extends { images: number }>(key: ChargedKey, modelId: string, call: () => Promise<T>) {
      const microUsd = priceMicroUsd(modelId, options.prices) ?? 0;
      const now = options.now();
      const decision = await options.store
        .reserve({ accessKeyId: key.accessKeyId, images: 1, microUsd, limits: key.limits, proxyMicroUsdPerMonth: options.proxyMicroUsdPerMonth, now })
        .catch(() => {
          throw new BedrockError("ServiceUnavailableException", "The proxy cannot check this key's budget right now. Try again shortly.");
        });
      if (!decision.ok) await refused(key, modelId, new BedrockError("ServiceQuotaExceededException", describeRefusal(decision)));
      const reservation = (decision as { reservation: Reservation }).reservation;
      let output: T;
      try {
        output = await call();
      } catch (error) {
        if (!isOutcomeUnknown(error)) await options.store.refund(reservation);
        throw error;
      }
      await options.store.record({ day: reservation.day, accessKeyId: key.accessKeyId, model: modelId, images: output.images, microUsd, refused: false });
      return { ...output, microUsd };
    },

    headers: rateLimitHeaders,
  };
}

/**
 * The spend settings an admin gives in the environment: a proxy-wide monthly cap, price overrides, and the limits
 * every new key starts with. Read once at start with the rest of the configuration; each problem is named.
 *
 *   PROXY_USD_PER_MONTH=50                      every key together, per UTC month
 *   PROXY_PRICES='{"stability.stable-image-core-v1:0":0.05}'   USD per image, overriding the contract's table
 *   PROXY_DEFAULT_IMAGES_PER_DAY=40  PROXY_DEFAULT_USD_PER_DAY=2  PROXY_DEFAULT_USD_PER_MONTH=20  PROXY_DEFAULT_RPM=30
 */
import { findModel, microUsdFromUsd } from "../../src/contract/index.js";
import { type KeyLimits, LimitError, parseLimitFlags } from "../keys/key-limits.js";

export interface SpendConfig {
  /** Every key's spend together, per UTC month, in micro-dollars; undefined for no cap. */
  proxyMicroUsdPerMonth: number | undefined;
  /** Per-image prices in micro-dollars that replace the contract's table. */
  prices: Readonly<Record<string, number>>;
  /** The limits a new key gets unless the admin says otherwise. */
  defaultKeyLimits: KeyLimits;
}

/** Reads the spend settings; returns them with a list of problems (empty when all is well). */
export function readSpendConfig(env: Record<string, string | undefined>): { config: SpendConfig; problems: string[] } {
  const problems: string[] = [];
  let proxyMicroUsdPerMonth: number | undefined;
  const cap = env["PROXY_USD_PER_MONTH"];
  if (cap) {
    if (/^\d{1,9}(\.\d{1,6})?$/.test(cap) && Number(cap) > 0) proxyMicroUsdPerMonth = microUsdFromUsd(Number(cap));
    else problems.push(`PROXY_USD_PER_MONTH must be dollars above 0, such as 50 (not "${cap}")`);
  }

  const prices: Record<string, number> = {};
  const pricesText = env["PROXY_PRICES"];
  if (pricesText) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(pricesText);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      problems.push(`PROXY_PRICES must be a JSON object of model id to USD per image, such as {"stability.stable-image-core-v1:0":0.04}`);
    } else {
      for (const [id, usd] of Object.entries(parsed)) {
        if (!findModel(id)) problems.push(`PROXY_PRICES names an unknown model id "${id}"`);
        else if (typeof usd !== "number" || !(usd >= 0) || usd > 1000) problems.push(`PROXY_PRICES: the price of ${id} must be USD per image from 0 to 1000`);
        else prices[id] = microUsdFromUsd(usd);
      }
    }
  }

  let defaultKeyLimits: KeyLimits = {};
  try {
    defaultKeyLimits = parseLimitFlags({
      "images-per-day": env["PROXY_DEFAULT_IMAGES_PER_DAY"] || undefined,
      "usd-per-day": env["PROXY_DEFAULT_USD_PER_DAY"] || undefined,
      "usd-per-month": env["PROXY_DEFAULT_USD_PER_MONTH"] || undefined,
      rpm: env["PROXY_DEFAULT_RPM"] || undefined,
    }) as KeyLimits;
  } catch (error) {
    if (!(error instanceof LimitError)) throw error;
    problems.push(...error.message.split("\n").map((line) => line.replace(/^--([a-z-]+)/, (_, flag: string) => `PROXY_DEFAULT_${flag.toUpperCase().replaceAll("-", "_")}`)));
  }
  for (const field of Object.keys(defaultKeyLimits) as (keyof KeyLimits)[]) {
    if (defaultKeyLimits[field] === null) delete defaultKeyLimits[field];
  }
  return { config: { proxyMicroUsdPerMonth, prices, defaultKeyLimits }, problems };
}

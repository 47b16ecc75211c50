/**
 * Money in the contract is counted in whole micro-dollars (1 USD = 1,000,000), so sums such as 0.04 + 0.04 are exact:
 * budgets, reservations and usage reports never drift the way floating-point dollars do.
 *
 * @example
 * priceMicroUsd("stability.stable-image-core-v1:0"); // 40000
 * formatUsd(80_000); // "$0.08"
 */
import { findModel } from "./models.js";

export const MICRO_USD_PER_USD = 1_000_000;

/** Dollars (as an admin writes them, e.g. 0.04 or 50) to whole micro-dollars. */
export function microUsdFromUsd(usd: number): number {
  return Math.round(usd * MICRO_USD_PER_USD);
}

/** The published on-demand price of one image of `modelId`, in micro-dollars; undefined for an unknown model. */
export function priceMicroUsd(modelId: string, overrides: Readonly<Record<string, number>> = {}): number | undefined {
  if (Object.hasOwn(overrides, modelId)) return overrides[modelId];
  const model = findModel(modelId);
  return model ? microUsdFromUsd(model.pricePerImageUsd) : undefined;
}

/** "$0.08", "$1.52", "$50.00": micro-dollars shown to the cent, rounded up so a spend is never shown smaller. */
export function formatUsd(microUsd: number): string {
  const cents = Math.ceil(microUsd / 10_000);
  return `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

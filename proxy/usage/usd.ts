/**
 * Dollars from whole micro-dollars, exactly: the decimal is written out with integer arithmetic (never by adding
 * floats), so $0.04 + $0.04 is reported as 0.08, not 0.08000000000000002.
 *
 * @example
 * usdDecimal(80_000); // "0.08"
 * usdDecimal(35_000); // "0.035"
 * usdFromMicroUsd(80_000); // 0.08
 */
import { MICRO_USD_PER_USD } from "../../src/contract/index.js";

/** "0.08", "12.50", "0.035": every digit there is, and at least cents. */
export function usdDecimal(microUsd: number): string {
  if (!Number.isSafeInteger(microUsd) || microUsd < 0) throw new RangeError(`not a whole number of micro-dollars: ${microUsd}`);
  const dollars = Math.floor(microUsd / MICRO_USD_PER_USD);
  // Six digits of fraction, trailing zeros dropped down to two (cents).
  const fraction = String(microUsd % MICRO_USD_PER_USD).padStart(6, "0").replace(/0{1,4}$/, "");
  return `${dollars}.${fraction}`;
}

/** Dollars as a JSON number: the double nearest the exact decimal, which prints as that decimal. */
export function usdFromMicroUsd(microUsd: number): number {
  return Number(usdDecimal(microUsd));
}

/**
 * The line before Generate that says what the designer's key has left: "38 images left today · $1.52 of $2.00", or
 * "$12.40 of $50.00 left this month" when the month's budget is the tighter one. Only the limits the key has; null
 * when it has none (or the proxy did not say), so nothing is shown.
 *
 * @example
 * describeRemaining(usage); // "38 images left today · $1.52 of $2.00"
 */
import type { KeyUsage } from "../../contract/key-usage.js";
import { formatUsd } from "../../contract/prices.js";
import { dollarsLeft, formatUsdLeft } from "./dollars-left.js";

export function describeRemaining(usage: KeyUsage | null): string | null {
  if (!usage) return null;
  const images = usage.remaining.imagesToday;
  const dollars = dollarsLeft(usage);
  const parts: string[] = [];
  if (images !== undefined) parts.push(`${images} ${images === 1 ? "image" : "images"} left today`);
  if (dollars) {
    const amount = `${formatUsdLeft(dollars.microUsd)}${dollars.capMicroUsd === undefined ? "" : ` of ${formatUsd(dollars.capMicroUsd)}`}`;
    // "left today" is said once when both counts are the day's.
    const window = dollars.window === "month" ? " left this month" : images === undefined ? " left today" : "";
    parts.push(`${amount}${window}`);
  }
  return parts.length > 0 ? parts.join(" · ") : null;
}

/**
 * Checks a generation against what the key has left before anything is sent: more images than are left today, or a
 * cost (at the proxy's prices from `/healthz`, else the contract's published ones) over the dollars left. Returns what to tell the designer, or null when it
 * fits or the proxy did not say what is left.
 *
 * @example
 * checkAllowance(usage, { imageCount: 12, modelId: "stability.stable-image-core-v1:0" }, Date.now());
 * // "This makes 12 images, but your access key has only 3 left today. Select fewer frames or variants. It resets
 * //  tomorrow at 1:00 AM."
 */
import type { KeyUsage } from "../../contract/key-usage.js";
import { formatUsd, priceMicroUsd } from "../../contract/prices.js";
import { formatReset, type LocalTime } from "../errors/format-reset.js";
import { dollarsLeft, formatUsdLeft } from "./dollars-left.js";

export interface PlannedSpend {
  imageCount: number;
  modelId: string;
  /** The proxy's prices in micro-dollars by model id; a model absent here costs its published price. */
  prices?: Readonly<Record<string, number>>;
}

export function checkAllowance(usage: KeyUsage | null, spend: PlannedSpend, nowMs: number, local: LocalTime = {}): string | null {
  if (!usage) return null;
  const resets = (iso: string) => {
    const at = Date.parse(iso);
    return Number.isNaN(at) ? "" : ` It resets ${formatReset(at, nowMs, local)}.`;
  };

  const imagesLeft = usage.remaining.imagesToday;
  if (imagesLeft !== undefined && spend.imageCount > imagesLeft) {
    if (imagesLeft === 0) return `Your access key has no images left today.${resets(usage.resetsAt.day)}`;
    return (
      `This makes ${spend.imageCount} images, but your access key has only ${imagesLeft} left today. ` +
      `Select fewer frames or variants.${resets(usage.resetsAt.day)}`
    );
  }

  const price = priceMicroUsd(spend.modelId, spend.prices);
  const dollars = dollarsLeft(usage);
  if (price === undefined || !dollars) return null;
  const cost = price * spend.imageCount;
  if (cost <= dollars.microUsd) return null;
  const window = dollars.window === "day" ? "today" : "this month";
  const reset = resets(dollars.window === "day" ? usage.resetsAt.day : usage.resetsAt.month);
  if (dollars.microUsd < price) return `Your access key's budget for ${window} is used up.${reset}`;
  return (
    `This costs ${formatUsd(cost)}, but your access key has only ${formatUsdLeft(dollars.microUsd)} left ${window}. ` +
    `Select fewer frames or variants, or a cheaper model.${reset}`
  );
}

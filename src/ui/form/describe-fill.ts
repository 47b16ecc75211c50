/**
 * The live line under the form that says what Generate will fill — "3 frames · 16:9, 1:1, 4:5", or "Nothing
 * selected: a new 1:1 frame will be created" — which layers will be skipped, and what it will cost at the price the
 * proxy charges for the model (its `/healthz` prices; the published price when it gave none): "12 images · $0.48".
 */
import { DEFAULT_ASPECT_RATIO } from "../../contract/aspect-ratios.js";
import { formatUsd, priceMicroUsd } from "../../contract/prices.js";
import type { AspectRatioChoice, SelectionSummary } from "../../messages.js";

export interface FillDescription {
  targets: string;
  /** Null when nothing is skipped. */
  skipped: string | null;
  cost: string;
  imageCount: number;
}

export function describeFill(
  selection: SelectionSummary,
  aspectRatio: AspectRatioChoice,
  variants: number,
  modelId: string,
  prices: Readonly<Record<string, number>> = {},
): FillDescription {
  const count = selection.targets.length;
  const imageCount = Math.max(1, count) * variants;
  return {
    targets: count === 0 ? describeNewFrame(aspectRatio) : `${plural(count, "frame")} · ${ratiosOf(selection, aspectRatio)}`,
    skipped: describeSkipped(selection),
    cost: describeCost(imageCount, modelId, prices),
    imageCount,
  };
}

/** "12 images · $0.48", priced in whole micro-dollars so 0.04 × 12 never prints as 0.48000000000000004. */
export function describeCost(imageCount: number, modelId: string, prices: Readonly<Record<string, number>> = {}): string {
  const price = priceMicroUsd(modelId, prices);
  const images = plural(imageCount, "image");
  return price === undefined ? images : `${images} · ${formatUsd(price * imageCount)}`;
}

function describeNewFrame(aspectRatio: AspectRatioChoice): string {
  const ratio = aspectRatio === "match" ? DEFAULT_ASPECT_RATIO : aspectRatio;
  return `Nothing selected: a new ${ratio} frame will be created`;
}

/** Each distinct ratio once, in selection order. */
function ratiosOf(selection: SelectionSummary, aspectRatio: AspectRatioChoice): string {
  if (aspectRatio !== "match") return aspectRatio;
  return [...new Set(selection.targets.map((target) => target.nearestRatio))].join(", ");
}

function describeSkipped(selection: SelectionSummary): string | null {
  const { skipped } = selection;
  if (skipped.length === 0) return null;
  const shown = skipped.slice(0, 3).map((node) => `${node.name} (${node.reason})`);
  const more = skipped.length > 3 ? `, and ${skipped.length - 3} more` : "";
  return `Skipping ${plural(skipped.length, "layer")}: ${shown.join(", ")}${more}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

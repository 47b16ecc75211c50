/** The nine aspect ratios Stability's text-to-image models accept, with the size of the image each one yields. */
export const ASPECT_RATIOS = ["16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21"] as const;

export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export const DEFAULT_ASPECT_RATIO: AspectRatio = "1:1";

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Pixel size of a generated image for each ratio (Stability's ~1 megapixel buckets). */
export const OUTPUT_SIZES: Readonly<Record<AspectRatio, Size>> = {
  "16:9": { width: 1344, height: 768 },
  "1:1": { width: 1024, height: 1024 },
  "21:9": { width: 1536, height: 640 },
  "2:3": { width: 832, height: 1216 },
  "3:2": { width: 1216, height: 832 },
  "4:5": { width: 896, height: 1088 },
  "5:4": { width: 1088, height: 896 },
  "9:16": { width: 768, height: 1344 },
  "9:21": { width: 640, height: 1536 },
};

export function isAspectRatio(value: unknown): value is AspectRatio {
  return typeof value === "string" && (ASPECT_RATIOS as readonly string[]).includes(value);
}

/** Width divided by height of a ratio such as "16:9". */
export function ratioValue(ratio: AspectRatio): number {
  const [w, h] = ratio.split(":").map(Number) as [number, number];
  return w / h;
}

const LOG_RATIOS = ASPECT_RATIOS.map((ratio) => [ratio, Math.log(ratioValue(ratio))] as const);

/**
 * The supported ratio closest to `width`/`height`, compared in log space so that 2:1 and 1:2 are equally far from
 * 1:1. Degenerate sizes (zero, negative, not finite) get the default ratio.
 */
export function nearestAspectRatio(width: number, height: number): AspectRatio {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) return DEFAULT_ASPECT_RATIO;
  const target = Math.log(width / height);
  let best: AspectRatio = DEFAULT_ASPECT_RATIO;
  let bestDistance = Infinity;
  for (const [ratio, logValue] of LOG_RATIOS) {
    const distance = Math.abs(logValue - target);
    if (distance < bestDistance) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Outpaint's `left`, `right`, `up` and `down` that give an image a layer's exact shape ("Expand to fit"): a 1440×320
 * banner gets a 4.5:1 image, not a cropped 21:9 one. The new canvas is placed so the point of the image the layer
 * showed at its centre stays at the centre. An extension may be at most 2000 px, so when one would pass that the
 * input is shrunk first (and it is always shrunk to outpaint's pixel limit).
 *
 * @example
 * expandToFit({ imageWidth: 1024, imageHeight: 1024, targetWidth: 1440, targetHeight: 320 });
 * // { left: 1792, right: 1792, up: 0, down: 0, scale: 1, inputWidth: 1024, inputHeight: 1024,
 * //   outputWidth: 4608, outputHeight: 1024, exact: true }
 */
import type { Size } from "./aspect-ratios.js";
import { fitWithinToolLimits } from "./fit-within-tool-limits.js";
import { imageSizeProblem, OUTPAINT_EXTENSION_MAX } from "./image-edit-tools.js";

export interface ExpandToFitInput {
  /** The image's pixel size. */
  imageWidth: number;
  imageHeight: number;
  /**
   * The point of the image the layer shows at its centre, as fractions of the image's width and height (0–1). A
   * `scaleMode: "FILL"` paint shows the image's centre, the default { x: 0.5, y: 0.5 }.
   */
  cropCenter?: { x: number; y: number };
  /** The layer's size (any unit: only the ratio counts; fractional sizes are fine). */
  targetWidth: number;
  targetHeight: number;
}

export interface ExpandToFitResult {
  /** Outpaint's parameters: pixels to add on each side of the (shrunk) input. All 0 when it already has the shape. */
  left: number;
  right: number;
  up: number;
  down: number;
  /** Shrink the input by this first (inputWidth / imageWidth); 1 when it is sent as it is. */
  scale: number;
  /** The input's size after shrinking: what to send as `image`. */
  inputWidth: number;
  inputHeight: number;
  /** The outpainted image's size. */
  outputWidth: number;
  outputHeight: number;
  /**
   * outputWidth/outputHeight equals targetWidth/targetHeight exactly. False only when exactness would cost more than a
   * few pixels of extra canvas across the image (a ratio such as 1441:1000); then it is off by under half a pixel.
   */
  exact: boolean;
}

/** Pixels of extra canvas, across the image, worth spending on an exact ratio: at least this, or 2% of the side. */
const EXACT_SLACK_MIN = 16;
const EXACT_SLACK_SHARE = 0.02;

/**
 * Undefined when the target is not a positive size, or the input cannot be outpainted even shrunk (a side under
 * 64 px, an aspect ratio beyond 2.5:1, or a shape so far from the target that the input would have to shrink below
 * 64 px to keep every extension within 2000 px).
 */
export function expandToFit(input: ExpandToFitInput): ExpandToFitResult | undefined {
  const { imageWidth, imageHeight, targetWidth, targetHeight } = input;
  if (!(targetWidth > 0 && targetHeight > 0 && Number.isFinite(targetWidth) && Number.isFinite(targetHeight))) return undefined;
  const fitted = fitWithinToolLimits(imageWidth, imageHeight, "outpaint");
  if (!fitted) return undefined;
  const center = { x: clamp01(input.cropCenter?.x ?? 0.5), y: clamp01(input.cropCenter?.y ?? 0.5) };
  let scale = fitted.scale;
  for (let attempt = 0; attempt < 64; attempt++) {
    const inputSize = attempt === 0 ? { width: fitted.width, height: fitted.height } : scaled(imageWidth, imageHeight, scale);
    if (imageSizeProblem("outpaint", inputSize)) return undefined;
    const result = expandAround(inputSize, center, targetWidth, targetHeight);
    const widest = Math.max(result.left, result.right, result.up, result.down);
    if (widest <= OUTPAINT_EXTENSION_MAX) return { ...result, scale: inputSize.width / imageWidth };
    // Extensions grow in proportion to the input; aim just under the cap, and a little lower each time rounding misses.
    scale *= (OUTPAINT_EXTENSION_MAX / widest) * (1 - 0.001 * (attempt + 1));
  }
  return undefined;
}

function expandAround(
  input: Size,
  center: { x: number; y: number },
  targetWidth: number,
  targetHeight: number,
): Omit<ExpandToFitResult, "scale"> {
  const output = canvasFor(input, targetWidth, targetHeight);
  const [left, right] = split(output.width - input.width, output.width / 2 - center.x * input.width);
  const [up, down] = split(output.height - input.height, output.height / 2 - center.y * input.height);
  return {
    left,
    right,
    up,
    down,
    inputWidth: input.width,
    inputHeight: input.height,
    outputWidth: output.width,
    outputHeight: output.height,
    exact: output.exact,
  };
}

/** The smallest canvas holding `input` with the target's ratio, exact when a few pixels of extra canvas allow it. */
function canvasFor(input: Size, targetWidth: number, targetHeight: number): Size & { exact: boolean } {
  const ratio = targetWidth / targetHeight;
  const hasRatio = (width: number, height: number) =>
    Math.abs(width * targetHeight - height * targetWidth) <= 1e-9 * height * targetWidth;
  const widen = input.width / input.height <= ratio;
  // Widening keeps the height and searches a few rows more for a whole-pixel width; heightening, the other way round.
  const side = widen ? input.height : input.width;
  const slack = Math.max(EXACT_SLACK_MIN, Math.ceil(side * EXACT_SLACK_SHARE));
  for (let fixed = side; fixed <= side + slack; fixed++) {
    const other = widen ? Math.round(fixed * ratio) : Math.round(fixed / ratio);
    const size = widen ? { width: other, height: fixed } : { width: fixed, height: other };
    if (size.width >= input.width && size.height >= input.height && hasRatio(size.width, size.height)) return { ...size, exact: true };
  }
  const size = widen
    ? { width: Math.max(input.width, Math.round(input.height * ratio)), height: input.height }
    : { width: input.width, height: Math.max(input.height, Math.round(input.width / ratio)) };
  return { ...size, exact: hasRatio(size.width, size.height) };
}

/** Splits `extra` pixels into before and after, putting `before` as near `wanted` as the canvas allows. */
function split(extra: number, wanted: number): [number, number] {
  const before = Math.min(extra, Math.max(0, Math.round(wanted)));
  return [before, extra - before];
}

function scaled(width: number, height: number, scale: number): Size {
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}

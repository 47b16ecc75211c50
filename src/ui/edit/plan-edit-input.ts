/**
 * What to send a tool for one image, decided from its size alone: the size to shrink it to (the contract's
 * fitWithinToolLimits, or expandToFit's input for Expand to fit), whether it must be re-encoded (a GIF, or anything
 * Bedrock refuses, becomes PNG), the tool's parameters beyond the image, and the size it should come back at — or,
 * when no shrinking helps, why the image can't be sent, in a designer's words.
 *
 * @example
 * planEditInput({ tool: "outpaint" }, { format: "png", width: 1536, height: 640 }, { layerWidth: 1440, layerHeight: 320, cropCenter: { x: 0.5, y: 0.5 } });
 * // { ok: true, input: { width: 1536, height: 640 }, reencode: false, extras: { left: 672, right: 672, up: 0, down: 0 }, output: { width: 2880, height: 640 }, ... }
 */
import type { Size } from "../../contract/aspect-ratios.js";
import { expandToFit } from "../../contract/expand-to-fit.js";
import { fitWithinToolLimits } from "../../contract/fit-within-tool-limits.js";
import { imageEditOutputSize, imageSizeProblem } from "../../contract/image-edit-tools.js";
import type { EditParameters } from "../../edit-messages.js";
import type { SniffedFormat } from "../bedrock/sniff-image-format.js";

/** Formats Bedrock's image services take as they are. */
const BEDROCK_INPUT_FORMATS: readonly SniffedFormat[] = ["png", "jpeg", "webp"];

export interface EditImageInfo extends Size {
  format: SniffedFormat;
}

export interface EditLayer {
  layerWidth: number;
  layerHeight: number;
  cropCenter: { x: number; y: number };
  /** The layer's generation prompt: Expand to fit continues the picture with it. */
  prompt?: string | undefined;
}

export type EditInputPlan =
  | {
      ok: true;
      /** The size to send the image at. */
      input: Size;
      /** Decode and encode as PNG first (a new size, or a format Bedrock refuses). */
      reencode: boolean;
      /** The tool's parameters beyond `image` and `output_format`. */
      extras: Record<string, string | number>;
      /** The size the tool should return. */
      output: Size;
      /** Recorded in the layer's edit chain. */
      details: Record<string, number | string>;
    }
  | { ok: false; message: string };

export function planEditInput(parameters: EditParameters, image: EditImageInfo, layer: EditLayer): EditInputPlan {
  const { tool } = parameters;
  const original = { width: image.width, height: image.height };
  let input: Size;
  let extras: Record<string, string | number> = {};
  if (tool === "outpaint") {
    const expanded = expandToFit({
      imageWidth: image.width,
      imageHeight: image.height,
      cropCenter: layer.cropCenter,
      targetWidth: layer.layerWidth,
      targetHeight: layer.layerHeight,
    });
    if (!expanded) return cannot(original, imageSizeProblem(tool, original) ?? "it can't be expanded to this layer's shape");
    const { left, right, up, down } = expanded;
    if (left + right + up + down === 0) return { ok: false, message: "The image already has the layer's shape: there is nothing to expand." };
    input = { width: expanded.inputWidth, height: expanded.inputHeight };
    extras = { left, right, up, down };
    if (layer.prompt) extras.prompt = layer.prompt;
  } else {
    const fitted = fitWithinToolLimits(image.width, image.height, tool);
    if (!fitted) return cannot(original, imageSizeProblem(tool, original) ?? "the tool can't take it");
    input = { width: fitted.width, height: fitted.height };
    if (parameters.tool === "searchReplace") extras = { search_prompt: parameters.searchFor.trim(), prompt: parameters.replaceWith.trim() };
  }
  const output = imageEditOutputSize(tool, input, extras);
  const resized = input.width !== image.width || input.height !== image.height;
  const details: Record<string, number | string> = { inputWidth: input.width, inputHeight: input.height };
  if (resized) Object.assign(details, { originalWidth: image.width, originalHeight: image.height });
  for (const side of ["left", "right", "up", "down"] as const) if (side in extras) details[side] = extras[side]!;
  return {
    ok: true,
    input,
    reencode: resized || !BEDROCK_INPUT_FORMATS.includes(image.format),
    extras,
    output: { width: output.width, height: output.height },
    details,
  };
}

function cannot(size: Size, problem: string): EditInputPlan {
  return { ok: false, message: `The image is ${size.width}×${size.height} pixels: ${problem}.` };
}

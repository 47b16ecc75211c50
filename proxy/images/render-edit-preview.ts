/**
 * The preview backend's answer to an image edit: the input really edited the simple way, at the size the tool
 * returns, with a "PREVIEW" band across the middle so nobody mistakes it for Bedrock's work.
 * - remove background: a real alpha channel, a soft-edged ellipse matte around the centre (the input's own
 *   transparency kept inside it);
 * - upscale: a real 4× resize (lanczos3);
 * - outpaint: a larger canvas, the input placed at (`left`, `up`) on a pattern drawn from the prompt and seed;
 * - search and replace: a pattern from the prompt painted into a centred ellipse, at the input's size;
 * - erase: the masked area (the mask's white, else the image's transparent part, else a centred ellipse) blurred and
 *   washed towards white, so the change shows even on a flat colour.
 * Deterministic: the same request and seed give the same bytes.
 *
 * @example
 * const png = await renderEditPreview({ tool: "upscale", request: { image: base64Png }, seed: 7 });
 */
import sharp, { type Sharp } from "sharp";
import {
  DEFAULT_OUTPUT_FORMAT,
  type ImageEditRequests,
  type ImageEditTool,
  imageEditOutputSize,
  type OutputFormat,
  type Size,
} from "../../src/contract/index.js";
import { renderImage } from "./render-image.js";

export type EditPreviewInput = { [T in ImageEditTool]: { tool: T; request: ImageEditRequests[T]; seed: number } }[ImageEditTool];

export async function renderEditPreview(input: EditPreviewInput): Promise<Uint8Array> {
  const source = Buffer.from(input.request.image, "base64");
  const metadata = await sharp(source).metadata();
  const size = { width: metadata.width, height: metadata.height };
  const format = input.request.output_format ?? DEFAULT_OUTPUT_FORMAT;
  const label = (width: number, height: number) => previewBand(width, height, input.seed);
  switch (input.tool) {
    case "removeBackground": {
      const { data } = await sharp(source).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      applyEllipseMatte(data, size);
      const cut = sharp(data, { raw: { ...size, channels: 4 } }).composite([{ input: await label(size.width, size.height) }]);
      return encode(cut, format, { keepAlpha: true });
    }
    case "upscale": {
      const output = imageEditOutputSize("upscale", size);
      const upscaled = await sharp(source).resize(output.width, output.height, { kernel: "lanczos3", fit: "fill" }).png({ compressionLevel: 1 }).toBuffer();
      return encode(sharp(upscaled).composite([{ input: await label(output.width, output.height) }]), format);
    }
    case "outpaint": {
      const { request } = input;
      const output = imageEditOutputSize("outpaint", size, request);
      const canvas = await renderImage({ ...output, format: "png", seed: input.seed, prompt: request.prompt ?? "", label: "" });
      const layers = [
        { input: await sharp(source).png().toBuffer(), left: request.left ?? 0, top: request.up ?? 0 },
        { input: await label(output.width, output.height) },
      ];
      return encode(sharp(canvas).composite(layers), format);
    }
    case "searchReplace": {
      const patch = await renderImage({ ...size, format: "png", seed: input.seed, prompt: input.request.prompt, label: "" });
      const edited = await paintThrough(source, sharp(patch), ellipseRegion(size, 0.4), size);
      return encode(sharp(edited, { raw: { ...size, channels: 3 } }).composite([{ input: await label(size.width, size.height) }]), format);
    }
    case "erase": {
      const region = await eraseRegion(source, input.request.mask, size, metadata.hasAlpha === true);
      const washed = sharp(source)
        .flatten({ background: "#ffffff" })
        .blur(Math.max(2, Math.min(size.width, size.height) / 40))
        .linear(0.6, 0.4 * 255);
      const edited = await paintThrough(source, washed, region, size);
      return encode(sharp(edited, { raw: { ...size, channels: 3 } }).composite([{ input: await label(size.width, size.height) }]), format);
    }
  }
}

/** The "PREVIEW" band: half the image wide, centred, drawn by the same renderer as text-to-image previews. */
async function previewBand(width: number, height: number, seed: number): Promise<Buffer> {
  const bandWidth = Math.max(1, Math.floor(width / 2));
  const bandHeight = Math.max(1, Math.min(Math.floor(height / 4), Math.ceil(bandWidth / 5)));
  return Buffer.from(await renderImage({ width: bandWidth, height: bandHeight, format: "png", seed, prompt: "preview", label: "PREVIEW" }));
}

/** Multiplies the alpha of RGBA pixels by a centred ellipse (90% of each side) with a soft edge. */
function applyEllipseMatte(rgba: Buffer, { width, height }: Size): void {
  const radiusX = (width * 0.45) || 1;
  const radiusY = (height * 0.45) || 1;
  for (let y = 0; y < height; y++) {
    const dy = (y + 0.5 - height / 2) / radiusY;
    for (let x = 0; x < width; x++) {
      const dx = (x + 0.5 - width / 2) / radiusX;
      const distance = Math.sqrt(dx * dx + dy * dy);
      // Opaque inside 0.9 of the radius, fading to transparent at the ellipse.
      const matte = distance <= 0.9 ? 1 : distance >= 1 ? 0 : (1 - distance) / 0.1;
      const at = (y * width + x) * 4 + 3;
      rgba[at] = Math.round(rgba[at]! * matte);
    }
  }
}

/** One byte per pixel, 255 inside a centred ellipse covering `share` of each side. */
function ellipseRegion({ width, height }: Size, share: number): Uint8Array {
  const region = new Uint8Array(width * height);
  const radiusX = (width * share) / 2 || 1;
  const radiusY = (height * share) / 2 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x + 0.5 - width / 2) / radiusX;
      const dy = (y + 0.5 - height / 2) / radiusY;
      if (dx * dx + dy * dy <= 1) region[y * width + x] = 255;
    }
  }
  return region;
}

/** What erase fills, as Bedrock reads it: the mask's white; without a mask the image's transparent part; else the middle. */
async function eraseRegion(source: Buffer, mask: string | undefined, size: Size, hasAlpha: boolean): Promise<Uint8Array> {
  if (mask !== undefined) {
    return sharp(Buffer.from(mask, "base64")).flatten({ background: "#000000" }).greyscale().resize(size.width, size.height, { fit: "fill" }).raw().toBuffer();
  }
  if (hasAlpha) {
    const alpha = await sharp(source).ensureAlpha().extractChannel(3).raw().toBuffer();
    const region = new Uint8Array(alpha.length);
    for (let index = 0; index < alpha.length; index++) region[index] = 255 - alpha[index]!;
    if (region.some((value) => value > 127)) return region;
  }
  return ellipseRegion(size, 0.3);
}

/** The source (flattened on white) with `overlay` showing through wherever `region` is set, as raw RGB. */
async function paintThrough(source: Buffer, overlay: Sharp, region: Uint8Array, size: Size): Promise<Buffer> {
  const base = await sharp(source).flatten({ background: "#ffffff" }).removeAlpha().raw().toBuffer();
  const top = await overlay.resize(size.width, size.height, { fit: "fill" }).removeAlpha().raw().toBuffer();
  for (let pixel = 0; pixel < region.length; pixel++) {
    const weight = region[pixel]! / 255;
    if (weight === 0) continue;
    for (let channel = 0; channel < 3; channel++) {
      const at = pixel * 3 + channel;
      base[at] = Math.round(base[at]! * (1 - weight) + top[at]! * weight);
    }
  }
  return base;
}

/**
 * Encodes in the requested format. Only a cut-out keeps an alpha channel (the band's compositing adds one to the
 * others); JPEG has none, so a cut-out asked for as JPEG is flattened on white.
 */
async function encode(composed: Sharp, format: OutputFormat, { keepAlpha = false } = {}): Promise<Buffer> {
  let image = composed;
  if (!keepAlpha) {
    const { data, info } = await composed.raw().toBuffer({ resolveWithObject: true });
    image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).removeAlpha();
  }
  switch (format) {
    case "png":
      return image.png({ compressionLevel: 6 }).toBuffer();
    case "jpeg":
      return image.flatten({ background: "#ffffff" }).jpeg({ quality: 90 }).toBuffer();
    case "webp":
      return image.webp({ quality: 90, effort: 2 }).toBuffer();
  }
}

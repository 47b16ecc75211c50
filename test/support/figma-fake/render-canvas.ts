/**
 * Draws a page of the Figma fake as one SVG document, roughly as Figma's canvas shows it, so browser tests can look
 * at (and screenshot) what a generation did to the file: frames, components, instances, sections, shapes, groups and
 * text at their places and sizes (rotation included), their solid, gradient and image fills, frames that clip their
 * content, hidden layers left out, layer and paint opacity, and the names Figma shows above top-level frames and in
 * a section's corner.
 *
 * Image fills follow their `scaleMode` (plugin-api.d.ts:4813-4827): FILL covers the layer, centred and cropped; FIT
 * shows the whole image, centred; CROP shows the part of the image `imageTransform` picks (it maps the layer's unit
 * square into the image's); TILE repeats the image at its own size times `scalingFactor` from the layer's corner.
 * Not drawn: strokes, effects, blend modes, image filters and image paint rotation; text is drawn in one line in a
 * plain font; polygons, stars and vectors are drawn as their boxes.
 *
 * It runs wherever the fake runs (Node or a browser page) and touches no DOM: the caller puts `svg` on a page.
 *
 * @example
 * const canvas = await renderCanvas(figma.currentPage, figma, { maxWidth: 1200 });
 * document.getElementById("canvas")!.innerHTML = canvas.svg;
 * // a point (x, y) on the page is at ((x - canvas.area.x) * canvas.scale, (y - canvas.area.y) * canvas.scale)
 */
import { readImageHeader } from "./image-bytes.js";
import { type FakeBaseNode, FakeGroupNode, type FakePageNode, type FakeSceneNode } from "./nodes.js";

/** Where the renderer gets image bytes: `figma.getImageByHash`. */
export interface CanvasImageSource {
  getImageByHash(hash: string): { getBytesAsync(): Promise<Uint8Array> } | null;
}

export interface RenderCanvasOptions {
  /** The part of the page to draw; by default every visible layer's box, widened by `padding`. */
  area?: Rect;
  /** Page units around the layers when `area` is not given. Default 48. */
  padding?: number;
  /** Screen pixels per page unit; by default 1, or less so the drawing fits `maxWidth` × `maxHeight`. */
  scale?: number;
  maxWidth?: number;
  maxHeight?: number;
  /** Frame and section names. Default true. */
  labels?: boolean;
  /** The canvas colour behind the layers. Default Figma's light canvas, #f5f5f5. */
  background?: string;
}

export interface RenderedCanvas {
  svg: string;
  /** The part of the page drawn, in page coordinates. */
  area: Rect;
  /** Screen pixels per page unit: page point (x, y) is at ((x - area.x) × scale, (y - area.y) × scale). */
  scale: number;
  /** The drawing's size in screen pixels. */
  width: number;
  height: number;
}

interface ImageData {
  href: string;
  width: number;
  height: number;
}

interface Context {
  images: ReadonlyMap<string, ImageData>;
  /** Label font size in page units, so labels read the same at any scale. */
  labelSize: number;
  labels: boolean;
  nextId: () => string;
}

const FRAME_TYPES = new Set(["FRAME", "COMPONENT", "INSTANCE"]);
/** Containers whose children's x/y are relative to them (a group's children use the group's parent's space). */
const COORDINATE_SPACES = new Set(["FRAME", "COMPONENT", "COMPONENT_SET", "INSTANCE", "SECTION"]);

/** Draws `page` as SVG. Image bytes are read once per hash and embedded as data URLs. */
export async function renderCanvas(page: FakePageNode, source: CanvasImageSource, options: RenderCanvasOptions = {}): Promise<RenderedCanvas> {
  const layers = page.children;
  const area = options.area ?? padded(boundsOf(layers.filter((layer) => layer.visible)), options.padding ?? 48);
  const fit = Math.min(1, (options.maxWidth ?? Infinity) / area.width, (options.maxHeight ?? Infinity) / area.height);
  const scale = options.scale ?? fit;
  const width = Math.ceil(area.width * scale);
  const height = Math.ceil(area.height * scale);
  let counter = 0;
  const context: Context = {
    images: await loadImages(page, source),
    labelSize: 12 / scale,
    labels: options.labels ?? true,
    nextId: () => `ff${++counter}`,
  };
  const body = layers.map((layer) => drawNode(layer, context)).join("");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="${num(area.x)} ${num(area.y)} ${num(area.width)} ${num(area.height)}" preserveAspectRatio="none" ` +
    `font-family="Inter, Helvetica, Arial, sans-serif">` +
    `<rect x="${num(area.x)}" y="${num(area.y)}" width="${num(area.width)}" height="${num(area.height)}" fill="${escapeXml(options.background ?? "#f5f5f5")}"/>` +
    body +
    `</svg>`;
  return { svg, area, scale, width, height };
}

function drawNode(node: FakeSceneNode, context: Context): string {
  if (!node.visible) return "";
  const opacity = opacityAttribute(node);
  if (node instanceof FakeGroupNode) {
    // A group has no coordinate system of its own: its children are drawn in its parent's.
    return `<g data-name="${escapeXml(node.name)}"${opacity}>${node.children.map((child) => drawNode(child, context)).join("")}</g>`;
  }
  const { width, height } = node;
  const rotation = node.rotation;
  // Figma turns a layer counter-clockwise about its top-left corner (plugin-api.d.ts:7414); SVG's rotate() turns
  // clockwise on a y-down page, hence the minus.
  const transform = `translate(${num(node.x)} ${num(node.y)})${rotation ? ` rotate(${num(-rotation)})` : ""}`;
  // A text layer's fills colour its glyphs, not its box.
  let content = node.type === "TEXT" ? drawText(node) : drawFills(node, context);
  if (COORDINATE_SPACES.has(node.type)) {
    const children = (node as FakeSceneNode & { children: FakeSceneNode[] }).children.map((child) => drawNode(child, context)).join("");
    if (clipsContent(node)) {
      const id = context.nextId();
      content += `<clipPath id="${id}"><rect width="${num(width)}" height="${num(height)}"/></clipPath><g clip-path="url(#${id})">${children}</g>`;
    } else {
      content += children;
    }
  }
  if (node.type === "SECTION") content += drawSectionChrome(node, context);
  else if (context.labels && FRAME_TYPES.has(node.type) && isTopLevel(node)) content += drawFrameLabel(node, context);
  return `<g data-name="${escapeXml(node.name)}" data-id="${escapeXml(node.id)}" transform="${transform}"${opacity}>${content}</g>`;
}

/** The node's visible paints, bottom to top, each cut to the node's shape. */
function drawFills(node: FakeSceneNode, context: Context): string {
  const fills = (node as FakeSceneNode & { fills?: ReadonlyArray<Paint> | symbol }).fills;
  if (!Array.isArray(fills) || fills.length === 0) return "";
  const { width, height } = node;
  const paints = (fills as ReadonlyArray<Paint>)
    .filter((paint) => paint.visible !== false)
    .map((paint) => drawPaint(paint, width, height, context))
    .join("");
  if (paints === "") return "";
  const id = context.nextId();
  const shape =
    node.type === "ELLIPSE"
      ? `<ellipse cx="${num(width / 2)}" cy="${num(height / 2)}" rx="${num(width / 2)}" ry="${num(height / 2)}"/>`
      : `<rect width="${num(width)}" height="${num(height)}"/>`;
  return `<clipPath id="${id}">${shape}</clipPath><g clip-path="url(#${id})">${paints}</g>`;
}

function drawPaint(paint: Paint, width: number, height: number, context: Context): string {
  const opacity = paint.opacity !== undefined && paint.opacity < 1 ? ` opacity="${num(paint.opacity)}"` : "";
  const box = `width="${num(width)}" height="${num(height)}"`;
  switch (paint.type) {
    case "SOLID":
      return `<rect ${box} fill="${rgb(paint.color)}"${opacity}/>`;
    case "GRADIENT_LINEAR":
    case "GRADIENT_RADIAL":
    case "GRADIENT_ANGULAR":
    case "GRADIENT_DIAMOND": {
      // Roughly: left to right (or outwards), ignoring gradientTransform.
      const id = context.nextId();
      const element = paint.type === "GRADIENT_LINEAR" ? "linearGradient" : "radialGradient";
      const stops = paint.gradientStops
        .map((stop) => `<stop offset="${num(stop.position)}" stop-color="${rgb(stop.color)}" stop-opacity="${num(stop.color.a)}"/>`)
        .join("");
      return `<${element} id="${id}">${stops}</${element}><rect ${box} fill="url(#${id})"${opacity}/>`;
    }
    case "IMAGE": {
      const image = paint.imageHash ? context.images.get(paint.imageHash) : undefined;
      return image ? `<g${opacity}>${drawImage(paint, image, width, height, context)}</g>` : "";
    }
    default:
      return "";
  }
}

function drawImage(paint: ImagePaint, image: ImageData, width: number, height: number, context: Context): string {
  const href = `href="${image.href}"`;
  switch (paint.scaleMode) {
    case "FILL":
      return `<image ${href} width="${num(width)}" height="${num(height)}" preserveAspectRatio="xMidYMid slice"/>`;
    case "FIT":
      return `<image ${href} width="${num(width)}" height="${num(height)}" preserveAspectRatio="xMidYMid meet"/>`;
    case "CROP": {
      // imageTransform maps the layer's unit square into the image's; draw the image's unit square through its
      // inverse, then scale the unit square up to the layer.
      const [[a, b, tx], [c, d, ty]] = paint.imageTransform ?? [[1, 0, 0], [0, 1, 0]];
      const det = a * d - b * c;
      if (det === 0) return "";
      const inverse = [d / det, -c / det, -b / det, a / det, (b * ty - d * tx) / det, (c * tx - a * ty) / det];
      return (
        `<g transform="scale(${num(width)} ${num(height)}) matrix(${inverse.map(num).join(" ")})">` +
        `<image ${href} width="1" height="1" preserveAspectRatio="none"/></g>`
      );
    }
    case "TILE": {
      const factor = paint.scalingFactor ?? 1;
      const tileWidth = image.width * factor;
      const tileHeight = image.height * factor;
      const id = context.nextId();
      return (
        `<pattern id="${id}" patternUnits="userSpaceOnUse" width="${num(tileWidth)}" height="${num(tileHeight)}">` +
        `<image ${href} width="${num(tileWidth)}" height="${num(tileHeight)}" preserveAspectRatio="none"/></pattern>` +
        `<rect width="${num(width)}" height="${num(height)}" fill="url(#${id})"/>`
      );
    }
    default:
      return "";
  }
}

function drawText(node: FakeSceneNode): string {
  const characters = (node as FakeSceneNode & { characters?: string }).characters ?? "";
  const fills = (node as FakeSceneNode & { fills?: ReadonlyArray<Paint> | symbol }).fills;
  const solid = Array.isArray(fills) ? (fills as ReadonlyArray<Paint>).find((paint): paint is SolidPaint => paint.type === "SOLID") : undefined;
  const size = Math.max(8, Math.min(node.height * 0.8, 48));
  return `<text x="0" y="${num(size)}" font-size="${num(size)}" fill="${solid ? rgb(solid.color) : "#000"}">${escapeXml(characters)}</text>`;
}

/** Figma shows a top-level frame's name just above its top-left corner, in grey. */
function drawFrameLabel(node: FakeSceneNode, context: Context): string {
  const size = context.labelSize;
  return `<text x="0" y="${num(-size * 0.45)}" font-size="${num(size)}" fill="#757575">${escapeXml(node.name)}</text>`;
}

/** A section: a thin border and its name in a pill in its top-left corner. */
function drawSectionChrome(node: FakeSceneNode, context: Context): string {
  const size = context.labelSize;
  const border = `<rect width="${num(node.width)}" height="${num(node.height)}" fill="none" stroke="#b3b3b3" stroke-width="${num(size / 12)}"/>`;
  if (!context.labels) return border;
  const pillWidth = size * (0.62 * node.name.length + 1.4);
  return (
    border +
    `<rect x="${num(size * 0.6)}" y="${num(size * 0.6)}" width="${num(pillWidth)}" height="${num(size * 1.7)}" rx="${num(size * 0.4)}" fill="#e6e6e6"/>` +
    `<text x="${num(size * 1.3)}" y="${num(size * 1.85)}" font-size="${num(size)}" fill="#333333">${escapeXml(node.name)}</text>`
  );
}

/** Each image the page's fills use, read once, as a data URL with its pixel size. */
async function loadImages(page: FakePageNode, source: CanvasImageSource): Promise<Map<string, ImageData>> {
  const images = new Map<string, ImageData>();
  for (const node of page.findAll()) {
    const fills = (node as FakeSceneNode & { fills?: ReadonlyArray<Paint> | symbol }).fills;
    if (!Array.isArray(fills)) continue;
    for (const paint of fills as ReadonlyArray<Paint>) {
      if (paint.type !== "IMAGE" || !paint.imageHash || images.has(paint.imageHash)) continue;
      const image = source.getImageByHash(paint.imageHash);
      if (!image) continue;
      const bytes = await image.getBytesAsync();
      const header = readImageHeader(bytes);
      images.set(paint.imageHash, { href: `data:image/${header.format};base64,${toBase64(bytes)}`, width: header.width, height: header.height });
    }
  }
  return images;
}

function isTopLevel(node: FakeBaseNode): boolean {
  const parent = node.parent;
  return parent === null || parent.type === "PAGE" || parent.type === "SECTION";
}

function clipsContent(node: FakeSceneNode): boolean {
  return FRAME_TYPES.has(node.type) && (node as FakeSceneNode & { clipsContent?: boolean }).clipsContent === true;
}

/** The node's own opacity (plugin-api.d.ts:9496-9498) as an attribute, or nothing when it is opaque. */
function opacityAttribute(node: FakeSceneNode): string {
  const opacity = (node as FakeSceneNode & { opacity?: number }).opacity;
  return typeof opacity === "number" && opacity < 1 ? ` opacity="${num(opacity)}"` : "";
}

function boundsOf(nodes: ReadonlyArray<FakeSceneNode>): Rect {
  if (nodes.length === 0) return { x: 0, y: 0, width: 1, height: 1 };
  const boxes = nodes.map((node) => node.absoluteBoundingBox);
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function padded(box: Rect, padding: number): Rect {
  return { x: box.x - padding, y: box.y - padding, width: box.width + 2 * padding, height: box.height + 2 * padding };
}

function rgb(color: RGB): string {
  const channel = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 255);
  return `rgb(${channel(color.r)},${channel(color.g)},${channel(color.b)})`;
}

function num(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

/**
 * `exportAsync` for the fake: draws a layer and its children into RGBA pixels and encodes them as a PNG, as Figma's
 * `ExportMixin.exportAsync` does (plugin-api.d.ts:9127). Without settings it is a PNG at 1× (plugin-api.d.ts:9047);
 * `constraint` is SCALE, WIDTH or HEIGHT (plugin-api.d.ts:5123-5126, 5158-5163). Only PNG is modelled.
 *
 * What is drawn: each visible layer's visible SOLID fills (colour, paint opacity and layer opacity), rectangles and
 * frames as boxes, ellipses as ellipses, other shapes as their boxes, rotation about the top-left, children clipped by
 * frames that clip content; IMAGE fills as opaque mid grey (the fake does not decode images); gradients not at all.
 * Enough for what the plugin exports: Erase's mask of white shapes on black. Pure JavaScript (stored deflate), so it
 * runs in Node and in the browser harness alike.
 */
export interface ExportableNode {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly rotation: number;
  readonly visible: boolean;
  readonly opacity: number;
  readonly fills?: ReadonlyArray<Paint> | symbol;
  readonly children?: ReadonlyArray<ExportableNode>;
  readonly clipsContent?: boolean;
}

type Rgba = [number, number, number, number];

/** The size in pixels of an export of a `width` × `height` layer under `settings`. */
export function exportSize(width: number, height: number, settings: ExportSettings = { format: "PNG" }): { width: number; height: number } {
  if (settings.format !== "PNG") throw new Error(`in exportAsync: the Figma fake exports PNG only, not ${settings.format}`);
  const constraint = settings.constraint ?? { type: "SCALE", value: 1 };
  if (!(typeof constraint.value === "number" && constraint.value > 0)) throw new Error("in exportAsync: Expected a positive constraint value");
  const scale = constraint.type === "WIDTH" ? constraint.value / width : constraint.type === "HEIGHT" ? constraint.value / height : constraint.value;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The layer drawn at its own place (its x, y and rotation left out), children included, as PNG bytes. */
export function exportPng(node: ExportableNode, settings?: ExportSettings): Uint8Array {
  const size = exportSize(node.width, node.height, settings);
  const scaleX = size.width / node.width;
  const scaleY = size.height / node.height;
  const pixels = new Uint8Array(size.width * size.height * 4);
  for (let row = 0; row < size.height; row++) {
    for (let column = 0; column < size.width; column++) {
      const color: Rgba = [0, 0, 0, 0];
      drawAt(node, { x: (column + 0.5) / scaleX, y: (row + 0.5) / scaleY }, 1, color);
      const offset = (row * size.width + column) * 4;
      const alpha = color[3];
      pixels[offset] = Math.round(alpha > 0 ? (color[0] / alpha) * 255 : 0);
      pixels[offset + 1] = Math.round(alpha > 0 ? (color[1] / alpha) * 255 : 0);
      pixels[offset + 2] = Math.round(alpha > 0 ? (color[2] / alpha) * 255 : 0);
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(size.width, size.height, pixels);
}

/** Composites `node` at `local` (a point in its own coordinates) over `color` (premultiplied). */
function drawAt(node: ExportableNode, local: { x: number; y: number }, opacity: number, color: Rgba): void {
  if (!node.visible) return;
  const layerOpacity = opacity * node.opacity;
  const inside = contains(node, local);
  if (inside && Array.isArray(node.fills)) {
    for (const paint of node.fills as ReadonlyArray<Paint>) {
      if (paint.visible === false) continue;
      const fill = paint.type === "SOLID" ? paint.color : paint.type === "IMAGE" ? { r: 0.5, g: 0.5, b: 0.5 } : null;
      if (!fill) continue;
      over(color, fill, (paint.opacity ?? 1) * layerOpacity);
    }
  }
  if (!node.children || (node.clipsContent && !inside)) return;
  // A group has no coordinate system of its own: it and its children are placed in its parent's.
  for (const child of node.children) drawAt(child, child.type === "GROUP" ? local : toChild(child, local), layerOpacity, color);
}

function contains(node: ExportableNode, point: { x: number; y: number }): boolean {
  if (node.type === "GROUP") return false;
  if (node.type === "ELLIPSE") {
    const dx = (point.x - node.width / 2) / (node.width / 2);
    const dy = (point.y - node.height / 2) / (node.height / 2);
    return dx * dx + dy * dy <= 1;
  }
  return point.x >= 0 && point.y >= 0 && point.x < node.width && point.y < node.height;
}

/** A point of the parent's space in the child's: undo its x, y and its rotation about the top-left. */
function toChild(child: ExportableNode, point: { x: number; y: number }): { x: number; y: number } {
  const dx = point.x - child.x;
  const dy = point.y - child.y;
  if (!child.rotation) return { x: dx, y: dy };
  const radians = (child.rotation * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  // relativeTransform [[cos, sin, x], [-sin, cos, y]] (plugin-api.d.ts:7414), inverted.
  return { x: dx * cos - dy * sin, y: dx * sin + dy * cos };
}

function over(color: Rgba, fill: RGB, alpha: number): void {
  const keep = 1 - alpha;
  color[0] = fill.r * alpha + color[0] * keep;
  color[1] = fill.g * alpha + color[1] * keep;
  color[2] = fill.b * alpha + color[2] * keep;
  color[3] = alpha + color[3] * keep;
}

/** RGBA pixels as a PNG: one IHDR, one IDAT of stored (uncompressed) deflate blocks, IEND. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const rowLength = width * 4 + 1;
  const raw = new Uint8Array(rowLength * height);
  for (let row = 0; row < height; row++) raw.set(rgba.subarray(row * width * 4, (row + 1) * width * 4), row * rowLength + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8);
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlibStored(raw)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

function zlibStored(data: Uint8Array): Uint8Array {
  const blocks: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  for (let offset = 0; offset < data.length || offset === 0; offset += 65_535) {
    const block = data.subarray(offset, Math.min(data.length, offset + 65_535));
    const last = offset + 65_535 >= data.length ? 1 : 0;
    const head = new Uint8Array([last, block.length & 0xff, block.length >> 8, ~block.length & 0xff, (~block.length >> 8) & 0xff]);
    blocks.push(head, block);
    if (data.length === 0) break;
  }
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65_521;
    b = (b + a) % 65_521;
  }
  const adler = new Uint8Array(4);
  new DataView(adler.buffer).setUint32(0, ((b << 16) | a) >>> 0);
  blocks.push(adler);
  return concat(blocks);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  for (let index = 0; index < 4; index++) bytes[4 + index] = type.charCodeAt(index);
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes.subarray(4, 8 + data.length)));
  return bytes;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/**
 * Paints a soft, deterministic backdrop into an RGB pixel buffer: a diagonal two-colour gradient with three glowing
 * discs, every colour, angle and position taken from the bytes of a hash. Same bytes, same picture.
 */
type Rgb = readonly [number, number, number];

interface Disc {
  readonly x: number;
  readonly y: number;
  readonly radius: number;
}

/** Fills `pixels` (width × height × 3 bytes, RGB) from `seedBytes` (at least 16 bytes, e.g. a SHA-256 digest). */
export function paintPattern(pixels: Uint8Array, width: number, height: number, seedBytes: Uint8Array): void {
  const byte = (index: number): number => seedBytes[index % seedBytes.length]! / 255;
  const baseHue = byte(0) * 360;
  const from = hslToRgb(baseHue, 0.55 + byte(1) * 0.3, 0.42 + byte(2) * 0.16);
  const to = hslToRgb(baseHue + 60 + byte(3) * 120, 0.55 + byte(4) * 0.3, 0.5 + byte(5) * 0.16);
  const glow = hslToRgb(baseHue + 180 + byte(6) * 60, 0.7, 0.72);
  const angle = byte(7) * Math.PI * 2;
  const discs: Disc[] = [0, 1, 2].map((index) => ({
    x: byte(8 + index * 3) * width,
    y: byte(9 + index * 3) * height,
    radius: (0.15 + byte(10 + index * 3) * 0.3) * Math.min(width, height),
  }));

  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  // Project the corners on the gradient's direction so the gradient spans the whole image at any angle.
  const projections = [0, width * dx, height * dy, width * dx + height * dy];
  const start = Math.min(...projections);
  const span = Math.max(...projections) - start || 1;

  const glowRow = new Float32Array(width);
  let offset = 0;
  for (let y = 0; y < height; y++) {
    fillGlowRow(glowRow, y, discs);
    const rowStart = (y * dy - start) / span;
    const step = dx / span;
    for (let x = 0; x < width; x++) {
      const t = rowStart + x * step;
      const weight = glowRow[x]!;
      const red = from[0] + (to[0] - from[0]) * t;
      const green = from[1] + (to[1] - from[1]) * t;
      const blue = from[2] + (to[2] - from[2]) * t;
      // Uint8Array stores truncate; the +0.5 rounds.
      pixels[offset++] = red + (glow[0] - red) * weight + 0.5;
      pixels[offset++] = green + (glow[1] - green) * weight + 0.5;
      pixels[offset++] = blue + (glow[2] - blue) * weight + 0.5;
    }
  }
}

/** How strongly the discs tint each pixel of row `y` (0–0.55), visiting only the pixels a disc covers. */
function fillGlowRow(glowRow: Float32Array, y: number, discs: readonly Disc[]): void {
  glowRow.fill(0);
  for (const disc of discs) {
    const verticalDistance = y - disc.y;
    if (Math.abs(verticalDistance) >= disc.radius) continue;
    const halfChord = Math.sqrt(disc.radius ** 2 - verticalDistance ** 2);
    const fromX = Math.max(0, Math.ceil(disc.x - halfChord));
    const toX = Math.min(glowRow.length - 1, Math.floor(disc.x + halfChord));
    for (let x = fromX; x <= toX; x++) {
      const distance = ((x - disc.x) ** 2 + verticalDistance ** 2) / disc.radius ** 2;
      const weight = distance < 1 ? (1 - distance) ** 2 * 0.55 : 0;
      if (weight > glowRow[x]!) glowRow[x] = weight;
    }
  }
}

/** HSL (hue in degrees, saturation and lightness 0–1) to 0–255 RGB. */
function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const channel = (n: number): number => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (lightness - chroma / 2 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [channel(0), channel(8), channel(4)];
}

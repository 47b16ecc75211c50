/**
 * Paint arrays as Figma stores them: validated on assignment, completed with the defaults Figma reports back
 * (`visible`, `opacity`, `blendMode`) and deeply frozen, so `node.fills[0].opacity = 0.5` throws and a plugin has to
 * assign a whole new array, as on Figma (see "Editing properties" in Figma's plugin docs).
 */
const PAINT_TYPES = new Set([
  "SOLID",
  "GRADIENT_LINEAR",
  "GRADIENT_RADIAL",
  "GRADIENT_ANGULAR",
  "GRADIENT_DIAMOND",
  "IMAGE",
  "VIDEO",
  "PATTERN",
]);
const COMMON_KEYS = ["type", "visible", "opacity", "blendMode", "boundVariables"];
const KNOWN_KEYS: Record<string, readonly string[]> = {
  SOLID: [...COMMON_KEYS, "color"],
  IMAGE: [...COMMON_KEYS, "scaleMode", "imageHash", "imageTransform", "scalingFactor", "rotation", "filters"],
};
const SCALE_MODES = new Set(["FILL", "FIT", "CROP", "TILE"]);

/**
 * Checks `paints` the way Figma's `fills` setter does (and a little stricter: an IMAGE paint must name an image
 * this document knows), and returns a frozen copy with defaults filled in.
 */
export function normalizePaints(
  paints: unknown,
  imageExists: (hash: string) => boolean,
  property = "fills",
): ReadonlyArray<Paint> {
  const fail = (detail: string): never => {
    throw new Error(`in set_${property}: ${detail}`);
  };
  if (!Array.isArray(paints)) fail(`Expected an array of paints, got ${describe(paints)}`);
  const result = (paints as unknown[]).map((paint, index) => {
    if (typeof paint !== "object" || paint === null) return fail(`Paint ${index} is ${describe(paint)}`);
    const record = paint as Record<string, unknown>;
    const type = record.type;
    if (typeof type !== "string" || !PAINT_TYPES.has(type)) return fail(`Paint ${index} has invalid type ${String(type)}`);
    const known = KNOWN_KEYS[type];
    if (known) {
      const unknown = Object.keys(record).filter((key) => !known.includes(key));
      if (unknown.length > 0) fail(`Unrecognized key(s) in paint ${index}: ${unknown.join(", ")}`);
    }
    if (record.opacity !== undefined && !(typeof record.opacity === "number" && record.opacity >= 0 && record.opacity <= 1)) {
      fail(`Paint ${index} opacity must be a number from 0 to 1`);
    }
    if (type === "SOLID") checkColor(record.color, index, fail);
    if (type === "IMAGE") {
      if (typeof record.scaleMode !== "string" || !SCALE_MODES.has(record.scaleMode)) {
        fail(`Paint ${index} needs scaleMode FILL, FIT, CROP or TILE`);
      }
      const hash = record.imageHash;
      if (hash !== null && typeof hash !== "string") fail(`Paint ${index} imageHash must be a string or null`);
      if (typeof hash === "string" && !imageExists(hash)) fail(`Image with hash ${hash} does not exist`);
    }
    return deepFreeze({ visible: true, opacity: 1, blendMode: "NORMAL", ...structuredClone(record) }) as Paint;
  });
  return Object.freeze(result);
}

function checkColor(color: unknown, index: number, fail: (detail: string) => never): void {
  const c = color as Record<string, unknown> | null;
  const channels = ["r", "g", "b"];
  const ok =
    typeof c === "object" &&
    c !== null &&
    channels.every((channel) => typeof c[channel] === "number" && (c[channel] as number) >= 0 && (c[channel] as number) <= 1);
  if (!ok) fail(`Paint ${index} needs color {r, g, b} with channels from 0 to 1`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}

/** Freezes an object and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * What may cross `figma.ui.postMessage` in either direction. Figma documents objects, arrays, numbers, strings,
 * booleans, null, undefined, Date and Uint8Array; the fake refuses anything else (functions, ArrayBuffer, Blob, other
 * typed arrays, Map, Set), which is stricter than a browser's structured clone and catches the mistakes that break on
 * the real host. The value that arrives is a structured clone, never the sender's object.
 */
export function clonePluginMessage(value: unknown, direction: string): unknown {
  checkPluginMessage(value, "message", direction);
  return structuredClone(value);
}

function checkPluginMessage(value: unknown, path: string, direction: string, seen = new Set<object>()): void {
  if (value === null || value === undefined) return;
  const kind = typeof value;
  if (kind === "string" || kind === "number" || kind === "boolean") return;
  if (kind !== "object") throw refuse(path, kind, direction);
  const object = value as object;
  if (object instanceof Uint8Array || object instanceof Date) return;
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) throw refuse(path, object.constructor.name, direction);
  if (typeof Blob !== "undefined" && object instanceof Blob) throw refuse(path, "Blob", direction);
  if (seen.has(object)) return;
  seen.add(object);
  if (Array.isArray(object)) {
    object.forEach((item, index) => checkPluginMessage(item, `${path}[${index}]`, direction, seen));
    return;
  }
  const prototype = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    throw refuse(path, (object.constructor as { name?: string } | undefined)?.name ?? "object with a prototype", direction);
  }
  for (const [key, item] of Object.entries(object)) checkPluginMessage(item, `${path}.${key}`, direction, seen);
}

function refuse(path: string, kind: string, direction: string): Error {
  return new Error(
    `${direction}: ${path} is a ${kind}; only plain objects, arrays, strings, numbers, booleans, null, undefined, ` +
      "Date and Uint8Array cross postMessage",
  );
}

/**
 * `figma.clientStorage`: per-plugin storage on the designer's machine, 5 MB in all, values kept as structured clones
 * (what you read back is a copy; functions and other uncloneable values are refused). Pass the same instance to a
 * new fake to model reopening the plugin.
 */
export const CLIENT_STORAGE_QUOTA_BYTES = 5 * 1024 * 1024;

export class FakeClientStorage implements ClientStorageAPI {
  readonly #values = new Map<string, unknown>();

  constructor(readonly quotaBytes = CLIENT_STORAGE_QUOTA_BYTES) {}

  async getAsync(key: string): Promise<unknown> {
    checkKey(key, "getAsync");
    return this.#values.has(key) ? structuredClone(this.#values.get(key)) : undefined;
  }

  async setAsync(key: string, value: unknown): Promise<void> {
    checkKey(key, "setAsync");
    let copy: unknown;
    try {
      copy = structuredClone(value);
    } catch (error) {
      throw new Error(`in clientStorage.setAsync: the value can't be stored (${(error as Error).message})`);
    }
    const others = [...this.#values].filter(([other]) => other !== key);
    const total = others.reduce((sum, [k, v]) => sum + k.length + estimateBytes(v), key.length + estimateBytes(copy));
    if (total > this.quotaBytes) {
      throw new Error(`in clientStorage.setAsync: storage quota exceeded (${total} of ${this.quotaBytes} bytes)`);
    }
    this.#values.set(key, copy);
  }

  async deleteAsync(key: string): Promise<void> {
    checkKey(key, "deleteAsync");
    this.#values.delete(key);
  }

  async keysAsync(): Promise<string[]> {
    return [...this.#values.keys()];
  }

  /** Bytes in use, by the same estimate the quota uses. */
  usedBytes(): number {
    return [...this.#values].reduce((sum, [key, value]) => sum + key.length + estimateBytes(value), 0);
  }
}

function checkKey(key: unknown, method: string): void {
  if (typeof key !== "string") throw new Error(`in clientStorage.${method}: key must be a string`);
}

/** A size estimate close to a serialized form: string characters, typed-array bytes, 8 bytes per number. */
function estimateBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === "boolean") return 4;
  if (typeof value === "number" || typeof value === "bigint" || value instanceof Date) return 8;
  if (typeof value === "string") return value.length;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (value instanceof Map) return [...value].reduce((sum, [k, v]) => sum + estimateBytes(k) + estimateBytes(v), 0);
  if (value instanceof Set) return [...value].reduce((sum, item) => sum + estimateBytes(item), 0);
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + estimateBytes(item), 2);
  if (typeof value === "object") {
    return Object.entries(value).reduce((sum, [key, item]) => sum + key.length + estimateBytes(item), 2);
  }
  return 0;
}

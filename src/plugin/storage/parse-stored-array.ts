/**
 * Reads a list kept as a JSON array in one entry of plugin data: its items, or [] when the entry is empty, is not
 * JSON, or is not an array. Each caller then checks the items it knows.
 *
 * @example
 * const items = parseStoredArray(root.getSharedPluginData(namespace, key));
 */
export function parseStoredArray(json: string): unknown[] {
  if (json === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  return Array.isArray(value) ? value : [];
}

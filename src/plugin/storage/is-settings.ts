/** Whether a stored or received value has the Settings shape. */
import type { Settings } from "../../messages.js";

export function isSettings(value: unknown): value is Settings {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return ["proxyUrl", "accessKeyId", "secretAccessKey", "region"].every((key) => typeof v[key] === "string");
}

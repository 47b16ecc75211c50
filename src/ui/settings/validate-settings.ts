/**
 * Checks the settings form before saving or testing: a http(s) proxy URL, an access key id, a secret (unless one is
 * already saved and the field was left empty to keep it), and an AWS-style region. Returns the cleaned settings.
 */
import type { Settings } from "../../messages.js";

export const DEFAULT_REGION = "us-west-2";

export interface SettingsForm {
  proxyUrl: string;
  accessKeyId: string;
  /** Empty keeps the saved secret: the saved one is never put back into the field. */
  secretAccessKey: string;
  region: string;
}

export type SettingsErrors = Partial<Record<keyof SettingsForm, string>>;

export type SettingsValidation = { ok: true; settings: Settings } | { ok: false; errors: SettingsErrors };

export function validateSettings(form: SettingsForm, savedSecret: string | null): SettingsValidation {
  const errors: SettingsErrors = {};
  const proxyUrl = form.proxyUrl.trim().replace(/\/+$/, "");
  if (!isHttpUrl(proxyUrl)) errors.proxyUrl = "Enter the proxy's address, like http://localhost:8787.";
  const accessKeyId = form.accessKeyId.trim();
  if (!accessKeyId) errors.accessKeyId = "Paste the access key ID your admin gave you.";
  else if (/\s/.test(accessKeyId)) errors.accessKeyId = "An access key ID has no spaces.";
  const secretAccessKey = form.secretAccessKey.trim() || savedSecret || "";
  if (!secretAccessKey) errors.secretAccessKey = "Paste the secret access key that came with the key ID.";
  const region = form.region.trim() || DEFAULT_REGION;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) errors.region = "Use a region like us-west-2.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: { proxyUrl, accessKeyId, secretAccessKey, region } };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && !url.search && !url.hash;
  } catch {
    return false;
  }
}

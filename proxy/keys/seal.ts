/**
 * Seals issued secrets at rest with AES-256-GCM. The proxy must be able to read a secret back (SigV4 is an HMAC over
 * the secret), so it is encrypted rather than hashed; the sealing key comes from PROXY_KEY_SEAL_SECRET or, when that
 * is unset, from a random key file kept beside the key store (mode 0600).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

/** Derives the 32-byte sealing key from the server secret. */
export function deriveSealKey(serverSecret: string | Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", serverSecret, "framefill-key-store", "seal issued secrets v1", 32));
}

export function seal(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), data.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** Why a sealed value did not open: it is not one at all, or it was sealed with another key (or altered since). */
export class UnsealError extends Error {
  override name = "UnsealError";
  constructor(readonly reason: "malformed" | "mismatch") {
    super(reason === "malformed" ? "Not a sealed value" : "Sealed with another key, or altered");
  }
}

/** Opens a sealed value; throws an UnsealError when it is malformed or the sealing key is not the one it was sealed with. */
export function unseal(sealed: string, key: Buffer): string {
  const [version, iv, data, tag, ...rest] = sealed.split(".");
  const ivBytes = Buffer.from(iv ?? "", "base64url");
  const tagBytes = Buffer.from(tag ?? "", "base64url");
  if (version !== VERSION || !data || rest.length > 0 || ivBytes.length !== 12 || tagBytes.length !== 16) {
    throw new UnsealError("malformed");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, ivBytes);
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new UnsealError("mismatch");
  }
}

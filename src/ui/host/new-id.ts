/** A random id for a generation: 128 bits from Web Crypto as hex (getRandomValues works even outside secure contexts). */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

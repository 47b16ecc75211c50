/**
 * Tells HTTP/2 with prior knowledge (h2c) from HTTP/1.x by the first bytes a client sends: every HTTP/2 connection
 * opens with the fixed client preface `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n` (RFC 9113, section 3.4).
 *
 * @example
 * detectProtocol(Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")); // "h2"
 * detectProtocol(Buffer.from("POST /model/x/invoke HTTP/1.1\r\n")); // "http/1.1"
 * detectProtocol(Buffer.from("PRI * HT")); // undefined: read more first
 */
export const HTTP2_CLIENT_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

export type DetectedProtocol = "h2" | "http/1.1";

/** `undefined` while `head` is a proper prefix of the preface and more bytes are needed to decide. */
export function detectProtocol(head: Uint8Array): DetectedProtocol | undefined {
  const compared = Math.min(head.length, HTTP2_CLIENT_PREFACE.length);
  for (let index = 0; index < compared; index++) {
    if (head[index] !== HTTP2_CLIENT_PREFACE[index]) return "http/1.1";
  }
  return compared === HTTP2_CLIENT_PREFACE.length ? "h2" : undefined;
}

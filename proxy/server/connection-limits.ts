/**
 * The deadlines and caps every connection to the proxy lives under, so that a client that is silent, slow or
 * flooding holds a bounded amount of time, memory and file descriptors. None of them runs while a request waits on
 * its answer: a slow upstream image is bounded by PROXY_UPSTREAM_TIMEOUT_MS alone. Once the answer has begun, it must
 * keep moving (`sendStallTimeoutMs`), so a client that stops reading cannot hold it.
 *
 * @example
 * await listen(listener, { limits: { ...DEFAULT_CONNECTION_LIMITS, handshakeTimeoutMs: 300 } });
 */
export interface ConnectionLimits {
  /** A new connection must show its protocol within this: its first bytes in cleartext, its TLS handshake. */
  handshakeTimeoutMs: number;
  /** HTTP/1.1: a request's headers must arrive within this of its first byte. */
  headersTimeoutMs: number;
  /**
   * A whole request, body included, must arrive within this: over HTTP/1.1 from its first byte, over HTTP/2 from its
   * HEADERS frame. Not less than `headersTimeoutMs`.
   */
  requestReadTimeoutMs: number;
  /** A connection with no request in flight is closed after this (HTTP/1.1 keep-alive, HTTP/2 session idle). */
  idleTimeoutMs: number;
  /**
   * Once an answer's headers are sent, its bytes must keep leaving: an answer none of whose bytes could be sent for
   * this long (the client stopped reading, so its HTTP/2 window or TCP buffer stays full) is cut off: the HTTP/2
   * stream is cancelled, the HTTP/1.1 connection reset. A client that reads slowly but steadily is never cut off.
   */
  sendStallTimeoutMs: number;
  /** Open connections at most. At the cap the oldest connection with no request in flight gives way. */
  maxConnections: number;
  /** HTTP/2 streams in flight per session; more are refused (REFUSED_STREAM). */
  http2MaxConcurrentStreams: number;
  /** HTTP/2 memory per session (header tables, queued frames), in MiB; beyond it new streams are refused. */
  http2MaxSessionMemoryMib: number;
}

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = {
  handshakeTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestReadTimeoutMs: 30_000,
  // Above the 60 s idle timeout of common load balancers, so the balancer, not the proxy, closes a pooled connection.
  idleTimeoutMs: 65_000,
  sendStallTimeoutMs: 30_000,
  maxConnections: 4_096,
  http2MaxConcurrentStreams: 100,
  http2MaxSessionMemoryMib: 32,
};

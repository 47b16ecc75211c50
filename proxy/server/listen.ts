/**
 * Serves one request listener on one port over HTTP/1.1 and HTTP/2: cleartext HTTP/2 with prior knowledge (h2c, what
 * the AWS SDK's default Node handler speaks) beside HTTP/1.1, or, given a certificate, TLS with ALPN choosing `h2` or
 * `http/1.1`.
 *
 * A cleartext connection's first bytes decide its protocol (see `detectProtocol`). The peeked bytes are put back
 * (`socket.unshift`) and the socket itself goes to a `node:http` or a `node:http2` server. Node's HTTP/2 session feeds
 * itself what is buffered on a socket it takes over, then reads and writes the socket natively: no JavaScript relay
 * sits in the path of a 1.5 MB answer.
 *
 * Every connection lives under `ConnectionLimits`: a deadline to show its protocol (or finish its TLS handshake), to
 * send its headers and body, to stay idle, and to keep reading an answer once it has begun; a cap on HTTP/2 streams
 * and session memory; and a cap on open connections, at which the oldest connection with no request in flight gives
 * way (see `ConnectionRegistry`).
 *
 * The listener gets Node's compatibility objects: `IncomingMessage`/`ServerResponse` over HTTP/1.1,
 * `Http2ServerRequest`/`Http2ServerResponse` over HTTP/2, as `getRequestListener(app.fetch)` from
 * `@hono/node-server` expects.
 *
 * @example
 * import { getRequestListener } from "@hono/node-server";
 * const server = await listen(getRequestListener(app.fetch), { host: "127.0.0.1", port: 8787 });
 * console.log(server.url); // "http://localhost:8787"
 * await server.drain(30_000); // stops accepting, lets requests in flight finish (HTTP/2 sessions get GOAWAY)
 */
import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from "node:http";
import {
  constants as http2Constants,
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from "node:http2";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import { clientUrl } from "./client-url.js";
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS } from "./connection-limits.js";
import { ConnectionRegistry, type TrackedConnection } from "./connection-registry.js";
import { detectProtocol } from "./detect-protocol.js";

export type RequestListener = (
  request: IncomingMessage | Http2ServerRequest,
  response: ServerResponse | Http2ServerResponse,
) => void | Promise<void>;

export interface ListenOptions {
  /** Interface to bind. Default "127.0.0.1". */
  host?: string;
  /** Port to bind; 0 picks a free one. Default 0. */
  port?: number;
  /** PEM certificate and key: serve HTTPS (h2 and http/1.1 via ALPN) instead of cleartext. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Deadlines and caps; each one not given keeps its default (`DEFAULT_CONNECTION_LIMITS`). */
  limits?: Partial<ConnectionLimits>;
}

export interface RunningServer {
  /** Base URL clients use, e.g. "http://localhost:8787" for a loopback or wildcard host (see `clientUrl`). */
  readonly url: string;
  readonly port: number;
  /** True once `drain` or `close` has begun: no new connection is accepted. */
  readonly draining: boolean;
  /**
   * Stops accepting connections, closes idle ones (HTTP/2 sessions get GOAWAY), lets requests in flight finish, and
   * after `graceMs` destroys whatever is still open. Resolves once the port is released: true when every connection
   * closed within the grace period. Calling it again returns the same promise.
   */
  drain(graceMs: number): Promise<boolean>;
  /**
   * Stops accepting connections and destroys open ones (keep-alive, HTTP/2 sessions, in-flight requests); resolves
   * once the port is released. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

export async function listen(listener: RequestListener, options: ListenOptions = {}): Promise<RunningServer> {
  const { host = "127.0.0.1", port = 0, tls } = options;
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const registry = new ConnectionRegistry(limits.maxConnections);
  const http1 = createHttp1Server(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestReadTimeoutMs,
      keepAliveTimeout: limits.idleTimeoutMs,
      connectionsCheckingInterval: checkingInterval(limits),
    },
    listener,
  );
  // Node enforces headersTimeout and requestTimeout from an interval it starts when a server starts listening. This
  // server never listens (connections are handed to it), so tell it that it does.
  http1.emit("listening");
  const http2 = createHttp2Server(
    {
      settings: { maxConcurrentStreams: limits.http2MaxConcurrentStreams },
      maxSessionMemory: limits.http2MaxSessionMemoryMib,
    },
    listener,
  );

  const http1Connections = new WeakMap<object, Http1Connection>();
  http1.on("request", (request: IncomingMessage, response: ServerResponse) => {
    http1Connections.get(request.socket)?.started(response);
  });
  // With a listener here, Node no longer destroys a socket whose timeout fires (_http_server.js, socketOnTimeout):
  // the connection decides, for its own stall timer and for Node's keep-alive timer alike.
  http1.on("timeout", (socket: Socket) => http1Connections.get(socket)?.timedOut());
  // An HTTP/2 server emits "session" synchronously inside its "connection" event, so the connection being handed
  // over is known there.
  let handedOver: TrackedConnection | undefined;
  http2.on("session", (session: ServerHttp2Session) => {
    if (handedOver) serveHttp2(session, handedOver, limits);
    else session.destroy();
  });

  const handOver = (socket: Socket, protocol: "h2" | "http/1.1", connection: TrackedConnection): void => {
    if (protocol === "h2") {
      handedOver = connection;
      try {
        http2.emit("connection", socket);
      } finally {
        handedOver = undefined;
      }
    } else {
      http1Connections.set(socket, serveHttp1(socket, connection, limits.sendStallTimeoutMs));
      http1.emit("connection", socket);
    }
  };

  const tlsServer = tls
    ? createTlsServer({
        cert: tls.cert,
        key: tls.key,
        ALPNProtocols: ["h2", "http/1.1"],
        handshakeTimeout: limits.handshakeTimeoutMs,
      })
    : undefined;
  // A handshake that fails or times out only reports it; the socket must still be closed.
  tlsServer?.on("tlsClientError", (_error: Error, socket: TLSSocket) => socket.destroy());
  // The TLS server makes its own socket over ours; the peer's address and port pair them up again.
  const handshaking = new Map<string, TrackedConnection>();
  tlsServer?.on("secureConnection", (secure: TLSSocket) => {
    const key = endpointKey(secure);
    const connection = handshaking.get(key);
    handshaking.delete(key);
    if (!connection) return void secure.destroy();
    const raw = connection.socket;
    secure.once("close", () => raw.destroy());
    connection.destroy = () => {
      secure.destroy();
      raw.destroy();
    };
    handOver(secure, secure.alpnProtocol === "h2" ? "h2" : "http/1.1", connection);
  });

  const server = createTcpServer((socket) => {
    // A client may reset before a protocol server has taken the socket; that must not crash the process.
    socket.on("error", () => socket.destroy());
    const connection = registry.admit(socket);
    if (!connection) return;
    if (tlsServer) {
      const key = endpointKey(socket);
      handshaking.set(key, connection);
      socket.once("close", () => handshaking.delete(key));
      tlsServer.emit("connection", socket);
    } else {
      routeCleartext(socket, connection, limits.handshakeTimeoutMs, handOver);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Accept errors (EMFILE when file descriptors run out) leave the server listening; they must not crash it.
  server.on("error", () => {});
  const boundPort = (server.address() as AddressInfo).port;

  let released: Promise<void> | undefined;
  const stopAccepting = (): Promise<void> =>
    (released ??= new Promise<void>((resolve, reject) => {
      server.close((error) => {
        http1.close();
        if (error) reject(error);
        else resolve();
      });
    }));
  let draining: Promise<boolean> | undefined;
  let closing: Promise<void> | undefined;

  return {
    url: clientUrl(tls ? "https" : "http", host, boundPort),
    port: boundPort,
    get draining() {
      return released !== undefined;
    },
    drain: (graceMs) =>
      (draining ??= (async () => {
        const portReleased = stopAccepting();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const inTime = await Promise.race([
          registry.drain().then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), graceMs);
          }),
        ]);
        clearTimeout(timer);
        if (!inTime) registry.destroyAll();
        await portReleased;
        return inTime;
      })()),
    close: () =>
      (closing ??= (async () => {
        const portReleased = stopAccepting();
        registry.destroyAll();
        await portReleased;
      })()),
  };
}

/**
 * Reads until the first bytes tell the protocol, then hands the connection, bytes and all, to its server. A
 * connection that has not told within `timeoutMs` (silent, or a partial HTTP/2 preface) is closed.
 */
function routeCleartext(
  socket: Socket,
  connection: TrackedConnection,
  timeoutMs: number,
  handOver: (socket: Socket, protocol: "h2" | "http/1.1", connection: TrackedConnection) => void,
): void {
  const deadline = setTimeout(() => socket.destroy(), timeoutMs);
  socket.once("close", () => clearTimeout(deadline));
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const protocol = detectProtocol(head);
    if (protocol === undefined) return;
    clearTimeout(deadline);
    socket.off("data", onData);
    // An HTTP/2 session takes the bytes put back from the socket's buffer: Node's `Http2Session` constructor
    // "emulates receiving" whatever `socket.readableLength` holds (lib/internal/http2/core.js, nodejs/node#35475).
    // Paused, so they wait there for it instead of being emitted to nobody. The HTTP/1.1 server reads them through
    // its own "data" listener, which needs the socket left flowing.
    if (protocol === "h2") socket.pause();
    socket.unshift(head);
    handOver(socket, protocol, connection);
  };
  socket.on("data", onData);
}

interface Http1Connection {
  /** A request has arrived; `response` is its answer. */
  started(response: ServerResponse): void;
  /** The socket's timeout fired: ours (`sendStallTimeoutMs`, set for each answer) or Node's keep-alive one. */
  timedOut(): void;
}

/**
 * Counts an HTTP/1.1 connection's requests in flight; when it must go away, an idle connection is ended and a busy
 * one answers `Connection: close` (Node then ends it after the answer). An answer whose headers are out and that sends
 * nothing for `sendStallTimeoutMs` closes the connection; so does Node's keep-alive timeout on an idle one.
 */
function serveHttp1(socket: Socket, connection: TrackedConnection, sendStallTimeoutMs: number): Http1Connection {
  let latest: ServerResponse | undefined;
  let closing = false;
  connection.goAway = () => {
    closing = true;
    if (!connection.busy) socket.end();
    else if (latest && !latest.headersSent) latest.setHeader("connection", "close");
  };
  return {
    started(response) {
      latest = response;
      connection.requestStarted();
      if (closing) response.setHeader("connection", "close");
      response.once("close", () => connection.requestFinished());
      // A socket's timer restarts with every byte read or written, so it fires only once nothing has moved for this
      // long. Node replaces it with its keep-alive timer once the answer is flushed, and clears that one for the next
      // request (before "request" is emitted), so each answer sets it anew.
      socket.setTimeout(sendStallTimeoutMs);
    },
    timedOut() {
      // Waiting on the upstream is bounded by the upstream deadline, not here; a body still arriving, by Node's
      // requestTimeout.
      const waitingForAnswer = latest !== undefined && !latest.headersSent && !latest.writableFinished;
      if (waitingForAnswer) return;
      if (latest?.headersSent && !latest.writableFinished) {
        // A stalled answer: reset the TCP connection so the kernel drops what it still holds for this client too,
        // rather than keep trying to deliver it after the close.
        connection.socket.resetAndDestroy();
      }
      socket.destroy();
    },
  };
}

/**
 * Counts a session's streams in flight, gives each stream `requestReadTimeoutMs` to deliver its whole body (then cancels
 * it), cancels a stream whose answer has begun and sends nothing for `sendStallTimeoutMs`, and closes the session with
 * GOAWAY once it has had no stream for `idleTimeoutMs` or must go away. A stream whose body has arrived and that
 * waits for its answer is never cut off here.
 */
function serveHttp2(session: ServerHttp2Session, connection: TrackedConnection, limits: ConnectionLimits): void {
  const raw = connection.socket;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const goAway = (): void => {
    clearTimeout(idle);
    if (!session.closed && !session.destroyed) session.close();
  };
  const armIdle = (): void => {
    clearTimeout(idle);
    idle = setTimeout(goAway, limits.idleTimeoutMs);
  };
  const previousDestroy = connection.destroy;
  connection.goAway = goAway;
  connection.destroy = () => {
    session.destroy();
    previousDestroy();
  };
  session.once("close", () => {
    clearTimeout(idle);
    raw.destroy();
  });
  session.on("stream", (stream: ServerHttp2Stream) => {
    clearTimeout(idle);
    connection.requestStarted();
    const bodyDeadline = stream.endAfterHeaders
      ? undefined
      : setTimeout(() => {
          if (!stream.destroyed && !stream.state.remoteClose) stream.close(http2Constants.NGHTTP2_CANCEL);
        }, limits.requestReadTimeoutMs);
    // Node restarts a stream's timer whenever one of its frames is sent or received (and a write stuck behind a full
    // flow-control window sends nothing), so it fires once nothing has moved for this long. Before the answer's
    // headers, that is the wait on the upstream: not cut off here. The timer fires again after the next frame.
    stream.setTimeout(limits.sendStallTimeoutMs);
    stream.on("timeout", () => {
      if (stream.headersSent && !stream.closed) stream.close(http2Constants.NGHTTP2_CANCEL);
    });
    stream.once("close", () => {
      clearTimeout(bodyDeadline);
      connection.requestFinished();
      if (!connection.busy && !session.closed) armIdle();
    });
  });
  armIdle();
}

/** How often Node checks HTTP/1.1 header and request deadlines: often enough to keep them within a quarter. */
function checkingInterval(limits: ConnectionLimits): number {
  return Math.max(25, Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestReadTimeoutMs) / 4)));
}

function endpointKey(socket: Socket): string {
  return `${socket.remoteAddress}|${socket.remotePort}`;
}


/**
 * Serves one request listener on one port over HTTP/1.1 and HTTP/2: cleartext HTTP/2 with prior knowledge (h2c, what
 * the AWS SDK's default Node handler speaks) beside HTTP/1.1, or, given a certificate, TLS with ALPN choosing `h2` or
 * `http/1.1`.
 *
 * A cleartext connection's first bytes decide its protocol (see `detectProtocol`). HTTP/1.1 connections go to a
 * `node:http` server with the peeked bytes put back; HTTP/2 ones go to a `node:http2` server through a
 * `ReplaySocket`, because an HTTP/2 session would not see bytes already read in JavaScript.
 *
 * The listener gets Node's compatibility objects: `IncomingMessage`/`ServerResponse` over HTTP/1.1,
 * `Http2ServerRequest`/`Http2ServerResponse` over HTTP/2, as `getRequestListener(app.fetch)` from
 * `@hono/node-server` expects.
 *
 * @example
 * import { getRequestListener } from "@hono/node-server";
 * const server = await listen(getRequestListener(app.fetch), { host: "127.0.0.1", port: 8787 });
 * console.log(server.url); // "http://127.0.0.1:8787"
 * await server.close(); // stops accepting and ends every open connection, in-flight requests included
 */
import type { EventEmitter } from "node:events";
import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from "node:http";
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from "node:http2";
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import { detectProtocol } from "./detect-protocol.js";
import { ReplaySocket } from "./replay-socket.js";

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
}

export interface RunningServer {
  /** Base URL clients use, e.g. "http://127.0.0.1:8787" (a wildcard host is shown as loopback). */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections and destroys open ones (keep-alive, HTTP/2 sessions, in-flight requests); resolves
   * once the port is released. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

export async function listen(listener: RequestListener, options: ListenOptions = {}): Promise<RunningServer> {
  const { host = "127.0.0.1", port = 0, tls } = options;
  const http1 = createHttp1Server(listener);
  const http2 = createHttp2Server(listener);
  const sockets = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  http2.on("session", (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    revealPeerAddress(session);
  });

  const server: Server = tls
    ? createTlsServer({ cert: tls.cert, key: tls.key, ALPNProtocols: ["h2", "http/1.1"] }, (socket: TLSSocket) =>
        (socket.alpnProtocol === "h2" ? http2 : http1).emit("connection", socket),
      )
    : createTcpServer((socket) => routeCleartext(socket, http1, http2));
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    // A client may reset before a protocol server has taken the socket; that must not crash the process.
    socket.on("error", () => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const boundPort = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `${tls ? "https" : "http"}://${urlHost(host)}:${boundPort}`,
    port: boundPort,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
      })),
  };
}

/** Reads until the first bytes tell the protocol, then hands the connection, bytes and all, to its server. */
function routeCleartext(socket: Socket, http1: EventEmitter, http2: EventEmitter): void {
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const protocol = detectProtocol(head);
    if (protocol === undefined) return;
    socket.off("data", onData);
    if (protocol === "h2") {
      // Node's HTTP/2 session turns Nagle's algorithm off on sockets it owns, but cannot reach through the wrapper;
      // left on, small frames such as WINDOW_UPDATE wait for delayed ACKs and large bodies crawl.
      socket.setNoDelay(true);
      http2.emit("connection", new ReplaySocket(socket, head));
    } else {
      socket.unshift(head);
      http1.emit("connection", socket);
    }
  };
  socket.on("data", onData);
}

/**
 * Node wraps a `ReplaySocket` in an internal socket whose `remoteAddress` is empty, because it has no OS handle to ask.
 * That socket answers from its cached `_peername` when it has no handle, so seed that cache with the real peer, letting
 * `request.socket.remoteAddress` work over h2c as it does over HTTP/1.1 and TLS.
 */
function revealPeerAddress(session: ServerHttp2Session): void {
  const wrapper = session.socket as Socket & { stream?: unknown; _peername?: object };
  const { stream } = wrapper;
  if (!(stream instanceof ReplaySocket) || wrapper.remoteAddress !== undefined) return;
  wrapper._peername = { address: stream.remoteAddress, port: stream.remotePort, family: stream.remoteFamily };
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

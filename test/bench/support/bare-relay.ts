/**
 * The floor of any proxy, for `proxy-overhead.ts` to measure beside the real one: an HTTP/2 (h2c) relay that does
 * nothing but pass each request and its answer through one more Node process. No signature check, no key, no
 * validation, no log line; the client's headers go upstream as they came (`:authority` included, so a request signed
 * for the relay still verifies upstream), and each body is piped with Node's own backpressure. Whatever the real proxy
 * adds beyond this relay is its own work; what this relay adds is the cost of a hop on this machine.
 *
 * Run: `RELAY_UPSTREAM=http://127.0.0.1:PORT node --import tsx test/bench/support/bare-relay.ts`; prints
 * `relay on http://127.0.0.1:PORT` once listening.
 */
import {
  type ClientHttp2Session,
  connect,
  constants,
  createServer,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from "node:http2";

const upstreamUrl = process.env["RELAY_UPSTREAM"];
if (!upstreamUrl) throw new Error("RELAY_UPSTREAM must name the upstream, e.g. http://127.0.0.1:8790");

/**
 * Upstream as the proxy goes upstream (proxy/backends/bedrock.ts): HTTP/2 connections reused, at most 8 answers in
 * flight on each (so no connection queues more than ~12 MB for the server to send), 2 MiB receive windows a stream.
 */
const STREAMS_PER_CONNECTION = 8;
const WINDOW = 2 * 1024 * 1024;
const sessions: { session: ClientHttp2Session; active: number }[] = [];

function upstreamSession(): { session: ClientHttp2Session; active: number } {
  const free = sessions.find((entry) => entry.active < STREAMS_PER_CONNECTION && !entry.session.destroyed);
  if (free) return free;
  const entry = { session: connect(upstreamUrl!, { settings: { initialWindowSize: WINDOW } }), active: 0 };
  entry.session.on("error", () => {});
  entry.session.once("close", () => sessions.splice(sessions.indexOf(entry), 1));
  sessions.push(entry);
  return entry;
}

/** HTTP/2 connection-specific headers may not be forwarded as they are; everything else is. */
function forwardable(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === ":status" || name === "connection" || name === "keep-alive") continue;
    out[name] = value;
  }
  return out;
}

const server = createServer({ settings: { maxConcurrentStreams: 1000 } });
server.on("stream", (stream, headers) => {
  const upstream = upstreamSession();
  upstream.active++;
  const outbound = upstream.session.request(forwardable(headers));
  outbound.once("close", () => upstream.active--);
  stream.pipe(outbound);
  outbound.on("response", (answer) => {
    if (stream.destroyed) return;
    stream.respond({ ...forwardable(answer), ":status": answer[":status"] });
    outbound.pipe(stream);
  });
  outbound.on("error", () => stream.close(constants.NGHTTP2_INTERNAL_ERROR));
  stream.on("error", () => {});
  stream.on("close", () => {
    if (!outbound.destroyed) outbound.close(constants.NGHTTP2_CANCEL);
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(`relay on http://127.0.0.1:${address.port}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const { session } of sessions) session.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1_000);
  });
}

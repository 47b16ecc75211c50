/**
 * A fetch that speaks HTTP/2 the way a browser does to an HTTPS site offering h2: one connection per origin, every
 * request a stream on it, the host sent as `:authority` (never `host`). Node's own fetch speaks only HTTP/1.1, so
 * tests and benchmarks that run the UI's code in Node use this to reach the proxy as the plugin does in Figma.
 * `https:` origins trust `ca` (the test certificate); `http:` origins use h2c.
 *
 * @example
 * const h2 = createHttp2Fetch({ ca: await readFile("test/support/tls/localhost-cert.pem") });
 * const response = await h2.fetch(`${proxy.url}/healthz`);
 * await h2.close();
 */
import http2 from "node:http2";

export interface Http2Fetch {
  fetch: typeof fetch;
  /** Streams opened so far, over every session. */
  readonly streams: number;
  /** Sessions (connections) opened so far. */
  readonly sessions: number;
  close(): Promise<void>;
}

export function createHttp2Fetch(options: { ca?: string | Buffer } = {}): Http2Fetch {
  const open = new Map<string, http2.ClientHttp2Session>();
  let streams = 0;
  let sessions = 0;

  const sessionFor = (origin: string): http2.ClientHttp2Session => {
    const existing = open.get(origin);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const session = http2.connect(origin, { ca: options.ca });
    sessions++;
    // A session's errors also end its streams, and those reject their own fetches.
    session.on("error", () => {});
    session.once("close", () => {
      if (open.get(origin) === session) open.delete(origin);
    });
    open.set(origin, session);
    return session;
  };

  const fetchOverHttp2 = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const method = init.method ?? "GET";
    const headers: http2.OutgoingHttpHeaders = { ":method": method, ":path": url.pathname + url.search };
    new Headers(init.headers).forEach((value, name) => {
      if (name !== "host") headers[name] = value;
    });
    const { signal } = init;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException("The operation was aborted.", "AbortError"));
      const stream = sessionFor(url.origin).request(headers);
      streams++;
      const onAbort = () => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(new DOMException("The operation was aborted.", "AbortError"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const chunks: Buffer[] = [];
      let status = 0;
      const responseHeaders = new Headers();
      stream.on("response", (received) => {
        status = Number(received[":status"]);
        for (const [name, value] of Object.entries(received)) {
          if (!name.startsWith(":") && value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : String(value));
        }
      });
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        const body = status === 204 || status === 304 || method === "HEAD" ? null : Buffer.concat(chunks);
        resolve(new Response(body, { status, headers: responseHeaders }));
      });
      stream.on("error", (error) => {
        signal?.removeEventListener("abort", onAbort);
        reject(new TypeError("fetch failed", { cause: error }));
      });
      stream.end(typeof init.body === "string" ? init.body : undefined);
    });
  };

  return {
    fetch: fetchOverHttp2 as typeof fetch,
    get streams() {
      return streams;
    },
    get sessions() {
      return sessions;
    },
    async close() {
      await Promise.all([...open.values()].map((session) => new Promise<void>((resolve) => session.close(() => resolve()))));
    },
  };
}

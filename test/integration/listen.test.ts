/**
 * `listen` serves HTTP/1.1 and HTTP/2 on one port, cleartext and TLS, holds every connection to its deadlines and
 * caps, and closes promptly or drains: exercised with Node's own HTTP/1.1 and HTTP/2 clients and raw sockets. The
 * deadline tests configure 300 ms deadlines rather than waiting for the defaults.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as http1Request, Agent } from "node:http";
import { connect as http2Connect, constants as h2constants, type ClientHttp2Session, type IncomingHttpHeaders } from "node:http2";
import { request as httpsRequest } from "node:https";
import { connect as tcpConnect, type Socket } from "node:net";
import { Duplex, Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterEach, describe, expect, it } from "vitest";
import { listen, type RequestListener, type RunningServer } from "../../proxy/server/listen.js";

const tlsDir = new URL("../support/tls/", import.meta.url);
const cert = readFileSync(new URL("localhost-cert.pem", tlsDir));
const key = readFileSync(new URL("localhost-key.pem", tlsDir));

interface Echo {
  httpVersion: string;
  method: string;
  url: string;
  bodyLength: number;
  bodySha256: string;
  remoteAddress: string | undefined;
}

/**
 * Echoes what it received; `/bytes/N` answers N bytes, written as the client takes them, `/late/N` the same after
 * 600 ms, `/blob/N` all at once (queued whatever the client reads); `/wait/N` answers after N ms;
 * `/drip/N` answers N chunks of 1 kB, 100 ms apart; `/hang` never answers and tells `hanging` it got there. Each
 * answer that closes before it was sent whole is reported to `cutOff` with its URL.
 */
function testListener(hanging: (url: string) => void = () => {}, cutOff: (url: string) => void = () => {}): RequestListener {
  return (request, response) => {
    const url = request.url ?? "";
    const answer = response as Writable;
    response.once("close", () => {
      if (!answer.writableFinished) cutOff(url);
    });
    const hash = createHash("sha256");
    let bodyLength = 0;
    request.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      bodyLength += chunk.length;
    });
    request.on("end", () => {
      if (url === "/hang") return hanging(url);
      const sized = /^\/bytes\/(\d+)$/.exec(url);
      if (sized) return void pipeline(Readable.from(chunksOf(Number(sized[1]), 64 * 1024)), answer).catch(() => {});
      const blob = /^\/blob\/(\d+)$/.exec(url);
      if (blob) return void answer.end(Buffer.alloc(Number(blob[1]), 7));
      const late = /^\/late\/(\d+)$/.exec(url);
      if (late) {
        const send = () => void pipeline(Readable.from(chunksOf(Number(late[1]), 64 * 1024)), answer).catch(() => {});
        return void setTimeout(send, 600);
      }
      const waited = /^\/wait\/(\d+)$/.exec(url);
      if (waited) return void setTimeout(() => response.end(`waited ${bodyLength}`), Number(waited[1]));
      const drip = /^\/drip\/(\d+)$/.exec(url);
      if (drip) {
        const chunks = chunksOf(Number(drip[1]) * 1024, 1024);
        const timer = setInterval(() => {
          const next = chunks.next();
          if (next.done) {
            clearInterval(timer);
            answer.end();
          } else answer.write(next.value);
        }, 100);
        return void response.once("close", () => clearInterval(timer));
      }
      const echo: Echo = {
        httpVersion: request.httpVersion,
        method: request.method ?? "",
        url,
        bodyLength,
        bodySha256: hash.digest("hex"),
        remoteAddress: request.socket.remoteAddress,
      };
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(echo));
    });
  };
}

function* chunksOf(total: number, size: number): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += size) yield Buffer.alloc(Math.min(size, total - sent), 7);
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function h2Request(session: ClientHttp2Session, path: string, body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ":method": body ? "POST" : "GET", ":path": path });
    const chunks: Buffer[] = [];
    let headers: IncomingHttpHeaders | undefined;
    stream.on("response", (received) => (headers = received));
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("close", () => {
      if (!headers) return reject(new Error(`stream closed without an answer (code ${stream.rstCode})`));
      resolve({ status: Number(headers[":status"]), headers, body: Buffer.concat(chunks) });
    });
    stream.on("error", reject);
    stream.end(body);
  });
}

function h1Request(url: string, options: { body?: Buffer; agent?: Agent; ca?: Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith("https:") ? httpsRequest : http1Request;
    const request = send(url, { method: options.body ? "POST" : "GET", agent: options.agent, ca: options.ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");
const parseEcho = (reply: Reply): Echo => JSON.parse(reply.body.toString("utf8")) as Echo;

let server: RunningServer | undefined;
const sessions: ClientHttp2Session[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.destroy();
  await server?.close();
  server = undefined;
});

function openSession(url: string, ca?: Buffer): ClientHttp2Session {
  const session = http2Connect(url, ca ? { ca } : {});
  session.on("error", () => {});
  sessions.push(session);
  return session;
}

describe("listen, cleartext", () => {
  it("serves HTTP/1.1 and HTTP/2 with prior knowledge on the same port", async () => {
    server = await listen(testListener());
    const body = Buffer.from(JSON.stringify({ prompt: "a lighthouse" }));

    const overHttp1 = parseEcho(await h1Request(`${server.url}/model/a%3A0/invoke?x=1`, { body }));
    const overHttp2 = parseEcho(await h2Request(openSession(server.url), "/model/a%3A0/invoke?x=1", body));

    for (const [echo, version] of [[overHttp1, "1.1"], [overHttp2, "2.0"]] as const) {
      expect(echo).toEqual({
        httpVersion: version,
        method: "POST",
        url: "/model/a%3A0/invoke?x=1",
        bodyLength: body.length,
        bodySha256: sha256(body),
        remoteAddress: "127.0.0.1",
      });
    }
    expect(server.url).toBe(`http://localhost:${server.port}`);
  });

  it("relays large bodies both ways and concurrent streams over one HTTP/2 session", async () => {
    server = await listen(testListener());
    const session = openSession(server.url);
    const upload = Buffer.alloc(3 * 1024 * 1024, 1);

    const [echo, download, ...others] = await Promise.all([
      h2Request(session, "/upload", upload).then(parseEcho),
      h2Request(session, `/bytes/${4 * 1024 * 1024}`),
      ...Array.from({ length: 8 }, (_, index) => h2Request(session, `/stream/${index}`).then(parseEcho)),
    ]);

    expect(echo.bodyLength).toBe(upload.length);
    expect(echo.bodySha256).toBe(sha256(upload));
    expect(download.body.length).toBe(4 * 1024 * 1024);
    expect(others.map((other) => other.url)).toEqual(Array.from({ length: 8 }, (_, index) => `/stream/${index}`));
  });

  it("serves an HTTP/2 session whose preface arrives in pieces, the bytes read to tell the protocol included", async () => {
    server = await listen(testListener());
    // The client's first write (preface, SETTINGS, HEADERS, DATA) reaches the server in three TCP writes 20 ms apart,
    // so the server decides on the second piece and must hand every byte it read on to the HTTP/2 session.
    const socket = tcpConnect(server.port, "127.0.0.1");
    socket.setNoDelay(true);
    let first = true;
    const splitting = new Duplex({
      read() {
        socket.resume();
      },
      write(chunk: Buffer, _encoding, callback) {
        if (!first) return void socket.write(chunk, callback);
        first = false;
        const pieces = [chunk.subarray(0, 5), chunk.subarray(5, 30), chunk.subarray(30)];
        void (async () => {
          for (const piece of pieces) {
            await new Promise<void>((resolve) => socket.write(piece, () => resolve()));
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          callback();
        })();
      },
      final(callback) {
        socket.end(callback);
      },
    });
    socket.on("data", (chunk: Buffer) => {
      if (!splitting.push(chunk)) socket.pause();
    });
    socket.on("end", () => splitting.push(null));
    const session = http2Connect(server.url, { createConnection: () => splitting });
    session.on("error", () => {});
    sessions.push(session);
    const body = Buffer.from("a body that travels with the preface");

    const echo = parseEcho(await h2Request(session, "/split", body));
    const second = parseEcho(await h2Request(session, "/after"));

    expect(echo).toMatchObject({ httpVersion: "2.0", url: "/split", bodyLength: body.length, bodySha256: sha256(body) });
    expect(second).toMatchObject({ httpVersion: "2.0", url: "/after", bodyLength: 0 });
    socket.destroy();
  });

  it("keeps reading an HTTP/1.1 request that arrives one byte at a time", async () => {
    server = await listen(testListener());
    const socket = tcpConnect(server.port, "127.0.0.1");
    socket.setNoDelay(true);
    const raw = "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
    const reply = new Promise<string>((resolve, reject) => {
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    for (const character of raw) {
      await new Promise<void>((resolve) => socket.write(character, () => resolve()));
    }

    const text = await reply;
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(JSON.parse(text.slice(text.indexOf("{")))).toMatchObject({ url: "/slow", bodyLength: 5 });
  });
});

describe("listen, TLS", () => {
  it("negotiates h2 and http/1.1 by ALPN", async () => {
    server = await listen(testListener(), { host: "127.0.0.1", tls: { cert, key } });
    expect(server.url).toBe(`https://localhost:${server.port}`);

    const overHttp2 = parseEcho(await h2Request(openSession(server.url, cert), "/tls", Buffer.from("x")));
    const overHttp1 = parseEcho(await h1Request(`${server.url}/tls`, { body: Buffer.from("x"), ca: cert }));

    expect(overHttp2).toMatchObject({ httpVersion: "2.0", url: "/tls", bodyLength: 1 });
    expect(overHttp1).toMatchObject({ httpVersion: "1.1", url: "/tls", bodyLength: 1 });
  });
});

describe("RunningServer.close", () => {
  it("ends keep-alive connections, HTTP/2 sessions and requests still waiting for an answer", async () => {
    let reachedHang!: () => void;
    const hangReached = new Promise<void>((resolve) => (reachedHang = resolve));
    server = await listen(testListener(() => reachedHang()));
    const agent = new Agent({ keepAlive: true });
    await h1Request(`${server.url}/idle`, { agent });
    const keptAlive = Object.values(agent.freeSockets).flat()[0];
    expect(keptAlive).toBeDefined();
    const keptAliveClosed = new Promise<void>((resolve) => keptAlive!.once("close", () => resolve()));
    const session = openSession(server.url);
    await h2Request(session, "/first");
    const sessionClosed = new Promise<void>((resolve) => session.once("close", resolve));
    const hanging = h2Request(session, "/hang");
    await hangReached;

    await server.close();
    server = undefined;

    await expect(hanging).rejects.toThrow();
    await Promise.all([sessionClosed, keptAliveClosed]);
    agent.destroy();
  });
});

describe("listen, deadlines", () => {
  const short = { handshakeTimeoutMs: 300, headersTimeoutMs: 300, requestReadTimeoutMs: 300, idleTimeoutMs: 300, sendStallTimeoutMs: 300 };
  const openSockets: Socket[] = [];
  afterEach(() => {
    for (const socket of openSockets.splice(0)) socket.destroy();
  });

  /** A raw connection that sends `bytes`, and resolves with what came back once the server closes it. */
  function rawConnection(port: number, bytes = ""): Promise<string> {
    const socket = tcpConnect(port, "127.0.0.1");
    openSockets.push(socket);
    socket.on("error", () => {});
    if (bytes) socket.write(bytes);
    return new Promise((resolve) => {
      let received = "";
      socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
      socket.once("close", () => resolve(received));
    });
  }

  it("closes a silent connection and a partial HTTP/2 preface once the handshake deadline passes", { timeout: 5_000 }, async () => {
    server = await listen(testListener(), { limits: short });
    await Promise.all([rawConnection(server.port), rawConnection(server.port, "PRI * HTTP/2.0\r\n\r\n")]);
  });

  it("answers 408 and closes HTTP/1.1 whose headers or body never finish", { timeout: 5_000 }, async () => {
    server = await listen(testListener(), { limits: short });
    const [unfinishedHeaders, missingBody] = await Promise.all([
      rawConnection(server.port, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Len"),
      rawConnection(server.port, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"),
    ]);
    expect(unfinishedHeaders).toMatch(/^HTTP\/1\.1 408 /);
    expect(missingBody).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("cancels an HTTP/2 stream whose body never finishes, and closes the session once idle", { timeout: 5_000 }, async () => {
    server = await listen(testListener(), { limits: short });
    const session = openSession(server.url);
    const sessionClosed = new Promise<void>((resolve) => session.once("close", resolve));
    const stream = session.request({ ":method": "POST", ":path": "/x", "content-length": "10" });
    stream.on("error", () => {});
    stream.write("abc");
    const rstCode = await new Promise<number>((resolve) => stream.once("close", () => resolve(stream.rstCode ?? -1)));

    expect(rstCode).toBe(h2constants.NGHTTP2_CANCEL);
    await sessionClosed;
  });

  it("closes an idle HTTP/1.1 keep-alive connection", { timeout: 5_000 }, async () => {
    server = await listen(testListener(), { limits: short });
    const received = await rawConnection(server.port, "GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*keep-alive/i);
  });

  it("closes a TLS connection that never starts its handshake", { timeout: 5_000 }, async () => {
    server = await listen(testListener(), { tls: { cert, key }, limits: short });
    await rawConnection(server.port);
  });

  it("never cuts off a request whose body has arrived and that waits for its answer", async () => {
    server = await listen(testListener(), { limits: short });
    const body = Buffer.from("0123456789");

    const [overHttp1, overHttp2] = await Promise.all([
      h1Request(`${server.url}/wait/1500`, { body }),
      h2Request(openSession(server.url), "/wait/1500", body),
    ]);

    expect([overHttp1.body.toString(), overHttp2.body.toString()]).toEqual(["waited 10", "waited 10"]);
  });

  // More than loopback's socket buffers and an HTTP/2 window can hold, so a client that stops reading stalls the answer.
  const unreadable = `/bytes/${64 * 1024 * 1024}`;
  // The same, begun after twice the stall deadline: the deadline's timer has fired once, ignored, while it waited.
  const lateUnreadable = `/late/${64 * 1024 * 1024}`;

  it("cancels an HTTP/2 answer whose client stopped reading, and keeps the session for other streams", { timeout: 5_000 }, async () => {
    const cutOff: string[] = [];
    server = await listen(testListener(undefined, (url) => cutOff.push(url)), { limits: short });
    const session = openSession(server.url);
    const readThenStop = (path: string) => {
      const stream = session.request({ ":method": "GET", ":path": path });
      stream.on("error", () => {});
      let received = 0;
      stream.once("data", (chunk: Buffer) => {
        received = chunk.length;
        stream.pause();
      });
      return new Promise<{ rstCode: number | undefined; received: number }>((resolve) =>
        stream.once("close", () => resolve({ rstCode: stream.rstCode, received })),
      );
    };

    const outcomes = await Promise.all([readThenStop(unreadable), readThenStop(lateUnreadable)]);

    for (const { rstCode, received } of outcomes) {
      expect(rstCode).toBe(h2constants.NGHTTP2_CANCEL);
      expect(received).toBeGreaterThan(0);
    }
    expect(cutOff.sort()).toEqual([unreadable, lateUnreadable]);
    await expect(h2Request(session, "/after")).resolves.toMatchObject({ status: 200 });
  });

  it("resets an HTTP/1.1 connection whose client stopped reading an answer begun late, on its second request", { timeout: 5_000 }, async () => {
    let serverLetGo!: () => void;
    const cutOff = new Promise<void>((resolve) => (serverLetGo = resolve));
    // Node's agent does not keep a connection whose Keep-Alive hint is under a second; this test needs it kept.
    const limits = { ...short, idleTimeoutMs: 5_000 };
    server = await listen(testListener(undefined, (url) => url === lateUnreadable && serverLetGo()), { limits });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await h1Request(`${server.url}/first`, { agent });
      const outcome = await new Promise<{ reused: boolean; complete: boolean }>((resolve, reject) => {
        const request = http1Request(`${server!.url}${lateUnreadable}`, { agent }, (response) => {
          response.on("error", () => {});
          response.once("close", () => resolve({ reused: request.reusedSocket, complete: response.complete }));
          response.once("data", () => {
            response.pause();
            // A paused client does not read its socket, so it learns of the reset only once it reads again.
            void cutOff.then(() => response.resume());
          });
        });
        request.on("error", reject);
        request.end();
      });

      expect(outcome).toEqual({ reused: true, complete: false });
    } finally {
      agent.destroy();
    }
  });

  it("never cuts off an answer that keeps moving, however slowly", async () => {
    server = await listen(testListener(), { limits: short });

    const [overHttp1, overHttp2] = await Promise.all([h1Request(`${server.url}/drip/8`), h2Request(openSession(server.url), "/drip/8")]);

    expect([overHttp1.body.length, overHttp2.body.length]).toEqual([8 * 1024, 8 * 1024]);
  });
});

describe("listen, caps", () => {
  it("at the connection cap, lets the oldest silent connections go so a real request is still answered", { timeout: 10_000 }, async () => {
    server = await listen(testListener(), { limits: { maxConnections: 20 } });
    const silent = Array.from({ length: 60 }, () => tcpConnect(server!.port, "127.0.0.1"));
    let closed = 0;
    for (const socket of silent) {
      socket.on("error", () => {});
      socket.once("close", () => closed++);
    }
    await Promise.all(silent.map((socket) => new Promise((resolve) => socket.once("connect", resolve))));

    try {
      const reply = await h1Request(`${server.url}/healthz`);
      expect(reply.status).toBe(200);
      await expect.poll(() => closed, { timeout: 2_000 }).toBeGreaterThanOrEqual(60 - 20 + 1);
    } finally {
      for (const socket of silent) socket.destroy();
    }
  });

  it("refuses new HTTP/2 streams while a session holds more than its memory cap", { timeout: 10_000 }, async () => {
    const open = async (limits: { http2MaxSessionMemoryMib?: number }) => {
      await server?.close();
      server = await listen(testListener(), { limits });
      const session = openSession(server.url);
      const unread = session.request({ ":method": "GET", ":path": `/blob/${8 * 1024 * 1024}` });
      unread.on("error", () => {});
      await new Promise((resolve) => unread.once("response", resolve));
      unread.pause();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return h2Request(session, "/next").then(
        (reply) => `answered ${reply.status}`,
        (error: Error) => error.message,
      );
    };

    expect(await open({ http2MaxSessionMemoryMib: 1 })).toMatch(/ENHANCE_YOUR_CALM/);
    expect(await open({})).toBe("answered 200");
  });

  it("advertises at most 100 concurrent HTTP/2 streams", async () => {
    server = await listen(testListener());
    const session = openSession(server.url);
    await h2Request(session, "/first");
    expect(session.remoteSettings.maxConcurrentStreams).toBe(100);
  });
});

describe("RunningServer.drain", () => {
  it("refuses new connections, lets requests in flight finish with GOAWAY and Connection: close, then resolves true", { timeout: 10_000 }, async () => {
    const running = await listen(testListener());
    server = running;
    const session = openSession(running.url);
    await h2Request(session, "/first");
    const goaway = new Promise<void>((resolve) => session.once("goaway", () => resolve()));
    const agent = new Agent({ keepAlive: true });
    const overHttp1 = h1Request(`${running.url}/wait/500`, { body: Buffer.from("a"), agent });
    const overHttp2 = h2Request(session, "/wait/500", Buffer.from("b"));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const drained = running.drain(5_000);
    await goaway;
    await expect(h1Request(`${running.url}/late`)).rejects.toThrow(/ECONNREFUSED/);
    const [answer1, answer2] = await Promise.all([overHttp1, overHttp2]);

    expect(answer1.body.toString()).toBe("waited 1");
    expect(answer1.headers.connection).toBe("close");
    expect(answer2.body.toString()).toBe("waited 1");
    await expect(drained).resolves.toBe(true);
    expect(running.draining).toBe(true);
    agent.destroy();
  });

  it("destroys what is still open after the grace period and resolves false", { timeout: 10_000 }, async () => {
    const running = await listen(testListener());
    server = running;
    const hanging = h2Request(openSession(running.url), "/hang", Buffer.from("x"));

    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(running.drain(300)).resolves.toBe(false);
    await expect(hanging).rejects.toThrow();
  });
});

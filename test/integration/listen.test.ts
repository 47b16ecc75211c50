/**
 * `listen` serves HTTP/1.1 and HTTP/2 on one port, cleartext and TLS, and closes promptly: exercised with Node's own
 * HTTP/1.1 and HTTP/2 clients and a raw socket.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as http1Request, Agent } from "node:http";
import { connect as http2Connect, type ClientHttp2Session, type IncomingHttpHeaders } from "node:http2";
import { request as httpsRequest } from "node:https";
import { connect as tcpConnect } from "node:net";
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

/** Echoes what it received; `/bytes/N` answers N bytes; `/hang` never answers and tells `hanging` it got there. */
function testListener(hanging: (url: string) => void = () => {}): RequestListener {
  return (request, response) => {
    const url = request.url ?? "";
    const hash = createHash("sha256");
    let bodyLength = 0;
    request.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      bodyLength += chunk.length;
    });
    request.on("end", () => {
      if (url === "/hang") return hanging(url);
      const sized = /^\/bytes\/(\d+)$/.exec(url);
      if (sized) return void response.end(Buffer.alloc(Number(sized[1]), 7));
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
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
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
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);

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

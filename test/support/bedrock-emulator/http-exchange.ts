/**
 * Small helpers over Node's HTTP/1.1 and HTTP/2 compatibility request/response objects, so the emulator handles both
 * protocols with one code path: read the body, see the headers as a signer saw them, answer, notice a client that
 * left, and reset the connection.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

export function readBody(request: AnyRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** Lower-case header names with their values; over HTTP/2 the pseudo-headers (`:authority`, ...) are included. */
export function headerMap(request: AnyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return headers;
}

export function protocolOf(request: AnyRequest): "h1" | "h2" {
  return request.httpVersionMajor === 2 ? "h2" : "h1";
}

/** False once the response was sent or its stream or connection is gone. */
export function isOpen(response: AnyResponse): boolean {
  if (response.writableEnded) return false;
  return "stream" in response ? !response.stream.destroyed : !response.destroyed;
}

/** Answers, unless the exchange is already over (then there is nobody to tell). */
export function send(response: AnyResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  if (!isOpen(response) || response.headersSent) return;
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader("content-length", String(Buffer.byteLength(body)));
  response.end(body);
}

export function sendJson(response: AnyResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(response, status, { "content-type": "application/json", ...headers }, JSON.stringify(body));
}

/**
 * Calls `onGone` if the exchange closes before the answer was sent. (Not `writableFinished`: over HTTP/2 a stream torn
 * down with its connection counts as finished.)
 */
export function onClientGone(response: AnyResponse, onGone: () => void): void {
  response.once("close", () => {
    if (!response.writableEnded) onGone();
  });
}

/**
 * Resets the TCP connection under the request. Over HTTP/2 `request.socket` is Node's proxy of the session's socket,
 * which passes `resetAndDestroy` on to the real one.
 */
export function resetConnection(request: AnyRequest): void {
  request.socket.resetAndDestroy();
}

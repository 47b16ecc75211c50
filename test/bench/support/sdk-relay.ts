/**
 * The floor the ground rules choose, for `proxy-overhead.ts` to measure beside the real proxy: an HTTP/2 (h2c) server
 * that hands each InvokeModel to the proxy's own Bedrock backend (proxy/backends/bedrock.ts: the AWS SDK as the
 * upstream client, its HTTP/2 handler tuned as in production, the answer streamed through as it arrives) and writes
 * the answer straight to the stream. No hono, no signature check, no key, no spend control, no idempotency, no log
 * line. Beside the bare relay it splits what the proxy adds: the bare relay is the cost of a hop, this relay over the
 * bare one is what going upstream through the AWS SDK costs, and the proxy over this relay is Framefill's own stack.
 *
 * Run: `AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:PORT AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…
 * node --import tsx test/bench/support/sdk-relay.ts`; prints `sdk relay on http://127.0.0.1:PORT` once listening.
 */
import { constants, createServer, type ServerHttp2Stream } from "node:http2";
import { createBedrockBackend } from "../../../proxy/backends/bedrock.js";
import type { StreamedAnswer } from "../../../proxy/backends/backend.js";

const backend = createBedrockBackend({ region: process.env["AWS_REGION"] ?? "us-west-2", timeoutMs: 60_000 });

async function readAll(stream: ServerHttp2Stream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes a web stream's chunks to the HTTP/2 stream, waiting for `drain` when its buffer is full. */
async function writeAll(source: ReadableStream<Uint8Array>, stream: ServerHttp2Stream): Promise<void> {
  const reader = source.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    if (!stream.write(next.value)) await new Promise((resolve) => stream.once("drain", resolve));
  }
  stream.end();
}

const server = createServer({ settings: { maxConcurrentStreams: 1000 } });
server.on("stream", (stream, headers) => {
  stream.on("error", () => {});
  const modelId = decodeURIComponent(/^\/model\/([^/]+)\/invoke$/.exec(String(headers[":path"]))?.[1] ?? "");
  const abort = new AbortController();
  stream.once("close", () => abort.abort());
  let streamed: StreamedAnswer | undefined;
  void (async () => {
    const request = JSON.parse((await readAll(stream)).toString("utf8")) as Record<string, unknown>;
    const output = await backend.invoke({
      modelId,
      request: request as never,
      signal: abort.signal,
      keepBody: false,
      stream: (answer) => {
        streamed = answer;
        stream.respond({ ":status": 200, "content-type": "application/json", ...(answer.byteLength === undefined ? {} : { "content-length": answer.byteLength }) });
        void writeAll(answer.body, stream).catch(() => stream.close(constants.NGHTTP2_INTERNAL_ERROR));
      },
    });
    if (!streamed) {
      const body = output.body!;
      stream.respond({ ":status": 200, "content-type": "application/json", "content-length": body.byteLength });
      stream.end(body);
    }
  })().catch((error: unknown) => {
    if (streamed || stream.destroyed) return stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    stream.respond({ ":status": 500, "content-type": "application/json" });
    stream.end(JSON.stringify({ message: (error as Error).message }));
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(`sdk relay on http://127.0.0.1:${address.port}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void backend.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1_000);
  });
}

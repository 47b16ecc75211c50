/**
 * The Amazon Bedrock backend: calls InvokeModel with `@aws-sdk/client-bedrock-runtime`, the default AWS credential
 * chain, and the SDK's own retries for throttling and 5xx. The standard `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` variable
 * points it elsewhere (tests use the Bedrock emulator). A deadline bounds each request, including retries, and ends
 * in ModelTimeoutException; a client that disconnects aborts the upstream call.
 *
 * A successful answer is streamed through as it arrives (see relay-body.ts) when the app offers `stream`: the SDK's
 * InvokeModel collects the whole body into one Uint8Array, so a middleware just inside the SDK's deserializer takes
 * a 2xx response's body stream and leaves the deserializer an empty one. Errors (non-2xx) are still read and typed
 * by the SDK, so they keep Bedrock's shape.
 */
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import { HttpResponse } from "@smithy/protocol-http";
import type { Readable } from "node:stream";
import { BedrockError, fromUpstreamError } from "../errors.js";
import type { Backend } from "./backend.js";
import { ClientGoneError } from "./backend.js";
import { readResponseSummary } from "./read-response-summary.js";
import { relayBody } from "./relay-body.js";

export interface BedrockBackendOptions {
  region: string;
  timeoutMs: number;
  /**
   * Attempts per request, the SDK's retries of throttling and 5xx included. Every client retries the proxy too, so
   * each of the proxy's attempts multiplies theirs: the default is 1 (see PROXY_UPSTREAM_MAX_ATTEMPTS).
   */
  maxAttempts?: number;
  /** For tests that need a particular client; by default one is made from the environment. */
  client?: BedrockRuntimeClient;
}

export function createBedrockBackend(options: BedrockBackendOptions): Backend {
  const client =
    options.client ??
    new BedrockRuntimeClient({ region: options.region, maxAttempts: options.maxAttempts ?? 1, requestHandler: upstreamHandler() });
  return {
    name: "bedrock",
    async invoke({ modelId, request, signal, stream, keepBody, resetAnswer }) {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const started = performance.now();
      /** What the client gets for a failure, before or during the body. */
      const failure = (error: unknown) => {
        if (signal.aborted) return new ClientGoneError("The client went away");
        if (deadline.aborted) {
          return new BedrockError(
            "ModelTimeoutException",
            `Amazon Bedrock did not answer within ${options.timeoutMs} ms. Try again, or ask your admin to raise PROXY_UPSTREAM_TIMEOUT_MS.`,
            {},
            { outcomeUnknown: true },
          );
        }
        if (error instanceof BedrockError || error instanceof ClientGoneError) return error;
        return fromUpstreamError(error);
      };
      const command = new InvokeModelCommand({
        modelId,
        body: JSON.stringify(request),
        contentType: "application/json",
        accept: "application/json",
      });
      const success = takeSuccessBody(command);
      // The client's leaving aborts the upstream call until Bedrock has answered. After that, a body kept for retries
      // is read to its end without its client (see relayBody): Bedrock has made and billed the image.
      const upstreamAbort = new AbortController();
      const leave = () => upstreamAbort.abort(signal.reason);
      if (signal.aborted) leave();
      else signal.addEventListener("abort", leave, { once: true });
      let output;
      try {
        output = await client.send(command, { abortSignal: AbortSignal.any([upstreamAbort.signal, deadline]) });
      } catch (error) {
        success.body?.destroy();
        throw failure(error);
      }
      if (keepBody) signal.removeEventListener("abort", leave);
      const upstreamLatencyMs = Math.round(performance.now() - started);
      const unreadable = () => new BedrockError("InternalServerException", "Amazon Bedrock sent a response the proxy could not read.");
      if (!success.body) {
        // A client whose handler gave the SDK bytes, not a stream: checked whole, as they came.
        const summary = readResponseSummary(output.body);
        if (!summary) throw unreadable();
        return { body: output.body, upstreamLatencyMs, ...summary };
      }
      try {
        const relayed = await relayBody(success.body, {
          holdBytes: stream ? HOLD_BYTES : Infinity,
          keep: keepBody ?? false,
          declaredLength: success.declaredLength,
          reset: resetAnswer,
        });
        if ("whole" in relayed) {
          // Checked to be Bedrock's image response before it is passed on, without parsing the image itself.
          if (!relayed.summary) throw unreadable();
          return { body: relayed.whole, upstreamLatencyMs, ...relayed.summary };
        }
        stream!({
          body: relayed.stream,
          byteLength: success.declaredLength,
          upstreamLatencyMs,
          get bytesRelayed() {
            return relayed.bytesRelayed;
          },
        });
        const { summary, body, byteLength, clientLeft } = await relayed.ended;
        return { body, byteLength, upstreamLatencyMs, ...summary, ...(clientLeft ? { clientLeft } : {}) };
      } catch (error) {
        success.body.destroy();
        throw failure(error);
      }
    },
    async close() {
      client.destroy();
    },
  };
}

/**
 * HTTP/2 towards Bedrock, tuned for answers of megabytes. The SDK's default for Bedrock Runtime opens a connection
 * per request (a TCP and TLS handshake before every image) and lets each stream receive 64 KiB before the proxy must
 * read and acknowledge it, about 25 round trips per 1.5 MB answer. Here connections are reused, up to
 * STREAMS_PER_CONNECTION images each (so one connection never queues more than ~12 MB for a server to send), and a
 * stream may receive a whole answer at once.
 */
function upstreamHandler(): NodeHttp2Handler {
  return new NodeHttp2Handler({
    disableConcurrentStreams: false,
    maxConcurrentStreams: STREAMS_PER_CONNECTION,
    nodeHttp2ConnectOptions: { settings: { initialWindowSize: STREAM_WINDOW_BYTES } },
  });
}

const STREAMS_PER_CONNECTION = 8;
const STREAM_WINDOW_BYTES = 2 * 1024 * 1024;

/** Bytes of an answer held back before it streams: a body that ends within them is checked before its status is chosen. */
const HOLD_BYTES = 64 * 1024;

/**
 * Takes a successful response's body stream away from the SDK's deserializer for this command (the SDK would collect
 * it whole), leaving it an empty body to read. Error responses pass untouched: the SDK reads them into its typed
 * exceptions. `body` is set once the command's response has arrived.
 */
function takeSuccessBody(command: InvokeModelCommand): { body?: Readable; declaredLength?: number } {
  const taken: { body?: Readable; declaredLength?: number } = {};
  const middleware = (next: (args: object) => Promise<{ response: unknown }>) => async (args: object) => {
    const result = await next(args);
    const response = result.response;
    if (HttpResponse.isInstance(response) && response.statusCode >= 200 && response.statusCode < 300 && isReadable(response.body)) {
      taken.body = response.body;
      const declared = response.headers["content-length"];
      taken.declaredLength = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
      response.body = new Uint8Array(0);
    }
    return result;
  };
  command.middlewareStack.addRelativeTo(middleware as Parameters<typeof command.middlewareStack.addRelativeTo>[0], {
    relation: "after",
    toMiddleware: "deserializerMiddleware",
    name: "framefillTakeSuccessBody",
  });
  return taken;
}

function isReadable(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.on === "function" && typeof (body as Readable).pause === "function";
}

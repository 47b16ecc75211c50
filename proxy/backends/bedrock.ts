/**
 * The Amazon Bedrock backend: calls InvokeModel with `@aws-sdk/client-bedrock-runtime`, the default AWS credential
 * chain, and the SDK's own retries for throttling and 5xx. The standard `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` variable
 * points it elsewhere (tests use the Bedrock emulator). A deadline bounds each request, including retries, and ends
 * in ModelTimeoutException; a client that disconnects aborts the upstream call.
 */
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import { BedrockError, fromUpstreamError } from "../errors.js";
import type { Backend } from "./backend.js";
import { ClientGoneError } from "./backend.js";
import { readResponseSummary } from "./read-response-summary.js";

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
    async invoke({ modelId, request, signal }) {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const started = performance.now();
      let output;
      try {
        output = await client.send(
          new InvokeModelCommand({
            modelId,
            body: JSON.stringify(request),
            contentType: "application/json",
            accept: "application/json",
          }),
          { abortSignal: AbortSignal.any([signal, deadline]) },
        );
      } catch (error) {
        if (signal.aborted) throw new ClientGoneError("The client went away");
        if (deadline.aborted) {
          throw new BedrockError(
            "ModelTimeoutException",
            `Amazon Bedrock did not answer within ${options.timeoutMs} ms. Try again, or ask your admin to raise PROXY_UPSTREAM_TIMEOUT_MS.`,
            {},
            { outcomeUnknown: true },
          );
        }
        throw fromUpstreamError(error);
      }
      const upstreamLatencyMs = Math.round(performance.now() - started);
      const body = output.body;
      // Checked to be Bedrock's image response before it is passed on, without parsing the image itself.
      const summary = readResponseSummary(body);
      if (!summary) throw new BedrockError("InternalServerException", "Amazon Bedrock sent a response the proxy could not read.");
      return { body, upstreamLatencyMs, ...summary };
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

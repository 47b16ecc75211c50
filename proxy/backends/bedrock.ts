/**
 * The Amazon Bedrock backend: calls InvokeModel with `@aws-sdk/client-bedrock-runtime`, the default AWS credential
 * chain, and the SDK's own retries for throttling and 5xx. The standard `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` variable
 * points it elsewhere (tests use the Bedrock emulator). A deadline bounds each request, including retries, and ends
 * in ModelTimeoutException; a client that disconnects aborts the upstream call.
 */
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import type { TextToImageResponse } from "../../src/contract/index.js";
import { BedrockError, fromUpstreamError } from "../errors.js";
import type { Backend } from "./backend.js";
import { ClientGoneError } from "./backend.js";

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
  const client = options.client ?? new BedrockRuntimeClient({ region: options.region, maxAttempts: options.maxAttempts ?? 1 });
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
      const parsed = readResponse(body);
      return { body, upstreamLatencyMs, ...parsed };
    },
    async close() {
      client.destroy();
    },
  };
}

/** Checks the upstream body is Bedrock's image response before passing it on. */
function readResponse(body: Uint8Array): { images: number; finishReasons: (string | null)[]; seeds: number[] } {
  let parsed: Partial<TextToImageResponse>;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body)) as Partial<TextToImageResponse>;
  } catch {
    throw new BedrockError("InternalServerException", "Amazon Bedrock sent a response the proxy could not read.");
  }
  if (!parsed || typeof parsed !== "object" || !Array.isArray(parsed.seeds)) {
    throw new BedrockError("InternalServerException", "Amazon Bedrock sent a response the proxy could not read.");
  }
  return {
    images: Array.isArray(parsed.images) ? parsed.images.length : 0,
    finishReasons: Array.isArray(parsed.finish_reasons) ? parsed.finish_reasons : [],
    seeds: parsed.seeds,
  };
}

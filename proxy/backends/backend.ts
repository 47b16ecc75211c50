/** What the HTTP app needs from a backend: turn a validated text-to-image request into Bedrock's response body. */
import type { TextToImageRequest } from "../../src/contract/index.js";
import type { BackendName } from "../config.js";

export interface InvokeInput {
  modelId: string;
  request: TextToImageRequest;
  /** Aborted when the client goes away; the backend stops its work (and its upstream call). */
  signal: AbortSignal;
}

export interface InvokeOutput {
  /** Bedrock's response body bytes, passed to the client as they are. */
  body: Uint8Array;
  /** What the body holds, for the request log. */
  images: number;
  finishReasons: (string | null)[];
  seeds: number[];
  /** Time spent upstream, when there is an upstream. */
  upstreamLatencyMs?: number;
}

export interface Backend {
  readonly name: BackendName;
  invoke(input: InvokeInput): Promise<InvokeOutput>;
  close(): Promise<void>;
}

/** Thrown when the client went away: there is nobody to answer. */
export class ClientGoneError extends Error {
  override name = "ClientGoneError";
}

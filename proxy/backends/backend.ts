/**
 * What the HTTP app needs from a backend: turn a validated request (text-to-image, or an image edit for one of the
 * edit tools' model ids) into Bedrock's response body.
 */
import type { ImageEditRequest, TextToImageRequest } from "../../src/contract/index.js";
import type { BackendName } from "../config.js";

export interface InvokeInput {
  modelId: string;
  /** Checked against the model's schema: an ImageEditRequest when `imageEditToolOf(modelId)` names a tool. */
  request: TextToImageRequest | ImageEditRequest;
  /** Aborted when the client goes away; the backend stops its work (and its upstream call). */
  signal: AbortSignal;
  /**
   * Offered by the app to a backend that can stream: called once Bedrock's answer is known to be a success, with its
   * body as it arrives, and the client's answer starts then. `invoke` settles when that body has passed through
   * whole and been checked, or rejects when it was cut (ClientGoneError: the client left; BedrockError: the upstream
   * failed, or the body turned out unreadable at its end). A backend that answers whole bodies never calls it.
   */
  stream?: (answer: StreamedAnswer) => void;
  /** Resets the client's answer (its HTTP/2 stream, or its connection) when a streamed body is cut. */
  resetAnswer?: () => void;
  /**
   * The output must hold the whole body even when it was streamed (it is kept for retries). Such a body is read to its
   * end even when its client leaves once it has begun (`clientLeft` in the output): the image is paid for.
   */
  keepBody?: boolean;
}

/** A successful answer on its way through: its bytes as they arrive from upstream. */
export interface StreamedAnswer {
  body: ReadableStream<Uint8Array>;
  /** The body's length, when the upstream declared it. */
  byteLength?: number;
  /** Time until the upstream answered (its headers). */
  upstreamLatencyMs: number;
  /** How many bytes have been passed on so far. */
  readonly bytesRelayed: number;
}

export interface InvokeOutput {
  /** Bedrock's response body bytes, passed to the client as they are; absent when streamed and not `keepBody`. */
  body?: Uint8Array;
  /** The body's length, when `body` is absent. */
  byteLength?: number;
  /** What the body holds, for the request log. */
  images: number;
  finishReasons: (string | null)[];
  seeds: number[];
  /** Time spent upstream (until it answered), when there is an upstream. */
  upstreamLatencyMs?: number;
  /** The client left while its answer streamed; the body was still read to its end, for `keepBody`. */
  clientLeft?: true;
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

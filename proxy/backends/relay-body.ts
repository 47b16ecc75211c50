/**
 * Passes an upstream answer's body on as it arrives, checking it on the way (readResponseSummary's skeleton, built
 * chunk by chunk). The first `holdBytes` are held back: a body that ends within them (an error, a filtered answer,
 * a small image) is checked whole before the proxy chooses its status. A longer one becomes a stream that the client's
 * answer reads at its own pace, each read taking everything that arrived since the last (upstream reads pause while
 * more than `MAX_PENDING_BYTES` wait). It is cut
 * instead of ended when the body turns out unreadable at its end, or shorter or longer than declared. The latest
 * chunk is always held back until the next arrives, so a cut answer never reaches its client complete (not even when
 * its declared length matched what was sent). A client that leaves mid-answer cancels the stream: the upstream body
 * is then dropped, unless it is kept (`keep`), when it is still read to its end, so that a retry gets the image that
 * was paid for.
 *
 * @example
 * const relayed = await relayBody(response.body, { holdBytes: 64 * 1024, keep: false });
 * if ("whole" in relayed) return relayed.whole;
 * sendToClient(relayed.stream);
 * const { summary, byteLength } = await relayed.ended;
 */
import { finished, type Readable } from "node:stream";
import { BedrockError } from "../errors.js";
import { ClientGoneError } from "./backend.js";
import { createResponseSummaryReader, type ResponseSummary } from "./read-response-summary.js";

export interface RelayOptions {
  /** Bytes held back before streaming begins; Infinity collects the whole body. */
  holdBytes: number;
  /** Collect the whole body also when it streams (for the answers kept for retries), even after its client left. */
  keep: boolean;
  /** The length the upstream declared, checked at the end. */
  declaredLength?: number;
  /** Cuts the client's answer when the body is unreadable at its end; without it the stream errors. */
  reset?: () => void;
}

/** The body ended within the held bytes; `summary` is undefined when it is not Bedrock's image response. */
export interface WholeBody {
  whole: Uint8Array;
  summary: ResponseSummary | undefined;
}

export interface StreamingBody {
  stream: ReadableStream<Uint8Array>;
  /**
   * Settles once the body's last byte has been read (or rejects when it was cut; ClientGoneError when cancelled and
   * not kept). `clientLeft`: the client cancelled its answer and the body was read to its end for keeping.
   */
  ended: Promise<{ summary: ResponseSummary; byteLength: number; body?: Uint8Array; clientLeft?: true }>;
  readonly bytesRelayed: number;
}

export function relayBody(source: Readable, options: RelayOptions): Promise<WholeBody | StreamingBody> {
  return new Promise((resolve, reject) => {
    const reader = createResponseSummaryReader();
    const held: Buffer[] = [];
    let received = 0;
    let relayed = 0;
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    /** Chunks not yet passed on; the last of them waits for the next chunk or the end's check. */
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    /** The client's answer is waiting for bytes. */
    let wanted = false;
    let settle: { resolve: (value: Awaited<StreamingBody["ended"]>) => void; reject: (error: unknown) => void } | undefined;
    let settled = false;
    /** The client cancelled its answer; with `keep`, the body is still read, not passed on. */
    let clientLeft = false;

    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      if (!controller) return reject(error);
      if (options.reset) options.reset();
      else controller.error(error);
      settle!.reject(error);
    };

    const startStreaming = () => {
      const ended = new Promise<Awaited<StreamingBody["ended"]>>((resolve, reject) => (settle = { resolve, reject }));
      // Nobody may be waiting on `ended` when the body is cut before the caller takes it; the caller sees it there.
      ended.catch(() => undefined);
      const stream = new ReadableStream<Uint8Array>(
        {
          start(streamController) {
            controller = streamController;
            for (const chunk of held) queue(chunk);
            if (!options.keep) held.length = 0;
          },
          pull() {
            wanted = true;
            pass();
            source.resume();
          },
          cancel() {
            if (options.keep && !settled) {
              clientLeft = true;
              pending = [];
              pendingBytes = 0;
              source.resume();
              return;
            }
            source.destroy();
            fail(new ClientGoneError("The client went away while its answer was being sent"));
          },
        },
        // The stream queues nothing itself: bytes wait in `pending` (bounded), then in upstream flow control.
        { highWaterMark: 0 },
      );
      resolve({ stream, ended, get bytesRelayed() { return relayed; } });
    };

    const queue = (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      if (pendingBytes > MAX_PENDING_BYTES) source.pause();
    };

    /**
     * Passes on what waits, the latest chunk held back, when the client's answer wants bytes; all of it at the end.
     * The chunks are queued as they came, not joined: joining copied every byte once more and left megabyte buffers to
     * the collector (the copy and its garbage were a quarter of the proxy's CPU with 1.5 MB answers; see
     * docs/benchmarks.md). The answer's writer takes them all from the queue before it asks again.
     */
    const pass = (end = false) => {
      if (!wanted || pending.length < (end ? 1 : 2)) return;
      const last = end ? undefined : pending.pop();
      for (const chunk of pending) {
        relayed += chunk.byteLength;
        controller!.enqueue(chunk);
      }
      pending = last ? [last] : [];
      pendingBytes = last?.byteLength ?? 0;
      wanted = false;
    };

    source.on("data", (chunk: Buffer) => {
      if (settled) return;
      received += chunk.byteLength;
      reader.push(chunk);
      if (!controller) {
        held.push(chunk);
        if (received >= options.holdBytes) startStreaming();
        return;
      }
      if (options.keep) held.push(chunk);
      if (clientLeft) return;
      queue(chunk);
      pass();
    });

    finished(source, { writable: false }, (error) => {
      if (settled) return;
      if (error) return fail(error);
      const whole = controller === undefined || options.keep ? Buffer.concat(held, received) : undefined;
      const summary = options.declaredLength === undefined || options.declaredLength === received ? reader.finish() : undefined;
      if (!controller) {
        settled = true;
        return resolve({ whole: whole!, summary });
      }
      if (!summary) return fail(new BedrockError("InternalServerException", "Amazon Bedrock sent a response the proxy could not read."));
      settled = true;
      if (clientLeft) return settle!.resolve({ summary, byteLength: received, body: whole, clientLeft });
      wanted = true;
      pass(true);
      controller.close();
      settle!.resolve({ summary, byteLength: received, body: whole });
    });
  });
}

/** Bytes waiting for a slow client before upstream reads pause (they then wait in HTTP/2 flow control). */
const MAX_PENDING_BYTES = 256 * 1024;

/**
 * Caps the calls one proxy has in flight to its backend (Bedrock's per-account quotas are shared by every proxy and
 * every designer), with a bounded queue in front: a request waits for a free slot up to `maxWaitMs`; when the queue
 * is full, or the wait runs out, it is refused with 429 ThrottlingException and Retry-After, which every SDK and the
 * plugin back off from. A client that leaves while queued gives its place up.
 *
 * @example
 * const backend = withUpstreamQueue(createBedrockBackend(options), { concurrency: 32, queue: 256, maxWaitMs: 30_000 });
 */
import { BedrockError } from "../errors.js";
import { type Backend, ClientGoneError } from "../backends/backend.js";

export interface UpstreamQueueOptions {
  /** Calls in flight at most. */
  concurrency: number;
  /** Requests waiting at most; one more is refused at once. */
  queue: number;
  /** How long a request waits for a slot before it is refused. */
  maxWaitMs: number;
}

export function withUpstreamQueue(backend: Backend, options: UpstreamQueueOptions): Backend {
  let inFlight = 0;
  const waiting: (() => void)[] = [];

  const busy = (why: string) =>
    new BedrockError("ThrottlingException", `The proxy is busy: ${why}. Try again shortly.`, { "retry-after": "1" });

  /** Resolves once a slot is this request's; the caller must call `leave`. */
  async function enter(signal: AbortSignal): Promise<void> {
    if (inFlight < options.concurrency && waiting.length === 0) {
      inFlight++;
      return;
    }
    if (waiting.length >= options.queue) throw busy(`${options.queue} requests are already waiting for Amazon Bedrock`);
    await new Promise<void>((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", gone);
        inFlight++;
        resolve();
      };
      const giveUp = (error: Error) => {
        const index = waiting.indexOf(turn);
        if (index !== -1) waiting.splice(index, 1);
        signal.removeEventListener("abort", gone);
        clearTimeout(timer);
        reject(error);
      };
      const gone = () => giveUp(new ClientGoneError("The client went away while queued"));
      const timer = setTimeout(() => giveUp(busy(`no call to Amazon Bedrock came free within ${options.maxWaitMs} ms`)), options.maxWaitMs);
      signal.addEventListener("abort", gone, { once: true });
      waiting.push(turn);
    });
  }

  function leave(): void {
    inFlight--;
    // Each slot freed goes to the longest waiter.
    waiting.shift()?.();
  }

  return {
    name: backend.name,
    async invoke(input) {
      if (input.signal.aborted) throw new ClientGoneError("The client went away");
      await enter(input.signal);
      try {
        return await backend.invoke(input);
      } finally {
        leave();
      }
    },
    close: () => backend.close(),
  };
}

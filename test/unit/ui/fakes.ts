/**
 * Test doubles for the UI's injected I/O: a manual clock whose sleep advances time at once (so backoff is asserted,
 * never waited for), and a fetch whose calls stay pending until the test answers them, rejecting on abort like the
 * real one.
 */
export class FakeClock {
  sleeps: number[] = [];
  constructor(public time = Date.UTC(2025, 0, 15, 12, 0, 0)) {}
  now = () => this.time;
  sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
  };
}

export interface FetchCall {
  url: string;
  method: string;
  headers: Headers;
  body: string;
  signal: AbortSignal | undefined;
  respond(response: Response): void;
  fail(error: unknown): void;
}

/** A fetch that records each call and lets the test answer it; `autoRespond` answers at once. */
export class ManualFetch {
  calls: FetchCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(private autoRespond?: (call: FetchCall) => Response | Promise<Response> | Error) {}

  fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    return new Promise<Response>((resolve, reject) => {
      const signal = init?.signal ?? undefined;
      let settled = false;
      const finish = () => {
        settled = true;
        this.inFlight--;
      };
      const call: FetchCall = {
        url: String(input),
        method: init?.method ?? "GET",
        headers: new Headers(init?.headers),
        body: typeof init?.body === "string" ? init.body : "",
        signal,
        respond: (response) => {
          if (settled) return;
          finish();
          resolve(response);
        },
        fail: (error) => {
          if (settled) return;
          finish();
          reject(error);
        },
      };
      if (signal?.aborted) return reject(new DOMException("The operation was aborted.", "AbortError"));
      signal?.addEventListener("abort", () => call.fail(new DOMException("The operation was aborted.", "AbortError")));
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      this.calls.push(call);
      this.waiters.splice(0).forEach((wake) => wake());
      if (this.autoRespond) {
        void Promise.resolve(this.autoRespond(call)).then((answer) =>
          answer instanceof Error ? call.fail(answer) : call.respond(answer),
        );
      }
    });
  };

  /** Resolves once at least `count` calls have been made. */
  async waitForCalls(count: number): Promise<void> {
    while (this.calls.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

export function imageResponse(base64: string, seed = 42, finishReason: string | null = null): Response {
  return new Response(JSON.stringify({ seeds: [seed], finish_reasons: [finishReason], images: finishReason ? [] : [base64] }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}

export function bedrockError(status: number, errorType: string | null, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ message }), {
    status,
    headers: { "content-type": "application/json", ...(errorType ? { "x-amzn-errortype": errorType } : {}), ...headers },
  });
}

/** A 1×1 PNG, base64. */
export const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/** Lets pending promise callbacks run. */
export async function flush(times = 10): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}

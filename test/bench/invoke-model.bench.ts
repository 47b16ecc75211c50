/**
 * InvokeModel end to end: the real `BedrockRuntimeClient` (HTTP/2, its default) signs and sends, the real proxy
 * verifies, validates, logs and answers. On the preview backend that includes rendering the image; on a constant
 * backend (a tiny fixed answer) only the client and the proxy remain, which is the proxy's overhead per request.
 */
import { afterAll, beforeAll, bench, describe } from "vitest";
import type { Backend } from "../../proxy/backends/backend.js";
import { type BenchProxy, startBenchProxy, TYPICAL_REQUEST } from "./support/start-bench-proxy.js";

const IN_FLIGHT = 8;

/** Answers every request with the same small body, so no time goes to images. */
function constantBackend(): Backend {
  const body = new TextEncoder().encode(JSON.stringify({ seeds: [123], finish_reasons: [null], images: ["AA=="] }));
  return {
    name: "preview",
    invoke: async () => ({ body, images: 1, finishReasons: [null], seeds: [123] }),
    close: async () => {},
  };
}

let preview: BenchProxy;
let constant: BenchProxy;

beforeAll(async () => {
  [preview, constant] = await Promise.all([startBenchProxy(), startBenchProxy({ backend: constantBackend() })]);
});

afterAll(async () => {
  await Promise.all([preview?.close(), constant?.close()]);
});

describe("InvokeModel through the proxy, one at a time (latency)", () => {
  bench("preview backend, 16:9 png", async () => {
    await preview.invoke();
  }, { time: 3_000 });

  bench("preview backend, 1:1 jpeg", async () => {
    await preview.invoke({ ...TYPICAL_REQUEST, aspect_ratio: "1:1", output_format: "jpeg" });
  }, { time: 3_000 });

  bench("constant backend (proxy + SDK overhead only)", async () => {
    await constant.invoke();
  }, { time: 2_000 });
});

describe(`InvokeModel through the proxy, ${IN_FLIGHT} in flight (one op = ${IN_FLIGHT} requests; requests/s = ${IN_FLIGHT} × hz)`, () => {
  bench(`preview backend, 16:9 png × ${IN_FLIGHT}`, async () => {
    await Promise.all(Array.from({ length: IN_FLIGHT }, () => preview.invoke()));
  }, { time: 4_000 });

  bench(`constant backend × ${IN_FLIGHT}`, async () => {
    await Promise.all(Array.from({ length: IN_FLIGHT }, () => constant.invoke()));
  }, { time: 2_000 });
});

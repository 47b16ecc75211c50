/**
 * Memory benchmark: does the proxy keep anything per request? Sends InvokeModels to a real proxy on the preview
 * backend through the real AWS SDK (HTTP/2), 8 in flight, and compares memory after a forced garbage collection
 * before and after each round. Run with the GC exposed (`npm run bench` does):
 *
 *   tsx --expose-gc scripts/bench-memory.ts [--requests=200] [--rounds=2]
 *
 * Heap plus external memory may grow by a few hundred bytes per request by design (the replay cache keeps each
 * accepted signature for 10 minutes); a response body kept by mistake is 20–130 KiB (and an image's pixels 2–3 MiB),
 * so more than LEAK_BUDGET_BYTES per request in any round after the first fails the run. RSS is reported, not judged: the
 * allocator and libvips' own cache return memory to the system when they choose.
 */
import { parseArgs } from "node:util";
import { ASPECT_RATIOS, OUTPUT_FORMATS } from "../src/contract/index.js";
import { startBenchProxy, TYPICAL_REQUEST } from "../test/bench/support/start-bench-proxy.js";

const IN_FLIGHT = 8;
const WARM_UP_REQUESTS = 40;
const LEAK_BUDGET_BYTES = 8 * 1024;

const { values } = parseArgs({ options: { requests: { type: "string", default: "200" }, rounds: { type: "string", default: "2" } } });
const requests = Number(values.requests);
const rounds = Number(values.rounds);
if (!(Number.isInteger(requests) && requests > 0 && Number.isInteger(rounds) && rounds > 0)) {
  throw new Error("--requests and --rounds must be positive whole numbers");
}

const gc = globalThis.gc;
if (!gc) {
  console.error("bench-memory: run with --expose-gc (tsx --expose-gc scripts/bench-memory.ts), or the figures mean nothing.");
  process.exit(2);
}

interface Snapshot {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Memory after collecting everything collectable; a few passes with turns between, so finalizers get to run. */
async function settledMemory(): Promise<Snapshot> {
  for (let pass = 0; pass < 4; pass++) {
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}

const bench = await startBenchProxy();
let sent = 0;
/** Sends `count` requests, IN_FLIGHT at a time, cycling through every ratio and format. */
async function send(count: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      const index = sent++;
      await bench.invoke({
        ...TYPICAL_REQUEST,
        aspect_ratio: ASPECT_RATIOS[index % ASPECT_RATIOS.length]!,
        output_format: OUTPUT_FORMATS[index % OUTPUT_FORMATS.length]!,
        seed: 1 + index,
      });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

let failed = false;
try {
  await send(WARM_UP_REQUESTS);
  const start = await settledMemory();
  console.log(`bench-memory: Node ${process.version}, ${requests} preview InvokeModels per round, ${IN_FLIGHT} in flight, after ${WARM_UP_REQUESTS} to warm up`);
  console.log(`  baseline: rss ${mib(start.rss)}, heapUsed ${mib(start.heapUsed)}, external ${mib(start.external)} (arrayBuffers ${mib(start.arrayBuffers)})`);
  let before = start;
  for (let round = 1; round <= rounds; round++) {
    const started = performance.now();
    await send(requests);
    const seconds = (performance.now() - started) / 1000;
    const after = await settledMemory();
    const perRequest = (key: keyof Snapshot) => (after[key] - before[key]) / requests;
    const retained = perRequest("heapUsed") + perRequest("external");
    const judged = round > 1 || rounds === 1;
    const verdict = retained <= LEAK_BUDGET_BYTES ? "ok" : judged ? "LEAK?" : "over budget (first round, not judged)";
    if (judged && retained > LEAK_BUDGET_BYTES) failed = true;
    console.log(
      `  round ${round}: ${(requests / seconds).toFixed(1)} req/s; growth per request: heapUsed ${kib(perRequest("heapUsed"))}, ` +
        `external ${kib(perRequest("external"))} (arrayBuffers ${kib(perRequest("arrayBuffers"))}), rss ${kib(perRequest("rss"))}; ` +
        `heap+external ${kib(retained)} vs budget ${kib(LEAK_BUDGET_BYTES)}: ${verdict}`,
    );
    before = after;
  }
  const total = (key: keyof Snapshot) => before[key] - start[key];
  console.log(`  total after ${requests * rounds} requests: rss ${mib(total("rss"))}, heapUsed ${mib(total("heapUsed"))}, external ${mib(total("external"))}`);
} finally {
  await bench.close();
}
if (failed) {
  console.error(`bench-memory: heap+external grew by more than ${kib(LEAK_BUDGET_BYTES)} per request; something is kept per request.`);
  process.exitCode = 1;
}

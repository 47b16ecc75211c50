/**
 * The proxy's share of the wait, side by side in one run: the same AWS SDK client (`BedrockRuntimeClient`, its default
 * HTTP/2 handler) straight to the Bedrock emulator, and through the proxy on its bedrock backend pointed at that
 * emulator (AWS_ENDPOINT_URL_BEDROCK_RUNTIME). Every answer is a realistic 1.5 MB base64 image that the emulator made
 * once at start, so the emulator spends no time per image. Emulator and proxy each run in a process of their own;
 * the proxy as production runs it (`node dist/proxy/main.js`) when `npm run build` has made it, else with tsx.
 *
 * Reported, with the targets: added latency p50/p95/p99 at 1 in flight (direct and proxied requests
 * interleaved), throughput at 50 in flight (proxy/direct), and the proxy process's RSS fresh and at its peak while
 * 200 requests are held upstream and then answered together. Exits 1 when a target is missed.
 *
 * Two more paths run beside them, interleaved the same way, to split what the proxy adds:
 * - a bare HTTP/2 relay (`support/bare-relay.ts`, a Node process that only pipes each request and answer through):
 *   "relay − direct" is the cost of any extra hop on this machine;
 * - an SDK relay (`support/sdk-relay.ts`: the proxy's own Bedrock backend, so the AWS SDK as the upstream client,
 *   behind a bare HTTP/2 server): "SDK relay − relay" is what going upstream through the AWS SDK costs, which the
 *   ground rules require of the proxy;
 * - so "proxy − SDK relay" is Framefill's own stack: hono, SigV4, keys, spend control, idempotency, the log line.
 *
 * Run: `npx tsx test/bench/proxy-overhead.ts` (part of `npm run bench`; about a minute). Environment: PAIRS (latency
 * pairs, default 300), THROUGHPUT_SECONDS (per round, default 3), HOLD_MS (default 2000), IMAGE_BASE64_BYTES
 * (default 1500000), PROXY_RUN=dist|tsx (default: dist when built), PROXY_BUNDLE (another build of the proxy to run,
 * e.g. one of the previous commit for a before/after comparison), PROXY_NODE_ARGS (extra node flags for the proxy,
 * e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { openKeyStore } from "../../proxy/keys/key-store.js";
import { type StartedProcess, startProcess } from "../support/start-process.js";
import { peakRssMiB, resetPeakRss, rssMiB } from "./support/process-memory.js";

const PAIRS = Number(process.env["PAIRS"] ?? 300);
const THROUGHPUT_SECONDS = Number(process.env["THROUGHPUT_SECONDS"] ?? 3);
const HOLD_MS = Number(process.env["HOLD_MS"] ?? 2000);
const IMAGE_BASE64_BYTES = Number(process.env["IMAGE_BASE64_BYTES"] ?? 1_500_000);
const IN_FLIGHT = 50;
const HELD = 200;
/** The whole run is bounded: past this everything started is stopped and the run fails. */
const WATCHDOG_MS = 5 * 60 * 1000;
const TARGETS = { p50: 2, p95: 5, p99: 10, throughputRatio: 0.6, freshMiB: 100, peakMiB: 400 };

const root = fileURLToPath(new URL("../..", import.meta.url));
const modelId = "stability.stable-image-core-v1:0";
const region = "us-west-2";
const upstreamCredentials = { accessKeyId: "AKIDBENCHUPSTREAM002", secretAccessKey: "bench-upstream-secret-11111111111111111111" };
const body = JSON.stringify({ prompt: "A lighthouse on a cliff at dusk, long exposure", aspect_ratio: "16:9", output_format: "png", seed: 7 });

/** How the proxy process runs: the production bundle with plain node when built, else TypeScript through tsx. */
function proxyCommand(): { args: string[]; label: string; note?: string } {
  const bundle = process.env["PROXY_BUNDLE"] ?? join(root, "dist/proxy/main.js");
  const choice = process.env["PROXY_RUN"] ?? (existsSync(bundle) ? "dist" : "tsx");
  const flags = (process.env["PROXY_NODE_ARGS"] ?? "").split(" ").filter(Boolean);
  if (choice === "tsx") return { args: [...flags, "--import", "tsx", join(root, "proxy/main.ts")], label: "node --import tsx proxy/main.ts" };
  if (choice !== "dist") throw new Error(`PROXY_RUN must be dist or tsx, not ${choice}`);
  if (!existsSync(bundle)) throw new Error("PROXY_RUN=dist but dist/proxy/main.js is missing: run npm run build");
  const newest = newestSource([join(root, "proxy"), join(root, "src/contract")]);
  const stale = !process.env["PROXY_BUNDLE"] && newest && newest.mtimeMs > statSync(bundle).mtimeMs;
  return {
    args: [...flags, bundle],
    label: `node ${relative(root, bundle)}`,
    note: stale ? `WARNING: dist/proxy/main.js is older than ${relative(root, newest.path)}: run npm run build to measure the current code` : undefined,
  };
}

function newestSource(dirs: string[]): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const dir of dirs) {
    for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      if (!name.endsWith(".ts")) continue;
      const path = join(dir, name);
      const { mtimeMs } = statSync(path);
      if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  return newest;
}

/** The environment of a production host (no NODE_OPTIONS, which could preload tsx) plus the given variables. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _nodeOptions, ...env } = process.env;
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...extra };
}

function sdkClient(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ region, endpoint, credentials });
}

/** One InvokeModel; resolves to its time in milliseconds (and checks the image arrived whole). */
async function invoke(client: BedrockRuntimeClient): Promise<number> {
  const started = performance.now();
  const output = await client.send(new InvokeModelCommand({ modelId, body, contentType: "application/json", accept: "application/json" }));
  const ms = performance.now() - started;
  if (output.body.byteLength < IMAGE_BASE64_BYTES) throw new Error(`a short answer: ${output.body.byteLength} bytes: ${new TextDecoder().decode(output.body.subarray(0, 300))}`);
  return ms;
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Completed requests per second with `IN_FLIGHT` kept in flight for `seconds`. */
async function throughput(client: BedrockRuntimeClient, seconds: number): Promise<number> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let completed = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await invoke(client);
      completed++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return completed / ((performance.now() - started) / 1000);
}

const started: StartedProcess[] = [];
let dataDir: string | undefined;
async function stopEverything(): Promise<void> {
  await Promise.all(started.splice(0).map((child) => child.stop(5_000)));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
const watchdog = setTimeout(() => {
  console.error(`proxy-overhead: still running after ${WATCHDOG_MS / 1000} s; stopping everything it started`);
  void stopEverything().finally(() => process.exit(1));
}, WATCHDOG_MS);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stopEverything().finally(() => process.exit(130)));
}

// The pinned SDK warns once about Node 20; that line is noise in benchmark output.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
let failed = false;
try {
  const command = proxyCommand();

  const emulator = await startProcess(process.execPath, ["--import", "tsx", join(root, "test/support/bedrock-emulator/cli.ts")], {
    env: cleanEnv({
      PORT: "0",
      EMULATOR_REGION: region,
      EMULATOR_ACCESS_KEY_ID: upstreamCredentials.accessKeyId,
      EMULATOR_SECRET_ACCESS_KEY: upstreamCredentials.secretAccessKey,
      EMULATOR_IMAGE_BASE64_BYTES: String(IMAGE_BASE64_BYTES),
      // Room for every held request at once, so all of them really wait upstream.
      EMULATOR_MAX_CONCURRENT_STREAMS: String(HELD + 56),
    }),
    ready: (output) => /emulator on http:\/\/[\w.-]+:\d+/.test(output),
  });
  started.push(emulator);
  const emulatorUrl = /emulator on (http:\/\/[\w.-]+:\d+)/.exec(emulator.output())![1]!;

  const relay = await startProcess(process.execPath, ["--import", "tsx", join(root, "test/bench/support/bare-relay.ts")], {
    env: cleanEnv({ RELAY_UPSTREAM: emulatorUrl }),
    ready: (output) => /relay on http:\/\/[\d.]+:\d+/.test(output),
  });
  started.push(relay);
  const relayUrl = /relay on (http:\/\/[\d.]+:\d+)/.exec(relay.output())![1]!;

  const sdkRelay = await startProcess(process.execPath, ["--import", "tsx", join(root, "test/bench/support/sdk-relay.ts")], {
    env: cleanEnv({
      AWS_REGION: region,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulatorUrl,
      AWS_ACCESS_KEY_ID: upstreamCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: upstreamCredentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: "true",
    }),
    ready: (output) => /sdk relay on http:\/\/[\d.]+:\d+/.test(output),
  });
  started.push(sdkRelay);
  const sdkRelayUrl = /sdk relay on (http:\/\/[\d.]+:\d+)/.exec(sdkRelay.output())![1]!;

  dataDir = await mkdtemp(join(tmpdir(), "framefill-bench-overhead-"));
  const key = await openKeyStore({ dataDir }).create({ name: "bench" });
  const proxy = await startProcess(process.execPath, command.args, {
    cwd: root,
    env: cleanEnv({
      PORT: "0",
      HOST: "127.0.0.1",
      PROXY_DATA_DIR: dataDir,
      PROXY_BACKEND: "bedrock",
      PROXY_REGION: region,
      AWS_REGION: region,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulatorUrl,
      AWS_ACCESS_KEY_ID: upstreamCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: upstreamCredentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: "true",
      LOG_LEVEL: "info",
      // Every held request goes upstream at once (the proxy's own limit would queue all but 64).
      PROXY_UPSTREAM_CONCURRENCY: String(HELD),
    }),
    ready: (output) => output.includes('"msg":"listening"'),
  });
  started.push(proxy);
  const freshMiB = rssMiB(proxy.pid);
  const listening = proxy.output().split("\n").find((line) => line.includes('"msg":"listening"'))!;
  const proxyUrl = (JSON.parse(listening) as { url: string }).url;

  const direct = sdkClient(emulatorUrl, upstreamCredentials);
  const proxied = sdkClient(proxyUrl, key);
  const relayed = sdkClient(relayUrl, upstreamCredentials);
  const sdkRelayed = sdkClient(sdkRelayUrl, upstreamCredentials);
  const paths = [direct, relayed, sdkRelayed, proxied];

  // Warm-up: JIT, the SDK's clock-skew correction, the proxy's first upstream call.
  for (let i = 0; i < 20; i++) {
    for (const client of paths) await invoke(client);
  }

  // 1 in flight, interleaved (and rotating which goes first) so all three see the same machine.
  const timesMs: number[][] = paths.map(() => []);
  for (let i = 0; i < PAIRS; i++) {
    for (let step = 0; step < paths.length; step++) {
      const which = (i + step) % paths.length;
      timesMs[which]!.push(await invoke(paths[which]!));
    }
  }
  const [directMs, relayedMs, sdkRelayedMs, proxiedMs] = timesMs as [number[], number[], number[], number[]];

  // 50 in flight, alternating rounds.
  const rates: number[][] = paths.map(() => []);
  for (let round = 0; round < 2; round++) {
    for (const [which, client] of paths.entries()) rates[which]!.push(await throughput(client, THROUGHPUT_SECONDS));
  }
  const [directRates, relayedRates, sdkRelayedRates, proxiedRates] = rates as [number[], number[], number[], number[]];
  const mean = (values: number[]) => values.reduce((a, b) => a + b) / values.length;
  const directRate = mean(directRates);
  const relayedRate = mean(relayedRates);
  const sdkRelayedRate = mean(sdkRelayedRates);
  const proxiedRate = mean(proxiedRates);
  const warmMiB = rssMiB(proxy.pid);

  // 200 held upstream at once, then answered together.
  await fetch(`${emulatorUrl}/__emulator/reset`, { method: "POST" });
  const injected = await fetch(`${emulatorUrl}/__emulator/faults`, {
    method: "POST",
    body: JSON.stringify({ fault: { kind: "slow", delayMs: HOLD_MS }, times: HELD }),
  });
  if (injected.status !== 201) throw new Error(`The emulator refused the delay: ${await injected.text()}`);
  resetPeakRss(proxy.pid);
  const heldStarted = performance.now();
  await Promise.all(Array.from({ length: HELD }, () => invoke(proxied)));
  const heldMs = performance.now() - heldStarted;
  const peakMiB = peakRssMiB(proxy.pid);
  const received = (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as { receivedAt: string }[];
  const arrivals = received.map((request) => Date.parse(request.receivedAt));
  const allHeld = received.length === HELD && Math.max(...arrivals) - Math.min(...arrivals) < HOLD_MS;

  for (const client of paths) client.destroy();
  const errors = proxy
    .output()
    .split("\n")
    .filter((line) => /"level":(50|60)/.test(line));

  const rows: string[][] = [];
  const verdict = (ok: boolean) => {
    if (!ok) failed = true;
    return ok ? "ok" : "MISSED";
  };
  const signed = (ms: number) => `${ms < 0 ? "−" : "+"}${Math.abs(ms).toFixed(1)} ms`;
  for (const [p, target] of [[50, TARGETS.p50], [95, TARGETS.p95], [99, TARGETS.p99]] as const) {
    const d = percentile(directMs, p);
    const r = percentile(relayedMs, p);
    const k = percentile(sdkRelayedMs, p);
    const x = percentile(proxiedMs, p);
    rows.push([`latency p${p}, 1 in flight`, `${d.toFixed(1)} ms`, `${r.toFixed(1)} ms`, `${k.toFixed(1)} ms`, `${x.toFixed(1)} ms`, signed(r - d), signed(k - r), signed(x - k), signed(x - d), `≤ ${target} ms`, verdict(x - d <= target)]);
  }
  const ratio = proxiedRate / directRate;
  const times = (rate: number, over: number) => `${(rate / over).toFixed(2)}×`;
  rows.push([`throughput, ${IN_FLIGHT} in flight`, `${directRate.toFixed(0)}/s`, `${relayedRate.toFixed(0)}/s`, `${sdkRelayedRate.toFixed(0)}/s`, `${proxiedRate.toFixed(0)}/s`, times(relayedRate, directRate), times(sdkRelayedRate, relayedRate), times(proxiedRate, sdkRelayedRate), `${ratio.toFixed(2)}×`, `≥ ${TARGETS.throughputRatio}×`, verdict(ratio >= TARGETS.throughputRatio)]);
  rows.push(["proxy RSS fresh", "", "", "", `${freshMiB.toFixed(0)} MiB`, "", "", "", "", `≤ ${TARGETS.freshMiB} MB`, verdict(freshMiB <= TARGETS.freshMiB)]);
  rows.push([`proxy RSS peak, ${HELD} held upstream`, "", "", "", `${peakMiB.toFixed(0)} MiB`, "", "", "", "", `≤ ${TARGETS.peakMiB} MB`, verdict(peakMiB <= TARGETS.peakMiB && allHeld)]);
  const header = ["", "direct", "bare relay", "SDK relay", "via proxy", "hop", "AWS SDK", "own stack", "proxy−direct", "target", ""];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) => `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")}`;

  console.log(`\nProxy overhead — BedrockRuntimeClient → emulator, direct vs through the proxy (bedrock backend)`);
  console.log(`  proxy: ${command.label}; answers ${(IMAGE_BASE64_BYTES / 1e6).toFixed(2)} MB of base64; ${PAIRS} pairs at 1 in flight; ${THROUGHPUT_SECONDS} s × 2 rounds each at ${IN_FLIGHT} in flight`);
  if (command.note) console.log(`  ${command.note}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const perRound = (values: number[]) => `${values.map((r) => r.toFixed(0)).join(", ")}/s`;
  console.log(`  rates per round: direct ${perRound(directRates)}; bare relay ${perRound(relayedRates)}; SDK relay ${perRound(sdkRelayedRates)}; proxy ${perRound(proxiedRates)}`);
  console.log(`  targets are judged on proxy−direct, which splits into: hop = bare relay − direct (any extra Node process on this machine);`);
  console.log(`  AWS SDK = SDK relay − bare relay (going upstream through the SDK, as the ground rules require); own stack = proxy − SDK relay`);
  console.log(`  proxy RSS after the latency and throughput runs: ${warmMiB.toFixed(0)} MiB; ${HELD} held for ${HOLD_MS} ms, all answered in ${heldMs.toFixed(0)} ms; arrivals upstream spread over ${(Math.max(...arrivals) - Math.min(...arrivals)).toFixed(0)} ms${allHeld ? "" : " (NOT all held upstream at once)"}`);
  if (errors.length > 0) {
    failed = true;
    console.log(`  the proxy logged ${errors.length} error(s), first: ${errors[0]}`);
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  clearTimeout(watchdog);
  await stopEverything();
}
process.exitCode = failed ? 1 : 0;

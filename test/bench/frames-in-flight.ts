/**
 * Twelve frames against one: the UI's own generation code (runGeneration, its real pool sized by poolSize from the
 * proxy's /healthz, aws4fetch signing) over HTTP/2 to a proxy serving HTTPS, whose upstream — the Bedrock emulator,
 * through the proxy's bedrock backend and the AWS SDK — takes a fixed time per image. With every image in flight at
 * once, twelve frames take about as long as one; the target is at most 1.5×. Also shown for reference: twelve frames
 * with the fixed pool of four the UI used before proxies advertised maxConcurrency. Exits 1 when the target is missed.
 *
 * Run: `tsx test/bench/frames-in-flight.ts` (part of `npm run bench`). UPSTREAM_MS and ROUNDS override the defaults.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once, setMaxListeners } from "node:events";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { GenerationOptions, Job } from "../../src/messages.js";
import { fetchProxyHealth } from "../../src/ui/connection/fetch-proxy-health.js";
import { abortableSleep } from "../../src/ui/generation/abortable-sleep.js";
import { poolSize } from "../../src/ui/generation/pool-size.js";
import { runGeneration, type GenerationDependencies } from "../../src/ui/generation/run-generation.js";
import { createHttp2Fetch } from "../support/http2-fetch.js";
import { pluginSettings, startTestProxy } from "../support/test-proxy.js";

const UPSTREAM_MS = Number(process.env["UPSTREAM_MS"] ?? 500);
const ROUNDS = Number(process.env["ROUNDS"] ?? 5);
const TARGET_RATIO = 1.5;
const tlsDir = join(dirname(fileURLToPath(import.meta.url)), "../support/tls");
const upstreamCredentials = { accessKeyId: "AKIDBENCHUPSTREAM001", secretAccessKey: "bench-upstream-secret-00000000000000000000" };

const options: GenerationOptions = {
  prompt: "A tiled mosaic of sea glass",
  negativePrompt: "",
  modelId: "stability.stable-image-core-v1:0",
  aspectRatio: "match",
  outputFormat: "jpeg",
  seed: 0,
  variants: 1,
};

/**
 * The emulator in a process of its own, as Bedrock is elsewhere: its image rendering (CPU here, GPUs at AWS) is not
 * charged to the proxy's and the UI's event loop.
 */
async function startEmulatorProcess(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(dirname(fileURLToPath(import.meta.url)), "../support/bedrock-emulator/cli.ts")], {
    env: {
      ...process.env,
      PORT: "0",
      EMULATOR_ACCESS_KEY_ID: upstreamCredentials.accessKeyId,
      EMULATOR_SECRET_ACCESS_KEY: upstreamCredentials.secretAccessKey,
    },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  };
  let printed = "";
  for await (const chunk of child.stdout!) {
    printed += String(chunk);
    const url = /emulator on (http:\/\/[\w.-]+:\d+)/.exec(printed)?.[1];
    if (url) return { url, stop };
  }
  await stop();
  throw new Error(`The emulator did not start: ${printed}`);
}

process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
const emulator = await startEmulatorProcess();
Object.assign(process.env, {
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
  AWS_ACCESS_KEY_ID: upstreamCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: upstreamCredentials.secretAccessKey,
  AWS_EC2_METADATA_DISABLED: "true",
});
const proxy = await startTestProxy({
  env: {
    PROXY_BACKEND: "bedrock",
    PROXY_TLS_CERT: join(tlsDir, "localhost-cert.pem"),
    PROXY_TLS_KEY: join(tlsDir, "localhost-key.pem"),
  },
});
const h2 = createHttp2Fetch({ ca: await readFile(join(tlsDir, "localhost-cert.pem")) });

const deps: GenerationDependencies = {
  fetch: h2.fetch,
  now: Date.now,
  sleep: abortableSleep,
  random: Math.random,
  send: () => {},
  toFigmaImage: async (bytes) => bytes,
  waitForPlacement: async (_generationId, jobId) => ({ placed: true, nodeId: `node-${jobId}`, movedToNewFrame: false }),
};

/** One generation as the UI runs it once main has planned the jobs: ask /healthz, then run the pool. */
async function generate(frames: number, fixedPool?: number): Promise<{ ms: number; pool: number; slowestUpstreamMs: number }> {
  const logsBefore = proxy.logs.length;
  const jobs: Job[] = Array.from({ length: frames }, (_, index) => ({
    jobId: `job-${index}`,
    targetId: `node-${index}`,
    targetName: `Tile ${index + 1}`,
    variantIndex: 0,
    aspectRatio: "1:1",
    seed: index + 1,
  }));
  const started = performance.now();
  const pool = fixedPool ?? poolSize(await fetchProxyHealth(h2.fetch, proxy.url));
  const controller = new AbortController();
  // Every image's fetch listens on the one generation signal, as in the browser; Node would warn past ten.
  setMaxListeners(0, controller.signal);
  const outcome = await runGeneration(
    deps,
    { generationId: randomUUID(), jobs, options, settings: pluginSettings(proxy), concurrency: pool },
    controller.signal,
    () => {},
  );
  const ms = performance.now() - started;
  if (outcome.placed !== frames) throw new Error(`${frames} frames: ${outcome.placed} placed, ${outcome.failed} failed`);
  const upstream = proxy.logs.slice(logsBefore).map((line) => Number(line["upstreamLatencyMs"] ?? 0));
  return { ms, pool, slowestUpstreamMs: Math.max(...upstream) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

let missed = false;
try {
  const injected = await fetch(`${emulator.url}/__emulator/faults`, {
    method: "POST",
    body: JSON.stringify({ fault: { kind: "slow", delayMs: UPSTREAM_MS }, times: 1_000_000 }),
  });
  if (injected.status !== 201) throw new Error(`The emulator refused the delay: ${await injected.text()}`);
  await generate(12); // warm-up: TLS handshake, the proxy's upstream session, JIT
  const one: number[] = [];
  const twelve: number[] = [];
  const fixedFour: number[] = [];
  const oneUpstream: number[] = [];
  const twelveUpstream: number[] = [];
  let pool = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const single = await generate(1);
    one.push(single.ms);
    oneUpstream.push(single.slowestUpstreamMs);
    const run = await generate(12);
    twelve.push(run.ms);
    twelveUpstream.push(run.slowestUpstreamMs);
    pool = run.pool;
    fixedFour.push((await generate(12, 4)).ms);
  }
  const invokes = proxy.logs.filter((line) => line["msg"] === "request" && String(line["path"]).endsWith("/invoke"));
  if (invokes.some((line) => line["protocol"] !== "h2" || line["status"] !== 200)) throw new Error("an InvokeModel did not go over h2 with 200");

  const ratio = median(twelve) / median(one);
  const row = (label: string, values: number[]) => `  ${label.padEnd(40)} ${median(values).toFixed(0).padStart(6)} ms median (${values.map((v) => v.toFixed(0)).join(", ")})`;
  console.log(`\nFrames in flight — UI generation logic → HTTPS proxy (h2) → emulator, ${UPSTREAM_MS} ms upstream per image, ${ROUNDS} rounds`);
  console.log(row("1 frame", one));
  console.log(row(`12 frames, pool ${pool} (from /healthz over h2)`, twelve));
  console.log(row("12 frames, fixed pool of 4 (before)", fixedFour));
  console.log(row("upstream, 1 frame", oneUpstream));
  console.log(row("upstream, slowest of 12 at once", twelveUpstream));
  console.log(`  12 frames / 1 frame: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×; fixed pool of 4: ${(median(fixedFour) / median(one)).toFixed(2)}×)`);
  missed = ratio > TARGET_RATIO;
  if (missed) console.error(`  FAIL: twelve frames took ${ratio.toFixed(2)}× one frame`);
} finally {
  await h2.close();
  await proxy.close();
  await emulator.stop();
}
process.exitCode = missed ? 1 : 0;

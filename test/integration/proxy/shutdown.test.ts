/**
 * A rolling deploy's SIGTERM loses no image (issue 7): the real proxy process, on its bedrock backend against the
 * Bedrock emulator answering slowly, is stopped while 8 generations are in flight (4 over HTTP/2 with the AWS SDK,
 * 4 over HTTP/1.1). It refuses new connections at once, delivers all 8 images, and exits 0. A request that outlives
 * PROXY_SHUTDOWN_GRACE_MS is cut and the exit code says so (1); a second Ctrl+C exits at once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openKeyStore } from "../../../proxy/keys/key-store.js";
import { type BedrockEmulator, startBedrockEmulator } from "../../support/bedrock-emulator/index.js";
import { signedFetch } from "../../support/sign-request.js";

const MODEL_ID = "stability.stable-image-core-v1:0";
const UPSTREAM_DELAY_MS = 2_500;
const root = join(import.meta.dirname, "..", "..", "..");

let dataDir: string;
let emulator: BedrockEmulator;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "framefill-shutdown-"));
  emulator = await startBedrockEmulator();
});

afterAll(async () => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // The group has already exited.
    }
  }
  await emulator.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts `node --import tsx proxy/main.ts` in its own process group; resolves with its URL once it listens. */
async function startProxyProcess(
  env: Record<string, string> = {},
): Promise<{ url: string; pid: number; output: () => string; exited: Promise<number | null> }> {
  const started = spawn(process.execPath, ["--import", "tsx", "proxy/main.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env["PATH"],
      HOME: process.env["HOME"],
      PORT: "0",
      HOST: "127.0.0.1",
      PROXY_DATA_DIR: dataDir,
      PROXY_BACKEND: "bedrock",
      PROXY_SHUTDOWN_GRACE_MS: "20000",
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
      AWS_REGION: emulator.region,
      AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
      LOG_LEVEL: "info",
      ...env,
    },
  });
  children.add(started);
  let output = "";
  const exited = new Promise<number | null>((resolve) => started.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"listening"/.exec(output);
      if (listening) resolve(listening[1]!);
    };
    started.stdout!.on("data", collect);
    started.stderr!.on("data", collect);
    void exited.then((code) => reject(new Error(`the proxy exited with ${code} before listening:\n${output}`)));
  });
  return { url, pid: started.pid!, output: () => output, exited };
}

it("on SIGTERM refuses new connections, finishes 8 generations in flight over HTTP/2 and HTTP/1.1, and exits 0", { timeout: 60_000 }, async () => {
  const key = await openKeyStore({ dataDir }).create({ name: "shutdown" });
  emulator.injectFault({ kind: "slow", delayMs: UPSTREAM_DELAY_MS }, { times: 8 });
  const proxy = await startProxyProcess();
  const credentials = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  const sdk = new BedrockRuntimeClient({ endpoint: proxy.url, region: "us-west-2", credentials });
  let finished = 0;
  const countFinished = <T>(work: Promise<T>): Promise<T> => work.finally(() => finished++);

  try {
    const overHttp2 = Array.from({ length: 4 }, (_, index) =>
      countFinished(
        sdk
          .send(
            new InvokeModelCommand({
              modelId: MODEL_ID,
              body: JSON.stringify({ prompt: `a lighthouse, h2 ${index}` }),
              contentType: "application/json",
              accept: "application/json",
            }),
          )
          .then((output) => JSON.parse(new TextDecoder().decode(output.body)) as { images: string[] }),
      ),
    );
    const overHttp1 = Array.from({ length: 4 }, (_, index) =>
      countFinished(
        signedFetch({
          url: `${proxy.url}/model/${encodeURIComponent(MODEL_ID)}/invoke`,
          body: JSON.stringify({ prompt: `a lighthouse, http/1.1 ${index}` }),
          ...credentials,
        }).then(async (response) => {
          expect(response.status).toBe(200);
          return (await response.json()) as { images: string[] };
        }),
      ),
    );
    await emulator.waitFor(() => emulator.requests.length >= 8);

    process.kill(proxy.pid, "SIGTERM");
    await expect.poll(() => fetch(`${proxy.url}/healthz`).then(() => "answered", () => "refused"), { timeout: 2_000 }).toBe("refused");
    expect(finished).toBe(0);

    const answers = await Promise.all([...overHttp2, ...overHttp1]);
    expect(answers.map((answer) => answer.images.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(await proxy.exited).toBe(0);

    const invokes = proxy
      .output()
      .split("\n")
      .filter((line) => line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line) as { status: number; protocol: string; path: string })
      // The /healthz poll above may be answered once before the signal lands; only the generations count here.
      .filter((line) => line.path.endsWith("/invoke"));
    expect(invokes.filter((line) => line.status === 200).map((line) => line.protocol).sort()).toEqual([
      "h2", "h2", "h2", "h2", "http/1.1", "http/1.1", "http/1.1", "http/1.1",
    ]);
  } finally {
    sdk.destroy();
  }
});

/** Starts the proxy, and one HTTP/1.1 generation that Bedrock (the emulator) never answers. */
async function proxyWithHangingRequest(env: Record<string, string>) {
  emulator.reset();
  const key = await openKeyStore({ dataDir }).create({ name: `hanging ${children.size}` });
  emulator.injectFault({ kind: "hang" });
  const proxy = await startProxyProcess(env);
  const hanging = signedFetch({
    url: `${proxy.url}/model/${encodeURIComponent(MODEL_ID)}/invoke`,
    body: JSON.stringify({ prompt: "never answered" }),
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
  }).then(
    (response) => response.status,
    () => "cut off",
  );
  await emulator.waitFor(() => emulator.requests.length >= 1);
  return { proxy, hanging };
}

it("cuts what is still running after PROXY_SHUTDOWN_GRACE_MS and exits 1", { timeout: 30_000 }, async () => {
  const { proxy, hanging } = await proxyWithHangingRequest({ PROXY_SHUTDOWN_GRACE_MS: "300" });

  process.kill(proxy.pid, "SIGTERM");

  expect(await proxy.exited).toBe(1);
  expect(await hanging).toBe("cut off");
  expect(proxy.output()).toMatch(/shutdown grace period over/);
});

it("exits at once on a second Ctrl+C", { timeout: 30_000 }, async () => {
  const { proxy, hanging } = await proxyWithHangingRequest({});

  process.kill(proxy.pid, "SIGINT");
  await expect.poll(() => proxy.output(), { timeout: 5_000 }).toMatch(/"msg":"draining/);
  process.kill(proxy.pid, "SIGINT");

  expect(await proxy.exited).toBe(130);
  expect(await hanging).toBe("cut off");
});

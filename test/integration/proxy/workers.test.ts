/**
 * PROXY_WORKERS=2 runs the proxy in two processes on one port (node:cluster), sharing keys and state through Redis:
 * both workers serve signed requests, and SIGTERM to the primary drains them all and exits 0.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningRedis, startRedis } from "../../support/redis-server.js";
import { signedFetch } from "../../support/sign-request.js";
import { startTestProxy, TEST_SEAL_SECRET } from "../../support/test-proxy.js";

const root = join(import.meta.dirname, "..", "..", "..");
let redis: RunningRedis;
let child: ChildProcess | undefined;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  if (child?.pid !== undefined) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // The group has already exited.
    }
  }
  await redis.stop();
});

it("serves one port from two worker processes and drains them all on SIGTERM", { timeout: 60_000 }, async () => {
  const shared = { PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET };
  const seed = await startTestProxy({ env: shared });
  const { key } = seed;
  await seed.close();

  const started = spawn(process.execPath, ["--import", "tsx", "proxy/main.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], PORT: "0", PROXY_WORKERS: "2", LOG_LEVEL: "info", ...shared },
  });
  child = started;
  let output = "";
  const exited = new Promise<number | null>((resolve) => started.once("exit", (code) => resolve(code)));
  const listening = () => [...output.matchAll(/"url":"(http:\/\/[^"]+)"[^\n]*"pid":(\d+),"msg":"listening"/g)];
  await new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (listening().length === 2) resolve();
    };
    started.stdout!.on("data", collect);
    started.stderr!.on("data", collect);
    void exited.then((code) => reject(new Error(`the proxy exited with ${code}:\n${output}`)));
  });
  const [first, second] = listening();
  expect(first![1]).toBe(second![1]);
  expect(first![2]).not.toBe(second![2]);
  const url = first![1]!;

  const answers = await Promise.all(
    Array.from({ length: 6 }, (_, index) =>
      signedFetch({
        url: `${url}/model/stability.stable-image-core-v1%3A0/invoke`,
        body: JSON.stringify({ prompt: `a lighthouse ${index}` }),
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
      }).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }),
    ),
  );
  expect(answers).toEqual([200, 200, 200, 200, 200, 200]);

  process.kill(started.pid!, "SIGTERM");
  expect(await exited).toBe(0);
  expect(output.match(/"msg":"drained"/g)).toHaveLength(2);
});

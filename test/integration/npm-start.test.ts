/**
 * What a newcomer sees from `npm start` (after its build step): the proxy on the preview backend answering
 * /healthz, the manifest's path and the Figma steps, and — the first time only — a development key that works.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../support/sign-request.js";

let dataDir: string;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "framefill-start-"));
});
afterAll(async () => {
  for (const child of running) child.kill("SIGTERM");
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts scripts/start.ts (what `npm start` runs after `npm run build`) and collects its output until it is ready. */
async function start(): Promise<{ output: string; stop(): Promise<void> }> {
  const child = spawn("npx", ["tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: "0", PROXY_DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const output = await new Promise<string>((resolvePromise, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("Stop with Ctrl+C")) resolvePromise(text);
    });
    child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${text}`)));
  });
  return {
    output,
    stop: () =>
      new Promise<void>((done) => {
        child.once("exit", () => done());
        child.kill("SIGTERM");
        running.delete(child);
      }),
  };
}

describe("npm start", () => {
  it("serves /healthz, prints the manifest and a working development key, and makes no second key", async () => {
    const first = await start();
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(first.output)?.[1];
    expect(url).toBeDefined();
    expect(first.output).toContain("Plugins → Development → Import plugin from manifest…");
    expect(first.output).toContain(resolve("manifest.json"));

    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toMatchObject({ status: "ok", backend: "preview" });

    const accessKeyId = /Access key ID\s+(FFK[A-Z2-7]{17})/.exec(first.output)?.[1];
    const secretAccessKey = /Secret access key\s+(\S+)/.exec(first.output)?.[1];
    expect(first.output).toMatch(/Region\s+us-west-2/);
    const invoke = await signedFetch({
      url: `${url}/model/stability.stable-image-core-v1%3A0/invoke`,
      body: JSON.stringify({ prompt: "first light" }),
      accessKeyId: accessKeyId!,
      secretAccessKey: secretAccessKey!,
    });
    expect(invoke.status).toBe(200);
    await first.stop();

    const second = await start();
    expect(second.output).not.toContain("Secret access key");
    expect(second.output).toContain("Keys: 1 active");
    await second.stop();
  });
});

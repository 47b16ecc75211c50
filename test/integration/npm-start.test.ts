/**
 * What a newcomer sees from `npm start` (after its build step): the proxy on the preview backend answering
 * /healthz, the manifest's path and the Figma steps, and — the first time only — a development key that works.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../support/sign-request.js";
import { type StartedProcess, startProcess } from "../support/start-process.js";

let dataDir: string;
const running = new Set<StartedProcess>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "framefill-start-"));
});
afterAll(async () => {
  await Promise.all([...running].map((started) => started.stop()));
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Starts scripts/start.ts (what `npm start` runs after `npm run build`) and collects its output until it is ready.
 * `npx` runs tsx, which runs node: stopping signals the whole process group, not just npx.
 */
async function start(): Promise<{ output: string; stop(): Promise<void> }> {
  const started = await startProcess("npx", ["tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: "0", PROXY_DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    ready: (output) => output.includes("Stop with Ctrl+C"),
  });
  running.add(started);
  return {
    output: started.output(),
    async stop() {
      running.delete(started);
      await started.stop();
    },
  };
}

describe("npm start", () => {
  it("serves /healthz, prints the manifest and a working development key, and makes no second key", async () => {
    const first = await start();
    // Bound to 127.0.0.1, printed as localhost: Figma desktop refuses IP addresses in devAllowedDomains.
    const url = /listening on (http:\/\/localhost:\d+)/.exec(first.output)?.[1];
    expect(url).toBeDefined();
    expect(first.output).toMatch(new RegExp(`Proxy URL\\s+${url}\\n`));
    expect(first.output).not.toContain("127.0.0.1");
    expect(first.output).toContain("Plugins → Development → Import plugin from manifest…");
    expect(first.output).toContain(resolve("manifest.json"));

    // PORT=0 picks a port manifest.json does not allow: npm start says how to allow it.
    const port = new URL(url!).port;
    expect(first.output).toContain(`Figma will block http://localhost:${port}: manifest.json's devAllowedDomains does not list it`);
    expect(first.output).toContain(`npm run configure -- --proxy-url http://localhost:${port}`);

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

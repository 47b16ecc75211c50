/**
 * The production proxy is `node dist/proxy/main.js` (built by `npm run build`, which `npm test` runs first): plain
 * node, no tsx and no TypeScript at run time. It answers /healthz and a signed InvokeModel, and `dist/proxy/keys.js`
 * issues the key. On the bedrock backend it never loads sharp (a native image library only the preview needs).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxyBundleOptions } from "../../scripts/proxy-bundle-options.js";
import { signedFetch } from "../support/sign-request.js";
import { type StartedProcess, startProcess } from "../support/start-process.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const proxyDir = join(root, "dist", "proxy");
const linux = existsSync("/proc/self/maps");

let dataDir: string;
const running = new Set<StartedProcess>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "framefill-production-"));
});
afterAll(async () => {
  await Promise.all([...running].map((started) => started.stop()));
  await rm(dataDir, { recursive: true, force: true });
});

/** The environment of a production host: no NODE_OPTIONS (which could preload tsx). */
function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _nodeOptions, ...env } = process.env;
  return { ...env, PORT: "0", HOST: "127.0.0.1", PROXY_DATA_DIR: dataDir, LOG_LEVEL: "info", ...extra };
}

/** Starts `node dist/proxy/main.js` and returns it with the URL from its "listening" log line. */
async function startBuiltProxy(extra: Record<string, string> = {}): Promise<{ started: StartedProcess; url: string }> {
  const started = await startProcess(process.execPath, [join(proxyDir, "main.js")], {
    env: productionEnv(extra),
    cwd: root,
    ready: (output) => output.includes('"msg":"listening"'),
  });
  running.add(started);
  const line = started.output().split("\n").find((text) => text.includes('"msg":"listening"'))!;
  return { started, url: (JSON.parse(line) as { url: string }).url };
}

async function stopBuiltProxy(started: StartedProcess): Promise<void> {
  running.delete(started);
  await started.stop();
}

/** The command lines of a process's descendants (tsx would show up as its esbuild service). */
function descendants(pid: number): string[] {
  const children = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === pid ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
  return children.flatMap((child) => [readFileSync(`/proc/${child}/cmdline`, "utf8").replaceAll("\0", " "), ...descendants(child)]);
}

describe("node dist/proxy/main.js", () => {
  it("is built, as ESM files that import neither tsx nor TypeScript", () => {
    expect(existsSync(join(proxyDir, "main.js")), "run npm run build first").toBe(true);
    expect(existsSync(join(proxyDir, "keys.js"))).toBe(true);
    expect(existsSync(join(proxyDir, "usage.js"))).toBe(true);
    const files = readdirSync(proxyDir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".js"));
    for (const file of files) {
      expect(readFileSync(join(proxyDir, file), "utf8"), file).not.toMatch(/from\s*["'](tsx|typescript)(\/[^"']*)?["']/);
    }
  });

  it("serves /healthz and a signed InvokeModel on the preview backend with plain node, with a key from dist/proxy/keys.js", async () => {
    const { stdout } = await run(process.execPath, [join(proxyDir, "keys.js"), "create", "--name", "production"], {
      env: productionEnv({}),
      cwd: root,
    });
    const key = JSON.parse(stdout) as { accessKeyId: string; secretAccessKey: string };

    const { started, url } = await startBuiltProxy();
    try {
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", backend: "preview" });

      const invoke = await signedFetch({
        url: `${url}/model/stability.stable-image-core-v1%3A0/invoke`,
        body: JSON.stringify({ prompt: "a lighthouse at dawn", aspect_ratio: "1:1", output_format: "png" }),
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
      });
      expect(invoke.status).toBe(200);
      const answer = (await invoke.json()) as { images: string[]; finish_reasons: unknown[] };
      expect(answer.finish_reasons).toEqual([null]);
      expect(Buffer.from(answer.images[0]!, "base64").subarray(1, 4).toString("latin1")).toBe("PNG");

      if (linux) {
        const argv = readFileSync(`/proc/${started.pid}/cmdline`, "utf8").split("\0").filter(Boolean);
        expect(argv).toEqual([process.execPath, join(proxyDir, "main.js")]);
        expect(readFileSync(`/proc/${started.pid}/environ`, "utf8")).not.toMatch(/tsx/);
        expect(descendants(started.pid).filter((command) => /tsx|esbuild/.test(command))).toEqual([]);
      }
    } finally {
      await stopBuiltProxy(started);
    }
  });

  it("keeps a dynamic import lazy: sharp behind an import() is not loaded until that code runs", async () => {
    const fixture = await mkdtemp(join(tmpdir(), "framefill-lazy-"));
    try {
      await writeFile(join(fixture, "heavy.ts"), `import sharp from "sharp";\nexport const heavy = () => typeof sharp;\n`);
      await writeFile(
        join(fixture, "main.ts"),
        `if (process.argv[2] === "heavy") console.log((await import("./heavy.js")).heavy());\nelse console.log("light");\n`,
      );
      const out = join(fixture, "out");
      await esbuild.build({ ...proxyBundleOptions({ main: join(fixture, "main.ts") }, out), logLevel: "silent" });
      expect(readFileSync(join(out, "main.js"), "utf8")).not.toMatch(/["']sharp["']/);

      // The fixture has no node_modules: importing sharp fails, so "light" proves it was never imported.
      expect((await run(process.execPath, [join(out, "main.js")])).stdout).toBe("light\n");
      await expect(run(process.execPath, [join(out, "main.js"), "heavy"])).rejects.toThrow(/Cannot find package 'sharp'/);
    } finally {
      await rm(fixture, { recursive: true, force: true });
    }
  });

  // proxy/start-proxy.ts imports the preview backend (and so sharp) only when it is the configured backend.
  it.runIf(linux)("does not load sharp on the bedrock backend", async () => {
    const { started, url } = await startBuiltProxy({
      PROXY_BACKEND: "bedrock",
      AWS_REGION: "us-west-2",
      AWS_ACCESS_KEY_ID: "test-access-key",
      AWS_SECRET_ACCESS_KEY: "not-used-by-this-test",
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: "http://127.0.0.1:9",
    });
    try {
      expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ backend: "bedrock" });
      const mapped = readFileSync(`/proc/${started.pid}/maps`, "utf8").split("\n").filter((line) => /sharp|libvips/.test(line));
      expect(mapped, "sharp's native library is loaded").toEqual([]);
    } finally {
      await stopBuiltProxy(started);
    }
  });
});

/**
 * On a machine without the system tools the suite drives, `npm test` stops before it type-checks or builds, with one
 * line that names the command installing them (scripts/setup.sh --check, the first step of the test script).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
let bin: string;

/** A directory to use as the whole PATH, holding only the named commands (symlinks to the real ones or to `true`). */
async function pathWith(commands: Record<string, string>): Promise<string> {
  bin = await mkdtemp(join(tmpdir(), "framefill-path-"));
  for (const [name, target] of Object.entries(commands)) await symlink(target, join(bin, name));
  return bin;
}

afterEach(async () => {
  await rm(bin, { recursive: true, force: true });
});

async function which(command: string): Promise<string> {
  return (await run("bash", ["-c", `type -P ${command}`])).stdout.trim();
}

describe("npm test on a machine without its tools", () => {
  it("stops early with one line naming npm run setup", async () => {
    const path = await pathWith({
      node: process.execPath,
      npm: await which("npm"),
      sh: await which("sh"),
      bash: await which("bash"),
    });
    const started = Date.now();
    const failure = await run("npm", ["test"], {
      env: { ...process.env, PATH: path, CHROMIUM_PATH: join(path, "chromium") },
    }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure, "npm test should have failed").toBeDefined();
    expect(failure!.code).not.toBe(0);
    expect(failure!.stderr.trim().split("\n")).toEqual([
      "npm test needs chromium, redis-server, openssl, python3-boto3 and awscli: run npm run setup",
    ]);
    // Nothing after the check ran: no type-check, no build, no test runner.
    expect(failure!.stdout).not.toMatch(/dist\/code\.js|RUN|error TS/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("passes silently when every tool is there", async () => {
    const yes = await which("true");
    const path = await pathWith({ "redis-server": yes, openssl: yes, aws: yes, python3: yes, chromium: yes });
    const { stdout, stderr } = await run(await which("bash"), ["scripts/setup.sh", "--check"], {
      env: { ...process.env, PATH: path, CHROMIUM_PATH: join(path, "chromium") },
    });
    expect(stdout + stderr).toBe("");
  });
});

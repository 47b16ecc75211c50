/**
 * The key store across real processes: parallel `keys create` runs and a `keys revoke` lose nothing, and a lock held
 * by a process that was killed does not block the next change for ever. Each CLI run is one `node --import tsx`
 * process (what `npm run keys` runs, without npm's extra processes), awaited, and killed if it overstays.
 */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openKeyStore } from "../../../proxy/keys/key-store.js";

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, "../../..");
const cli = join(repo, "proxy/keys/cli.ts");
const sealSecret = "r".repeat(32);
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "framefill-key-race-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function keys(dataDir: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", cli, ...args], {
    cwd: repo,
    env: { ...process.env, PROXY_DATA_DIR: dataDir, PROXY_KEY_SEAL_SECRET: sealSecret },
    timeout: 40_000,
    killSignal: "SIGKILL",
  });
  return stdout;
}

describe("keys CLI runs in parallel", () => {
  it("8 creates racing a revoke lose no key, and the revoked key stays revoked, round after round", async () => {
    const dataDir = join(root, "cli");
    const store = openKeyStore({ dataDir, sealSecret });
    const expected: string[] = [];
    const victims: string[] = [];
    for (let round = 0; round < 4; round++) {
      const victim = await store.create({ name: `victim ${round}` });
      expected.push(victim.accessKeyId);
      victims.push(victim.accessKeyId);
      const [revoked, ...created] = await Promise.all([
        keys(dataDir, ["revoke", victim.accessKeyId]),
        ...Array.from({ length: 8 }, (_, index) => keys(dataDir, ["create", "--name", `round ${round} key ${index}`])),
      ]);
      expect(revoked).toContain(`Revoked ${victim.accessKeyId}`);
      expected.push(...created.map((printed) => (JSON.parse(printed) as { accessKeyId: string }).accessKeyId));

      const listed = await openKeyStore({ dataDir, sealSecret }).list();
      expect(listed.map((key) => key.accessKeyId).sort(), `round ${round}`).toEqual([...expected].sort());
      for (const id of victims) expect(listed.find((key) => key.accessKeyId === id)?.revokedAt, `round ${round}, ${id}`).toEqual(expect.any(String));
    }
    expect(expected).toHaveLength(36);
  }, 60_000);
});

describe("a writer killed while holding the lock", () => {
  it("blocks the next change only until the lock turns stale", async () => {
    const dataDir = join(root, "killed");
    await mkdir(dataDir, { mode: 0o700 });
    // Takes the lock exactly as the store does (keys.json.lock, kept fresh while held), then is killed with it.
    const holder = spawn(
      process.execPath,
      ["-e", `require("proper-lockfile").lock(${JSON.stringify(join(dataDir, "keys.json"))}, { realpath: false }).then(() => console.log("locked"), () => process.exit(1)); setInterval(() => {}, 1000);`],
      { cwd: repo, stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = once(holder, "exit");
    try {
      const [line] = (await once(holder.stdout, "data")) as [Buffer];
      expect(line.toString()).toContain("locked");
    } finally {
      holder.kill("SIGKILL");
      await exited;
    }

    const store = openKeyStore({ dataDir, sealSecret, staleLockMs: 2_000 });
    const started = Date.now();
    const key = await store.create({ name: "after the crash" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await store.lookupSecret(key.accessKeyId)).toBe(key.secretAccessKey);
  });
});

/**
 * The key store on real files: changes from separate store instances (as separate processes have) never lose each
 * other, a lock left by a dead process does not block for ever, and one damaged record does not take the other keys
 * down.
 */
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../proxy/config.js";
import { openKeyStore } from "../../../proxy/keys/key-store.js";
import { startProxy } from "../../../proxy/start-proxy.js";

const sealSecret = "s".repeat(32);
let root: string;
let dirs = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "framefill-key-store-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function freshDir(): Promise<string> {
  const dir = join(root, `store-${++dirs}`);
  await mkdir(dir, { mode: 0o700 });
  return dir;
}

async function readKeyFile(dataDir: string): Promise<{ keys: Record<string, unknown>[] }> {
  return JSON.parse(await readFile(join(dataDir, "keys.json"), "utf8")) as { keys: Record<string, unknown>[] };
}

describe("concurrent changes", () => {
  it("a revoke racing parallel creates on two store instances loses nothing, a hundred times over", async () => {
    for (let round = 0; round < 100; round++) {
      const dataDir = await freshDir();
      const one = openKeyStore({ dataDir, sealSecret });
      const other = openKeyStore({ dataDir, sealSecret });
      const victim = await one.create({ name: "victim" });

      const [revoked, ...created] = await Promise.all([
        other.revoke(victim.accessKeyId),
        ...Array.from({ length: 8 }, (_, index) => (index % 2 ? one : other).create({ name: `key ${index}` })),
      ]);

      expect(revoked).toBe(true);
      const fresh = openKeyStore({ dataDir, sealSecret });
      const listed = await fresh.list();
      expect(listed.map((key) => key.accessKeyId).sort(), `round ${round}`).toEqual(
        [victim, ...created].map((key) => (key as { accessKeyId: string }).accessKeyId).sort(),
      );
      expect(listed.find((key) => key.accessKeyId === victim.accessKeyId)?.revokedAt, `round ${round}`).toEqual(expect.any(String));
      expect(await fresh.lookupSecret(victim.accessKeyId)).toBeUndefined();
      for (const key of created as { accessKeyId: string; secretAccessKey: string }[]) {
        expect(await fresh.lookupSecret(key.accessKeyId)).toBe(key.secretAccessKey);
      }
    }
  });

  it("takes over a lock left behind by a process that died, once it is stale", async () => {
    const dataDir = await freshDir();
    const lock = join(dataDir, "keys.json.lock");
    await mkdir(lock);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lock, longAgo, longAgo);
    const store = openKeyStore({ dataDir, sealSecret });
    const started = Date.now();
    const key = await store.create({ name: "after a crash" });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await store.lookupSecret(key.accessKeyId)).toBe(key.secretAccessKey);
    await expect(stat(lock)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("damaged records", () => {
  async function storeWithDamage() {
    const dataDir = await freshDir();
    const store = openKeyStore({ dataDir, sealSecret });
    const sound = await store.create({ name: "sound" });
    const altered = await store.create({ name: "altered" });
    const nameless = await store.create({ name: "nameless" });
    const truncated = await store.create({ name: "truncated" });
    const contents = await readKeyFile(dataDir);
    const sealed = String(contents.keys[1]!["sealedSecret"]).split(".");
    sealed[2] = `${sealed[2]!.startsWith("A") ? "B" : "A"}${sealed[2]!.slice(1)}`;
    contents.keys[1]!["sealedSecret"] = sealed.join(".");
    delete contents.keys[2]!["name"];
    contents.keys[3]!["sealedSecret"] = String(contents.keys[3]!["sealedSecret"]).slice(0, 20);
    (contents.keys as unknown[]).push("not a record");
    await writeFile(join(dataDir, "keys.json"), JSON.stringify(contents));
    return { dataDir, sound, altered, nameless, truncated };
  }

  it("are refused as unknown and reported, while the other keys keep working", async () => {
    const { dataDir, sound, altered, nameless, truncated } = await storeWithDamage();
    const store = openKeyStore({ dataDir, sealSecret });

    expect(await store.lookupSecret(sound.accessKeyId)).toBe(sound.secretAccessKey);
    for (const damaged of [altered, nameless, truncated]) expect(await store.lookupSecret(damaged.accessKeyId)).toBeUndefined();
    expect((await store.list()).map((key) => key.name)).toEqual(["sound"]);
    expect(await store.problems()).toEqual([
      { record: 2, accessKeyId: altered.accessKeyId, reason: expect.stringContaining("does not open") },
      { record: 3, accessKeyId: nameless.accessKeyId, reason: "name is missing" },
      { record: 4, accessKeyId: truncated.accessKeyId, reason: "sealedSecret is malformed" },
      { record: 5, accessKeyId: null, reason: "not a key record" },
    ]);
    expect(JSON.stringify(await store.problems())).not.toContain(altered.secretAccessKey);

    // The store still changes: a new key works, and a damaged key can be revoked; damaged records are kept as they were.
    const added = await store.create({ name: "added" });
    expect(await store.lookupSecret(added.accessKeyId)).toBe(added.secretAccessKey);
    expect(await store.revoke(altered.accessKeyId)).toBe(true);
    const contents = await readKeyFile(dataDir);
    expect(contents.keys).toHaveLength(6);
    expect(contents.keys[1]).toMatchObject({ accessKeyId: altered.accessKeyId, revokedAt: expect.any(String) });
    expect(contents.keys[2]).not.toHaveProperty("name");
  });

  it("a seal secret that opens no key is still a clear error, and a create with it changes nothing", async () => {
    const { dataDir } = await storeWithDamage();
    const before = await readFile(join(dataDir, "keys.json"), "utf8");
    const wrong = openKeyStore({ dataDir, sealSecret: "w".repeat(32) });
    await expect(wrong.lookupSecret("")).rejects.toThrow(/sealed with another PROXY_KEY_SEAL_SECRET/);
    await expect(wrong.list()).rejects.toThrow(/sealed with another PROXY_KEY_SEAL_SECRET/);
    await expect(wrong.create({ name: "stray" })).rejects.toThrow(/sealed with another PROXY_KEY_SEAL_SECRET/);
    expect(await readFile(join(dataDir, "keys.json"), "utf8")).toBe(before);
  });

  it("bad input and a file that is not JSON are clear errors that change nothing", async () => {
    const { dataDir } = await storeWithDamage();
    const store = openKeyStore({ dataDir, sealSecret });
    const before = await readFile(join(dataDir, "keys.json"), "utf8");
    await expect(store.create({ name: "bad/name" })).rejects.toThrow(/A key name is/);
    expect(await store.revoke("FFKNOPE")).toBe(false);
    expect(await readFile(join(dataDir, "keys.json"), "utf8")).toBe(before);

    await writeFile(join(dataDir, "keys.json"), "{ half a fi");
    await expect(store.create({ name: "ok" })).rejects.toThrow(/keys\.json is not valid JSON/);
    await expect(store.lookupSecret("x")).rejects.toThrow(/keys\.json is not valid JSON/);
    expect(await readFile(join(dataDir, "keys.json"), "utf8")).toBe("{ half a fi");
  });

  it("the proxy starts, warns once per damaged record, and serves the sound keys", async () => {
    const { dataDir, sound, altered } = await storeWithDamage();
    const logs: Record<string, unknown>[] = [];
    const logDestination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", PROXY_DATA_DIR: dataDir, PROXY_KEY_SEAL_SECRET: sealSecret });
    const proxy = await startProxy(config, { logDestination });
    try {
      expect(await proxy.keys.lookupSecret(sound.accessKeyId)).toBe(sound.secretAccessKey);
      const warnings = logs.filter((line) => line["level"] === 40);
      expect(warnings).toHaveLength(4);
      expect(warnings[0]).toMatchObject({ record: 2, accessKeyId: altered.accessKeyId, msg: expect.stringContaining("refused as unknown") });
      expect(JSON.stringify(logs)).not.toContain(altered.secretAccessKey);
    } finally {
      await proxy.close();
    }
  });
});

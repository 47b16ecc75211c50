/**
 * An admin moving a proxy that ran alone onto a shared Redis brings its keys along: `keys import` copies every sound
 * key of a keys.json into Redis with its id, secret, limits, revocation and a rotation's grace, so designers paste
 * nothing new. Run through the real CLI against a real redis-server; proxies on that Redis then accept the old
 * secrets. Running it twice changes nothing; bad input says why and imports nothing.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../proxy/config.js";
import { openKeyStore } from "../../../proxy/keys/key-store.js";
import { REDIS_KEYS_HASH } from "../../../proxy/keys/redis-key-store.js";
import { type RunningProxy, startProxy } from "../../../proxy/start-proxy.js";
import { startRedis, type RunningRedis } from "../../support/redis-server.js";
import { signedFetch } from "../../support/sign-request.js";
import { TEST_SEAL_SECRET } from "../../support/test-proxy.js";

const run = promisify(execFile);
let redis: RunningRedis;
let client: Redis;
const dirs: string[] = [];
const proxies: RunningProxy[] = [];

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
});
afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  client?.disconnect();
  await redis?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "framefill-keys-import-"));
  dirs.push(dir);
  return dir;
}

/** The keys CLI as an admin runs it; resolves to its exit code and output, whatever the code. */
async function keysCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "proxy/keys/cli.ts", ...args], { env: { ...process.env, ...env }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const onRedis = (dataDir: string) => ({ PROXY_DATA_DIR: dataDir, PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET });

const send = (proxy: RunningProxy, key: { accessKeyId: string; secretAccessKey: string }, prompt: string) =>
  signedFetch({ url: `${proxy.url}/model/stability.stable-image-core-v1%3A0/invoke`, body: JSON.stringify({ prompt }), ...key });

describe("keys import", () => {
  it("copies every sound key of a keys.json sealed with seal.key into Redis, and proxies there accept the old secrets", async () => {
    // The proxy that ran alone: no PROXY_KEY_SEAL_SECRET, so its secrets are sealed with a seal.key beside keys.json.
    const alone = await tempDir();
    const store = openKeyStore({ dataDir: alone });
    const limited = await store.create({ name: "limited", limits: { imagesPerDay: 1 } });
    const rotating = await store.create({ name: "rotating" });
    const rotated = (await store.rotate(rotating.accessKeyId, { graceMs: 3_600_000 }))!;
    const revoked = await store.create({ name: "revoked" });
    await store.revoke(revoked.accessKeyId);
    const file = join(alone, "keys.json");
    const contents = JSON.parse(await readFile(file, "utf8")) as { keys: object[] };
    contents.keys.push({ accessKeyId: "FFKDAMAGED0000000000", createdAt: "2026-11-30T00:00:00Z", revokedAt: null });
    await writeFile(file, JSON.stringify(contents));

    const imported = await keysCli(["import"], onRedis(alone));
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Imported 3 key(s) from ${file} into Redis: ${limited.accessKeyId}, ${rotating.accessKeyId}, ${revoked.accessKeyId}.`);
    expect(imported.stdout).toContain("Not imported: record 4 (FFKDAMAGED0000000000) is damaged, name is missing.");
    // Sealed again under PROXY_KEY_SEAL_SECRET: nothing in Redis is sealed with the old machine's seal.key.
    const stored = await client.hget(REDIS_KEYS_HASH, limited.accessKeyId);
    expect(stored).not.toContain(JSON.parse(await readFile(file, "utf8")).keys[0].sealedSecret);

    const proxy = await startProxy(loadConfig({ PORT: "0", ...onRedis(await tempDir()), LOG_LEVEL: "silent" }));
    proxies.push(proxy);
    expect((await send(proxy, limited, "the old secret, on the shared Redis")).status).toBe(200);
    const overLimit = await send(proxy, limited, "its limit came along");
    expect([overLimit.status, overLimit.headers.get("x-amzn-errortype")]).toEqual([400, "ServiceQuotaExceededException"]);
    expect((await send(proxy, rotated, "the rotated secret")).status).toBe(200);
    expect((await send(proxy, rotating, "the old secret, still in its grace period")).status).toBe(200);
    const refused = await send(proxy, revoked, "still revoked");
    expect([refused.status, refused.headers.get("x-amzn-errortype")]).toEqual([403, "UnrecognizedClientException"]);

    // Twice changes nothing: the keys in Redis are left as they are there.
    await client.hset(REDIS_KEYS_HASH, "marker", "untouched");
    const before = await client.hgetall(REDIS_KEYS_HASH);
    const again = await keysCli(["import", file], onRedis(await tempDir()));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Imported 0 key(s) from ${file} into Redis.`);
    expect(again.stdout).toContain(`Already in Redis, left as they are there: ${limited.accessKeyId}, ${rotating.accessKeyId}, ${revoked.accessKeyId}.`);
    expect(await client.hgetall(REDIS_KEYS_HASH)).toEqual(before);
    await client.hdel(REDIS_KEYS_HASH, "marker");
  });

  it("copies a keys.json sealed with PROXY_KEY_SEAL_SECRET itself, with no seal.key beside it", async () => {
    // The proxy that ran alone already had the secret the shared proxies use.
    const alone = await tempDir();
    const key = await openKeyStore({ dataDir: alone, sealSecret: TEST_SEAL_SECRET }).create({ name: "sealed with the secret" });
    await expect(readFile(join(alone, "seal.key"))).rejects.toThrow(/ENOENT/);

    const imported = await keysCli(["import"], onRedis(alone));
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Imported 1 key(s) from ${join(alone, "keys.json")} into Redis: ${key.accessKeyId}.`);

    const proxy = await startProxy(loadConfig({ PORT: "0", ...onRedis(await tempDir()), LOG_LEVEL: "silent" }));
    proxies.push(proxy);
    expect((await send(proxy, key, "sealed with the shared secret all along")).status).toBe(200);
  });

  it("refuses bad input, saying why, and imports nothing", async () => {
    const dir = await tempDir();
    const before = await client.hlen(REDIS_KEYS_HASH);

    const noRedis = await keysCli(["import"], { PROXY_DATA_DIR: dir });
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr).toContain("keys import copies a keys.json into Redis: set PROXY_REDIS_URL and PROXY_KEY_SEAL_SECRET");

    const missing = await keysCli(["import"], onRedis(dir));
    expect([missing.code, missing.stderr.trim()]).toEqual([1, `There is no ${join(dir, "keys.json")} to import.`]);

    await writeFile(join(dir, "keys.json"), "{ not json");
    const garbled = await keysCli(["import"], onRedis(dir));
    expect([garbled.code, garbled.stderr.trim()]).toEqual([1, `${join(dir, "keys.json")} is not valid JSON: nothing was imported.`]);

    // Sealed with a secret the CLI is not given, and no seal.key beside it.
    const other = await tempDir();
    await openKeyStore({ dataDir: other, sealSecret: "a-seal-secret-this-admin-no-longer-has-000" }).create({ name: "lost" });
    const unopened = await keysCli(["import"], onRedis(other));
    expect(unopened.code).toBe(1);
    expect(unopened.stderr).toContain("open neither with PROXY_KEY_SEAL_SECRET nor with");

    expect(await client.hlen(REDIS_KEYS_HASH)).toBe(before);
  });
});

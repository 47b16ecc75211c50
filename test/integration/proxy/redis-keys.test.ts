/**
 * Keys that follow the proxy onto a second machine: with PROXY_REDIS_URL the keys live in Redis (sealed with
 * PROXY_KEY_SEAL_SECRET), so two proxies with separate data directories know the same keys, and the keys CLI run
 * anywhere with that URL creates, limits, rotates and revokes them on both at once. Concurrent writers never lose
 * each other's changes; a wrong seal secret is a clear start-up error.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../proxy/config.js";
import { createRedisKeyStore } from "../../../proxy/keys/redis-key-store.js";
import { type RunningProxy, startProxy } from "../../../proxy/start-proxy.js";
import { startRedis, type RunningRedis } from "../../support/redis-server.js";
import { signedFetch } from "../../support/sign-request.js";
import { TEST_SEAL_SECRET } from "../../support/test-proxy.js";

const run = promisify(execFile);
let redis: RunningRedis;
const proxies: RunningProxy[] = [];
const dirs: string[] = [];
const clients: Redis[] = [];

async function proxyOnRedis(): Promise<RunningProxy> {
  const dataDir = await mkdtemp(join(tmpdir(), "framefill-redis-keys-"));
  dirs.push(dataDir);
  const proxy = await startProxy(
    loadConfig({ PORT: "0", PROXY_DATA_DIR: dataDir, PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET, LOG_LEVEL: "silent" }),
  );
  proxies.push(proxy);
  return proxy;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  for (const client of clients) client.disconnect();
  await redis?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const send = (proxy: RunningProxy, key: { accessKeyId: string; secretAccessKey: string }, prompt: string) =>
  signedFetch({ url: `${proxy.url}/model/stability.stable-image-core-v1%3A0/invoke`, body: JSON.stringify({ prompt }), ...key });

async function keysCli(args: string[]): Promise<string> {
  const env = { ...process.env, PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET, PROXY_DATA_DIR: join(tmpdir(), "framefill-nowhere") };
  const { stdout } = await run(process.execPath, ["--import", "tsx", "proxy/keys/cli.ts", ...args], { env, timeout: 30_000 });
  return stdout;
}

describe("keys in Redis", () => {
  it("are known to two proxies on separate data directories, and the CLI's changes apply to both at once", async () => {
    const [one, two] = [await proxyOnRedis(), await proxyOnRedis()];
    const key = JSON.parse(await keysCli(["create", "--name", "everywhere", "--images-per-day", "1"])) as { accessKeyId: string; secretAccessKey: string };
    expect((await send(one, key, "on the first machine")).status).toBe(200);
    const over = await send(two, key, "over the shared limit on the second");
    expect(over.status).toBe(400);
    expect(over.headers.get("x-amzn-errortype")).toBe("ServiceQuotaExceededException");

    await keysCli(["set", key.accessKeyId, "--images-per-day", "3"]);
    expect((await send(two, key, "raised, seen by the second")).status).toBe(200);

    await keysCli(["revoke", key.accessKeyId]);
    for (const proxy of [one, two]) {
      const refused = await send(proxy, key, "revoked everywhere");
      expect(refused.status).toBe(403);
      expect(refused.headers.get("x-amzn-errortype")).toBe("UnrecognizedClientException");
    }
    expect(await keysCli(["list"])).toMatch(new RegExp(`${key.accessKeyId}\\s+everywhere.*revoked`));
  });

  it("never lose a write: a revoke racing parallel creates from two clients, a hundred times", async () => {
    const [a, b] = [new Redis(redis.url), new Redis(redis.url)];
    clients.push(a, b);
    const stores = [a, b].map((client) => createRedisKeyStore({ redis: client, sealSecret: TEST_SEAL_SECRET, hash: "framefill:race-keys" }));
    for (let round = 0; round < 100; round++) {
      const victim = await stores[0]!.create({ name: `victim ${round}` });
      const results = await Promise.all([
        stores[1]!.revoke(victim.accessKeyId),
        stores[0]!.setLimits(victim.accessKeyId, { imagesPerDay: round + 1 }),
        ...Array.from({ length: 4 }, (_, index) => stores[index % 2]!.create({ name: `made ${round}.${index}` })),
      ]);
      expect(results[0]).toBe(true);
      const listed = await stores[1]!.list();
      const record = listed.find((key) => key.accessKeyId === victim.accessKeyId)!;
      expect(record.revokedAt).not.toBeNull();
      expect(record.limits.imagesPerDay).toBe(round + 1);
      expect(await stores[0]!.lookupSecret(victim.accessKeyId)).toBeUndefined();
    }
    expect(await stores[0]!.list()).toHaveLength(100 * 5);
  });

  it("refuse to start a proxy whose seal secret opens none of them, saying why", async () => {
    await keysCli(["create", "--name", "sealed"]);
    await expect(
      startProxy(loadConfig({ PORT: "0", PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: "another-seal-secret-0123456789abcdef", LOG_LEVEL: "silent" })),
    ).rejects.toThrow(/sealed with another PROXY_KEY_SEAL_SECRET/);
  });
});

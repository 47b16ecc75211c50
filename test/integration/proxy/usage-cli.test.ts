/**
 * The admin's usage CLI against what real proxies recorded: every format from the embedded store (spend.json) and
 * from Redis, names from the key store, exact dollars, the --key filter, the HTML report written, and bad input
 * refused with one line and exit code 2, changing nothing.
 */
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IssuedKey } from "../../../proxy/keys/key-store.js";
import { startRedis, type RunningRedis } from "../../support/redis-server.js";
import { startTestProxy, type TestProxy, TEST_SEAL_SECRET } from "../../support/test-proxy.js";

const run = promisify(execFile);
const core = "stability.stable-image-core-v1:0";
const core11 = "stability.stable-image-core-v1:1";
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function usage(args: string[], env: Record<string, string>) {
  return run("npm", ["run", "--silent", "usage", "--", ...args], { env: { ...process.env, ...env } });
}

/** Today as YYYY-MM-DD (UTC), read before the requests so a run across midnight still asks for the right days. */
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** alice: 3 Core images and a 4th refused by her cap of 3 a day; bob: 1 Core 1.1 image. */
async function spendSome(proxy: TestProxy): Promise<{ alice: IssuedKey; bob: IssuedKey }> {
  const alice = await proxy.proxy.keys.create({ name: "alice", limits: { imagesPerDay: 3 } });
  const bob = await proxy.proxy.keys.create({ name: "bob the designer" });
  const invoke = async (key: IssuedKey, modelId: string, prompt: string) => {
    const client = new BedrockRuntimeClient({ region: "us-west-2", endpoint: proxy.url, maxAttempts: 1, credentials: key });
    try {
      return await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify({ prompt }), contentType: "application/json" }));
    } finally {
      client.destroy();
    }
  };
  for (const prompt of ["one", "two", "three"]) await invoke(alice, core, prompt);
  await expect(invoke(alice, core, "four")).rejects.toThrow(/limit of 3 images per day/);
  await invoke(bob, core11, "bob's");
  return { alice, bob };
}

interface Row {
  day: string;
  accessKeyId: string;
  name: string;
  model: string;
  requests: number;
  images: number;
  usd: number;
  refused: number;
}

function expectedRows(day: string, alice: IssuedKey, bob: IssuedKey): Row[] {
  return [
    { day, accessKeyId: alice.accessKeyId, name: "alice", model: core, requests: 3, images: 3, usd: 0.12, refused: 1 },
    { day, accessKeyId: bob.accessKeyId, name: "bob the designer", model: core11, requests: 1, images: 1, usd: 0.04, refused: 0 },
  ];
}

describe("usage CLI, embedded store", () => {
  let dataDir: string;
  let env: Record<string, string>;
  let keys: { alice: IssuedKey; bob: IssuedKey };
  let today: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "framefill-usage-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    today = dayOf(new Date());
    const proxy = await startTestProxy({ env: { PROXY_DATA_DIR: dataDir } });
    try {
      keys = await spendSome(proxy);
    } finally {
      // Closing writes spend.json out, as a proxy that stops does.
      await proxy.close();
    }
    env = { PROXY_DATA_DIR: dataDir };
  });

  it("prints JSON rows with exactly the report's fields, names from the key store and exact dollars", async () => {
    const { stdout, stderr } = await usage(["--from", today, "--to", today, "--format", "json"], env);
    expect(stderr).toBe("");
    const rows = JSON.parse(stdout) as Row[];
    expect(rows).toEqual(expectedRows(today, keys.alice, keys.bob));
    for (const row of rows) expect(Object.keys(row)).toEqual(["day", "accessKeyId", "name", "model", "requests", "images", "usd", "refused"]);
    // 3 × $0.04 added as floats would print 0.12000000000000001.
    expect(stdout).toContain('"usd": 0.12,');
  });

  it("prints CSV a spreadsheet reads", async () => {
    const { stdout } = await usage(["--from", today, "--to", today, "--format", "csv"], env);
    expect(stdout.split("\r\n")).toEqual([
      "day,accessKeyId,name,model,requests,images,usd,refused",
      `${today},${keys.alice.accessKeyId},alice,${core},3,3,0.12,1`,
      `${today},${keys.bob.accessKeyId},bob the designer,${core11},1,1,0.04,0`,
      "",
    ]);
  });

  it("prints a table with a total, and only one key's rows with --key", async () => {
    const { stdout } = await usage(["--from", today, "--to", today], env);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^day\s+accessKeyId\s+name\s+model\s+requests\s+images\s+usd\s+refused$/);
    expect(lines[1]).toMatch(new RegExp(`^${today}  ${keys.alice.accessKeyId}  alice\\s+${core}\\s+3\\s+3\\s+\\$0\\.12\\s+1$`));
    expect(lines.at(-1)).toMatch(/^total\s+4\s+4\s+\$0\.16\s+1$/);

    const { stdout: bobOnly } = await usage(["--from", today, "--to", today, "--key", keys.bob.accessKeyId, "--format", "json"], env);
    expect(JSON.parse(bobOnly)).toEqual([expectedRows(today, keys.alice, keys.bob)[1]]);
    const { stdout: before } = await usage(["--from", "2020-01-01", "--to", "2020-01-31"], env);
    expect(before).toBe("No usage from 2020-01-01 to 2020-01-31 (UTC).\n");
  });

  it("writes the HTML report with --html", async () => {
    const file = join(dataDir, "report.html");
    const { stdout } = await usage(["--from", today, "--to", today, "--html", file], env);
    expect(stdout).toBe(`Wrote ${file}: ${today} to ${today}, $0.16 for 4 images.\n`);
    const html = await readFile(file, "utf8");
    expect(html).toContain("bob the designer");
    expect(html).toContain(`<title>${today} · alice · $0.12</title>`);
  });

  it("refuses bad input with one line and exit code 2, changing nothing", async () => {
    const spendBefore = await readFile(join(dataDir, "spend.json"), "utf8");
    const filesBefore = (await readdir(dataDir)).sort();
    const cases: [string[], string][] = [
      [["--from", "2026-02-30"], '--from must be a date as YYYY-MM-DD, such as 2026-11-01 (not "2026-02-30").\n'],
      [["--from", "2026-11-02", "--to", "2026-11-01"], "--from 2026-11-02 is after --to 2026-11-01.\n"],
      [["--format", "xlsx"], '--format must be table, csv, json (not "xlsx").\n'],
      [["--format", "csv", "--html", join(dataDir, "no.html")], "Give --html FILE or --format, not both: the HTML report is a format of its own.\n"],
    ];
    for (const [args, message] of cases) {
      await expect(usage(args, env)).rejects.toMatchObject({ code: 2, stdout: "", stderr: message });
    }
    expect(await readFile(join(dataDir, "spend.json"), "utf8")).toBe(spendBefore);
    expect((await readdir(dataDir)).sort()).toEqual(filesBefore);
  });
});

describe("usage CLI, Redis", () => {
  let redis: RunningRedis;
  let dataDir: string;

  beforeAll(async () => {
    redis = await startRedis();
    cleanup.push(() => redis.stop());
    dataDir = await mkdtemp(join(tmpdir(), "framefill-usage-redis-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  });

  it("reads what proxies on the same Redis recorded", async () => {
    const today = dayOf(new Date());
    const proxy = await startTestProxy({ env: { PROXY_DATA_DIR: dataDir, PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET } });
    let keys: { alice: IssuedKey; bob: IssuedKey };
    try {
      keys = await spendSome(proxy);
    } finally {
      await proxy.close();
    }
    // Counters and usage are in Redis, not in a file.
    expect(await readdir(dataDir)).not.toContain("spend.json");
    const { stdout } = await usage(["--from", today, "--to", today, "--format", "json"], { PROXY_DATA_DIR: dataDir, PROXY_REDIS_URL: redis.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET });
    expect(JSON.parse(stdout)).toEqual(expectedRows(today, keys.alice, keys.bob));
  });

  it("says so when Redis cannot be reached", async () => {
    const gone = await startRedis();
    await gone.stop();
    await expect(usage(["--format", "json"], { PROXY_DATA_DIR: dataDir, PROXY_REDIS_URL: gone.url, PROXY_KEY_SEAL_SECRET: TEST_SEAL_SECRET })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^Cannot reach Redis at PROXY_REDIS_URL \(.+\)\.\n$/),
    });
  });
});

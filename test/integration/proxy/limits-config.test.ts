/**
 * What the README promises an admin about limits beyond the refusals themselves: new keys start from
 * PROXY_DEFAULT_*, flags given to `keys create` override them, `keys list` shows each key's limits and what it used
 * today, PROXY_PRICES changes what an image costs (and what `/healthz` tells the plugin it costs), and bad spend
 * settings stop the proxy naming each one.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../proxy/config.js";
import { priceMicroUsd } from "../../../src/contract/prices.js";
import { fetchProxyHealth } from "../../../src/ui/connection/fetch-proxy-health.js";
import { describeCost } from "../../../src/ui/form/describe-fill.js";
import { signedFetch } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const run = promisify(execFile);
const invokePath = "/model/stability.stable-image-core-v1%3A0/invoke";
let proxy: TestProxy;

beforeAll(async () => {
  proxy = await startTestProxy({ env: { PROXY_PRICES: '{"stability.stable-image-core-v1:0":0.05}' } });
});
afterAll(() => proxy?.close());

function keysCli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ["--import", "tsx", "proxy/keys/cli.ts", ...args], {
    env: { ...process.env, PROXY_DATA_DIR: proxy.dataDir, ...env },
    timeout: 30_000,
  });
}

describe("limits an admin sets up", () => {
  it("gives new keys the PROXY_DEFAULT_* limits, which flags on keys create override", async () => {
    const defaults = { PROXY_DEFAULT_IMAGES_PER_DAY: "40", PROXY_DEFAULT_USD_PER_MONTH: "20" };
    const plain = JSON.parse((await keysCli(["create", "--name", "defaults"], defaults)).stdout) as { limits: string };
    expect(plain.limits).toBe("40 images/day, $20.00/month");
    const own = JSON.parse((await keysCli(["create", "--name", "overridden", "--images-per-day", "5", "--rpm", "30"], defaults)).stdout) as {
      limits: string;
    };
    expect(own.limits).toBe("5 images/day, $20.00/month, 30 rpm");
  });

  it("charges PROXY_PRICES, and keys list shows each key's limits and what it used today", async () => {
    const key = await proxy.proxy.keys.create({ name: "priced", limits: { microUsdPerDay: 100_000 } });
    const send = (prompt: string) => signedFetch({ url: proxy.url + invokePath, body: JSON.stringify({ prompt }), ...key });
    expect((await send("first at $0.05")).status).toBe(200);
    expect((await send("second at $0.05")).status).toBe(200);
    const third = await send("third would make $0.15");
    expect(third.status).toBe(400);
    expect(((await third.json()) as { message: string }).message).toMatch(/^This key's budget of \$0\.10 per day would be exceeded \(\$0\.10 used\)/);
    expect(proxy.logs.filter((line) => line["keyId"] === key.accessKeyId && line["status"] === 200).map((line) => line["costMicroUsd"])).toEqual([50_000, 50_000]);

    // The proxy writes its counters to spend.json as it goes; the CLI reads them from there.
    const written = async () => {
      const counters = (JSON.parse(await readFile(join(proxy.dataDir, "spend.json"), "utf8").catch(() => "{}")) as { counters?: Record<string, number> }).counters ?? {};
      return Object.entries(counters).some(([name, value]) => name.startsWith(`key:${key.accessKeyId}:day:`) && name.endsWith(":micro-usd") && value === 100_000);
    };
    for (let tries = 0; !(await written()); tries++) {
      if (tries > 100) throw new Error("spend.json never showed the key");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const listed = (await keysCli(["list"])).stdout;
    expect(listed).toMatch(new RegExp(`${key.accessKeyId}\\s+priced[^\\n]*active\\n\\s+limits: \\$0\\.10/day; today: 2 images, \\$0\\.10`));
    const json = JSON.parse((await keysCli(["list", "--json"])).stdout) as { accessKeyId: string; limits: object; usedToday: object }[];
    expect(json.find((entry) => entry.accessKeyId === key.accessKeyId)).toMatchObject({
      limits: { microUsdPerDay: 100_000 },
      usedToday: { images: 2, microUsd: 100_000 },
    });
  });

  it("advertises in /healthz the price it charges for each model it serves, which the UI then shows and checks", async () => {
    const health = (await (await fetch(`${proxy.url}/healthz`)).json()) as { models: string[]; prices: Record<string, number> };
    const core = "stability.stable-image-core-v1:0";
    expect(Object.keys(health.prices).sort()).toEqual([...health.models].sort());
    expect(health.prices[core]).toBe(50_000);
    for (const id of health.models.filter((model) => model !== core)) expect(health.prices[id]).toBe(priceMicroUsd(id));

    const seen = await fetchProxyHealth(fetch, proxy.url);
    expect(describeCost(2, core, seen!.prices!)).toBe("2 images · $0.10");
  });

  it("stops the proxy on bad spend settings, naming each", () => {
    let error: unknown;
    try {
      loadConfig({ PROXY_PRICES: '{"no-such-model":1}', PROXY_DEFAULT_RPM: "fast", PROXY_USD_PER_MONTH: "-5" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PROXY_PRICES names an unknown model id "no-such-model"');
    expect(message).toContain('PROXY_DEFAULT_RPM: a whole number above 0, or none (not "fast")');
    expect(message).toContain('PROXY_USD_PER_MONTH must be dollars above 0, such as 50 (not "-5")');
  });
});

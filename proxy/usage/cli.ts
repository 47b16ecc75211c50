/**
 * What each key spent, for the admin. Run through npm:
 *
 *   npm run --silent usage                                       this UTC month so far, as a table
 *   npm run --silent usage -- --from 2026-11-01 --to 2026-11-30 --key FFK… --format csv
 *   npm run --silent usage -- --format json                      [{day, accessKeyId, name, model, requests, images, usd, refused}]
 *   npm run usage -- --html report.html                          a self-contained page with a chart of spend per day per key
 *
 * Rows are per UTC day, key and model; `refused` counts requests a limit turned away. Reads the same environment as
 * the proxy: the spend store and the keys' names in PROXY_DATA_DIR (spend.json, keys.json), or in Redis with
 * PROXY_REDIS_URL (which also needs PROXY_KEY_SEAL_SECRET, as for the proxy).
 * Bad arguments are one line on stderr and exit code 2, before anything is opened or written.
 */
import { writeFile } from "node:fs/promises";
import { Redis } from "ioredis";
import { ConfigError, loadConfig } from "../config.js";
import { KeyStoreError } from "../keys/key-store.js";
import { openConfiguredKeyStore } from "../keys/open-configured-key-store.js";
import { openSpendStore } from "../limits/open-spend-store.js";
import { formatUsage } from "./format-usage.js";
import { parseUsageArgs, UsageArgsError } from "./parse-usage-args.js";
import { readUsage } from "./read-usage.js";
import { renderUsageReport } from "./render-usage-report.js";
import { totalOf } from "./usage-report-row.js";
import { usdDecimal } from "./usd.js";

const HELP = `Usage:
  npm run --silent usage -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--key ACCESS_KEY_ID] [--format table|csv|json]
  npm run --silent usage -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--key ACCESS_KEY_ID] --html FILE
Days are UTC. --to defaults to today, --from to the first day of --to's month.`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseUsageArgs(argv, new Date());
  } catch (error) {
    if (!(error instanceof UsageArgsError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
  // ioredis reports the cause (ECONNREFUSED …) as an event and rejects with "Connection is closed"; keep the cause.
  let redisError: Error | undefined;
  redis?.on("error", (error: Error) => (redisError = error));
  try {
    if (redis) {
      await redis.connect().catch((error: Error) => {
        throw new ConfigError(`Cannot reach Redis at PROXY_REDIS_URL (${(redisError ?? error).message}).`);
      });
    }
    const spend = await openSpendStore({ dataDir: config.dataDir, redis });
    const keys = openConfiguredKeyStore(config, redis);
    const rows = await readUsage({ spend, keys, from: args.from, to: args.to, key: args.key });
    await spend.close();
    if (args.html !== undefined) {
      await writeFile(args.html, renderUsageReport(rows, { from: args.from, to: args.to, generatedAt: new Date() }));
      const total = totalOf(rows);
      console.log(`Wrote ${args.html}: ${args.from} to ${args.to}, $${usdDecimal(total.microUsd)} for ${total.images} images.`);
    } else {
      process.stdout.write(formatUsage(rows, args));
    }
    return 0;
  } finally {
    redis?.disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof KeyStoreError || (error as NodeJS.ErrnoException)?.code !== undefined;
    console.error(known ? (error as Error).message : error);
    process.exitCode = 1;
  },
);

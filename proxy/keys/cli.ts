/**
 * Manages the keys the proxy issues. Run through npm:
 *
 *   npm run --silent keys -- create --name design-team [limits]   prints {"accessKeyId","secretAccessKey","name",…}
 *   npm run --silent keys -- set FFK… [limits]                     changes a key's limits ("none" clears one)
 *   npm run --silent keys -- list [--json]                         every key with its limits and today's use
 *   npm run --silent keys -- revoke FFK…                           a running proxy refuses the key from its next request
 *   npm run --silent keys -- rotate FFK… [--grace 10m]             prints a new secret; the old one stops at once or after the grace
 *   npm run --silent keys -- import [FILE]                         copies a keys.json (default: PROXY_DATA_DIR's) into Redis
 *
 * Limits: --images-per-day N  --usd-per-day D  --usd-per-month D  --rpm N  --expires YYYY-MM-DD  --models ID,ID.
 * New keys start from PROXY_DEFAULT_IMAGES_PER_DAY, PROXY_DEFAULT_USD_PER_DAY, PROXY_DEFAULT_USD_PER_MONTH and
 * PROXY_DEFAULT_RPM; flags given to create override them.
 *
 * A damaged record in keys.json (a missing field, a secret that does not open) is refused as unknown by the proxy;
 * `list` shows it as "damaged" with the reason (in --json: `{"record": N, "accessKeyId": …, "damaged": reason}`).
 * Concurrent runs, and a running proxy, never lose each other's changes: every change is made under a lock.
 *
 * Reads the same environment as the proxy (PROXY_DATA_DIR, PROXY_KEY_SEAL_SECRET, PROXY_REGION, PROXY_PUBLIC_URL).
 */
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { formatUsd } from "../../src/contract/index.js";
import { ConfigError, loadConfig, publicEndpoint } from "../config.js";
import { openSpendStore } from "../limits/open-spend-store.js";
import { join } from "node:path";
import { importKeyFile } from "./import-key-file.js";
import { applyLimitChanges, describeLimits, LIMIT_FLAGS, LimitError, parseLimitFlags } from "./key-limits.js";
import { KeyStoreError, type KeyStore } from "./key-store.js";
import { openConfiguredKeyStore } from "./open-configured-key-store.js";

const USAGE = `Usage:
  npm run --silent keys -- create --name NAME [LIMITS]
  npm run --silent keys -- set ACCESS_KEY_ID LIMITS
  npm run --silent keys -- list [--json]
  npm run --silent keys -- revoke ACCESS_KEY_ID
  npm run --silent keys -- rotate ACCESS_KEY_ID [--grace 10m]
  npm run --silent keys -- import [KEYS_JSON]   (with PROXY_REDIS_URL: copies a keys.json's keys into Redis)
LIMITS (any of; "none" clears one):
  --images-per-day N  --usd-per-day D  --usd-per-month D  --rpm N  --expires YYYY-MM-DD  --models ID,ID`;

const limitOptions = Object.fromEntries(Object.values(LIMIT_FLAGS).map((flag) => [flag, { type: "string" as const }]));

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
      grace: { type: "string" },
      ...limitOptions,
    },
  });
  const { grace, ...limitFlags } = values;
  const limitChanges = parseLimitFlags(limitFlags as unknown as Record<string, string | undefined>);
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
  // A failed connection is reported once, below, not also as ioredis's unhandled error event.
  redis?.on("error", () => undefined);
  try {
    await redis?.connect();
  } catch (error) {
    redis?.disconnect();
    throw new KeyStoreError(`Cannot reach Redis at PROXY_REDIS_URL (${(error as Error).message}).`);
  }
  try {
    return await run(command, rest, openConfiguredKeyStore(config, redis));
  } finally {
    redis?.disconnect();
  }

  async function run(command: string, rest: string[], store: KeyStore): Promise<number> {
    switch (command) {
      case "create": {
        if (!values.name) throw new KeyStoreError("Name the key: keys create --name NAME");
        const limits = applyLimitChanges(config.spend.defaultKeyLimits, limitChanges);
        const key = await store.create({ name: values.name, limits });
        const printed = {
          accessKeyId: key.accessKeyId,
          secretAccessKey: key.secretAccessKey,
          name: key.name,
          region: config.region,
          endpoint: publicEndpoint(config),
          limits: describeLimits(key.limits),
        };
        console.log(JSON.stringify(printed, null, 2));
        return 0;
      }
      case "set": {
        const [id] = rest;
        if (!id) throw new KeyStoreError("Say which key: keys set ACCESS_KEY_ID --images-per-day 40 …");
        if (Object.keys(limitChanges).length === 0) throw new KeyStoreError(`Say what to change.\n${USAGE}`);
        const record = await store.setLimits(id, limitChanges);
        if (!record) throw new KeyStoreError(`No key ${id}. See: npm run --silent keys -- list`);
        console.log(`${id} (${record.name}): ${describeLimits(record.limits)}. Running proxies apply it from the next request.`);
        return 0;
      }
      case "list": {
        const [keys, problems] = await Promise.all([store.list(), store.problems()]);
        const today = await usedToday(keys.map((key) => key.accessKeyId));
        const damaged = problems.map(({ record, accessKeyId, reason }) => ({ record, accessKeyId, damaged: reason }));
        if (values.json) {
          console.log(JSON.stringify([...keys.map((key) => ({ ...key, usedToday: today.get(key.accessKeyId) })), ...damaged], null, 2));
        } else if (keys.length + damaged.length === 0) console.log("No keys yet. Create one with: npm run --silent keys -- create --name NAME");
        else {
          for (const key of keys) {
            const state = key.revokedAt ? `revoked ${key.revokedAt}` : "active";
            const used = today.get(key.accessKeyId)!;
            console.log(
              `${key.accessKeyId}  ${key.name.padEnd(24)}  created ${key.createdAt}  ${state}\n` +
                `    limits: ${describeLimits(key.limits)}; today: ${used.images} images, ${formatUsd(used.microUsd)}`,
            );
          }
          for (const { record, accessKeyId, damaged: reason } of damaged) {
            console.log(`${accessKeyId ?? "(no id)"}  damaged: record ${record} of keys.json, ${reason}; refused as unknown`);
          }
        }
        return 0;
      }
      case "revoke": {
        const [id] = rest;
        if (!id) throw new KeyStoreError("Say which key: keys revoke ACCESS_KEY_ID");
        if (!(await store.revoke(id))) throw new KeyStoreError(`No key ${id}. See: npm run --silent keys -- list`);
        console.log(`Revoked ${id}. A running proxy refuses it from the next request.`);
        return 0;
      }
      case "rotate": {
        const [id] = rest;
        if (!id) throw new KeyStoreError("Say which key: keys rotate ACCESS_KEY_ID [--grace 10m]");
        const graceMs = grace === undefined ? 0 : parseDuration(grace);
        const key = await store.rotate(id, { graceMs });
        if (!key) throw new KeyStoreError(`No active key ${id}. See: npm run --silent keys -- list`);
        console.log(JSON.stringify({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, name: key.name, region: config.region, endpoint: publicEndpoint(config) }, null, 2));
        console.error(graceMs > 0 ? `The old secret keeps working for ${grace}.` : "The old secret stopped working now.");
        return 0;
      }
      case "import": {
        if (!redis || !config.keySealSecret) {
          throw new KeyStoreError("keys import copies a keys.json into Redis: set PROXY_REDIS_URL and PROXY_KEY_SEAL_SECRET to the ones your proxies use.");
        }
        const file = rest[0] ?? join(config.dataDir, "keys.json");
        const report = await importKeyFile({ file, sealSecret: config.keySealSecret, redis });
        const ids = (list: string[]) => (list.length > 0 ? `: ${list.join(", ")}` : "");
        console.log(`Imported ${report.imported.length} key(s) from ${file} into Redis${ids(report.imported)}.`);
        if (report.alreadyThere.length > 0) console.log(`Already in Redis, left as they are there${ids(report.alreadyThere)}.`);
        for (const { record, accessKeyId, reason } of report.damaged) {
          console.log(`Not imported: record ${record} (${accessKeyId ?? "no id"}) is damaged, ${reason}.`);
        }
        console.log("Designers keep their access key IDs and secrets; proxies on this Redis accept them from the next request.");
        return 0;
      }
      default:
        console.error(`Unknown command "${command}".\n${USAGE}`);
        return 2;
    }

    /** Images and dollars each key has reserved today (UTC), from the proxies' shared spend store. */
    async function usedToday(ids: string[]): Promise<Map<string, { images: number; microUsd: number }>> {
      const spend = await openSpendStore({ dataDir: config.dataDir, redis });
      const now = new Date();
      const used = new Map<string, { images: number; microUsd: number }>();
      for (const id of ids) {
        const counters = await spend.counters(id, now);
        used.set(id, { images: counters.dayImages, microUsd: counters.dayMicroUsd });
      }
      await spend.close();
      return used;
    }
  }
}

/** "90s", "10m", "2h", "1d" to milliseconds. */
function parseDuration(text: string): number {
  const match = /^(\d{1,6})(s|m|h|d)$/.exec(text.trim());
  if (!match) throw new KeyStoreError(`--grace takes a duration such as 90s, 10m, 2h or 1d (not "${text}")`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const known =
      error instanceof ConfigError || error instanceof KeyStoreError || error instanceof LimitError || (error as Error)?.name === "TypeError";
    console.error(known ? (error as Error).message : error);
    process.exitCode = 1;
  },
);

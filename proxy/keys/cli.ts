/**
 * Manages the keys the proxy issues. Run through npm:
 *
 *   npm run --silent keys -- create --name design-team   prints {"accessKeyId","secretAccessKey","name","region","endpoint"}
 *   npm run --silent keys -- list [--json]               every key, never a secret; damaged records too
 *   npm run --silent keys -- revoke FFK…                 a running proxy refuses the key from its next request
 *
 * A damaged record in keys.json (a missing field, a secret that does not open) is refused as unknown by the proxy;
 * `list` shows it as "damaged" with the reason (in --json: `{"record": N, "accessKeyId": …, "damaged": reason}`).
 * Concurrent runs, and a running proxy, never lose each other's changes: every change is made under a lock.
 *
 * Reads the same environment as the proxy (PROXY_DATA_DIR, PROXY_KEY_SEAL_SECRET, PROXY_REGION, PROXY_PUBLIC_URL).
 */
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, publicEndpoint } from "../config.js";
import { KeyStoreError, openKeyStore } from "./key-store.js";

const USAGE = `Usage:
  npm run --silent keys -- create --name NAME
  npm run --silent keys -- list [--json]
  npm run --silent keys -- revoke ACCESS_KEY_ID`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const store = openKeyStore({ dataDir: config.dataDir, sealSecret: config.keySealSecret });

  switch (command) {
    case "create": {
      if (!values.name) throw new KeyStoreError("Name the key: keys create --name NAME");
      const key = await store.create({ name: values.name });
      const printed = {
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
        name: key.name,
        region: config.region,
        endpoint: publicEndpoint(config),
      };
      console.log(JSON.stringify(printed, null, 2));
      return 0;
    }
    case "list": {
      const [keys, problems] = await Promise.all([store.list(), store.problems()]);
      const damaged = problems.map(({ record, accessKeyId, reason }) => ({ record, accessKeyId, damaged: reason }));
      if (values.json) console.log(JSON.stringify([...keys, ...damaged], null, 2));
      else if (keys.length + damaged.length === 0) console.log("No keys yet. Create one with: npm run --silent keys -- create --name NAME");
      else {
        for (const key of keys) {
          const state = key.revokedAt ? `revoked ${key.revokedAt}` : "active";
          console.log(`${key.accessKeyId}  ${key.name.padEnd(24)}  created ${key.createdAt}  ${state}`);
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
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof KeyStoreError || (error as Error)?.name === "TypeError";
    console.error(known ? (error as Error).message : error);
    process.exitCode = 1;
  },
);

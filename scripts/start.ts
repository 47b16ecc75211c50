/**
 * `npm start`: (after `npm run build`) starts the proxy on its preview backend, creates a development key the first
 * time, and prints what to do next in Figma.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ConfigError, loadConfig, publicEndpoint } from "../proxy/config.js";
import { drainOnSignals } from "../proxy/drain-on-signals.js";
import { startProxy } from "../proxy/start-proxy.js";
import { manifestAdvice } from "./manifest-advice.js";

try {
  const config = loadConfig();
  const proxy = await startProxy(config);
  const endpoint = config.publicUrl ? publicEndpoint(config) : proxy.url;
  const keys = await proxy.keys.list();
  const lines = [
    "",
    `Framefill proxy listening on ${proxy.url} (backend: ${proxy.backend.name}, region: ${config.region})`,
    `Health check: ${proxy.url}/healthz`,
    "",
    "Load the plugin in Figma desktop:",
    "  Plugins → Development → Import plugin from manifest…",
    `  ${resolve(join(import.meta.dirname, "..", "manifest.json"))}`,
    "Then run it: Plugins → Development → Framefill, and open Settings (⚙).",
    "",
  ];
  if (!keys.some((key) => !key.revokedAt)) {
    const key = await proxy.keys.create({ name: "development" });
    lines.push(
      "Created a development key. Paste these into the plugin's settings:",
      `  Proxy URL          ${endpoint}`,
      `  Access key ID      ${key.accessKeyId}`,
      `  Secret access key  ${key.secretAccessKey}`,
      `  Region             ${config.region}`,
      "(The secret is shown only now. Make more keys with: npm run --silent keys -- create --name NAME)",
    );
  } else {
    lines.push(
      `Keys: ${keys.filter((key) => !key.revokedAt).length} active in ${config.dataDir} (npm run --silent keys -- list).`,
      `Proxy URL for the plugin: ${endpoint}, region ${config.region}.`,
    );
  }
  const manifest = JSON.parse(await readFile(join(import.meta.dirname, "..", "manifest.json"), "utf8"));
  const advice = manifestAdvice(endpoint, manifest.networkAccess);
  if (advice.length > 0) lines.push("", ...advice);
  lines.push("", "Stop with Ctrl+C. Request logs follow as JSON lines.", "");
  console.log(lines.join("\n"));
  drainOnSignals(proxy);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Framefill could not start: ${(error as Error).message}`);
  process.exit(1);
}

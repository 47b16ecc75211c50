/**
 * Runs the proxy from the environment (see the README's configuration table). SIGTERM or Ctrl+C drains it: requests in
 * flight finish, then it exits 0 (1 if PROXY_SHUTDOWN_GRACE_MS ran out first); a second Ctrl+C exits at once. With
 * PROXY_WORKERS=N, N processes serve the port (see `superviseWorkers`).
 *
 *   PROXY_BACKEND=bedrock AWS_REGION=us-west-2 npm run proxy
 */
import cluster from "node:cluster";
import { ConfigError, loadConfig } from "./config.js";
import { drainOnSignals } from "./drain-on-signals.js";
import { createLogger } from "./log.js";
import { startProxy } from "./start-proxy.js";
import { superviseWorkers } from "./supervise-workers.js";

try {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) {
    superviseWorkers(config.workers, createLogger({ level: config.logLevel }));
  } else {
    const proxy = await startProxy(config);
    const { url, backend } = proxy;
    proxy.logger.info({ url, backend: backend.name, region: config.region, models: config.models, pid: process.pid }, "listening");
    drainOnSignals(proxy);
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `The proxy could not start: ${(error as Error).message}`);
  process.exit(1);
}

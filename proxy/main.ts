/**
 * Runs the proxy from the environment (see the README's configuration table). SIGTERM or Ctrl+C drains it: requests in
 * flight finish, then it exits 0 (1 if PROXY_SHUTDOWN_GRACE_MS ran out first); a second Ctrl+C exits at once.
 *
 *   PROXY_BACKEND=bedrock AWS_REGION=us-west-2 npm run proxy
 */
import { ConfigError, loadConfig } from "./config.js";
import { drainOnSignals } from "./drain-on-signals.js";
import { startProxy } from "./start-proxy.js";

try {
  const config = loadConfig();
  const proxy = await startProxy(config);
  proxy.logger.info({ url: proxy.url, backend: proxy.backend.name, region: config.region, models: config.models }, "listening");
  drainOnSignals(proxy);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `The proxy could not start: ${(error as Error).message}`);
  process.exit(1);
}

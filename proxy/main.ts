/**
 * Runs the proxy from the environment (see the README's configuration table):
 *
 *   PROXY_BACKEND=bedrock AWS_REGION=us-west-2 npm run proxy
 */
import { ConfigError, loadConfig } from "./config.js";
import { startProxy } from "./start-proxy.js";

try {
  const config = loadConfig();
  const proxy = await startProxy(config);
  proxy.logger.info({ url: proxy.url, backend: proxy.backend.name, region: config.region, models: config.models }, "listening");
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `The proxy could not start: ${(error as Error).message}`);
  process.exit(1);
}

/**
 * Starts a real proxy for benchmarks and a real `BedrockRuntimeClient` (default handler: HTTP/2) signed with a key it
 * issued. Unlike the tests' proxy, log lines are written at `info` as in production but thrown away, never kept, so
 * neither time nor memory measured here is spent collecting them.
 *
 * @example
 * const bench = await startBenchProxy();
 * await bench.invoke({ prompt: "a lighthouse at dusk", aspect_ratio: "16:9" });
 * await bench.close();
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import type { TextToImageRequest } from "../../../src/contract/index.js";
import type { Backend } from "../../../proxy/backends/backend.js";
import { loadConfig } from "../../../proxy/config.js";
import { type RunningProxy, startProxy } from "../../../proxy/start-proxy.js";

export const BENCH_MODEL_ID = "stability.stable-image-core-v1:0";

/** Bedrock's documentation example body: a typical request from the plugin or an SDK. */
export const TYPICAL_REQUEST: TextToImageRequest = {
  prompt: "A serene mountain landscape with a crystal-clear lake at sunrise",
  negative_prompt: "blurry, low quality, distorted",
  aspect_ratio: "16:9",
  output_format: "png",
  seed: 123,
};

export interface BenchProxy {
  proxy: RunningProxy;
  client: BedrockRuntimeClient;
  /** One InvokeModel through the SDK; resolves to the response body's size in bytes. */
  invoke(request?: TextToImageRequest): Promise<number>;
  close(): Promise<void>;
}

export async function startBenchProxy(options: { backend?: Backend } = {}): Promise<BenchProxy> {
  // The pinned SDK warns once about Node 20; that line is noise in benchmark output.
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
  const dataDir = await mkdtemp(join(tmpdir(), "framefill-bench-"));
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", PROXY_DATA_DIR: dataDir, LOG_LEVEL: "info" });
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const proxy = await startProxy(config, { logDestination: discard, backend: options.backend });
  const key = await proxy.keys.create({ name: "bench" });
  const client = new BedrockRuntimeClient({
    region: config.region,
    endpoint: proxy.url,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
  });
  return {
    proxy,
    client,
    async invoke(request = TYPICAL_REQUEST) {
      const output = await client.send(
        new InvokeModelCommand({ modelId: BENCH_MODEL_ID, body: JSON.stringify(request), contentType: "application/json" }),
      );
      return output.body.byteLength;
    },
    async close() {
      client.destroy();
      await proxy.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

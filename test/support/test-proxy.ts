/**
 * Starts a real proxy for a test: its own temporary data directory, a proxy-issued key, log lines captured as
 * objects, and a count of the calls that reached the backend (so auth tests can prove nothing got through).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { Backend, InvokeInput } from "../../proxy/backends/backend.js";
import { imageEditToolOf, type TextToImageRequest } from "../../src/contract/index.js";
import { createPreviewBackend } from "../../proxy/backends/preview.js";
import { loadConfig } from "../../proxy/config.js";
import type { IssuedKey } from "../../proxy/keys/key-store.js";
import { type RunningProxy, startProxy } from "../../proxy/start-proxy.js";
import type { Settings } from "../../src/messages.js";

/** The seal secret tests give proxies that share a Redis (required there: the keys live in Redis, sealed). */
export const TEST_SEAL_SECRET = "framefill-test-seal-secret-0123456789abcdef";

export interface TestProxy {
  proxy: RunningProxy;
  url: string;
  key: IssuedKey;
  dataDir: string;
  /** Parsed log lines, in order. */
  logs: Record<string, unknown>[];
  /** Every call that reached the backend. */
  backendCalls: InvokeInput[];
  close(): Promise<void>;
}

/** The plugin's settings for this proxy and its key, as a designer would paste them. */
export function pluginSettings(proxy: TestProxy): Settings {
  return { proxyUrl: proxy.url, accessKeyId: proxy.key.accessKeyId, secretAccessKey: proxy.key.secretAccessKey, region: "us-west-2" };
}

export interface TestProxyOptions {
  /** Extra environment, as the proxy reads it (PROXY_BACKEND, PROXY_MODELS, …). */
  env?: Record<string, string>;
  /** A backend to use instead of the configured one (it is still counted). */
  backend?: Backend;
  now?: () => Date;
}

export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const dataDir = await mkdtemp(join(tmpdir(), "framefill-proxy-"));
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", PROXY_DATA_DIR: dataDir, LOG_LEVEL: "info", ...options.env });
  const logs: Record<string, unknown>[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const backendCalls: InvokeInput[] = [];
  const proxy = await startProxy(config, {
    logDestination,
    now: options.now,
    backend: countCalls(options.backend ?? (config.backend === "preview" ? createPreviewBackend() : undefined), backendCalls),
  });
  const key = await proxy.keys.create({ name: "test" });
  return {
    proxy,
    url: proxy.url,
    key,
    dataDir,
    logs,
    backendCalls,
    async close() {
      await proxy.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A backend call's text-to-image request; throws for an image edit, so a test never reads an edit as a prompt. */
export function textToImageRequestOf(call: Pick<InvokeInput, "modelId" | "request">): TextToImageRequest {
  if (imageEditToolOf(call.modelId)) throw new Error(`${call.modelId} is an image-edit model, not text-to-image`);
  return call.request as TextToImageRequest;
}

function countCalls(backend: Backend | undefined, calls: InvokeInput[]): Backend | undefined {
  if (!backend) return undefined;
  return {
    name: backend.name,
    invoke(input) {
      calls.push(input);
      return backend.invoke(input);
    },
    close: () => backend.close(),
  };
}

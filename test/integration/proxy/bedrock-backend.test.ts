/**
 * The proxy on its bedrock backend, calling the Bedrock emulator through the real AWS SDK (found through the standard
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME variable, with credentials from the default chain), while a real SDK client calls
 * the proxy with a proxy-issued key.
 */
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  InternalServerException,
  InvokeModelCommand,
  ModelErrorException,
  ModelTimeoutException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BedrockErrorType, TextToImageResponse } from "../../../src/contract/index.js";
import { type BedrockEmulator, startBedrockEmulator } from "../../support/bedrock-emulator/index.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const serverCredentials = { accessKeyId: "AKIDPROXYUPSTREAM001", secretAccessKey: "proxy-upstream-secret-000000000000000000" };
const modelId = "stability.stable-image-core-v1:0";
const timeoutMs = 1500;
let emulator: BedrockEmulator;
let proxy: TestProxy;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  emulator = await startBedrockEmulator({ credentials: serverCredentials, region: "us-west-2" });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
    AWS_ACCESS_KEY_ID: serverCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: serverCredentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
  });
  // Three attempts upstream, so the SDK's own retries are what these tests see (the proxy's default is one attempt).
  proxy = await startTestProxy({ env: { PROXY_BACKEND: "bedrock", LOG_LEVEL: "info", PROXY_UPSTREAM_MAX_ATTEMPTS: "3" } });
  // One attempt from the client, so each test sees exactly what the proxy answered (the proxy's own SDK still retries).
  client = new BedrockRuntimeClient({
    region: "us-west-2",
    endpoint: proxy.url,
    maxAttempts: 1,
    credentials: { accessKeyId: proxy.key.accessKeyId, secretAccessKey: proxy.key.secretAccessKey },
  });
});
afterAll(async () => {
  client?.destroy();
  await proxy?.close();
  await emulator?.close();
});
beforeEach(() => emulator.reset());

function invoke(body: object, options: { abortSignal?: AbortSignal } = {}) {
  return client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body) }), options);
}

describe("bedrock backend", () => {
  it("forwards the same body, signed with the server's own credentials, and passes the images back", async () => {
    const body = { prompt: "a paper boat on a pond", aspect_ratio: "4:5", seed: 99, output_format: "jpeg", negative_prompt: "people" };
    const output = await invoke(body);
    const parsed = JSON.parse(new TextDecoder().decode(output.body)) as TextToImageResponse;
    expect(parsed.seeds).toEqual([99]);
    const metadata = await sharp(Buffer.from(parsed.images[0]!, "base64")).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(["jpeg", 896, 1088]);

    expect(emulator.requests).toHaveLength(1);
    const upstream = emulator.requests[0]!;
    expect(upstream.accessKeyId).toBe(serverCredentials.accessKeyId);
    expect(upstream.modelId).toBe(modelId);
    expect(upstream.body).toEqual(body);
    expect(upstream.protocol).toBe("h2");
    // The proxy's client key never travels upstream.
    expect(JSON.stringify(upstream.headers)).not.toContain(proxy.key.accessKeyId);
  });

  it("logs the upstream latency", async () => {
    await invoke({ prompt: "latency" });
    const line = proxy.logs.filter((entry) => entry["msg"] === "request").at(-1)!;
    expect(line["upstreamLatencyMs"]).toEqual(expect.any(Number));
  });

  const errorCases: [BedrockErrorType, number, new (...args: never[]) => Error][] = [
    ["ThrottlingException", 3, ThrottlingException],
    ["ServiceUnavailableException", 3, ServiceUnavailableException],
    ["InternalServerException", 3, InternalServerException],
    ["ModelTimeoutException", 1, ModelTimeoutException],
    ["AccessDeniedException", 1, AccessDeniedException],
    ["ModelErrorException", 1, ModelErrorException],
    ["ServiceQuotaExceededException", 1, ServiceQuotaExceededException],
    ["ValidationException", 1, ValidationException],
  ];
  for (const [errorType, attempts, exceptionClass] of errorCases) {
    it(`passes ${errorType} on as the same exception (after ${attempts} upstream attempt${attempts > 1 ? "s" : ""})`, async () => {
      emulator.injectFault({ kind: "error", errorType, message: `emulated ${errorType}` }, { times: attempts });
      const error = await invoke({ prompt: `fault ${errorType}` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(exceptionClass);
      expect((error as Error).message).toBe(`emulated ${errorType}`);
      expect(emulator.requests).toHaveLength(attempts);
    });
  }

  it("recovers through the SDK's retry when Bedrock is briefly unavailable", async () => {
    emulator.injectFault({ kind: "error", errorType: "ServiceUnavailableException" }, { times: 1 });
    const output = await invoke({ prompt: "retry me" });
    expect(JSON.parse(new TextDecoder().decode(output.body)).images).toHaveLength(1);
    expect(emulator.requests.map((request) => request.status)).toEqual([503, 200]);
    // The retry was signed anew: a replay cache keyed on signatures never blocks it.
    expect(emulator.requests[0]!.headers["authorization"]).not.toBe(emulator.requests[1]!.headers["authorization"]);
  });

  it("passes a content-filtered answer on as Bedrock sends it", async () => {
    emulator.injectFault({ kind: "content-filter", reason: "prompt" });
    const output = await invoke({ prompt: "filtered" });
    const parsed = JSON.parse(new TextDecoder().decode(output.body)) as TextToImageResponse;
    expect(parsed.finish_reasons).toEqual(["Filter reason: prompt"]);
    expect(parsed.images ?? []).toHaveLength(0);
  });

  it("answers InternalServerException when Bedrock's body cannot be read", async () => {
    emulator.injectFault({ kind: "malformed-json" });
    const error = await invoke({ prompt: "garbled" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerException);
    expect((error as Error).message).toMatch(/could not read/);
  });

  it("answers ServiceUnavailableException when the connection to Bedrock is reset", async () => {
    emulator.injectFault({ kind: "connection-reset" }, { times: 5 });
    const error = await invoke({ prompt: "reset" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableException);
    expect((error as Error).message).toMatch(/could not reach Amazon Bedrock/);
  });

  it("ends a hung upstream call in ModelTimeoutException at the configured timeout, and hangs up on Bedrock", async () => {
    const impatient = await startTestProxy({ env: { PROXY_BACKEND: "bedrock", PROXY_UPSTREAM_TIMEOUT_MS: String(timeoutMs), LOG_LEVEL: "silent" } });
    const impatientClient = new BedrockRuntimeClient({
      region: "us-west-2",
      endpoint: impatient.url,
      maxAttempts: 1,
      credentials: { accessKeyId: impatient.key.accessKeyId, secretAccessKey: impatient.key.secretAccessKey },
    });
    try {
      emulator.injectFault({ kind: "hang" });
      const error = await impatientClient.send(new InvokeModelCommand({ modelId, body: JSON.stringify({ prompt: "hang" }) })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelTimeoutException);
      expect((error as Error).message).toContain(`${timeoutMs} ms`);
      await emulator.waitFor(() => emulator.requests[0]?.clientClosedEarly);
    } finally {
      impatientClient.destroy();
      await impatient.close();
    }
  });

  it("cancels the upstream call when its client disconnects", async () => {
    emulator.injectFault({ kind: "hang" });
    const controller = new AbortController();
    const pending = invoke({ prompt: "abandoned" }, { abortSignal: controller.signal }).catch((e: unknown) => e);
    await emulator.waitFor(() => emulator.requests.length === 1);
    controller.abort();
    expect(await pending).toMatchObject({ name: "AbortError" });
    const upstream = await emulator.waitFor(() => (emulator.requests[0]?.clientClosedEarly ? emulator.requests[0] : undefined));
    expect(upstream.status).toBeUndefined();
    const line = await emulator.waitFor(() => proxy.logs.find((entry) => entry["errorType"] === "ClientClosedRequest"));
    expect(line).toMatchObject({ keyId: proxy.key.accessKeyId, model: modelId });
  });

  it("never passes the account's identifiers on in an error", async () => {
    emulator.injectFault({
      kind: "error",
      errorType: "AccessDeniedException",
      message: "User: arn:aws:iam::123456789012:user/framefill-proxy is not authorized to perform: bedrock:InvokeModel",
    });
    const error = await invoke({ prompt: "denied" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect((error as Error).message).not.toMatch(/123456789012|arn:aws/);
    expect((error as Error).message).toContain("is not authorized to perform: bedrock:InvokeModel");
  });
});

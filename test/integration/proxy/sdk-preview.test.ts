/**
 * The real AWS SDK for JavaScript, default handler (HTTP/2), pointed at the proxy with a proxy-issued key: images on
 * the preview backend, and every error the proxy itself raises arrives as the SDK exception class Bedrock would give.
 */
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASPECT_RATIOS, OUTPUT_SIZES, type TextToImageResponse } from "../../../src/contract/index.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

let proxy: TestProxy;
let client: BedrockRuntimeClient;
const core = "stability.stable-image-core-v1:0";

beforeAll(async () => {
  proxy = await startTestProxy();
  client = new BedrockRuntimeClient({
    region: "us-west-2",
    endpoint: proxy.url,
    credentials: { accessKeyId: proxy.key.accessKeyId, secretAccessKey: proxy.key.secretAccessKey },
  });
});
afterAll(async () => {
  client?.destroy();
  await proxy?.close();
});

async function invoke(body: object, modelId: string = core, withClient = client) {
  const output = await withClient.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: "application/json" }));
  return { output, body: JSON.parse(new TextDecoder().decode(output.body)) as TextToImageResponse };
}

describe("the proxy on the preview backend, through the AWS SDK", () => {
  it("returns Bedrock's response body with a preview image at every ratio's output size", async () => {
    for (const ratio of ASPECT_RATIOS) {
      const { output, body } = await invoke({ prompt: "a lighthouse at dusk", aspect_ratio: ratio, seed: 7 });
      expect(output.contentType).toBe("application/json");
      expect(body.seeds).toEqual([7]);
      expect(body.finish_reasons).toEqual([null]);
      const metadata = await sharp(Buffer.from(body.images[0]!, "base64")).metadata();
      expect({ width: metadata.width, height: metadata.height, format: metadata.format }).toEqual({ ...OUTPUT_SIZES[ratio], format: "png" });
    }
    // The SDK spoke HTTP/2 (its default for Bedrock Runtime), and the proxy logged it so.
    expect(proxy.logs.filter((line) => line["path"] === "/model/stability.stable-image-core-v1%3A0/invoke").every((line) => line["protocol"] === "h2")).toBe(true);
  });

  it("answers in the requested format", async () => {
    for (const format of ["jpeg", "webp", "png"] as const) {
      const { body } = await invoke({ prompt: "format check", output_format: format });
      const metadata = await sharp(Buffer.from(body.images[0]!, "base64")).metadata();
      expect(metadata.format).toBe(format);
    }
  });

  it("is deterministic for a fixed seed, and picks a random seed for 0 or none", async () => {
    const a = await invoke({ prompt: "same", seed: 42, aspect_ratio: "3:2" });
    const b = await invoke({ prompt: "same", seed: 42, aspect_ratio: "3:2" });
    expect(a.body.images[0]).toBe(b.body.images[0]);
    const random1 = await invoke({ prompt: "same", seed: 0 });
    const random2 = await invoke({ prompt: "same" });
    for (const seed of [random1.body.seeds[0], random2.body.seeds[0]]) expect(seed).toBeGreaterThan(0);
    expect(random1.body.seeds[0]).not.toBe(random2.body.seeds[0]);
  });

  it("sends Bedrock's response headers", async () => {
    const response = await signedFetchHeaders();
    expect(response.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(response.get("x-amzn-bedrock-invocation-latency"))).toBeGreaterThanOrEqual(0);
  });

  it("also works over HTTP/1.1", async () => {
    const http1 = new BedrockRuntimeClient({
      region: "us-west-2",
      endpoint: proxy.url,
      credentials: { accessKeyId: proxy.key.accessKeyId, secretAccessKey: proxy.key.secretAccessKey },
      requestHandler: new NodeHttpHandler(),
    });
    const { body } = await invoke({ prompt: "over http/1.1", aspect_ratio: "9:21" }, core, http1);
    const metadata = await sharp(Buffer.from(body.images[0]!, "base64")).metadata();
    expect([metadata.width, metadata.height]).toEqual([640, 1536]);
    http1.destroy();
  });

  it("accepts the legacy text_prompts body and maps the weights", async () => {
    const before = proxy.backendCalls.length;
    await invoke({ text_prompts: [{ text: "a red fox", weight: 1 }, { text: "in snow" }, { text: "blurry", weight: -1 }], seed: 3 });
    expect(proxy.backendCalls.length).toBe(before + 1);
    expect(proxy.backendCalls.at(-1)!.request).toEqual({ prompt: "a red fox in snow", negative_prompt: "blurry", seed: 3 });
  });

  it("raises ValidationException with Bedrock's message for invalid bodies", async () => {
    const cases: [object, RegExp][] = [
      [{}, /required key \[prompt\] not found/],
      [{ prompt: "" }, /#\/prompt: expected minLength: 1, actual: 0/],
      [{ prompt: "x".repeat(10_001) }, /expected maxLength: 10000, actual: 10001/],
      [{ prompt: "x", seed: 4294967296 }, /4294967296 is not less or equal to 4294967295/],
      [{ prompt: "x", aspect_ratio: "4:3" }, /4:3 is not a valid enum value/],
      [{ prompt: "x", style: "anime" }, /extraneous key \[style\] is not permitted/],
    ];
    for (const [body, message] of cases) {
      const error = await invoke(body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as Error).message).toMatch(message);
      expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    }
  });

  it("refuses models outside the allow-list with AccessDeniedException", async () => {
    const calls = proxy.backendCalls.length;
    const error = await invoke({ prompt: "x" }, "stability.stable-image-ultra-v1:1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessDeniedException);
    const other = await invoke({ prompt: "x" }, "anthropic.claude-3-haiku-20240307-v1:0").catch((e: unknown) => e);
    expect(other).toBeInstanceOf(AccessDeniedException);
    expect(proxy.backendCalls.length).toBe(calls);
  });

  it("refuses streaming like Bedrock refuses it for image models", async () => {
    const error = await client
      .send(new InvokeModelWithResponseStreamCommand({ modelId: core, body: JSON.stringify({ prompt: "x" }) }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toMatch(/unsupported for streaming/);
  });
});

/** The headers of one successful InvokeModel, read through the SDK's raw response. */
async function signedFetchHeaders(): Promise<Headers> {
  const headers = new Headers();
  const command = new InvokeModelCommand({ modelId: core, body: JSON.stringify({ prompt: "headers" }) });
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { headers: Record<string, string> };
      for (const [name, value] of Object.entries(response.headers)) if (!name.startsWith(":")) headers.set(name, value);
      return result;
    },
    { step: "deserialize", name: "captureHeaders" },
  );
  await client.send(command);
  return headers;
}

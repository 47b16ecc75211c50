/**
 * Image edits through the proxy with the real AWS SDK (InvokeModelCommand): each tool on the bedrock backend against
 * the Bedrock emulator, bodies checked against the tool's schema before anything reaches Bedrock, the image body
 * limit beside the text one, spend charged at each tool's price, and the request log's summary of the answer.
 */
import { BedrockRuntimeClient, InvokeModelCommand, ServiceQuotaExceededException, ValidationException } from "@aws-sdk/client-bedrock-runtime";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expandToFit,
  fitWithinToolLimits,
  IMAGE_EDIT_MODEL_IDS,
  type ImageEditTool,
  type TextToImageResponse,
} from "../../../src/contract/index.js";
import type { BedrockEmulator } from "../../support/bedrock-emulator/index.js";
import { startProxyOnEmulator } from "../../support/proxy-on-emulator.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const clients: BedrockRuntimeClient[] = [];
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const item of opened.reverse()) await item.close();
});

function sdk(proxy: TestProxy, key: { accessKeyId: string; secretAccessKey: string } = proxy.key): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({ region: "us-west-2", endpoint: proxy.url, maxAttempts: 1, credentials: key });
  clients.push(client);
  return client;
}

async function image(width: number, height: number, format: "png" | "jpeg" | "webp" = "png"): Promise<string> {
  return (await sharp({ create: { width, height, channels: 3, background: "#2060a0" } }).toFormat(format).toBuffer()).toString("base64");
}

async function edit(client: BedrockRuntimeClient, tool: ImageEditTool | string, body: unknown): Promise<TextToImageResponse> {
  const modelId = tool in IMAGE_EDIT_MODEL_IDS ? IMAGE_EDIT_MODEL_IDS[tool as ImageEditTool] : tool;
  const output = await client.send(new InvokeModelCommand({ modelId, body: typeof body === "string" ? body : JSON.stringify(body), contentType: "application/json" }));
  return JSON.parse(new TextDecoder().decode(output.body)) as TextToImageResponse;
}

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

async function sizeOf(reply: TextToImageResponse) {
  const { format, width, height, hasAlpha } = await sharp(Buffer.from(reply.images[0]!, "base64")).metadata();
  return { format, width, height, hasAlpha };
}

describe("image edits on the bedrock backend (the emulator), through the AWS SDK", () => {
  let emulator: BedrockEmulator;
  let proxy: TestProxy;
  let client: BedrockRuntimeClient;
  beforeAll(async () => {
    ({ emulator, proxy } = await startProxyOnEmulator());
    opened.push(emulator, proxy);
    client = sdk(proxy);
  });

  it.each([
    ["removeBackground", {}, { width: 320, height: 240 }],
    ["upscale", { output_format: "webp" }, { width: 1280, height: 960 }],
    ["outpaint", { left: 200, right: 100, up: 10, prompt: "more sky", creativity: 0.5 }, { width: 620, height: 250 }],
    ["searchReplace", { prompt: "a bicycle", search_prompt: "car", grow_mask: 5 }, { width: 320, height: 240 }],
    ["erase", { grow_mask: 3 }, { width: 320, height: 240 }],
  ] as const)("%s reaches Bedrock with its body and comes back at the tool's size", async (tool, extra, size) => {
    const input = await image(320, 240);
    const before = emulator.requests.length;
    const reply = await edit(client, tool, { image: input, seed: 21, ...extra });

    expect(reply.seeds).toEqual([21]);
    expect(reply.finish_reasons).toEqual([null]);
    expect(await sizeOf(reply)).toMatchObject({ ...size, format: "output_format" in extra ? extra.output_format : "png" });
    const received = emulator.requests.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ modelId: IMAGE_EDIT_MODEL_IDS[tool], body: { image: input, seed: 21, ...extra } });
    const line = proxy.logs.filter((entry) => entry["model"] === IMAGE_EDIT_MODEL_IDS[tool]).at(-1);
    expect(line).toMatchObject({ status: 200, images: 1, finishReasons: [null] });
  });

  it("refuses a body outside the tool's limits before anything reaches Bedrock, in Bedrock's shape", async () => {
    const before = emulator.requests.length;
    const cases: [ImageEditTool, unknown, string][] = [
      ["upscale", { image: await image(2048, 1024) }, "#/image: the image is 2048×1024 pixels: each side must be at most 1536 pixels"],
      ["removeBackground", { image: await image(40, 200) }, "each side must be at least 64 pixels"],
      ["outpaint", { image: await image(200, 200) }, "#: at least one of left, right, up and down must be above 0"],
      ["outpaint", { image: await image(200, 200), down: 2001 }, "#/down: 2001 is not less or equal to 2000"],
      ["searchReplace", { image: await image(200, 200), prompt: "a bicycle" }, "#: required key [search_prompt] not found"],
      ["erase", { image: await image(200, 200), grow_mask: 21 }, "#/grow_mask: 21 is not less or equal to 20"],
      ["erase", { image: "R0lGODlhAQABAAAAACw=" }, "#/image: expected a base64-encoded JPEG, PNG or WebP image"],
      ["removeBackground", { prompt: "a text-to-image body sent to an edit tool" }, "2 schema violations found"],
    ];
    for (const [tool, body, message] of cases) {
      const error = await rejection(edit(client, tool, body));
      expect(error).toBeInstanceOf(ValidationException);
      expect(error.message).toContain(message);
      expect(error.message).toMatch(/^Malformed input request: .*, please reformat your input and try again\.$/);
      expect(error.$metadata?.httpStatusCode).toBe(400);
    }
    expect(emulator.requests.length).toBe(before);
  });

  it("passes Bedrock's content filter on an edit through as 200 with the reason and no image", async () => {
    emulator.injectFault({ kind: "content-filter", reason: "input image" });
    const reply = await edit(client, "removeBackground", { image: await image(100, 100), seed: 3 });
    expect(reply).toEqual({ seeds: [3], finish_reasons: ["Filter reason: input image"], images: [] });
    expect(proxy.logs.at(-1)).toMatchObject({ status: 200, images: 0, finishReasons: ["Filter reason: input image"] });
  });
});

describe("body limits: image edits and text-to-image each have their own", () => {
  let proxy: TestProxy;
  let client: BedrockRuntimeClient;
  beforeAll(async () => {
    // 64 KiB for prompts, 2 MiB for images; the last edit tool is not served.
    const models = ["stability.stable-image-core-v1:0", ...Object.values(IMAGE_EDIT_MODEL_IDS).slice(0, 4)].join(",");
    proxy = await startTestProxy({ env: { PROXY_MAX_BODY_BYTES: "65536", PROXY_MAX_IMAGE_BODY_BYTES: String(2 * 1024 * 1024), PROXY_MODELS: models } });
    opened.push(proxy);
    client = sdk(proxy);
  });

  /** A PNG of noise, so its base64 is about `bytes` long. */
  async function noisyImage(bytes: number): Promise<string> {
    const side = Math.ceil(Math.sqrt(bytes / 3 / 1.34));
    const pixels = Buffer.alloc(side * side * 3);
    for (let index = 0; index < pixels.length; index++) pixels[index] = (index * 2654435761) >>> 24;
    return (await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer()).toString("base64");
  }

  it("takes an edit body far over the text limit, within the image limit", async () => {
    const input = await noisyImage(1024 * 1024);
    expect(input.length).toBeGreaterThan(900 * 1024);
    const reply = await edit(client, "removeBackground", { image: input });
    expect(reply.images).toHaveLength(1);
  });

  it("refuses an edit body over the image limit, and a text body over the text limit, before reading them", async () => {
    const calls = proxy.backendCalls.length;
    const big = await rejection(edit(client, "removeBackground", { image: await noisyImage(2.2 * 1024 * 1024) }));
    expect(big).toBeInstanceOf(ValidationException);
    expect(big.message).toBe(`The request body is too large: this proxy accepts up to ${2 * 1024 * 1024} bytes for this request.`);

    const text = await rejection(edit(client, "stability.stable-image-core-v1:0", { prompt: "p".repeat(9000), negative_prompt: "n".repeat(9000), seed: 1, output_format: "png", aspect_ratio: "1:1", mode: "text-to-image", pad: "x".repeat(70_000) }));
    expect(text).toBeInstanceOf(ValidationException);
    expect(text.message).toBe("The request body is too large: this proxy accepts up to 65536 bytes for this request.");
    expect(proxy.backendCalls.length).toBe(calls);
  });

  it("gives an edit tool the proxy does not serve only the text limit, so it cannot make the proxy hold a photo", async () => {
    const error = await rejection(edit(client, "erase", { image: await noisyImage(200 * 1024) }));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toContain("accepts up to 65536 bytes");
  });
});

describe("spend: edits are charged at their tool's price", () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await startTestProxy({ env: { PROXY_PRICES: JSON.stringify({ [IMAGE_EDIT_MODEL_IDS.erase]: 0.05 }) } });
    opened.push(proxy);
  });

  it("counts each tool's price on the log line and against the key's budget", async () => {
    // $0.21 a day: exactly the four edits below, in whole micro-dollars.
    const key = await proxy.proxy.keys.create({ name: "editor", limits: { microUsdPerDay: 210_000 } });
    const client = sdk(proxy, key);
    const input = await image(128, 128);
    await edit(client, "upscale", { image: input }); // $0.03
    await edit(client, "removeBackground", { image: input }); // $0.07
    await edit(client, "outpaint", { image: input, left: 64 }); // $0.06
    await edit(client, "erase", { image: input }); // $0.05 (PROXY_PRICES)
    const costs = proxy.logs.filter((line) => line["keyId"] === key.accessKeyId).map((line) => [line["model"], line["costMicroUsd"]]);
    expect(costs).toEqual([
      [IMAGE_EDIT_MODEL_IDS.upscale, 30_000],
      [IMAGE_EDIT_MODEL_IDS.removeBackground, 70_000],
      [IMAGE_EDIT_MODEL_IDS.outpaint, 60_000],
      [IMAGE_EDIT_MODEL_IDS.erase, 50_000],
    ]);
    // The day's $0.21 is spent: a search and replace ($0.07) is refused, with nothing reaching the backend.
    const calls = proxy.backendCalls.length;
    const refused = await rejection(edit(client, "searchReplace", { image: input, prompt: "b", search_prompt: "c" }));
    expect(refused).toBeInstanceOf(ServiceQuotaExceededException);
    expect(refused.message).toContain("$0.21");
    expect(proxy.backendCalls.length).toBe(calls);
  });
});

describe("on the preview backend (npm start), through the AWS SDK", () => {
  let proxy: TestProxy;
  let client: BedrockRuntimeClient;
  beforeAll(async () => {
    proxy = await startTestProxy();
    opened.push(proxy);
    client = sdk(proxy);
  });

  it("takes a generated image through remove background, expand to fit a 1440×320 banner, and upscale", async () => {
    const generated = await edit(client, "stability.stable-image-core-v1:0", { prompt: "a red car", aspect_ratio: "1:1", seed: 9 });

    const cutOut = await edit(client, "removeBackground", { image: generated.images[0], output_format: "png" });
    expect(await sizeOf(cutOut)).toEqual({ format: "png", width: 1024, height: 1024, hasAlpha: true });

    const plan = expandToFit({ imageWidth: 1024, imageHeight: 1024, targetWidth: 1440, targetHeight: 320 })!;
    const { left, right, up, down } = plan;
    const expanded = await edit(client, "outpaint", { image: cutOut.images[0], left, right, up, down, prompt: "a road" });
    const expandedSize = await sizeOf(expanded);
    expect(expandedSize).toMatchObject({ width: plan.outputWidth, height: plan.outputHeight });
    expect(expandedSize.width! * 320).toBe(expandedSize.height! * 1440); // exactly 4.5:1

    // Too large for fast upscale as it is: shrunk to its limits first, as the plugin does.
    const fitted = fitWithinToolLimits(expandedSize.width!, expandedSize.height!, "upscale")!;
    const shrunk = await sharp(Buffer.from(expanded.images[0]!, "base64")).resize(fitted.width, fitted.height, { fit: "fill" }).png().toBuffer();
    const upscaled = await edit(client, "upscale", { image: shrunk.toString("base64") });
    expect(await sizeOf(upscaled)).toMatchObject({ width: fitted.width * 4, height: fitted.height * 4 });

    const costs = proxy.logs.filter((line) => line["status"] === 200).map((line) => line["costMicroUsd"]);
    expect(costs.slice(-4)).toEqual([40_000, 70_000, 60_000, 30_000]);
  });
});

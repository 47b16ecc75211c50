/**
 * The Bedrock emulator's image-edit tools against the real `@aws-sdk/client-bedrock-runtime`: each tool's documented
 * validation (its own, not the proxy's) surfacing as ValidationException, and each answer at the size the tool
 * returns.
 */
import { BedrockRuntimeClient, InvokeModelCommand, ValidationException } from "@aws-sdk/client-bedrock-runtime";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IMAGE_EDIT_MODEL_IDS, type ImageEditTool, type TextToImageResponse } from "../../src/contract/index.js";
import { type BedrockEmulator, startBedrockEmulator } from "../support/bedrock-emulator/index.js";

const credentials = { accessKeyId: "AKIDTESTEMULATOR0002", secretAccessKey: "emulator-test-secret-abcdefghij0123456789" };
let emulator: BedrockEmulator;
let sdk: BedrockRuntimeClient;

beforeAll(async () => {
  emulator = await startBedrockEmulator({ region: "us-west-2", credentials, port: 0, randomSeed: () => 99 });
  sdk = new BedrockRuntimeClient({ endpoint: emulator.url, region: "us-west-2", credentials, maxAttempts: 1 });
});
afterEach(() => emulator.reset());
afterAll(async () => {
  sdk.destroy();
  await emulator.close();
});

async function image(width: number, height: number, format: "png" | "jpeg" | "webp" | "gif" = "png"): Promise<string> {
  return (await sharp({ create: { width, height, channels: 3, background: "#808000" } }).toFormat(format).toBuffer()).toString("base64");
}

async function edit(tool: ImageEditTool, body: unknown): Promise<TextToImageResponse> {
  const output = await sdk.send(new InvokeModelCommand({ modelId: IMAGE_EDIT_MODEL_IDS[tool], body: JSON.stringify(body), contentType: "application/json" }));
  return JSON.parse(new TextDecoder().decode(output.body)) as TextToImageResponse;
}

async function refusal(tool: ImageEditTool, body: unknown): Promise<string> {
  try {
    await edit(tool, body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationException);
    return (error as Error).message;
  }
  throw new Error(`expected ${tool} to refuse the body`);
}

async function sizeOf(reply: TextToImageResponse): Promise<{ format?: string; width?: number; height?: number }> {
  const { format, width, height } = await sharp(Buffer.from(reply.images[0]!, "base64")).metadata();
  return { format, width, height };
}

describe("the emulator's image-edit tools", () => {
  it("answers each tool at the size it returns, in the format asked for", async () => {
    const input = await image(300, 200);
    expect(await sizeOf(await edit("removeBackground", { image: input }))).toEqual({ format: "png", width: 300, height: 200 });
    expect(await sizeOf(await edit("upscale", { image: input, output_format: "webp" }))).toEqual({ format: "webp", width: 1200, height: 800 });
    expect(await sizeOf(await edit("outpaint", { image: input, left: 100, right: 20, down: 7 }))).toEqual({ format: "png", width: 420, height: 207 });
    expect(await sizeOf(await edit("searchReplace", { image: input, prompt: "a bicycle", search_prompt: "car", output_format: "jpeg" }))).toEqual({
      format: "jpeg",
      width: 300,
      height: 200,
    });
    const reply = await edit("erase", { image: input, mask: await image(300, 200), seed: 12 });
    expect(reply.seeds).toEqual([12]);
    expect(reply.finish_reasons).toEqual([null]);
    expect(emulator.requests.map((request) => request.modelId)).toEqual([
      IMAGE_EDIT_MODEL_IDS.removeBackground,
      IMAGE_EDIT_MODEL_IDS.upscale,
      IMAGE_EDIT_MODEL_IDS.outpaint,
      IMAGE_EDIT_MODEL_IDS.searchReplace,
      IMAGE_EDIT_MODEL_IDS.erase,
    ]);
  });

  it("refuses inputs outside each tool's documented limits", async () => {
    expect(await refusal("removeBackground", { image: await image(63, 100) })).toContain("#/image: image dimensions 63x100");
    expect(await refusal("outpaint", { image: await image(300, 100), left: 5 })).toContain("aspect ratio must be between 1:2.5 and 2.5:1");
    expect(await refusal("upscale", { image: await image(1537, 100) })).toContain("each side must be at most 1536 pixels");
    expect(await refusal("upscale", { image: await image(1100, 1000) })).toContain("total pixel count must be between 1024 and 1048576");
    expect(await refusal("upscale", { image: await image(31, 64) })).toContain("each side must be at least 32 pixels");
    expect(await refusal("erase", { image: await image(100, 100, "gif") })).toContain("#/image: the image could not be decoded");
  });

  it("refuses bodies outside each tool's documented parameters", async () => {
    const input = await image(100, 100);
    expect(await refusal("outpaint", { image: input })).toContain("at least one of left, right, up or down");
    expect(await refusal("outpaint", { image: input, left: 2001 })).toContain("#/left: 2001 is not less or equal to 2000");
    expect(await refusal("outpaint", { image: input, up: 3, creativity: 0.05 })).toContain("#/creativity: 0.05 is not greater or equal to 0.1");
    expect(await refusal("searchReplace", { image: input, prompt: "a bicycle" })).toContain("#: required key [search_prompt] not found");
    expect(await refusal("searchReplace", { image: input, prompt: "b", search_prompt: "c", grow_mask: 21 })).toContain("#/grow_mask: 21 is not less or equal to 20");
    expect(await refusal("erase", { image: input, grow_mask: -1 })).toContain("#/grow_mask: -1 is not greater or equal to 0");
    expect(await refusal("erase", { image: input, mask: "bm90IGFuIGltYWdl" })).toContain("#/mask: the mask could not be decoded");
    expect(await refusal("removeBackground", { image: input, seed: 4_294_967_295 })).toContain("#/seed: 4294967295 is not less or equal to 4294967294");
    expect(await refusal("removeBackground", { image: input, prompt: "x" })).toContain("extraneous key [prompt]");
    expect(await refusal("upscale", { image: input, output_format: "gif" })).toContain("#/output_format: gif is not a valid enum value");
    expect(await refusal("upscale", {})).toContain("#: required key [image] not found");
    expect(emulator.requests.every((request) => request.status === 400)).toBe(true);
  });

  it("answers an edit filtered for its input image with 200, the reason and no image", async () => {
    emulator.injectFault({ kind: "content-filter", reason: "input image" });
    expect(await edit("removeBackground", { image: await image(100, 100), seed: 4 })).toEqual({
      seeds: [4],
      finish_reasons: ["Filter reason: input image"],
      images: [],
    });
  });
});

/**
 * The example from Bedrock's Stable Image Core documentation, run unchanged but for the endpoint and a proxy-issued
 * key: with the AWS SDK for JavaScript (examples/invoke-model.mjs), boto3 (examples/invoke_model.py) and the AWS CLI.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPreviewBackend } from "../../../proxy/backends/preview.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const run = promisify(execFile);
/** The request body of Bedrock's documented Stable Image Core example, as every client here sends it. */
const EXAMPLE_REQUEST = {
  prompt: "A serene mountain landscape with a crystal-clear lake at sunrise",
  aspect_ratio: "16:9",
  output_format: "png",
  seed: 123,
  negative_prompt: "blurry, low quality, distorted",
} as const;

let proxy: TestProxy;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  proxy = await startTestProxy({ env: { LOG_LEVEL: "silent" } });
  dir = await mkdtemp(join(tmpdir(), "framefill-example-"));
  env = {
    ...process.env,
    FRAMEFILL_ENDPOINT: proxy.url,
    AWS_ACCESS_KEY_ID: proxy.key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: proxy.key.secretAccessKey,
    AWS_DEFAULT_REGION: "us-west-2",
    AWS_CONFIG_FILE: join(dir, "none"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
  };
});
afterAll(async () => {
  await proxy?.close();
  await rm(dir, { recursive: true, force: true });
});

async function expectLandscapePng(path: string): Promise<void> {
  const metadata = await sharp(await readFile(path)).metadata();
  expect({ format: metadata.format, width: metadata.width, height: metadata.height }).toEqual({ format: "png", width: 1344, height: 768 });
}

describe("Bedrock's documented example against the proxy", () => {
  it("AWS SDK for JavaScript saves the 16:9 PNG", async () => {
    const out = join(dir, "js.png");
    const { stdout } = await run("node", ["examples/invoke-model.mjs", out], { env });
    expect(stdout).toContain("seed 123");
    await expectLandscapePng(out);
    const call = proxy.backendCalls.at(-1)!;
    expect(call.request).toEqual(EXAMPLE_REQUEST);
  });

  it("boto3 saves the same image", async () => {
    const out = join(dir, "boto3.png");
    const { stdout } = await run("python3", ["examples/invoke_model.py", out], { env });
    expect(stdout).toContain("seed 123");
    await expectLandscapePng(out);
    // Same prompt, seed, ratio and format: the preview backend's bytes are the same whoever asks, so boto3 saved
    // exactly the image the backend makes for Bedrock's example (asked here, not read from another test's file).
    const expected = await createPreviewBackend().invoke({ modelId: "stability.stable-image-core-v1:0", request: EXAMPLE_REQUEST, signal: new AbortController().signal });
    const image = (JSON.parse(new TextDecoder().decode(expected.body)) as { images: string[] }).images[0]!;
    expect(await readFile(out)).toEqual(Buffer.from(image, "base64"));
  });

  it("the AWS CLI (v1, body sent raw) saves the response", async () => {
    const out = join(dir, "cli.json");
    const body = JSON.stringify(EXAMPLE_REQUEST);
    await run(
      "aws",
      ["bedrock-runtime", "invoke-model", "--endpoint-url", proxy.url, "--region", "us-west-2", "--model-id", "stability.stable-image-core-v1:0", "--body", body, out],
      { env },
    );
    const response = JSON.parse(await readFile(out, "utf8")) as { seeds: number[]; images: string[] };
    expect(response.seeds).toEqual([123]);
    const png = join(dir, "cli.png");
    await sharp(Buffer.from(response.images[0]!, "base64")).toFile(png);
    await expectLandscapePng(png);
  });
});

/**
 * A signed request sent again, byte for byte: it never spends twice, and it never breaks a client that retries with
 * the same signature (boto3 and the AWS CLI sign only host and x-amz-date, so a retry in the same second repeats it).
 * A refusal is evaluated anew, a replay of a request still running waits for its answer, and boto3's own retry after
 * a 429 succeeds and is charged once.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../../proxy/backends/backend.js";
import { createPreviewBackend } from "../../../proxy/backends/preview.js";
import type { BedrockEmulator } from "../../support/bedrock-emulator/index.js";
import { startProxyOnEmulator } from "../../support/proxy-on-emulator.js";
import { signRequest } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy, textToImageRequestOf } from "../../support/test-proxy.js";

const run = promisify(execFile);
const path = "/model/stability.stable-image-core-v1%3A0/invoke";
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const item of opened.reverse()) await item.close();
});

/** The exact bytes of one signed request, to send as many times as a test likes. */
async function signedOnce(proxy: TestProxy, key: { accessKeyId: string; secretAccessKey: string }, prompt: string) {
  const body = JSON.stringify({ prompt });
  const { headers } = await signRequest({ url: proxy.url + path, body, ...key });
  const { host: _host, ...sendable } = headers;
  return () => fetch(proxy.url + path, { method: "POST", headers: sendable, body });
}

describe("a replayed signature", () => {
  let proxy: TestProxy;
  let release: () => void = () => undefined;
  beforeAll(async () => {
    const preview = createPreviewBackend();
    // Holds requests whose prompt starts with "slow" until the test lets them go.
    const gated: Backend = {
      name: "preview",
      async invoke(input) {
        if (textToImageRequestOf(input).prompt.startsWith("slow")) await new Promise<void>((resolve) => (release = resolve));
        return preview.invoke(input);
      },
      close: () => preview.close(),
    };
    proxy = await startTestProxy({ backend: gated });
    opened.push(proxy);
  });

  it("of a refusal is evaluated anew: refused over the limit, served once the admin raises it, charged once", async () => {
    const key = await proxy.proxy.keys.create({ name: "replay after refusal", limits: { imagesPerDay: 1 } });
    await (await signedOnce(proxy, key, "uses the day's image"))();
    const send = await signedOnce(proxy, key, "over the limit, then allowed");
    const refused = await send();
    expect(refused.status).toBe(400);
    expect(refused.headers.get("x-amzn-errortype")).toBe("ServiceQuotaExceededException");

    await proxy.proxy.keys.setLimits(key.accessKeyId, { imagesPerDay: 2 });
    const calls = proxy.backendCalls.length;
    const again = await send();
    expect(again.status).toBe(200);
    expect(proxy.backendCalls.length).toBe(calls + 1);
    // And once served, the same bytes get the same image, still charged once.
    expect(await (await send()).text()).toBe(await again.text());
    expect(proxy.backendCalls.length).toBe(calls + 1);
    const charged = proxy.logs.filter((line) => line["keyId"] === key.accessKeyId && Number(line["costMicroUsd"]) > 0);
    expect(charged).toHaveLength(2);
  });

  it("from a client that signs a per-attempt header is refused: its answers are not kept, as it never retries that way", async () => {
    const body = JSON.stringify({ prompt: "signed with an invocation id" });
    const { headers } = await signRequest({ url: proxy.url + path, body, ...proxy.key, headers: { "amz-sdk-invocation-id": crypto.randomUUID() } });
    const { host: _host, ...sendable } = headers;
    expect(headers["authorization"]).toContain("amz-sdk-invocation-id");
    const send = () => fetch(proxy.url + path, { method: "POST", headers: sendable, body });
    expect((await send()).status).toBe(200);
    const replay = await send();
    expect(replay.status).toBe(403);
    expect(((await replay.json()) as { message: string }).message).toMatch(/already received/);
  });

  it("of a request still running waits for it and gets the same image", async () => {
    const send = await signedOnce(proxy, proxy.key, "slow: replayed while running");
    const calls = proxy.backendCalls.length;
    const first = send();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const replay = send();
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const [a, b] = await Promise.all([first, replay]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await b.text()).toBe(await a.text());
    expect(proxy.backendCalls.length).toBe(calls + 1);
  });
});

describe("boto3 retrying after a 429", () => {
  let emulator: BedrockEmulator;
  let proxy: TestProxy;
  beforeAll(async () => {
    ({ emulator, proxy } = await startProxyOnEmulator());
    opened.push(emulator, proxy);
  });

  it("succeeds and is charged once", async () => {
    // Bedrock throttles the proxy's call (one attempt upstream by default): the proxy answers 429, and boto3 retries.
    emulator.injectFault({ kind: "error", errorType: "ThrottlingException" }, { times: 1 });
    const script = [
      "import boto3, json, os",
      "client = boto3.client('bedrock-runtime', region_name='us-west-2', endpoint_url=os.environ['ENDPOINT'])",
      "response = client.invoke_model(modelId='stability.stable-image-core-v1:0', body=json.dumps({'prompt': 'boto3 after a 429', 'seed': 5}))",
      "print(json.dumps({'seeds': json.loads(response['body'].read())['seeds'], 'attempts': response['ResponseMetadata']['RetryAttempts']}))",
    ].join("\n");
    const { stdout } = await run("python3", ["-c", script], {
      env: {
        ...process.env,
        ENDPOINT: proxy.url,
        AWS_ACCESS_KEY_ID: proxy.key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: proxy.key.secretAccessKey,
        AWS_CONFIG_FILE: "/nonexistent",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
      },
    });
    const result = JSON.parse(stdout) as { seeds: number[]; attempts: number };
    expect(result.seeds).toEqual([5]);
    expect(result.attempts).toBeGreaterThanOrEqual(1);
    const lines = proxy.logs.filter((line) => line["keyId"] === proxy.key.accessKeyId && line["msg"] === "request");
    expect(lines.map((line) => line["status"])).toEqual([...Array(result.attempts).fill(429), 200]);
    expect(lines.map((line) => line["costMicroUsd"] ?? 0)).toEqual([...Array(result.attempts).fill(0), 40_000]);
  });
});

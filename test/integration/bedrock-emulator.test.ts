/**
 * The Bedrock emulator against the real `@aws-sdk/client-bedrock-runtime`: its default HTTP/2 handler and an HTTP/1.1
 * `NodeHttpHandler`, real SigV4 signing, real images decoded with sharp, and every injected fault surfacing as the
 * SDK exception (or error) a caller of Bedrock would see.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { connect as http2Connect } from "node:http2";
import { fileURLToPath } from "node:url";
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  BedrockRuntimeServiceException,
  InternalServerException,
  InvokeModelCommand,
  type InvokeModelCommandOutput,
  ModelErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import { Hash } from "@smithy/hash-node";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BEDROCK_ERROR_STATUS,
  type BedrockErrorType,
  DEFAULT_MODEL_ID,
  DEFAULT_MODEL_IDS,
  OUTPUT_FORMATS,
  OUTPUT_SIZES,
  type TextToImageResponse,
} from "../../src/contract/index.js";
import { type BedrockEmulator, startBedrockEmulator } from "../support/bedrock-emulator/index.js";

const region = "us-west-2";
const credentials = { accessKeyId: "AKIDTESTEMULATOR0001", secretAccessKey: "emulator-test-secret-0123456789abcdefghij" };
const REPORTED_RANDOM_SEED = 3_141_592_653;

let emulator: BedrockEmulator;
/** Added to the real time to give the emulator's clock; lets a test make every signature look expired. */
let emulatorClockOffsetMs = 0;
const clients: BedrockRuntimeClient[] = [];

type Protocol = "h2" | "h1";

/** A client as an application would build one; `maxAttempts: 1` unless a test is about the SDK's retries. */
function client(protocol: Protocol, config: Partial<BedrockRuntimeClientConfig> = {}): BedrockRuntimeClient {
  const created = new BedrockRuntimeClient({
    endpoint: emulator.url,
    region,
    credentials,
    maxAttempts: 1,
    ...(protocol === "h1" ? { requestHandler: new NodeHttpHandler() } : {}),
    ...config,
  });
  clients.push(created);
  return created;
}

function invoke(
  sdk: BedrockRuntimeClient,
  body: unknown,
  options: { modelId?: string; abortSignal?: AbortSignal } = {},
): Promise<InvokeModelCommandOutput> {
  return sdk.send(
    new InvokeModelCommand({
      modelId: options.modelId ?? DEFAULT_MODEL_ID,
      body: typeof body === "string" ? body : JSON.stringify(body),
      contentType: "application/json",
      accept: "application/json",
    }),
    { abortSignal: options.abortSignal },
  );
}

function responseBody(output: InvokeModelCommandOutput): TextToImageResponse {
  return JSON.parse(new TextDecoder().decode(output.body)) as TextToImageResponse;
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<BedrockRuntimeServiceException & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as BedrockRuntimeServiceException;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

beforeAll(async () => {
  emulator = await startBedrockEmulator({
    region,
    credentials,
    port: 0,
    modelIds: DEFAULT_MODEL_IDS,
    now: () => new Date(Date.now() + emulatorClockOffsetMs),
    randomSeed: () => REPORTED_RANDOM_SEED,
  });
});

afterEach(() => {
  emulator.reset();
  emulatorClockOffsetMs = 0;
});

afterAll(async () => {
  for (const sdk of clients) sdk.destroy();
  await emulator.close();
});

describe.each<Protocol>(["h2", "h1"])("InvokeModel over %s", (protocol) => {
  it.each([
    ["16:9", "png"],
    ["1:1", "jpeg"],
    ["9:21", "webp"],
    ["21:9", "png"],
    ["4:5", "jpeg"],
  ] as const)("answers a %s %s image at the ratio's output size", async (ratio, format) => {
    const output = await invoke(client(protocol), { prompt: "a lighthouse at dusk", aspect_ratio: ratio, output_format: format, seed: 7 });

    const reply = responseBody(output);
    expect(reply.seeds).toEqual([7]);
    expect(reply.finish_reasons).toEqual([null]);
    expect(reply.images).toHaveLength(1);
    const metadata = await sharp(Buffer.from(reply.images[0]!, "base64")).metadata();
    expect({ format: metadata.format, width: metadata.width, height: metadata.height }).toEqual({ format, ...OUTPUT_SIZES[ratio] });
    expect(output.contentType).toBe("application/json");
  });

  it("records what it received: protocol, signed headers, key, parsed body", async () => {
    const body = { prompt: "a lighthouse at dusk", aspect_ratio: "1:1" };
    await invoke(client(protocol), body);

    expect(emulator.requests).toHaveLength(1);
    const [recorded] = emulator.requests;
    expect(recorded).toMatchObject({
      protocol,
      method: "POST",
      path: "/model/stability.stable-image-core-v1%3A0/invoke",
      modelId: DEFAULT_MODEL_ID,
      body,
      accessKeyId: credentials.accessKeyId,
      status: 200,
      clientClosedEarly: false,
    });
    expect(recorded!.headers["authorization"]).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTEMULATOR0001\//);
    if (protocol === "h2") expect(recorded!.headers[":authority"]).toBe(new URL(emulator.url).host);
    else expect(recorded!.headers["host"]).toBe(new URL(emulator.url).host);
  });
});

describe("InvokeModel responses", () => {
  it("sends Bedrock's headers: request id, invocation latency, JSON content type", async () => {
    const sdk = client("h2");
    let headers: Record<string, string> = {};
    sdk.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        headers = (result.response as { headers: Record<string, string> }).headers;
        return result;
      },
      { step: "deserialize" },
    );

    const output = await invoke(sdk, { prompt: "a fox" });

    expect(headers["content-type"]).toBe("application/json");
    expect(headers["x-amzn-bedrock-invocation-latency"]).toMatch(/^\d+$/);
    expect(output.$metadata.requestId).toBe(emulator.requests[0]!.id);
  });

  it("reports a random seed when the seed is 0 or absent, and keeps a given one", async () => {
    const sdk = client("h2");
    expect(responseBody(await invoke(sdk, { prompt: "a fox", seed: 0 })).seeds).toEqual([REPORTED_RANDOM_SEED]);
    expect(responseBody(await invoke(sdk, { prompt: "a fox" })).seeds).toEqual([REPORTED_RANDOM_SEED]);
    expect(responseBody(await invoke(sdk, { prompt: "a fox", seed: 4_294_967_295 })).seeds).toEqual([4_294_967_295]);
  });

  it("gives the same image for the same prompt and seed, and another for another prompt", async () => {
    const sdk = client("h2");
    const image = async (prompt: string): Promise<string> =>
      responseBody(await invoke(sdk, { prompt, seed: 11, aspect_ratio: "3:2" })).images[0]!;
    const first = await image("a red fox");
    expect(await image("a red fox")).toBe(first);
    expect(await image("a blue fox")).not.toBe(first);
  });

  it("renders every output format", async () => {
    const sdk = client("h1");
    for (const format of OUTPUT_FORMATS) {
      const reply = responseBody(await invoke(sdk, { prompt: "a fox", output_format: format, aspect_ratio: "2:3" }));
      expect(await sharp(Buffer.from(reply.images[0]!, "base64")).metadata()).toMatchObject({ format, ...OUTPUT_SIZES["2:3"] });
    }
  });
});

describe("validation, as Bedrock does it", () => {
  it.each([
    [{ prompt: "" }, "Malformed input request: #/prompt: expected minLength: 1, actual: 0, please reformat your input and try again."],
    [{ prompt: "a fox", aspect_ratio: "7:3" }, "Malformed input request: #/aspect_ratio: 7:3 is not a valid enum value, please reformat your input and try again."],
    [{ prompt: "a fox", seed: -1 }, "Malformed input request: #/seed: -1 is not greater or equal to 0, please reformat your input and try again."],
    [{ text_prompts: [{ text: "a fox" }] }, "Malformed input request: 2 schema violations found, please reformat your input and try again."],
    ["not json", "Malformed input request, please reformat your input and try again."],
  ])("refuses %j with ValidationException", async (body, message) => {
    const error = await rejection(invoke(client("h2"), body));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe(message);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(emulator.requests[0]).toMatchObject({ status: 400, errorType: "ValidationException" });
  });

  it("refuses an unknown model id with ValidationException", async () => {
    const error = await rejection(invoke(client("h2"), { prompt: "a fox" }, { modelId: "stability.no-such-model-v9:0" }));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe("The provided model identifier is invalid.");
  });

  it("refuses a known model it does not serve with ResourceNotFoundException", async () => {
    const error = await rejection(invoke(client("h2"), { prompt: "a fox" }, { modelId: "stability.stable-image-ultra-v1:1" }));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it("takes a foundation-model ARN of its region as the model id", async () => {
    const modelId = `arn:aws:bedrock:${region}::foundation-model/${DEFAULT_MODEL_ID}`;
    const reply = responseBody(await invoke(client("h1"), { prompt: "a fox" }, { modelId }));
    expect(reply.images).toHaveLength(1);
    expect(emulator.requests[0]!.modelId).toBe(DEFAULT_MODEL_ID);
  });
});

describe("SigV4", () => {
  it("refuses a request signed with the wrong secret and serves nothing", async () => {
    const sdk = client("h2", { credentials: { ...credentials, secretAccessKey: "not-the-secret" } });

    const error = await rejection(invoke(sdk, { prompt: "a fox" }));

    expect(error).toBeInstanceOf(BedrockRuntimeServiceException);
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
    expect(emulator.requests.map((request) => [request.status, request.accessKeyId])).toEqual([[403, undefined]]);
  });

  it("refuses an unknown access key id with UnrecognizedClientException", async () => {
    const sdk = client("h1", { credentials: { accessKeyId: "AKIDNOBODY0000000000", secretAccessKey: "whatever" } });

    const error = await rejection(invoke(sdk, { prompt: "a fox" }));

    expect(error.name).toBe("UnrecognizedClientException");
    expect(error.message).toBe("The security token included in the request is invalid.");
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it("refuses a request without a signature with MissingAuthenticationTokenException", async () => {
    const response = await fetch(`${emulator.url}/model/${encodeURIComponent(DEFAULT_MODEL_ID)}/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "a fox" }),
    });

    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await response.json()).toEqual({ message: "Missing Authentication Token" });
  });

  it("refuses an expired signature, and the SDK recovers by correcting its clock from the date header", async () => {
    emulatorClockOffsetMs = 20 * 60 * 1000;

    const error = await rejection(invoke(client("h2"), { prompt: "a fox" }));
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z/);

    const output = await invoke(client("h2", { maxAttempts: 3 }), { prompt: "a fox" });
    expect(output.$metadata.attempts).toBe(2);
    expect(emulator.requests.map((request) => request.status)).toEqual([403, 403, 200]);
  });

  it("refuses a signature for another region", async () => {
    const error = await rejection(invoke(client("h2", { region: "eu-central-1" }), { prompt: "a fox" }));
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toContain("eu-central-1");
  });
});

describe("injected errors", () => {
  const cases: [BedrockErrorType, new (...args: never[]) => Error][] = [
    ["ThrottlingException", ThrottlingException],
    ["ServiceUnavailableException", ServiceUnavailableException],
    ["InternalServerException", InternalServerException],
    ["ModelTimeoutException", ModelTimeoutException],
    ["AccessDeniedException", AccessDeniedException],
    ["ModelErrorException", ModelErrorException],
    ["ServiceQuotaExceededException", ServiceQuotaExceededException],
  ];

  it.each(cases)("%s surfaces as the SDK's exception class with Bedrock's status", async (errorType, exceptionClass) => {
    emulator.injectFault({ kind: "error", errorType });

    const error = await rejection(invoke(client("h2"), { prompt: "a fox" }));

    expect(error).toBeInstanceOf(exceptionClass);
    expect(error.name).toBe(errorType);
    expect(error.$metadata.httpStatusCode).toBe(BEDROCK_ERROR_STATUS[errorType]);
    expect(emulator.requests[0]).toMatchObject({ status: BEDROCK_ERROR_STATUS[errorType], errorType });
    expect(emulator.pendingFaults).toEqual([]);
  });

  it("sends the message it was given, over HTTP/1.1 too", async () => {
    emulator.injectFault({ kind: "error", errorType: "ThrottlingException", message: "Slow down, please." });
    const error = await rejection(invoke(client("h1"), { prompt: "a fox" }));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error.message).toBe("Slow down, please.");
  });

  it("recovers through the SDK's own retry after one 503", async () => {
    emulator.injectFault({ kind: "error", errorType: "ServiceUnavailableException" });

    const output = await invoke(client("h2", { maxAttempts: 3 }), { prompt: "a fox" });

    expect(responseBody(output).images).toHaveLength(1);
    expect(output.$metadata.attempts).toBe(2);
    expect(emulator.requests.map((request) => request.status)).toEqual([503, 200]);
    expect(emulator.requests[1]!.headers["amz-sdk-request"]).toMatch(/^attempt=2/);
  });

  it("fails after the SDK's three attempts when every one gets a 503", async () => {
    emulator.injectFault({ kind: "error", errorType: "ServiceUnavailableException" }, { times: 3 });

    const error = await rejection(invoke(client("h2", { maxAttempts: 3 }), { prompt: "a fox" }));

    expect(error).toBeInstanceOf(ServiceUnavailableException);
    expect(error.$metadata.attempts).toBe(3);
    expect(emulator.requests).toHaveLength(3);
  });

  it("applies a fault only to matching model ids and prompts", async () => {
    emulator.injectFault({ kind: "error", errorType: "ModelErrorException" }, { promptIncludes: "storm", modelId: DEFAULT_MODEL_ID });
    const sdk = client("h2");

    await invoke(sdk, { prompt: "a calm sea" });
    await invoke(sdk, { prompt: "a storm" }, { modelId: "stability.stable-image-core-v1:1" });
    expect(emulator.pendingFaults).toHaveLength(1);
    await expect(invoke(sdk, { prompt: "a storm at sea" })).rejects.toBeInstanceOf(ModelErrorException);
    expect(emulator.pendingFaults).toEqual([]);
  });

  it("does not spend faults on requests with a bad signature", async () => {
    emulator.injectFault({ kind: "error", errorType: "ThrottlingException" });
    await rejection(invoke(client("h2", { credentials: { ...credentials, secretAccessKey: "wrong" } }), { prompt: "a fox" }));
    expect(emulator.pendingFaults).toHaveLength(1);
  });
});

describe("injected content filter", () => {
  it.each([
    [undefined, "Filter reason: prompt"],
    ["prompt", "Filter reason: prompt"],
    ["output image", "Filter reason: output image"],
  ] as const)("reason %s answers 200 with finish_reasons [%j] and no image", async (reason, finishReason) => {
    emulator.injectFault({ kind: "content-filter", ...(reason ? { reason } : {}) });

    const output = await invoke(client("h2"), { prompt: "something not allowed", seed: 5 });

    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(responseBody(output)).toEqual({ seeds: [5], finish_reasons: [finishReason], images: [] });
  });
});

describe("injected transport faults", () => {
  it.each<Protocol>(["h2", "h1"])("malformed JSON over %s makes the body unreadable", async (protocol) => {
    emulator.injectFault({ kind: "malformed-json" });

    const output = await invoke(client(protocol), { prompt: "a fox" });

    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(() => responseBody(output)).toThrow(SyntaxError);
  });

  it.each<Protocol>(["h2", "h1"])("a connection reset over %s surfaces as an error, and nothing is answered", async (protocol) => {
    emulator.injectFault({ kind: "connection-reset" });

    const error = await rejection(invoke(client(protocol), { prompt: "a fox" }));

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(BedrockRuntimeServiceException);
    expect(emulator.requests[0]).toMatchObject({ status: undefined, fault: { kind: "connection-reset" }, clientClosedEarly: false });
  });

  it("the SDK retries past a connection reset", async () => {
    emulator.injectFault({ kind: "connection-reset" });

    const output = await invoke(client("h2", { maxAttempts: 3 }), { prompt: "a fox" });

    expect(output.$metadata.attempts).toBe(2);
    expect(emulator.requests.map((request) => request.status)).toEqual([undefined, 200]);
  });

  it.each<Protocol>(["h2", "h1"])("a slow answer over %s still arrives", async (protocol) => {
    emulator.injectFault({ kind: "slow", delayMs: 30 });

    const reply = responseBody(await invoke(client(protocol), { prompt: "a fox" }));

    expect(reply.images).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ status: 200, fault: { kind: "slow", delayMs: 30 } });
  });

  it.each<Protocol>(["h2", "h1"])("a hang over %s lasts until the client gives up, which is recorded", async (protocol) => {
    emulator.injectFault({ kind: "hang" });
    const giveUp = new AbortController();

    const pending = invoke(client(protocol), { prompt: "a fox" }, { abortSignal: giveUp.signal });
    const hanging = await emulator.waitFor(() => emulator.requests.find((request) => request.fault?.kind === "hang"));
    expect(hanging.status).toBeUndefined();
    giveUp.abort();

    const error = await rejection(pending);
    expect(error.name).toBe("AbortError");
    await emulator.waitFor(() => hanging.clientClosedEarly);
    expect(hanging.status).toBeUndefined();
  });
  it("a client that drops its HTTP/1.1 connection during a hang is recorded", async () => {
    emulator.injectFault({ kind: "hang" });
    const sdk = client("h1");

    invoke(sdk, { prompt: "a fox" }).catch(() => {});
    const hanging = await emulator.waitFor(() => emulator.requests.find((request) => request.fault));
    sdk.destroy();

    await emulator.waitFor(() => hanging.clientClosedEarly);
    expect(hanging.status).toBeUndefined();
  });

  it("a client that drops its HTTP/2 connection during a hang is recorded", async () => {
    emulator.injectFault({ kind: "hang" });
    const session = http2Connect(emulator.url);
    session.on("error", () => {});
    const body = JSON.stringify({ prompt: "a fox" });
    const signed = await new SignatureV4({ credentials, region, service: "bedrock", sha256: Hash.bind(null, "sha256") }).sign(
      new HttpRequest({
        method: "POST",
        protocol: "http:",
        hostname: "127.0.0.1",
        port: emulator.port,
        path: `/model/${encodeURIComponent(DEFAULT_MODEL_ID)}/invoke`,
        headers: { ":authority": new URL(emulator.url).host, "content-type": "application/json" },
        body,
      }),
    );
    const stream = session.request({ ":method": "POST", ":path": signed.path, ...signed.headers });
    stream.on("error", () => {});
    stream.end(body);

    const hanging = await emulator.waitFor(() => emulator.requests.find((request) => request.fault));
    session.destroy();

    await emulator.waitFor(() => hanging.clientClosedEarly);
    expect(hanging).toMatchObject({ protocol: "h2", status: undefined, accessKeyId: credentials.accessKeyId });
  });
});

describe("HTTP control endpoint", () => {
  it("injects faults, lists pending faults and recorded requests, and resets", async () => {
    const injected = await fetch(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ fault: { kind: "error", errorType: "ModelTimeoutException" }, times: 2 }),
    });
    expect(injected.status).toBe(201);
    expect(await (await fetch(`${emulator.url}/__emulator/faults`)).json()).toEqual([
      { fault: { kind: "error", errorType: "ModelTimeoutException" }, remaining: 2 },
    ]);

    await expect(invoke(client("h2"), { prompt: "a fox" })).rejects.toBeInstanceOf(ModelTimeoutException);

    const requests = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as { status: number; errorType: string }[];
    expect(requests.map(({ status, errorType }) => ({ status, errorType }))).toEqual([
      { status: 408, errorType: "ModelTimeoutException" },
    ]);

    expect((await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" })).status).toBe(200);
    expect(emulator.requests).toEqual([]);
    expect(emulator.pendingFaults).toEqual([]);
  });

  it("refuses a fault it does not know", async () => {
    const response = await fetch(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ fault: { kind: "error", errorType: "TeapotException" } }),
    });
    expect(response.status).toBe(400);
    expect(emulator.pendingFaults).toEqual([]);
  });

  it("answers other paths with UnknownOperationException", async () => {
    const response = await fetch(`${emulator.url}/model/${DEFAULT_MODEL_ID}/converse`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
  });
});

describe("npm run emulator", () => {
  it("starts from the command line, prints its URL and the proxy's settings, and stops on SIGTERM", async () => {
    const cli = fileURLToPath(new URL("../support/bedrock-emulator/cli.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", cli], {
      env: { ...process.env, PORT: "0", EMULATOR_REGION: "eu-central-1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      let printed = "";
      child.stdout.setEncoding("utf8");
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (text: string) => {
          printed += text;
          const match = /emulator on (http:\/\/localhost:\d+)/.exec(printed);
          if (match && printed.includes("npm run proxy")) resolve(match[1]!);
        });
        child.once("exit", (code) => reject(new Error(`emulator exited early (${code}): ${printed}`)));
      });
      expect(printed).toContain(`AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${url} AWS_REGION=eu-central-1`);
      expect(await (await fetch(`${url}/__emulator/requests`)).json()).toEqual([]);

      const exited = once(child, "exit");
      child.kill("SIGTERM");
      expect((await exited)[0]).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

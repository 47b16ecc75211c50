import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import type { Settings } from "../../../src/messages.js";
import { buildInvokeBody } from "../../../src/ui/bedrock/build-invoke-body.js";
import { healthUrl, invokeUrl } from "../../../src/ui/bedrock/invoke-url.js";
import { invokeModel } from "../../../src/ui/bedrock/invoke-model.js";
import { bedrockError, FakeClock, imageResponse, ManualFetch, PNG_BASE64 } from "./fakes.js";

const settings: Settings = {
  proxyUrl: "http://127.0.0.1:8787/",
  accessKeyId: "FFAKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  region: "us-west-2",
};
const MODEL = "stability.stable-image-core-v1:0";
const body = buildInvokeBody({ prompt: "a red fox", negativePrompt: "", aspectRatio: "16:9", seed: 0, outputFormat: "png" });

describe("buildInvokeBody", () => {
  it("sends Bedrock's fields, negative_prompt only when there is one", () => {
    expect(buildInvokeBody({ prompt: "  a red fox ", negativePrompt: " ", aspectRatio: "16:9", seed: 0, outputFormat: "png" })).toEqual({
      prompt: "a red fox",
      aspect_ratio: "16:9",
      seed: 0,
      output_format: "png",
    });
    expect(buildInvokeBody({ prompt: "fox", negativePrompt: "blur", aspectRatio: "9:21", seed: 4294967295, outputFormat: "webp" })).toEqual({
      prompt: "fox",
      negative_prompt: "blur",
      aspect_ratio: "9:21",
      seed: 4294967295,
      output_format: "webp",
    });
  });
});

describe("invokeUrl", () => {
  it("encodes the model id once and keeps a base path", () => {
    expect(invokeUrl("http://127.0.0.1:8787/", MODEL)).toBe("http://127.0.0.1:8787/model/stability.stable-image-core-v1%3A0/invoke");
    expect(invokeUrl("https://proxy.example.com/framefill//", MODEL)).toBe(
      "https://proxy.example.com/framefill/model/stability.stable-image-core-v1%3A0/invoke",
    );
    expect(healthUrl("http://localhost:8787/")).toBe("http://localhost:8787/healthz");
  });
});

describe("invokeModel", () => {
  it("POSTs the body with JSON headers and an Idempotency-Key, signed so that the AWS SDK's signer agrees", async () => {
    const clock = new FakeClock();
    const fetch = new ManualFetch(() => imageResponse(PNG_BASE64, 1234));
    const outcome = await invokeModel({ fetch: fetch.fetch, now: clock.now }, { settings, modelId: MODEL, body, idempotencyKey: "gen-1.job-1", attempt: 1, maxAttempts: 5 }, new AbortController().signal);
    expect(outcome).toEqual({ ok: true, value: { base64: PNG_BASE64, seed: 1234 } });

    const [call] = fetch.calls;
    expect(call!.url).toBe("http://127.0.0.1:8787/model/stability.stable-image-core-v1%3A0/invoke");
    expect(call!.method).toBe("POST");
    expect(JSON.parse(call!.body)).toEqual(body);
    expect(call!.headers.get("content-type")).toBe("application/json");
    expect(call!.headers.get("accept")).toBe("application/json");
    expect(call!.headers.get("idempotency-key")).toBe("gen-1.job-1");
    expect(call!.headers.get("x-amz-date")).toBe("20250115T120000Z");

    const authorization = call!.headers.get("authorization")!;
    expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=FFAKIDEXAMPLE\/20250115\/us-west-2\/bedrock\/aws4_request, /);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(";");
    expect(signedHeaders).toEqual(expect.arrayContaining(["host", "x-amz-date", "idempotency-key", "amz-sdk-request"]));

    // Re-sign the request as received (path still percent-encoded) with the signer the AWS SDK and the proxy use.
    const url = new URL(call!.url);
    const expected = await new SignatureV4({
      service: "bedrock",
      region: "us-west-2",
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      sha256: Hash.bind(null, "sha256"),
      applyChecksum: false,
    }).sign(
      new HttpRequest({
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers: Object.fromEntries(signedHeaders.map((name) => [name, name === "host" ? url.host : call!.headers.get(name)!])),
        body: call!.body,
      }),
      { signingDate: new Date(clock.time) },
    );
    expect(url.pathname).toBe("/model/stability.stable-image-core-v1%3A0/invoke");
    expect(expected.headers["authorization"]).toBe(authorization);
  });

  it("signs every attempt differently, even within the same second (the proxy accepts a signature once)", async () => {
    const clock = new FakeClock();
    const fetch = new ManualFetch(() => imageResponse(PNG_BASE64));
    const input = { settings, modelId: MODEL, body, idempotencyKey: "k", attempt: 1, maxAttempts: 5 };
    await invokeModel({ fetch: fetch.fetch, now: clock.now }, input, new AbortController().signal);
    await invokeModel({ fetch: fetch.fetch, now: clock.now }, { ...input, attempt: 2 }, new AbortController().signal);
    expect(fetch.calls.map((call) => call.headers.get("amz-sdk-request"))).toEqual(["attempt=1; max=5", "attempt=2; max=5"]);
    expect(fetch.calls.map((call) => call.headers.get("x-amz-date"))).toEqual(["20250115T120000Z", "20250115T120000Z"]);
    const [first, second] = fetch.calls.map((call) => call.headers.get("authorization"));
    expect(first).not.toBe(second);
  });

  it("reports a filtered image from finish_reasons, even with no images", async () => {
    const fetch = new ManualFetch(() => imageResponse("", 7, "Filter reason: prompt"));
    const outcome = await invokeModel({ fetch: fetch.fetch, now: Date.now }, { settings, modelId: MODEL, body, idempotencyKey: "k", attempt: 1, maxAttempts: 5 }, new AbortController().signal);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: "prompt-filtered" } });
    expect(outcome).not.toHaveProperty("retry");
  });

  it("marks a throttled answer for retry after Retry-After, and an auth error as final", async () => {
    const clock = new FakeClock();
    const throttled = new ManualFetch(() => bedrockError(429, "ThrottlingException", "Too many requests", { "retry-after": "3" }));
    const input = { settings, modelId: MODEL, body, idempotencyKey: "k", attempt: 1, maxAttempts: 5 };
    expect(await invokeModel({ fetch: throttled.fetch, now: clock.now }, input, new AbortController().signal)).toMatchObject({
      ok: false,
      failure: { kind: "rate-limited" },
      retry: { afterMs: 3000 },
    });
    const denied = new ManualFetch(() => bedrockError(403, "UnrecognizedClientException", "The security token included in the request is invalid."));
    const outcome = await invokeModel({ fetch: denied.fetch, now: clock.now }, input, new AbortController().signal);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: "auth" } });
    expect(outcome).not.toHaveProperty("retry");
  });

  it("tells an unreachable proxy from a cancelled request", async () => {
    const input = { settings, modelId: MODEL, body, idempotencyKey: "k", attempt: 1, maxAttempts: 5 };
    const down = new ManualFetch(() => new TypeError("fetch failed"));
    expect(await invokeModel({ fetch: down.fetch, now: Date.now }, input, new AbortController().signal)).toMatchObject({
      ok: false,
      failure: { kind: "unreachable" },
    });
    const hanging = new ManualFetch();
    const controller = new AbortController();
    const pending = invokeModel({ fetch: hanging.fetch, now: Date.now }, input, controller.signal);
    await hanging.waitForCalls(1);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, failure: { kind: "cancelled" } });
  });

  it("calls an answer without an image a server error", async () => {
    const fetch = new ManualFetch(() => new Response(JSON.stringify({ seeds: [1], finish_reasons: [null], images: [] })));
    expect(await invokeModel({ fetch: fetch.fetch, now: Date.now }, { settings, modelId: MODEL, body, idempotencyKey: "k", attempt: 1, maxAttempts: 5 }, new AbortController().signal)).toMatchObject({
      ok: false,
      failure: { kind: "server-error" },
    });
  });
});

/**
 * Fuzzed bodies, headers and paths against the running proxy (bounded runs): it never answers 5xx, every refusal
 * is Bedrock-shaped (4xx, `x-amzn-ErrorType`, a JSON `message`), and every 200 is Bedrock's image answer in the
 * format asked for.
 */
import http from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASPECT_RATIOS, OUTPUT_FORMATS } from "../../../src/contract/index.js";
import { signRequest } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy, textToImageRequestOf } from "../../support/test-proxy.js";

let proxy: TestProxy;
beforeAll(async () => {
  proxy = await startTestProxy({ env: { LOG_LEVEL: "silent", PROXY_MAX_BODY_BYTES: "65536" } });
});
afterAll(() => proxy?.close());

interface Answer {
  status: number;
  errorType: string | undefined;
  body: string;
}

/** Sends exactly these bytes (a raw path, any headers) over HTTP/1.1. */
function send(method: string, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const url = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent: false },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () =>
          resolve({ status: response.statusCode!, errorType: response.headers["x-amzn-errortype"] as string | undefined, body: text }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** The first bytes of each output format Bedrock can send. */
const MAGIC: Record<string, number[]> = { png: [0x89, 0x50, 0x4e, 0x47], jpeg: [0xff, 0xd8, 0xff], webp: [0x52, 0x49, 0x46, 0x46] };

/** A 200 must be Bedrock's image answer: one seed, a null finish reason, one image in the format asked for. */
function expectImageAnswer(answer: Answer, requestBody: string): void {
  const parsed = JSON.parse(answer.body) as { seeds: unknown; finish_reasons: unknown; images: unknown };
  expect(Object.keys(parsed).sort()).toEqual(["finish_reasons", "images", "seeds"]);
  expect(parsed.finish_reasons).toEqual([null]);
  expect(parsed.seeds).toEqual([expect.any(Number)]);
  const [seed] = parsed.seeds as number[];
  expect(Number.isInteger(seed) && seed! >= 0 && seed! <= 4294967295).toBe(true);
  const images = parsed.images as string[];
  expect(images).toHaveLength(1);
  const bytes = Buffer.from(images[0]!, "base64");
  expect(bytes.toString("base64")).toBe(images[0]);
  const asked = (JSON.parse(requestBody) as { output_format?: string }).output_format ?? "png";
  expect([...bytes.subarray(0, MAGIC[asked]!.length)]).toEqual(MAGIC[asked]);
}

function expectBedrockShaped(answer: Answer, requestBody?: string): void {
  expect(answer.status, answer.body).toBeLessThan(500);
  if (answer.status === 200) {
    if (requestBody !== undefined) expectImageAnswer(answer, requestBody);
    return;
  }
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.errorType).toMatch(/^[A-Za-z]+Exception$/);
  const parsed = JSON.parse(answer.body) as { message: unknown };
  expect(typeof parsed.message).toBe("string");
}

const invokePath = "/model/stability.stable-image-core-v1%3A0/invoke";

/** Bodies near the real shape (so validation is exercised deeply) and far from it. */
const body = fc.oneof(
  fc.record(
    {
      prompt: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(""), fc.integer(), fc.constant(null)),
      negative_prompt: fc.oneof(fc.string({ maxLength: 20 }), fc.boolean()),
      aspect_ratio: fc.oneof(fc.constantFrom(...ASPECT_RATIOS), fc.string({ maxLength: 5 })),
      seed: fc.oneof(fc.integer({ min: -10, max: 2 ** 33 }), fc.double(), fc.string({ maxLength: 5 })),
      output_format: fc.oneof(fc.constantFrom(...OUTPUT_FORMATS), fc.string({ maxLength: 5 })),
      mode: fc.oneof(fc.constant("text-to-image"), fc.string({ maxLength: 8 })),
      text_prompts: fc.array(fc.record({ text: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), weight: fc.oneof(fc.double(), fc.string()) }, { requiredKeys: [] }), { maxLength: 3 }),
      extra: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ).map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  // Valid requests too, so the 200 answers are looked at as well.
  fc.record(
    {
      prompt: fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim().length > 0),
      aspect_ratio: fc.constantFrom(...ASPECT_RATIOS),
      output_format: fc.constantFrom(...OUTPUT_FORMATS),
      seed: fc.integer({ min: 0, max: 4294967295 }),
    },
    { requiredKeys: ["prompt"] },
  ).map((value) => JSON.stringify(value)),
);

describe("fuzzing the proxy", () => {
  it("signed requests with arbitrary bodies: Bedrock's image answer or a Bedrock-shaped 4xx, never 5xx", async () => {
    let served = 0;
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const { headers } = await signRequest({ url: proxy.url + invokePath, body: text, accessKeyId: proxy.key.accessKeyId, secretAccessKey: proxy.key.secretAccessKey });
        const answer = await send("POST", invokePath, headers, text);
        expectBedrockShaped(answer, text);
        if (answer.status === 200) served++;
      }),
      { numRuns: 80, seed: 20261130 },
    );
    expect(served).toBeGreaterThan(0);
  });

  it("arbitrary headers and Authorization values: a Bedrock-shaped 4xx", async () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
    const value = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(token, value, { maxKeys: 6 }), value, async (headers, authorization) => {
        const answer = await send("POST", invokePath, { ...headers, authorization: `AWS4-HMAC-SHA256 ${authorization}` }, '{"prompt":"x"}');
        expectBedrockShaped(answer);
        expect(answer.status).not.toBe(200);
      }),
      { numRuns: 150 },
    );
    expect(proxy.backendCalls.every((call) => textToImageRequestOf(call).prompt !== "x")).toBe(true);
  });

  it("arbitrary methods and paths: a Bedrock-shaped 4xx", async () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9%:._~!$&'()*+,;=@-]{0,20}$/);
    const path = fc.array(segment, { minLength: 0, maxLength: 5 }).map((segments) => `/${segments.join("/")}`);
    const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");
    await fc.assert(
      fc.asyncProperty(method, path, fc.boolean(), async (verb, target, signed) => {
        const text = verb === "GET" || verb === "HEAD" ? "" : '{"prompt":"path fuzz"}';
        const headers = signed
          ? (await signRequest({ url: proxy.url + target, method: verb, body: text, accessKeyId: proxy.key.accessKeyId, secretAccessKey: proxy.key.secretAccessKey })).headers
          : {};
        const answer = await send(verb, target, headers, text);
        if (verb === "HEAD") expect(answer.status).toBeLessThan(500);
        else if (!(verb === "GET" && target === "/healthz")) expectBedrockShaped(answer);
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * The proxy's HTTP app (hono). Its public API is Amazon Bedrock Runtime's own, so any Bedrock client works against it:
 *
 *   POST /model/{modelId}/invoke                       InvokeModel: Stability text-to-image and the image-edit tools,
 *                                                      Bedrock's bodies and errors
 *   POST /model/{modelId}/invoke-with-response-stream  refused like Bedrock refuses streaming for image models
 *   GET  /healthz                                      unauthenticated: backend, version, region, allowed models,
 *                                                      maxConcurrency, and the protocol the health request came over
 *   GET  /framefill/v1/usage                           the signing key's own limits, use and what is left (proxy/usage)
 *
 * Every other request must carry an AWS Signature V4 made with a key this proxy issued (service "bedrock", the
 * proxy's region); a signature is accepted once. CORS is open (`*`) because the plugin's iframe has origin `null`;
 * it is never a substitute for the signature.
 *
 * @example
 * const app = createApp({ config, backend: createPreviewBackend(), keys: openKeyStore({ dataDir }),
 *   replayCache: createMemoryReplayCache(), idempotency: createIdempotency(createMemoryIdempotencyStore()),
 *   logger: createLogger({ level: "info" }) });
 * serve({ fetch: app.fetch, port: 8787 });
 */
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { constants as http2Constants, Http2ServerResponse } from "node:http2";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { KEY_USAGE_PATH, priceMicroUsd } from "../src/contract/index.js";
import {
  alreadyReceived,
  type Authenticated,
  createAuthenticator,
  type IncomingRequest,
  ReplayCacheUnavailableError,
} from "./auth/authenticate.js";
import { type Backend, ClientGoneError, type StreamedAnswer } from "./backends/backend.js";
import type { ProxyConfig } from "./config.js";
import { BedrockError, bedrockErrorResponse } from "./errors.js";
import type { Idempotency } from "./http/idempotency.js";
import type { SignatureReplays } from "./http/signature-replays.js";
import { streamBytes } from "./http/stream-bytes.js";
import type { KeyStore } from "./keys/key-store.js";
import type { ChargedKey, SpendControl } from "./limits/spend-control.js";
import type { Logger } from "./log.js";
import { bodyLimitFor, readInvokeBody } from "./operations/invoke-body.js";
import type { ReplayCache } from "./sigv4/replay-cache.js";
import type { SecretLookup } from "./sigv4/verify-signature.js";
import type { KeyUsageReader } from "./usage/key-usage.js";
import { version } from "./version.js";

export interface AppDependencies {
  config: Pick<
    ProxyConfig,
    "region" | "models" | "maxBodyBytes" | "maxImageBodyBytes" | "unverifiedBodyBudgetBytes" | "logPrompts" | "maxConcurrency" | "spend"
  >;
  backend: Backend;
  keys: Pick<KeyStore, "lookup">;
  /** Limits, budgets and usage (proxy/limits). */
  spend: SpendControl;
  /** The caller's own limits and what is left of them (proxy/usage). */
  keyUsage: KeyUsageReader;
  replayCache: ReplayCache;
  /** What a signed request sent again gets (its first answer, or a fresh evaluation after a refusal). */
  replays: SignatureReplays;
  idempotency: Idempotency;
  logger: Logger;
  now?: () => Date;
  /** True once the proxy is shutting down: /healthz then answers 503 "draining". */
  draining?: () => boolean;
}

/** What one request's log line says; filled in as the request goes. */
interface RequestLog {
  requestId: string;
  method: string;
  path: string;
  protocol: string;
  keyId?: string;
  model?: string;
  status?: number;
  errorType?: string;
  latencyMs?: number;
  upstreamLatencyMs?: number;
  bytesIn?: number;
  bytesOut?: number;
  images?: number;
  finishReasons?: (string | null)[];
  /** The key's name, as the admin gave it. */
  keyName?: string;
  /** What this request cost, in micro-dollars (0 for a refusal, a failure Bedrock did not bill, or a stored answer). */
  costMicroUsd?: number;
  /** The answer was a stored one, sent again for a retried Idempotency-Key. */
  idempotentReplay?: boolean;
  /** Why a streamed answer was cut after its 200 had gone out (logged as an error). */
  cut?: string;
  prompt?: string;
  negativePrompt?: string;
}

type Env = {
  Bindings: {
    incoming?: { headers: IncomingHttpHeaders; rawHeaders?: string[]; httpVersion?: string; destroyed?: boolean };
    outgoing?: ServerResponse | Http2ServerResponse;
  };
  Variables: { log: RequestLog; chargedKey?: ChargedKey; answered?: Promise<void>; bodyLimitBytes: number };
};

export const CORS_ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "accept",
  "x-amz-date",
  "x-amz-content-sha256",
  "x-amz-security-token",
  "x-amz-user-agent",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
  "idempotency-key",
];

export const CORS_EXPOSED_HEADERS = [
  "x-amzn-requestid",
  "x-amzn-errortype",
  "x-amzn-bedrock-invocation-latency",
  "retry-after",
  "ratelimit-policy",
  "ratelimit",
  "date",
];

export function createApp(deps: AppDependencies): Hono<Env> {
  const now = deps.now ?? (() => new Date());
  const allowedModels = new Set(deps.config.models);
  const app = new Hono<Env>();

  app.use(async (c, next) => {
    const started = performance.now();
    const log: RequestLog = {
      requestId: randomUUID(),
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      protocol: c.env?.incoming?.httpVersion === "2.0" ? "h2" : "http/1.1",
    };
    c.set("log", log);
    await next();
    c.header("x-amzn-requestid", log.requestId);
    const { status } = c.res;
    const errorType = c.res.headers.get("x-amzn-errortype") ?? undefined;
    const write = () => {
      log.status ??= status;
      log.errorType ??= errorType;
      log.latencyMs = Math.round(performance.now() - started);
      // 499: the client left (mid-body or before its answer); worth a warning, never a page.
      const level = log.status >= 500 || log.cut ? "error" : log.status >= 400 ? "warn" : "info";
      deps.logger[level](log, "request");
    };
    // A streamed answer is logged once its last byte has passed (or it was cut), with what it held.
    const answered = c.get("answered");
    if (answered) void answered.then(write);
    else write();
  });

  app.use(cors({ origin: "*", allowHeaders: CORS_ALLOWED_HEADERS, exposeHeaders: CORS_EXPOSED_HEADERS, maxAge: 600 }));

  // The allow-list, region and prices are not secrets: the plugin offers only the models this proxy serves, shows and
  // checks costs at the prices this proxy charges (PROXY_PRICES included), and keeps as many images in flight as
  // maxConcurrency allows when the protocol (h2) lets one connection carry them all.
  const prices = Object.fromEntries(
    [...allowedModels].flatMap((id) => {
      const microUsd = priceMicroUsd(id, deps.config.spend.prices);
      return microUsd === undefined ? [] : [[id, microUsd]];
    }),
  );
  app.get("/healthz", (c) =>
    c.json({
      status: deps.draining?.() ? "draining" : "ok",
      backend: deps.backend.name,
      version,
      region: deps.config.region,
      models: [...allowedModels],
      /** Micro-dollars per image, as spend control charges them. */
      prices,
      maxConcurrency: deps.config.maxConcurrency,
      protocol: c.get("log").protocol,
    }, deps.draining?.() ? 503 : 200),
  );

  // An image edit carries a photo, a prompt does not: each gets its own limit, known from the path before the body.
  const limits = { allowedModels, maxBodyBytes: deps.config.maxBodyBytes, maxImageBodyBytes: deps.config.maxImageBodyBytes };
  const limitBodies = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new BedrockError("ValidationException", `The request body is too large: this proxy accepts up to ${maxSize} bytes for this request.`);
      },
    });
  const bodyLimits = new Map([limits.maxBodyBytes, limits.maxImageBodyBytes].map((size) => [size, limitBodies(size)]));
  app.use((c, next) => {
    const bodyLimitBytes = bodyLimitFor(c.get("log").path, limits);
    c.set("bodyLimitBytes", bodyLimitBytes);
    return bodyLimits.get(bodyLimitBytes)!(c, next);
  });

  const verify = createAuthenticator({
    region: deps.config.region,
    // One read of the key per request: its secrets for the signature, its name and limits for what follows, so
    // `keys set` applies from the next request.
    lookupKey: async (accessKeyId): Promise<{ secrets: SecretLookup; key: ChargedKey } | undefined> => {
      const active = await deps.keys.lookup(accessKeyId).catch(keysUnavailable);
      return active && { secrets: active.secrets, key: { accessKeyId, name: active.record.name, limits: active.record.limits } };
    },
    replayCache: deps.replayCache,
    now,
    maxBodyBytes: deps.config.maxBodyBytes,
    unverifiedBodyBudgetBytes: deps.config.unverifiedBodyBudgetBytes,
  });

  /** The key store (Redis, when shared) could not be read: refuse for now rather than answer 500. */
  function keysUnavailable(error: unknown): never {
    deps.logger.error({ err: { message: (error as Error).message } }, "key store unavailable");
    throw new BedrockError("ServiceUnavailableException", "The proxy cannot check access keys right now. Try again shortly.");
  }

  /** Verifies the signature (see proxy/auth) and puts the key on the log line. */
  async function authenticate(c: Context<Env>): Promise<Authenticated<ChargedKey>> {
    const log = c.get("log");
    const authenticated = await verify(incomingRequest(c, c.get("bodyLimitBytes")));
    log.bytesIn = authenticated.body.byteLength;
    log.keyId = authenticated.accessKeyId;
    return authenticated;
  }

  /** For operations that never succeed: a signature seen before is refused as it always was. */
  async function authenticateOnce(c: Context<Env>): Promise<void> {
    if ((await authenticate(c)).replay !== "first") throw alreadyReceived();
  }

  app.post("/model/:modelId/invoke", async (c) => {
    const authenticated = await authenticate(c);
    const log = c.get("log");
    const modelId = c.req.param("modelId");
    log.model = modelId;
    const started = performance.now();
    // Bedrock's image answer streams through as it arrives: its answer starts long before `serving` settles at its end.
    let startStream!: (answer: StreamedAnswer) => void;
    const streaming = new Promise<StreamedAnswer>((resolve) => (startStream = resolve));
    // A signature sent again gets its first answer, never a second charge (see proxy/http/signature-replays.ts).
    const serving = deps.replays.serve(authenticated, () => invoke(c, modelId, authenticated, startStream));
    const first = await Promise.race([serving, streaming.then((answer) => ({ answer }))]);
    if ("answer" in first) {
      const { answer } = first;
      serving.catch(() => undefined);
      // Headers are a courtesy: a spend store that cannot be read now must not cost the designer a paid image.
      const rateLimit = await deps.spend.headers(c.get("chargedKey")!).catch(() => ({}));
      c.set(
        "answered",
        serving.then(
          ({ produced }) => {
            const output = produced?.produced;
            Object.assign(log, {
              costMicroUsd: output?.microUsd ?? 0,
              upstreamLatencyMs: answer.upstreamLatencyMs,
              bytesOut: output?.clientLeft ? answer.bytesRelayed : (output?.body?.byteLength ?? output?.byteLength),
              images: output?.images,
              finishReasons: output?.finishReasons,
              // Left mid-answer; the image was still read whole and kept for the client's retry.
              ...(output?.clientLeft ? { status: 499, errorType: "ClientClosedRequest", keptForRetry: true } : {}),
            });
          },
          (error: unknown) => {
            Object.assign(log, { upstreamLatencyMs: answer.upstreamLatencyMs, bytesOut: answer.bytesRelayed });
            if (error instanceof ClientGoneError) Object.assign(log, { status: 499, errorType: "ClientClosedRequest" });
            else if (error instanceof BedrockError) Object.assign(log, { errorType: error.type, cut: `${error.message} The 200 already sent was cut.` });
            else {
              log.errorType = "InternalServerException";
              const { name, message } = error as Error;
              deps.logger.error({ requestId: log.requestId, err: { name, message } }, "unexpected error");
            }
          },
        ),
      );
      return c.body(answer.body, 200, {
        ...rateLimit,
        "content-type": "application/json",
        ...(answer.byteLength === undefined ? {} : { "content-length": String(answer.byteLength) }),
        "x-amzn-bedrock-invocation-latency": String(answer.upstreamLatencyMs),
      });
    }
    const { body, produced, key } = first.produced ?? { body: first.body, produced: undefined, key: undefined };
    if (!body) throw new Error("A whole answer arrived without its body");
    Object.assign(log, {
      costMicroUsd: produced?.microUsd ?? 0,
      upstreamLatencyMs: produced?.upstreamLatencyMs,
      bytesOut: body.byteLength,
      images: produced?.images,
      finishReasons: produced?.finishReasons,
      idempotentReplay: produced ? undefined : true,
    });
    // An image answer is megabytes: streamed as one chunk, so no layer copies it (see proxy/http/stream-bytes.ts).
    return c.body(streamBytes(body), 200, {
      // Headers are a courtesy: a spend store that cannot be read now must not cost the designer a paid image.
      ...(key ? await deps.spend.headers(key).catch(() => ({})) : {}),
      "content-type": "application/json",
      "content-length": String(body.byteLength),
      "x-amzn-bedrock-invocation-latency": String(produced?.upstreamLatencyMs ?? Math.round(performance.now() - started)),
    });
  });

  /** InvokeModel for a signature's first use: the model, the body, the key's limits, then the backend, charged once. */
  async function invoke(c: Context<Env>, modelId: string, authenticated: Authenticated<ChargedKey>, stream: (answer: StreamedAnswer) => void) {
    const raw = authenticated.body;
    const log = c.get("log");
    const { key } = authenticated;
    log.keyName = key.name;
    c.set("chargedKey", key);
    if (!allowedModels.has(modelId)) {
      throw new BedrockError("AccessDeniedException", "You don't have access to the model with the specified model ID.");
    }
    // Text-to-image or an image edit, each checked against its own schema before anything reaches Bedrock.
    const { request, prompt, negativePrompt } = readInvokeBody(modelId, raw);
    if (deps.config.logPrompts) {
      log.prompt = prompt;
      log.negativePrompt = negativePrompt;
    }

    await deps.spend.admit(key, modelId);
    const idempotencyKey = c.req.header("idempotency-key");
    // A streamed answer is collected as it passes only when it is kept for retries.
    const keepBody = idempotencyKey !== undefined || deps.replays.keeps(authenticated);
    const { body, produced } = await deps.idempotency.run(
      { accessKeyId: key.accessKeyId, idempotencyKey, modelId, body: raw },
      () =>
        deps.spend.charge(key, modelId, () =>
          deps.backend.invoke({ modelId, request, signal: c.req.raw.signal, stream, keepBody, resetAnswer: () => resetAnswer(c) }),
        ),
    );
    return { body, produced, key };
  }

  app.post("/model/:modelId/invoke-with-response-stream", async (c) => {
    await authenticateOnce(c);
    c.get("log").model = c.req.param("modelId");
    throw new BedrockError(
      "ValidationException",
      "The model is unsupported for streaming. Stability image models answer through InvokeModel (POST /model/{modelId}/invoke).",
    );
  });

  // The signing key's own limits and use (proxy/usage); a replayed signature gets the first answer, as for invoke.
  app.get(KEY_USAGE_PATH, async (c) => {
    const authenticated = await authenticate(c);
    const { body } = await deps.replays.serve(authenticated, async () => {
      const { key } = authenticated;
      c.get("log").keyName = key.name;
      return { body: new TextEncoder().encode(JSON.stringify(await deps.keyUsage(key))) };
    });
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/json", "cache-control": "no-store" });
  });

  app.all("*", async (c) => {
    await authenticateOnce(c);
    throw new BedrockError("UnknownOperationException", `There is no operation at ${c.req.method} ${new URL(c.req.url).pathname}.`);
  });

  app.onError((error, c) => {
    const log = c.get("log");
    if (error instanceof ClientGoneError) {
      log.errorType = "ClientClosedRequest";
      return new Response(null, { status: 499 });
    }
    if (error instanceof ReplayCacheUnavailableError) {
      deps.logger.error({ requestId: log?.requestId, err: { message: error.reason } }, "replay cache unavailable");
    }
    if (error instanceof BedrockError) {
      // An invoke refused after its key was known still says where the key stands (RateLimit headers).
      const key = c.get("chargedKey");
      if (key && error.headers["ratelimit"] === undefined) {
        return deps.spend.headers(key).then(
          (headers) => bedrockErrorResponse(new BedrockError(error.type, error.message, { ...headers, ...error.headers }), log.requestId),
          () => bedrockErrorResponse(error, log.requestId),
        );
      }
      return bedrockErrorResponse(error, log?.requestId ?? randomUUID());
    }
    deps.logger.error({ requestId: log?.requestId, err: { name: (error as Error).name, message: (error as Error).message } }, "unexpected error");
    return bedrockErrorResponse(
      new BedrockError("InternalServerException", "The proxy hit an unexpected error. Try again shortly."),
      log?.requestId ?? randomUUID(),
    );
  });

  return app;
}

/** Cuts an answer already under way: an HTTP/2 stream is reset (INTERNAL_ERROR), an HTTP/1.1 connection closed. */
function resetAnswer(c: Context<Env>): void {
  const outgoing = c.env?.outgoing;
  if (outgoing instanceof Http2ServerResponse) outgoing.stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
  else outgoing?.destroy();
}

/**
 * What authentication reads of a request. Headers come from Node's own request when there is one, because it keeps
 * HTTP/2's `:authority`, which the AWS SDK signs over HTTP/2 and the Fetch API's Headers cannot hold.
 */
function incomingRequest(c: Context<Env>, maxBodyBytes: number): IncomingRequest {
  const url = new URL(c.req.url);
  const incoming = c.env?.incoming;
  const declared = c.req.header("content-length");
  return {
    method: c.req.method,
    path: url.pathname,
    query: url.search.slice(1),
    headers: incoming?.headers ?? c.req.raw.headers,
    rawHeaders: incoming?.rawHeaders,
    contentLength: declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined,
    maxBodyBytes,
    readBody: async () => new Uint8Array(await c.req.arrayBuffer()),
    clientGone: () => c.req.raw.signal.aborted || incoming?.destroyed === true,
  };
}

/**
 * A Bedrock Runtime emulator that the real `@aws-sdk/client-bedrock-runtime` talks to unchanged: point a client's
 * `endpoint` (or the proxy's `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`) at `emulator.url`. It serves
 * `POST /model/{modelId}/invoke` over HTTP/2 cleartext (the SDK's default handler) and HTTP/1.1 on one port, checks
 * SigV4 signatures against its credentials, validates bodies as Bedrock does, answers with real images rendered at
 * each ratio's output size (marked "EMULATOR") or, for benchmarks, with a fixed image of a chosen size made once at
 * start (`imageBase64Bytes`), records every request, and injects faults on demand.
 *
 * @example
 * const emulator = await startBedrockEmulator({ region: "us-west-2", credentials, port: 0 });
 * const client = new BedrockRuntimeClient({ endpoint: emulator.url, region: emulator.region, credentials });
 * emulator.injectFault({ kind: "error", errorType: "ThrottlingException" }, { times: 3 });
 * await client.send(new InvokeModelCommand({ modelId, body })); // throws ThrottlingException after 3 attempts
 * emulator.requests; // three recorded requests, each with status 429
 * await emulator.close();
 */
import { randomBytes, randomInt } from "node:crypto";
import { MODELS, SEED_MAX } from "../../../src/contract/index.js";
import { listen } from "../../../proxy/server/listen.js";
import { DEFAULT_ERROR_MESSAGES } from "./bedrock-messages.js";
import { CONTROL_PREFIX, handleControl } from "./control-api.js";
import { EmulatorState } from "./emulator-state.js";
import type { Fault, FaultScope, PendingFault } from "./faults.js";
import { handleInvoke, type InvokeContext } from "./handle-invoke.js";
import { type AnyRequest, type AnyResponse, sendJson } from "./http-exchange.js";
import type { RecordedRequest } from "./recorded-request.js";

export type { Fault, FaultScope, PendingFault } from "./faults.js";
export type { RecordedRequest } from "./recorded-request.js";

export interface EmulatorCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What the emulator uses when not told otherwise; the CLI prints them. */
export const EMULATOR_DEFAULTS = {
  region: "us-west-2",
  credentials: { accessKeyId: "AKIDEMULATOR00000001", secretAccessKey: "emulator-secret-access-key-0000000000000" },
  host: "127.0.0.1",
} as const;

export interface BedrockEmulatorOptions {
  /** The region requests must be signed for. */
  region?: string;
  /** The keys it accepts; the first is `emulator.credentials`. */
  credentials?: EmulatorCredentials | readonly EmulatorCredentials[];
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Model ids it serves (default: every model in the contract); other known ids get ResourceNotFoundException. */
  modelIds?: readonly string[];
  /** Its clock, for signature expiry and the `date` header. Default: the real one. */
  now?: () => Date;
  /** The seed reported when a request's seed is 0 or absent. Default: random, 1–4294967295. */
  randomSeed?: () => number;
  /**
   * Answer every image with this many base64 characters of random bytes (incompressible, like a real PNG), made once
   * at start, instead of rendering one: a realistic answer size at no cost per request, for benchmarks.
   */
  imageBase64Bytes?: number;
  /** HTTP/2 streams in flight per connection before new ones wait (default: the proxy's server default, 100). */
  maxConcurrentStreams?: number;
}

export interface BedrockEmulator {
  readonly url: string;
  readonly port: number;
  readonly region: string;
  /** The first accepted key. */
  readonly credentials: EmulatorCredentials;
  /** Every InvokeModel request received, oldest first, including refused ones. Records update as answers go out. */
  readonly requests: readonly RecordedRequest[];
  /** Faults injected and not yet used up. */
  readonly pendingFaults: readonly PendingFault[];
  /** Queues a fault for the next `scope.times` (default 1) matching requests that pass the signature check. */
  injectFault(fault: Fault, scope?: FaultScope): void;
  /** Forgets recorded requests and pending faults. */
  reset(): void;
  /** Resolves with `check()`'s value once it is truthy, re-checking whenever a request arrives or changes. */
  waitFor<T>(check: () => T | undefined | null | false): Promise<T>;
  /** Ends every connection (hanging requests included) and frees the port. */
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/model\/([^/]+)\/invoke$/;

export async function startBedrockEmulator(options: BedrockEmulatorOptions = {}): Promise<BedrockEmulator> {
  const region = options.region ?? EMULATOR_DEFAULTS.region;
  const keys = [options.credentials ?? EMULATOR_DEFAULTS.credentials].flat();
  const secrets = new Map(keys.map((key) => [key.accessKeyId, key.secretAccessKey]));
  const state = new EmulatorState();
  let closing = false;
  const context: InvokeContext = {
    region,
    modelIds: new Set(options.modelIds ?? MODELS.map((model) => model.id)),
    state,
    lookupSecret: (accessKeyId) => secrets.get(accessKeyId),
    now: options.now ?? (() => new Date()),
    randomSeed: options.randomSeed ?? (() => randomInt(1, SEED_MAX + 1)),
    isClosing: () => closing,
    fixedImageBase64: options.imageBase64Bytes === undefined ? undefined : fixedImageBase64(options.imageBase64Bytes),
  };

  const route = async (request: AnyRequest, response: AnyResponse): Promise<void> => {
    const path = (request.url ?? "").split("?")[0] ?? "";
    if (path.startsWith(CONTROL_PREFIX)) return handleControl(request, response, state);
    const invoke = INVOKE_PATH.exec(path);
    if (invoke && request.method === "POST") return handleInvoke(request, response, invoke[1]!, context);
    sendJson(
      response,
      404,
      { message: DEFAULT_ERROR_MESSAGES.UnknownOperationException },
      { "x-amzn-ErrorType": "UnknownOperationException" },
    );
  };
  const server = await listen(
    (request, response) =>
      route(request, response).catch((error: unknown) =>
        sendJson(
          response,
          500,
          { message: `Emulator failure: ${(error as Error).message}` },
          { "x-amzn-ErrorType": "InternalServerException" },
        ),
      ),
    {
      host: options.host ?? EMULATOR_DEFAULTS.host,
      port: options.port ?? 0,
      limits: options.maxConcurrentStreams === undefined ? undefined : { http2MaxConcurrentStreams: options.maxConcurrentStreams },
    },
  );

  return {
    url: server.url,
    port: server.port,
    region,
    credentials: keys[0] ?? EMULATOR_DEFAULTS.credentials,
    get requests() {
      return state.requests;
    },
    get pendingFaults() {
      return state.pendingFaults;
    },
    injectFault: (fault, scope) => state.injectFault(fault, scope),
    reset: () => state.reset(),
    waitFor: (check) => state.waitFor(check),
    close: () => {
      closing = true;
      return server.close();
    },
  };
}

/** `length` base64 characters (a multiple of 4, rounded down) of random bytes, as ASCII bytes ready to send. */
function fixedImageBase64(length: number): Buffer {
  if (!Number.isInteger(length) || length < 4) throw new RangeError(`imageBase64Bytes must be a whole number of at least 4, not ${length}`);
  return Buffer.from(randomBytes(Math.floor(length / 4) * 3).toString("base64"), "ascii");
}

/**
 * The proxy's authentication step: a request is genuine when its AWS Signature V4, made with a key this proxy issued,
 * verifies, and it has not been seen before. Ordered so an unauthenticated client costs as little as possible:
 *
 * 1. the headers, as a prototype-free map; a duplicated `Authorization` or `Host` is refused, never reduced to one;
 * 2. everything the headers alone prove (form, clock, scope, a known key), before a byte of the body is read;
 * 3. the body, held only within a proxy-wide budget for bodies not yet verified, so a flood of unsigned or
 *    badly signed requests cannot fill memory; a client that leaves mid-body is a `ClientGoneError`, not a failure;
 * 4. the payload hash and the signature, then the replay cache: whether this signature was received before (what a
 *    replay gets is the caller's to decide; see proxy/http/signature-replays.ts).
 *
 * @example
 * const authenticate = createAuthenticator({ region: "us-west-2", lookupKey, replayCache, now: () => new Date() });
 * const { accessKeyId, key, body } = await authenticate(incomingRequestOf(c));
 */
import type { IncomingHttpHeaders } from "node:http";
import { ClientGoneError } from "../backends/backend.js";
import { BedrockError } from "../errors.js";
import type { ClaimState, ReplayCache } from "../sigv4/replay-cache.js";
import { checkSignedHead, DEFAULT_CLOCK_SKEW_MS, type SecretLookup, verifySignedBody } from "../sigv4/verify-signature.js";
import { createByteBudget } from "./byte-budget.js";

/** The parts of a request authentication reads; the body is read only when asked. */
export interface IncomingRequest {
  method: string;
  /** Still percent-encoded, without the query. */
  path: string;
  /** Without "?". */
  query: string;
  /** Node's parsed headers (which keep HTTP/2's `:authority`), or Fetch headers when there is no Node request. */
  headers: IncomingHttpHeaders | Headers;
  /** Name, value, name, value… as received, to see duplicates Node's parsed map hides. */
  rawHeaders?: readonly string[];
  /** The declared body length, when there is one. */
  contentLength: number | undefined;
  /** The largest body this request may have (an image edit's is larger); the authenticator's own when absent. */
  maxBodyBytes?: number;
  readBody(): Promise<Uint8Array>;
  /** True once the client has gone away (its connection or stream closed). */
  clientGone(): boolean;
}

export interface AuthenticatorOptions<K> {
  /** The region clients sign for (service "bedrock"). */
  region: string;
  /**
   * The key an access key id names: the secrets that verify it, and whatever the caller needs of it afterwards (its
   * name and limits), read once per request. Undefined for an unknown or revoked key.
   */
  lookupKey(accessKeyId: string): Promise<{ secrets: SecretLookup; key: K } | undefined>;
  replayCache: ReplayCache;
  now: () => Date;
  /** The largest body a request may have unless it says its own; a body without a length is counted as this big. */
  maxBodyBytes: number;
  /** Bytes of bodies held, proxy-wide, while their signatures are not yet verified. */
  unverifiedBodyBudgetBytes: number;
}

export interface Authenticated<K = unknown> {
  accessKeyId: string;
  /** What `lookupKey` found for the signing key. */
  key: K;
  body: Uint8Array;
  signature: string;
  /** The header names the signature covers, lower case. */
  signedHeaders: string[];
  /** "first" for a new signature; otherwise it was received before, and is still running or succeeded. */
  replay: ClaimState;
}

/** Headers whose first copy would otherwise silently win: refused when sent twice. */
const SINGLE_HEADERS = new Set(["authorization", "host", "x-amz-date", "x-amz-content-sha256"]);

export function createAuthenticator<K>(options: AuthenticatorOptions<K>): (request: IncomingRequest) => Promise<Authenticated<K>> {
  const budget = createByteBudget(options.unverifiedBodyBudgetBytes);

  return async (request) => {
    refuseDuplicates(request.rawHeaders);
    const head = { method: request.method, path: request.path, query: request.query, headers: plainHeaders(request.headers) };
    let found: { secrets: SecretLookup; key: K } | undefined;
    const lookupSecret = async (accessKeyId: string) => (found = await options.lookupKey(accessKeyId))?.secrets;
    const checked = await checkSignedHead(head, { service: "bedrock", region: options.region, lookupSecret, now: options.now() });
    if (!checked.ok) throw new BedrockError(checked.errorType, checked.message);

    const maxBodyBytes = request.maxBodyBytes ?? options.maxBodyBytes;
    const held = Math.min(request.contentLength ?? maxBodyBytes, maxBodyBytes);
    if (!budget.take(held)) {
      throw new BedrockError("ThrottlingException", "The proxy is busy reading other requests. Try again shortly.", {
        "retry-after": "1",
      });
    }
    let body: Uint8Array;
    try {
      body = await request.readBody().catch((error: unknown) => {
        if (request.clientGone()) throw new ClientGoneError("The client went away while sending the body");
        throw error;
      });
    } finally {
      budget.give(held);
    }

    const verified = await verifySignedBody({ ...head, body }, checked);
    if (!verified.ok) throw new BedrockError(verified.errorType, verified.message);
    const replay = await options.replayCache.claim(verified.signature, REPLAY_TTL_MS).catch((error: unknown) => {
      throw new ReplayCacheUnavailableError((error as Error).message);
    });
    return {
      accessKeyId: verified.accessKeyId,
      key: found!.key,
      body,
      signature: verified.signature,
      signedHeaders: [...checked.signedValues.keys()],
      replay,
    };
  };
}

/** A signature is remembered for as long as a replay of it could verify: the clock skew allowed either way. */
export const REPLAY_TTL_MS = 2 * DEFAULT_CLOCK_SKEW_MS;

/** The refusal for a signature seen before whose answer cannot be sent again. */
export function alreadyReceived(): BedrockError {
  return new BedrockError(
    "InvalidSignatureException",
    "This signed request was already received; each signature is accepted once. Sign the request again to retry.",
  );
}

/** The replay cache (Redis) could not be asked: the request is refused, and the cause is for the log only. */
export class ReplayCacheUnavailableError extends BedrockError {
  readonly reason: string;

  constructor(reason: string) {
    super("ServiceUnavailableException", "The proxy cannot check this request against replays right now. Try again shortly.");
    this.reason = reason;
  }
}

function refuseDuplicates(rawHeaders: readonly string[] | undefined): void {
  if (!rawHeaders) return;
  const seen = new Set<string>();
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toLowerCase();
    if (!SINGLE_HEADERS.has(name)) continue;
    if (seen.has(name)) {
      throw new BedrockError(
        name === "authorization" ? "IncompleteSignatureException" : "ValidationException",
        `The request has more than one '${name}' header; send it once.`,
      );
    }
    seen.add(name);
  }
}

/**
 * Lower-case header names in a map with no prototype, so a signed header named "constructor" or "__proto__" never
 * looks sent.
 */
function plainHeaders(headers: IncomingHttpHeaders | Headers): Record<string, string> {
  const plain = Object.create(null) as Record<string, string>;
  if (headers instanceof Headers) {
    headers.forEach((value, name) => (plain[name] = value));
    return plain;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) plain[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  return plain;
}

/**
 * Verifies an AWS Signature Version 4 `Authorization` header the way AWS does, by signing the request again with
 * `@smithy/signature-v4` and comparing the two signatures in constant time.
 *
 * What it guards against, and how:
 * - only the headers the client listed in `SignedHeaders` are signed again (`:authority` over HTTP/2 included), and
 *   `applyChecksum: false`, because boto3 and the AWS CLI sign no `x-amz-content-sha256`;
 * - the payload hash is computed from the body itself; a client's `x-amz-content-sha256` must equal it;
 * - the path is signed as received, still percent-encoded (the signer encodes it once more, as the SDKs do);
 * - `x-amz-date` must be within the clock-skew window of `now`, and the scope's date, region and service must match.
 *
 * Replays are not its concern: pair it with a replay cache keyed on the returned signature.
 *
 * @example
 * const result = await verifySignature(
 *   { method: "POST", path: "/model/stability.stable-image-core-v1%3A0/invoke", query: "", headers, body },
 *   { service: "bedrock", region: "us-west-2", now: new Date(), lookupSecret: (id) => keys.get(id) },
 * );
 * if (!result.ok) return bedrockError(result.errorType, result.message);
 */
import { timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface SignedRequest {
  method: string;
  /** The request path as received: still percent-encoded, without the query. */
  path: string;
  /** The raw query string, without "?". */
  query: string;
  /**
   * Lower-case header names; over HTTP/2 include the `:authority` pseudo-header. Only own properties count, so a map
   * with a prototype cannot make `constructor` look sent; build it with `Object.create(null)` all the same.
   */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface VerifyOptions {
  service: string;
  region: string;
  now: Date;
  /** How far `x-amz-date` may be from `now`, either way. Default: 5 minutes, as AWS. */
  clockSkewMs?: number;
  /** The key's secret; during a rotation's grace period, its new and its old secret (either verifies). */
  lookupSecret(accessKeyId: string): SecretLookup | Promise<SecretLookup>;
}

export type SecretLookup = string | readonly string[] | undefined;

export type SignatureErrorType =
  | "MissingAuthenticationTokenException"
  | "IncompleteSignatureException"
  | "UnrecognizedClientException"
  | "InvalidSignatureException";

export type VerifyResult =
  | { ok: true; accessKeyId: string; signature: string; signedAt: Date }
  | { ok: false; errorType: SignatureErrorType; message: string };

export const DEFAULT_CLOCK_SKEW_MS = 5 * 60 * 1000;

const ALGORITHM = "AWS4-HMAC-SHA256";
/** An HTTP field name (RFC 9110 token), lower case, or HTTP/2's `:authority`. */
const HEADER_NAME = /^(?::authority|[!#$%&'*+.^_`|~0-9a-z-]+)$/;
const sha256 = Hash.bind(null, "sha256");

export const SIGNATURE_MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** What the headers alone prove: everything but the payload hash and the signature itself. */
export interface CheckedHead {
  ok: true;
  accessKeyId: string;
  signature: string;
  signedAt: Date;
  /** Kept only until the body arrives; never logged. More than one during a rotation's grace period. */
  secretAccessKeys: readonly string[];
  region: string;
  service: string;
  /** Each signed header with the value it was sent with. */
  signedValues: ReadonlyMap<string, string>;
}

export type HeadResult = CheckedHead | { ok: false; errorType: SignatureErrorType; message: string };

/** Verifies a whole request: `checkSignedHead`, then `verifySignedBody`. */
export async function verifySignature(request: SignedRequest, options: VerifyOptions): Promise<VerifyResult> {
  const head = await checkSignedHead(request, options);
  return head.ok ? verifySignedBody(request, head) : head;
}

/**
 * Everything that can be checked before the body is read: the Authorization header's form, the signed headers, the
 * clock, the scope and the key. A server calls it first, so a request that cannot be genuine is refused without
 * holding its body.
 */
export async function checkSignedHead(request: Omit<SignedRequest, "body">, options: VerifyOptions): Promise<HeadResult> {
  const authorization = sentHeader(request.headers, "authorization");
  if (!authorization) return fail("MissingAuthenticationTokenException", "Missing Authentication Token");

  const parsed = parseAuthorization(authorization);
  if ("error" in parsed) return fail("IncompleteSignatureException", parsed.error);
  const { accessKeyId, scopeDate, scopeRegion, scopeService, signedHeaders, signature } = parsed;

  const amzDate = sentHeader(request.headers, "x-amz-date");
  const signedAt = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || !signedAt || !signedHeaders.includes("x-amz-date")) {
    return fail(
      "IncompleteSignatureException",
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, signed in SignedHeaders.",
    );
  }
  if (!signedHeaders.includes("host") && !signedHeaders.includes(":authority")) {
    return fail("InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const invalid = signedHeaders.find((name) => !HEADER_NAME.test(name));
  if (invalid !== undefined) {
    return fail("IncompleteSignatureException", `'${invalid.slice(0, 64)}' in SignedHeaders is not a header name.`);
  }
  const signedValues = new Map<string, string>();
  for (const name of signedHeaders) {
    const value = sentHeader(request.headers, name);
    if (value === undefined) return fail("InvalidSignatureException", `The header '${name}' is signed but was not sent.`);
    signedValues.set(name, value);
  }

  const skew = options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const nowMs = options.now.getTime();
  if (signedAt.getTime() < nowMs - skew) {
    return fail(
      "InvalidSignatureException",
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(nowMs - skew)} (${formatAmzDate(nowMs)} - ${skew / 60000} min.)`,
    );
  }
  if (signedAt.getTime() > nowMs + skew) {
    return fail(
      "InvalidSignatureException",
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(nowMs + skew)} (${formatAmzDate(nowMs)} + ${skew / 60000} min.)`,
    );
  }
  if (scopeDate !== amzDate.slice(0, 8)) {
    return fail("InvalidSignatureException", `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  if (scopeRegion !== options.region) {
    return fail("InvalidSignatureException", `Credential should be scoped to a valid region, not '${scopeRegion}'. This endpoint serves '${options.region}'.`);
  }
  if (scopeService !== options.service) {
    return fail("InvalidSignatureException", `Credential should be scoped to correct service: '${options.service}'.`);
  }

  const found = await options.lookupSecret(accessKeyId);
  const secretAccessKeys = found === undefined ? [] : typeof found === "string" ? [found] : found;
  if (secretAccessKeys.length === 0) {
    return fail("UnrecognizedClientException", "The security token included in the request is invalid.");
  }

  return {
    ok: true,
    accessKeyId,
    signature,
    signedAt,
    secretAccessKeys,
    region: scopeRegion,
    service: scopeService,
    signedValues,
  };
}

/** Finishes what `checkSignedHead` began: the payload hash from the body itself, then the signature. */
export async function verifySignedBody(request: SignedRequest, head: CheckedHead): Promise<VerifyResult> {
  const payloadHash = await hashHex(request.body);
  const claimedHash = sentHeader(request.headers, "x-amz-content-sha256");
  if (claimedHash !== undefined && claimedHash !== payloadHash) {
    return fail("InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  let matches = false;
  for (const secretAccessKey of head.secretAccessKeys) {
    // Every candidate is computed and compared, so the time taken does not say which secret matched.
    if (constantTimeEqual(await computeSignature(request, head, secretAccessKey), head.signature)) matches = true;
  }
  if (!matches) return fail("InvalidSignatureException", SIGNATURE_MISMATCH_MESSAGE);
  return { ok: true, accessKeyId: head.accessKeyId, signature: head.signature, signedAt: head.signedAt };
}

interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  signedHeaders: string[];
  signature: string;
}

/** Splits `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(header: string): ParsedAuthorization | { error: string } {
  const space = header.indexOf(" ");
  const algorithm = space === -1 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) {
    return { error: `Unsupported Authorization Type: expected '${ALGORITHM}'.` };
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  const missing = [
    credential ? "" : "Authorization header requires 'Credential' parameter.",
    signedHeaders ? "" : "Authorization header requires 'SignedHeaders' parameter.",
    signature ? "" : "Authorization header requires 'Signature' parameter.",
  ].filter(Boolean);
  if (!credential || !signedHeaders || !signature) return { error: missing.join(" ") };

  const scope = credential.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request" || scope.some((item) => item === "")) {
    return {
      error: `Credential should be of the form 'access-key-id/YYYYMMDD/region/service/aws4_request', not '${credential.split("/").slice(1).join("/")}'.`,
    };
  }
  if (!/^[0-9a-f]{64}$/.test(signature)) return { error: "Signature should be 64 lower-case hexadecimal characters." };
  const [accessKeyId, scopeDate, scopeRegion, scopeService] = scope as [string, string, string, string];
  return {
    accessKeyId,
    scopeDate,
    scopeRegion,
    scopeService,
    signedHeaders: signedHeaders.split(";").map((name) => name.trim().toLowerCase()),
    signature,
  };
}

/**
 * The value a signed header was sent with. HTTP/2 carries the host as `:authority` and HTTP/1.1 as `host`, so a client
 * that signed one and then spoke the other protocol (curl, browsers over HTTPS) is verified with the one that arrived,
 * as AWS does.
 */
function sentHeader(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  if (Object.hasOwn(headers, name)) return headers[name];
  const alias = name === "host" ? ":authority" : name === ":authority" ? "host" : undefined;
  return alias !== undefined && Object.hasOwn(headers, alias) ? headers[alias] : undefined;
}

async function computeSignature(request: SignedRequest, key: CheckedHead, secretAccessKey: string): Promise<string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of key.signedValues) headers[name] = value;
  const signedHeaders = [...key.signedValues.keys()];
  const signer = new SignatureV4({
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey },
    region: key.region,
    service: key.service,
    sha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({ method: request.method, path: request.path, query: parseQuery(request.query), headers, body: request.body }),
    { signingDate: key.signedAt, signableHeaders: new Set(signedHeaders) },
  );
  const match = /Signature=([0-9a-f]{64})/.exec(String(signed.headers["authorization"]));
  return match?.[1] ?? "";
}

function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (!raw) return query;
  for (const pair of raw.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : safeDecode(pair.slice(eq + 1));
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function hashHex(body: Uint8Array): Promise<string> {
  const hash = new sha256();
  hash.update(body);
  return Buffer.from(await hash.digest()).toString("hex");
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Parses `20261129T220516Z`. A time that does not exist (`T215960Z`) is refused rather than rolled over: the signer
 * signs the date it is given in canonical form, so a rolled-over one would verify a header that was never signed.
 */
export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return formatAmzDate(date.getTime()) === value ? date : undefined;
}

function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function fail(errorType: SignatureErrorType, message: string): { ok: false; errorType: SignatureErrorType; message: string } {
  return { ok: false, errorType, message };
}

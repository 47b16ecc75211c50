/**
 * The emulator's own SigV4 check, as Bedrock makes it, written apart from the proxy's verifier
 * (proxy/sigv4/verify-signature.ts) on purpose: the proxy is tested against this emulator, so if both shared one
 * verifier a bug in it would pass every test that goes through the emulator. It signs the request again with
 * `@smithy/signature-v4` (the signer AWS's own JavaScript SDK uses) over exactly the headers the client listed, and
 * answers with Bedrock's error types and messages.
 *
 * @example
 * const check = await checkSignature({ method, path, query, headers, body }, { region, now, lookupSecret });
 * if (!check.ok) return answerError(check.errorType, check.message);
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface ReceivedRequest {
  method: string;
  /** As received on the wire, still percent-encoded. */
  path: string;
  query: string;
  /** Lower-case names; over HTTP/2 with `:authority`. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export type SignatureCheck =
  | { ok: true; accessKeyId: string }
  | {
      ok: false;
      errorType:
        | "MissingAuthenticationTokenException"
        | "IncompleteSignatureException"
        | "UnrecognizedClientException"
        | "InvalidSignatureException";
      message: string;
    };

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;
const FIVE_MINUTES_MS = 5 * 60 * 1000;

export async function checkSignature(
  request: ReceivedRequest,
  bedrock: { region: string; now: Date; lookupSecret(accessKeyId: string): string | undefined },
): Promise<SignatureCheck> {
  const header = (name: string): string | undefined => (Object.hasOwn(request.headers, name) ? request.headers[name] : undefined);
  const authorization = header("authorization");
  if (authorization === undefined) return refuse("MissingAuthenticationTokenException", "Missing Authentication Token");
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return refuse("IncompleteSignatureException", `Authorization header is malformed: '${authorization.slice(0, 40)}…'.`);
  const [, accessKeyId, scopeDate, region, service, signedList, signature] = match as unknown as string[];

  const secretAccessKey = bedrock.lookupSecret(accessKeyId!);
  if (secretAccessKey === undefined) return refuse("UnrecognizedClientException", "The security token included in the request is invalid.");

  const amzDate = header("x-amz-date") ?? "";
  const signedAt = /^\d{8}T\d{6}Z$/.test(amzDate)
    ? new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`)
    : undefined;
  if (!signedAt || Number.isNaN(signedAt.getTime())) {
    return refuse("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const now = bedrock.now.getTime();
  if (signedAt.getTime() < now - FIVE_MINUTES_MS) {
    return refuse("InvalidSignatureException", `Signature expired: ${amzDate} is now earlier than ${stamp(now - FIVE_MINUTES_MS)} (${stamp(now)} - 5 min.)`);
  }
  if (signedAt.getTime() > now + FIVE_MINUTES_MS) {
    return refuse("InvalidSignatureException", `Signature not yet current: ${amzDate} is still later than ${stamp(now + FIVE_MINUTES_MS)} (${stamp(now)} + 5 min.)`);
  }
  if (region !== bedrock.region) {
    return refuse("InvalidSignatureException", `Credential should be scoped to a valid region, not '${region}'.`);
  }
  if (service !== "bedrock") return refuse("InvalidSignatureException", "Credential should be scoped to correct service: 'bedrock'.");
  if (scopeDate !== amzDate.slice(0, 8)) {
    return refuse("InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
  }

  const signedNames = signedList!.split(";");
  if (!signedNames.includes("host") && !signedNames.includes(":authority")) {
    return refuse("InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const signedHeaders: Record<string, string> = {};
  for (const name of signedNames) {
    // HTTP/2 carries the host as :authority; AWS verifies a signed host with it.
    const value = header(name) ?? (name === "host" ? header(":authority") : name === ":authority" ? header("host") : undefined);
    if (value === undefined) return refuse("InvalidSignatureException", SIGNATURE_MISMATCH);
    signedHeaders[name] = value;
  }
  const bodyHash = createHash("sha256").update(request.body).digest("hex");
  const claimedHash = header("x-amz-content-sha256");
  if (claimedHash !== undefined && claimedHash !== bodyHash) {
    return refuse("InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  const resigned = await new SignatureV4({
    credentials: { accessKeyId: accessKeyId!, secretAccessKey },
    region: region!,
    service: service!,
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
  }).sign(
    new HttpRequest({
      method: request.method,
      path: request.path,
      query: Object.fromEntries(new URLSearchParams(request.query)),
      headers: signedHeaders,
      body: request.body,
    }),
    { signingDate: signedAt, signableHeaders: new Set(signedNames) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers["authorization"]))?.[1] ?? "";
  const same = expected.length === signature!.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature!));
  return same ? { ok: true, accessKeyId: accessKeyId! } : refuse("InvalidSignatureException", SIGNATURE_MISMATCH);
}

const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

function refuse(errorType: Exclude<SignatureCheck, { ok: true }>["errorType"], message: string): SignatureCheck {
  return { ok: false, errorType, message };
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

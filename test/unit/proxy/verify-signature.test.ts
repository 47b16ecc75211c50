import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { AwsV4Signer } from "aws4fetch";
import { describe, expect, it } from "vitest";
import { SIGNATURE_MISMATCH_MESSAGE, type SignedRequest, verifySignature } from "../../../proxy/sigv4/verify-signature.js";

const credentials = { accessKeyId: "FFKTESTKEY0000000001", secretAccessKey: "test-secret-0123456789abcdefghijklmnopqrst" };
const path = "/model/stability.stable-image-core-v1%3A0/invoke";
const body = new TextEncoder().encode(JSON.stringify({ prompt: "a lighthouse at dusk", aspect_ratio: "16:9" }));
const signedAt = new Date("2026-11-29T22:00:00Z");

const options = {
  service: "bedrock",
  region: "us-west-2",
  now: signedAt,
  lookupSecret: (id: string) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
};

/** Signs like the AWS SDK for JavaScript does: x-amz-content-sha256 included. */
async function signLikeSdk(
  overrides: {
    secret?: string;
    region?: string;
    service?: string;
    date?: Date;
    applyChecksum?: boolean;
    /** Headers the signer leaves out. */
    unsignable?: string[];
    /** Carry the host as `:authority`, as the SDK's HTTP/2 handler does. */
    http2?: boolean;
  } = {},
): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: { ...credentials, secretAccessKey: overrides.secret ?? credentials.secretAccessKey },
    region: overrides.region ?? "us-west-2",
    service: overrides.service ?? "bedrock",
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: overrides.applyChecksum ?? true,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: "POST",
      hostname: "127.0.0.1",
      port: 8787,
      path,
      headers: {
        ...(overrides.http2 ? { ":authority": "127.0.0.1:8787" } : { host: "127.0.0.1:8787" }),
        "content-type": "application/json",
        accept: "application/json",
      },
      body,
    }),
    { signingDate: overrides.date ?? signedAt, unsignableHeaders: new Set(overrides.unsignable ?? []) },
  );
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return { method: "POST", path, query: "", headers, body };
}

describe("verifySignature", () => {
  it("accepts a request signed like the AWS SDK and reports who signed it", async () => {
    const result = await verifySignature(await signLikeSdk(), options);
    expect(result).toMatchObject({ ok: true, accessKeyId: credentials.accessKeyId, signedAt });
  });

  it("accepts a request signed like boto3 (only host and x-amz-date, no payload header)", async () => {
    const request = await signLikeSdk({ applyChecksum: false });
    expect(request.headers["x-amz-content-sha256"]).toBeUndefined();
    expect(await verifySignature(request, options)).toMatchObject({ ok: true });
  });

  it("accepts a request signed by aws4fetch, as the plugin UI signs", async () => {
    const signer = new AwsV4Signer({
      url: `http://127.0.0.1:8787${path}`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new TextDecoder().decode(body),
      ...credentials,
      service: "bedrock",
      region: "us-west-2",
      datetime: "20261129T220000Z",
    });
    const signed = await signer.sign();
    const headers: Record<string, string> = { host: "127.0.0.1:8787" };
    signed.headers.forEach((value, name) => (headers[name] = value));
    const request = { method: "POST", path, query: "", headers, body };
    expect(await verifySignature(request, options)).toMatchObject({ ok: true });
  });

  it("says exactly how far outside the clock skew a signature is, and accepts one exactly at its edge", async () => {
    const skew = 5 * 60_000;
    expect(await verifySignature(await signLikeSdk(), { ...options, now: new Date(signedAt.getTime() + skew + 60_000) })).toEqual({
      ok: false,
      errorType: "InvalidSignatureException",
      message: "Signature expired: 20261129T220000Z is now earlier than 20261129T220100Z (20261129T220600Z - 5 min.)",
    });
    expect(await verifySignature(await signLikeSdk(), { ...options, now: new Date(signedAt.getTime() - skew - 60_000) })).toEqual({
      ok: false,
      errorType: "InvalidSignatureException",
      message: "Signature not yet current: 20261129T220000Z is still later than 20261129T215900Z (20261129T215400Z + 5 min.)",
    });
    for (const edge of [signedAt.getTime() + skew, signedAt.getTime() - skew]) {
      expect(await verifySignature(await signLikeSdk(), { ...options, now: new Date(edge) })).toMatchObject({ ok: true });
    }
  });

  it("refuses a date header that is not signed, and a name in SignedHeaders too long to repeat whole", async () => {
    const request = await signLikeSdk();
    const unsigned = request.headers["authorization"]!.replace(/SignedHeaders=([^,]+)/, (_all, list: string) => `SignedHeaders=${list.replace(";x-amz-date", "")}`);
    expect(await verifySignature({ ...request, headers: { ...request.headers, authorization: unsigned } }, options)).toEqual({
      ok: false,
      errorType: "IncompleteSignatureException",
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, signed in SignedHeaders.",
    });
    const long = `${"a".repeat(80)}(`;
    const authorization = request.headers["authorization"]!.replace("SignedHeaders=", `SignedHeaders=${long};`);
    expect(await verifySignature({ ...request, headers: { ...request.headers, authorization } }, options)).toEqual({
      ok: false,
      errorType: "IncompleteSignatureException",
      message: `'${"a".repeat(64)}' in SignedHeaders is not a header name.`,
    });
  });

  it("refuses a wrong secret", async () => {
    const result = await verifySignature(await signLikeSdk({ secret: "not-the-secret" }), options);
    expect(result).toEqual({
      ok: false,
      errorType: "InvalidSignatureException",
      message:
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    });
  });

  it("refuses an unknown access key id", async () => {
    const result = await verifySignature(await signLikeSdk(), { ...options, lookupSecret: () => undefined });
    expect(result).toEqual({
      ok: false,
      errorType: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
  });

  it("refuses a request without a signature", async () => {
    const request = await signLikeSdk();
    delete request.headers["authorization"];
    expect(await verifySignature(request, options)).toMatchObject({
      ok: false,
      errorType: "MissingAuthenticationTokenException",
    });
  });

  it("refuses a body changed after signing", async () => {
    const request = await signLikeSdk({ applyChecksum: false });
    const tampered = { ...request, body: new TextEncoder().encode('{"prompt":"something else"}') };
    expect(await verifySignature(tampered, options)).toMatchObject({ ok: false, errorType: "InvalidSignatureException" });
  });

  it("never trusts x-amz-content-sha256: it must match the body", async () => {
    const request = await signLikeSdk();
    const tampered = { ...request, body: new TextEncoder().encode('{"prompt":"something else"}') };
    const result = await verifySignature(tampered, options);
    expect(result).toMatchObject({ ok: false, errorType: "InvalidSignatureException" });
    expect(!result.ok && result.message).toContain("x-amz-content-sha256");
  });

  it("refuses signatures outside the five-minute clock skew, either way", async () => {
    const stale = await verifySignature(await signLikeSdk(), { ...options, now: new Date(signedAt.getTime() + 5 * 60_000 + 1000) });
    expect(stale).toMatchObject({ ok: false, errorType: "InvalidSignatureException" });
    expect(!stale.ok && stale.message).toMatch(/^Signature expired: 20261129T220000Z is now earlier than/);
    const early = await verifySignature(await signLikeSdk(), { ...options, now: new Date(signedAt.getTime() - 6 * 60_000) });
    expect(!early.ok && early.message).toMatch(/^Signature not yet current/);
    const edge = await verifySignature(await signLikeSdk(), { ...options, now: new Date(signedAt.getTime() + 4 * 60_000) });
    expect(edge.ok).toBe(true);
  });

  it("refuses the wrong region or service", async () => {
    const region = await verifySignature(await signLikeSdk({ region: "us-east-1" }), options);
    expect(region).toMatchObject({ ok: false, errorType: "InvalidSignatureException" });
    expect(!region.ok && region.message).toContain("'us-east-1'");
    const service = await verifySignature(await signLikeSdk({ service: "s3" }), options);
    expect(!service.ok && service.message).toContain("correct service: 'bedrock'");
  });

  it("refuses a signature that does not cover the host, even one made correctly over the other headers", async () => {
    // Signed properly over x-amz-date (and the payload) only, so only the host rule can refuse it; then the Host is
    // changed, as a request replayed against another host would be.
    const request = await signLikeSdk({ unsignable: ["host", "content-type", "accept"] });
    expect(request.headers["authorization"]).toMatch(/SignedHeaders=x-amz-content-sha256;x-amz-date,/);
    const expected = {
      ok: false,
      errorType: "InvalidSignatureException",
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    };
    expect(await verifySignature(request, options)).toEqual(expected);
    request.headers["host"] = "attacker.example";
    expect(await verifySignature(request, options)).toEqual(expected);
  });

  it("verifies a signed host against HTTP/2's :authority, and a signed :authority against host", async () => {
    const overHttp2 = await signLikeSdk();
    const { host, ...rest } = overHttp2.headers;
    expect(await verifySignature({ ...overHttp2, headers: { ...rest, ":authority": host! } }, options)).toMatchObject({ ok: true });
    expect(await verifySignature({ ...overHttp2, headers: { ...rest, ":authority": "attacker.example" } }, options)).toMatchObject({
      ok: false,
      message: SIGNATURE_MISMATCH_MESSAGE,
    });

    const signedAuthority = await signLikeSdk({ http2: true });
    expect(signedAuthority.headers["authorization"]).toMatch(/SignedHeaders=:authority;/);
    const { ":authority": authority, ...others } = signedAuthority.headers;
    expect(await verifySignature({ ...signedAuthority, headers: { ...others, host: authority! } }, options)).toMatchObject({ ok: true });
  });

  it("refuses a credential scope dated another day than x-amz-date, naming both dates", async () => {
    const request = await signLikeSdk();
    request.headers["authorization"] = request.headers["authorization"]!.replace("/20261129/", "/20261128/");
    expect(await verifySignature(request, options)).toEqual({
      ok: false,
      errorType: "InvalidSignatureException",
      message:
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261128' != '20261129', from '20261129T220000Z'.",
    });
  });

  it("refuses malformed Authorization headers with AWS's wording", async () => {
    const request = await signLikeSdk();
    for (const authorization of ["Bearer abc", "AWS4-HMAC-SHA256 Signature=abc", "AWS4-HMAC-SHA256 Credential=x/y, SignedHeaders=host, Signature=" + "0".repeat(64)]) {
      const result = await verifySignature({ ...request, headers: { ...request.headers, authorization } }, options);
      expect(result).toMatchObject({ ok: false, errorType: "IncompleteSignatureException" });
    }
  });

  it("refuses a header that was signed but not sent, naming it", async () => {
    const request = await signLikeSdk();
    delete request.headers["content-type"];
    expect(await verifySignature(request, options)).toEqual({
      ok: false,
      errorType: "InvalidSignatureException",
      message: "The header 'content-type' is signed but was not sent.",
    });
  });

  it("never takes a property every object has for a sent header", async () => {
    const request = await signLikeSdk();
    for (const name of ["constructor", "__proto__", "tostring", "hasownproperty"]) {
      const authorization = request.headers["authorization"]!.replace("SignedHeaders=", `SignedHeaders=${name};`);
      expect(await verifySignature({ ...request, headers: { ...request.headers, authorization } }, options)).toEqual({
        ok: false,
        errorType: "InvalidSignatureException",
        message: `The header '${name}' is signed but was not sent.`,
      });
    }
  });
});

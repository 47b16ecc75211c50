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
    /** The query the client signs; send it with `query` set to what goes on the wire. */
    query?: Record<string, string | string[]>;
    /** More headers to send and sign. */
    headers?: Record<string, string>;
    /** Headers the signer would leave out but the client signs all the same. */
    signable?: string[];
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
      query: overrides.query ?? {},
      headers: {
        ...(overrides.http2 ? { ":authority": "127.0.0.1:8787" } : { host: "127.0.0.1:8787" }),
        "content-type": "application/json",
        accept: "application/json",
        ...overrides.headers,
      },
      body,
    }),
    {
      signingDate: overrides.date ?? signedAt,
      unsignableHeaders: new Set(overrides.unsignable ?? []),
      ...(overrides.signable ? { signableHeaders: new Set(overrides.signable) } : {}),
    },
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

function withAuthorization(request: SignedRequest, authorization: string): SignedRequest {
  return { ...request, headers: { ...request.headers, authorization } };
}

describe("verifySignature: the Authorization header's form", () => {
  const signature = "0".repeat(64);
  const credential = `${credentials.accessKeyId}/20261129/us-west-2/bedrock/aws4_request`;

  it("refuses each malformed header with its own message", async () => {
    const request = await signLikeSdk();
    const requires = (name: string) => `Authorization header requires '${name}' parameter.`;
    const form = (rest: string) => `Credential should be of the form 'access-key-id/YYYYMMDD/region/service/aws4_request', not '${rest}'.`;
    const hex = "Signature should be 64 lower-case hexadecimal characters.";
    const cases: [string, string][] = [
      ["Bearer abc", "Unsupported Authorization Type: expected 'AWS4-HMAC-SHA256'."],
      ["AWS4-HMAC-SHA256", `${requires("Credential")} ${requires("SignedHeaders")} ${requires("Signature")}`],
      ["AWS4-HMAC-SHA256 Signature=abc", `${requires("Credential")} ${requires("SignedHeaders")}`],
      [`AWS4-HMAC-SHA256 Credential=${credential}, Signature=${signature}`, requires("SignedHeaders")],
      [`AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date`, requires("Signature")],
      // The access key id is never repeated back, only the scope after it.
      [`AWS4-HMAC-SHA256 Credential=${credential.replace("/aws4_request", "")}, SignedHeaders=host;x-amz-date, Signature=${signature}`, form("20261129/us-west-2/bedrock")],
      [`AWS4-HMAC-SHA256 Credential=${credential.replace("aws4_", "aws5_")}, SignedHeaders=host;x-amz-date, Signature=${signature}`, form("20261129/us-west-2/bedrock/aws5_request")],
      // Six parts, the fifth of them right: the count alone refuses it.
      [`AWS4-HMAC-SHA256 Credential=${credential}/x, SignedHeaders=host;x-amz-date, Signature=${signature}`, form("20261129/us-west-2/bedrock/aws4_request/x")],
      [`AWS4-HMAC-SHA256 Credential=${credential.replace("20261129", "")}, SignedHeaders=host;x-amz-date, Signature=${signature}`, form("/us-west-2/bedrock/aws4_request")],
      [`AWS4-HMAC-SHA256 Credential=${credential.replace(credentials.accessKeyId, "")}, SignedHeaders=host;x-amz-date, Signature=${signature}`, form("20261129/us-west-2/bedrock/aws4_request")],
      ...[signature.slice(1), `${signature}0`, `x${signature}`, `${signature}x`, "A".repeat(64)].map(
        (bad): [string, string] => [`AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${bad}`, hex],
      ),
    ];
    for (const [authorization, message] of cases) {
      expect(await verifySignature(withAuthorization(request, authorization), options), authorization).toEqual({
        ok: false,
        errorType: "IncompleteSignatureException",
        message,
      });
    }
  });

  it("reads parameters with spaces around them, and SignedHeaders names in any case or spacing", async () => {
    const request = await signLikeSdk();
    const loose = request.headers["authorization"]!
      .replaceAll(", ", " , ")
      .replace(/SignedHeaders=([^ ,]+)/, (_all, list: string) => `SignedHeaders=${list.toUpperCase().replaceAll(";", "; ")}`);
    expect(loose).toMatch(/SignedHeaders=ACCEPT; CONTENT-TYPE; HOST;/);
    expect(loose).toMatch(/aws4_request , SignedHeaders/);
    expect(await verifySignature(withAuthorization(request, loose), options)).toMatchObject({ ok: true });
  });

  it("refuses a name in SignedHeaders that is not an HTTP field name, wherever the bad character is", async () => {
    const request = await signLikeSdk();
    for (const name of ["(ab", "a(b", "ab(", "a b", ":path", ""]) {
      const authorization = request.headers["authorization"]!.replace("SignedHeaders=", `SignedHeaders=${name};`);
      expect(await verifySignature(withAuthorization(request, authorization), options), name).toEqual({
        ok: false,
        errorType: "IncompleteSignatureException",
        message: `'${name}' in SignedHeaders is not a header name.`,
      });
    }
  });

  it("refuses an x-amz-date that is not an ISO 8601 basic time, or names a time that does not exist", async () => {
    const request = await signLikeSdk();
    // The last two would read as 22:00:00, the time actually signed: only the exact text signed may pass.
    for (const date of ["2026-11-29T22:00:00Z", "20261129T220000", "X20261129T220000Z", "20261129T220000ZX", "20261129T215960Z", "20261129T216000Z"]) {
      expect(await verifySignature({ ...request, headers: { ...request.headers, "x-amz-date": date } }, options), date).toEqual({
        ok: false,
        errorType: "IncompleteSignatureException",
        message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, signed in SignedHeaders.",
      });
    }
  });
});

describe("verifySignature: what the signature covers", () => {
  it("verifies a header AWS's signer leaves out unless asked (user-agent) when the client signed it", async () => {
    const request = await signLikeSdk({ headers: { "user-agent": "framefill-test/1" }, signable: ["user-agent"] });
    expect(request.headers["authorization"]).toMatch(/SignedHeaders=[^,]*;user-agent;/);
    expect(await verifySignature(request, options)).toMatchObject({ ok: true });
    expect(await verifySignature({ ...request, headers: { ...request.headers, "user-agent": "other/2" } }, options)).toMatchObject({
      ok: false,
      message: SIGNATURE_MISMATCH_MESSAGE,
    });
  });

  it("verifies the query as sent: a name without '=', repeated names, empty pairs, percent-encoding good or bad", async () => {
    const request = await signLikeSdk({ query: { flag: "", tag: ["b", "a", "c"], path: "/x y", odd: "%zz" } });
    const sent = { ...request, query: "tag=b&flag&&tag=a&path=%2Fx%20y&odd=%zz&tag=c&" };
    expect(await verifySignature(sent, options)).toMatchObject({ ok: true });
    for (const query of ["tag=b&flag=x&tag=a&path=%2Fx%20y&odd=%zz&tag=c", "tag=b&flag&tag=a&path=%2Fx%20y&odd=%zz", "=&tag=b&flag&tag=a&path=%2Fx%20y&odd=%zz&tag=c"]) {
      expect(await verifySignature({ ...request, query }, options), query).toMatchObject({ ok: false, message: SIGNATURE_MISMATCH_MESSAGE });
    }
  });

  it("verifies with either secret a key holds during a rotation, looked up asynchronously, and with no other", async () => {
    const rotating = { ...options, lookupSecret: async () => ["new-secret-0123456789", credentials.secretAccessKey] };
    expect(await verifySignature(await signLikeSdk(), rotating)).toMatchObject({ ok: true, accessKeyId: credentials.accessKeyId });
    expect(await verifySignature(await signLikeSdk({ secret: "new-secret-0123456789" }), rotating)).toMatchObject({ ok: true });
    expect(await verifySignature(await signLikeSdk({ secret: "third-secret" }), rotating)).toEqual({
      ok: false,
      errorType: "InvalidSignatureException",
      message: SIGNATURE_MISMATCH_MESSAGE,
    });
    expect(await verifySignature(await signLikeSdk(), { ...options, lookupSecret: () => [] })).toEqual({
      ok: false,
      errorType: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
  });
});

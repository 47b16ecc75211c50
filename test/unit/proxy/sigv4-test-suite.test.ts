/**
 * Known-answer vectors: AWS's published Signature Version 4 test suite, the cases that sign headers (not the query)
 * and apply to a request verifier. Each vector's request and signature come from AWS's suite as published in its
 * documentation ("Signature Version 4 test suite", docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html)
 * and kept in awslabs/aws-c-auth, tests/aws-signing-test-suite/v4/<case>/header-signed-request.txt; the case name is
 * the folder. All use key AKIDEXAMPLE, region us-east-1, service "service", 20150830T123600Z and an empty body.
 *
 * Left out: the query-signed cases, the relative/dot-segment/space path cases and get-utf8, whose request line carries
 * characters a client cannot put on the wire as they are; the suite signs them encoded once, but a Bedrock client
 * sends them percent-encoded and signs them encoded twice (the rule for every service but S3), which is what the
 * verifier checks (see the SDK-signed tests in verify-signature.test.ts).
 *
 * They check the verifier against AWS itself rather than against the signer it uses, so a canonicalisation bug in
 * either is caught. Each vector is also checked to fail with one hex digit of its signature changed.
 */
import { describe, expect, it } from "vitest";
import { verifySignature } from "../../../proxy/sigv4/verify-signature.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const AMZ_DATE = "20150830T123600Z";

interface Vector {
  name: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  signedHeaders: string;
  signature: string;
}

const base = { host: "example.amazonaws.com", "x-amz-date": AMZ_DATE };

const VECTORS: Vector[] = [
  { name: "get-vanilla", method: "GET", path: "/", query: "", headers: base, signedHeaders: "host;x-amz-date",
    signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
  { name: "post-vanilla", method: "POST", path: "/", query: "", headers: base, signedHeaders: "host;x-amz-date",
    signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
  { name: "get-vanilla-query-order-key-case", method: "GET", path: "/", query: "Param2=value2&Param1=value1", headers: base,
    signedHeaders: "host;x-amz-date", signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
  { name: "get-vanilla-query-unreserved", method: "GET", path: "/",
    query: "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    headers: base, signedHeaders: "host;x-amz-date", signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197" },
  { name: "get-header-value-trim", method: "GET", path: "/", query: "",
    headers: { ...base, "my-header1": " value1", "my-header2": ' "a   b   c"' }, signedHeaders: "host;my-header1;my-header2;x-amz-date",
    signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736" },
  { name: "post-header-key-sort", method: "POST", path: "/", query: "", headers: { ...base, "my-header1": "value1" },
    signedHeaders: "host;my-header1;x-amz-date", signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c" },
  { name: "get-vanilla-with-session-token", method: "GET", path: "/", query: "",
    headers: { ...base, "x-amz-security-token": "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267" },
    signedHeaders: "host;x-amz-date;x-amz-security-token", signature: "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8" },
];

const options = {
  service: "service",
  region: "us-east-1",
  now: new Date("2015-08-30T12:36:00Z"),
  lookupSecret: (id: string) => (id === "AKIDEXAMPLE" ? SECRET : undefined),
};

function request(vector: Vector, signature: string) {
  const authorization =
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ` +
    `SignedHeaders=${vector.signedHeaders}, Signature=${signature}`;
  return { method: vector.method, path: vector.path, query: vector.query, headers: { ...vector.headers, authorization }, body: new Uint8Array() };
}

describe("AWS's Signature Version 4 test suite", () => {
  it.each(VECTORS)("accepts $name with AWS's published signature", async (vector) => {
    expect(await verifySignature(request(vector, vector.signature), options)).toMatchObject({ ok: true, accessKeyId: "AKIDEXAMPLE" });
  });

  it.each(VECTORS)("refuses $name with one hex digit of the signature changed", async (vector) => {
    const last = vector.signature.at(-1)!;
    const changed = vector.signature.slice(0, -1) + (last === "0" ? "1" : "0");
    expect(await verifySignature(request(vector, changed), options)).toMatchObject({ ok: false, errorType: "InvalidSignatureException" });
  });
});

/**
 * The per-request cost of authentication: `verifySignature` on an InvokeModel signed like the AWS SDK signs it, with
 * the secret from a map (the signature check alone) and from the real key store (which stats keys.json per lookup).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, bench, describe } from "vitest";
import { type KeyStore, openKeyStore } from "../../proxy/keys/key-store.js";
import { parseAmzDate, type SignedRequest, verifySignature } from "../../proxy/sigv4/verify-signature.js";
import { signRequest } from "../support/sign-request.js";
import { TYPICAL_REQUEST } from "./support/start-bench-proxy.js";

const REGION = "us-west-2";

let dataDir: string;
let store: KeyStore;
let secrets: Map<string, string>;
let request: SignedRequest;
let signedAt: Date;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "framefill-bench-keys-"));
  store = openKeyStore({ dataDir });
  const key = await store.create({ name: "bench" });
  secrets = new Map([[key.accessKeyId, key.secretAccessKey]]);
  const body = JSON.stringify(TYPICAL_REQUEST);
  // The headers the JavaScript SDK signs for InvokeModel, with the model id already encoded in the path.
  const signed = await signRequest({
    url: "http://127.0.0.1:8787/model/stability.stable-image-core-v1%3A0/invoke",
    body,
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    region: REGION,
    headers: {
      accept: "application/json",
      "amz-sdk-invocation-id": "8f4e6a52-1c1b-4c5e-9a77-3f1d2b8e0a11",
      "amz-sdk-request": "attempt=1; max=3",
      "x-amz-user-agent": "aws-sdk-js/3.1164.0",
    },
  });
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]));
  request = {
    method: "POST",
    path: "/model/stability.stable-image-core-v1%3A0/invoke",
    query: "",
    headers,
    body: new TextEncoder().encode(body),
  };
  signedAt = parseAmzDate(headers["x-amz-date"]!)!;
  // Benchmark the path that succeeds; a setup mistake must not turn this into a benchmark of the first rejection.
  for (const lookupSecret of [(id: string) => secrets.get(id), (id: string) => store.lookupSecret(id)]) {
    const result = await verifySignature(request, { service: "bedrock", region: REGION, now: signedAt, lookupSecret });
    if (!result.ok) throw new Error(`bench setup: the signed request does not verify (${result.message})`);
  }
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("verifySignature, a signed InvokeModel", () => {
  bench("secret from a map (signature check only)", async () => {
    await verifySignature(request, { service: "bedrock", region: REGION, now: signedAt, lookupSecret: (id) => secrets.get(id) });
  });

  bench("secret from the key store (as the proxy does)", async () => {
    await verifySignature(request, { service: "bedrock", region: REGION, now: signedAt, lookupSecret: (id) => store.lookupSecret(id) });
  });
});

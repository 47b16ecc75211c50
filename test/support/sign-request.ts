/** Signs a request to the proxy with SigV4 like an AWS SDK would, for tests that need to control every byte. */
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface SignOptions {
  url: string;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  service?: string;
  date?: Date;
  method?: string;
  headers?: Record<string, string>;
}

/** Returns the URL and the headers to send (host included, as signed). */
export async function signRequest(options: SignOptions): Promise<{ url: string; headers: Record<string, string> }> {
  const url = new URL(options.url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    region: options.region ?? "us-west-2",
    service: options.service ?? "bedrock",
    sha256: Hash.bind(null, "sha256"),
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: options.method ?? "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, "content-type": "application/json", ...options.headers },
      body: options.body,
    }),
    { signingDate: options.date ?? new Date() },
  );
  return { url: options.url, headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k, String(v)])) };
}

/** Signs and sends with fetch (HTTP/1.1). */
export async function signedFetch(options: SignOptions): Promise<Response> {
  const { url, headers } = await signRequest(options);
  const { host: _host, ...sendable } = headers;
  return fetch(url, { method: options.method ?? "POST", headers: sendable, body: options.body });
}

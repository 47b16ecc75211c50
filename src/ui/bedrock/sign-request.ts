/**
 * Signs a request to the proxy with AWS Signature V4 (service "bedrock"), using aws4fetch's signer with the time
 * from an injected clock. The signer percent-encodes the already-encoded path once more
 * (`/model/stability.stable-image-core-v1%253A0/invoke` in the canonical request), exactly as the AWS SDK does, and
 * the proxy verifies against the raw path the same way AWS does. Every retry must be signed anew: the proxy accepts
 * each signature once.
 */
import { AwsV4Signer } from "aws4fetch";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface UnsignedRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SignedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

export const SIGNING_SERVICE = "bedrock";

export async function signRequest(request: UnsignedRequest, credentials: Credentials, now: Date): Promise<SignedRequest> {
  const signer = new AwsV4Signer({
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: request.body,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    service: SIGNING_SERVICE,
    region: credentials.region,
    datetime: amzDate(now),
  });
  const signed = await signer.sign();
  return { url: signed.url.toString(), method: signed.method, headers: signed.headers, body: request.body };
}

/** `20240101T120000Z`, the x-amz-date format. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, "");
}

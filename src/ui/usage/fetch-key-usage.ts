/**
 * Asks the proxy what the designer's key has left (`GET /framefill/v1/usage`, signed like every call). Null when
 * there is nothing to show: a proxy too old to have the route (404), a refusal, a network failure or an answer that
 * is not a `KeyUsage`; the generation itself then says what is wrong, if anything.
 *
 * Each request carries a fresh `amz-sdk-invocation-id`, as the AWS SDK does, so two asks in the same second are two
 * signatures (the proxy accepts each once) and neither is answered from a stored reply.
 *
 * @example
 * const usage = await fetchKeyUsage({ fetch, now: Date.now, newId }, settings, controller.signal);
 * usage?.remaining.imagesToday; // 38
 */
import type { KeyUsage } from "../../contract/key-usage.js";
import type { Settings } from "../../messages.js";
import { keyUsageUrl } from "../bedrock/invoke-url.js";
import { signRequest } from "../bedrock/sign-request.js";

export interface KeyUsageDependencies {
  fetch: typeof fetch;
  /** Milliseconds since the epoch. */
  now: () => number;
  newId: () => string;
}

export async function fetchKeyUsage(deps: KeyUsageDependencies, settings: Settings, signal?: AbortSignal): Promise<KeyUsage | null> {
  try {
    const signed = await signRequest(
      {
        method: "GET",
        url: keyUsageUrl(settings.proxyUrl),
        headers: { accept: "application/json", "amz-sdk-invocation-id": deps.newId() },
        body: "",
      },
      settings,
      new Date(deps.now()),
    );
    const response = await deps.fetch(signed.url, { method: signed.method, headers: signed.headers, signal });
    if (!response.ok) return null;
    const body: unknown = await response.json();
    return isKeyUsage(body) ? body : null;
  } catch {
    return null;
  }
}

/** Enough of the shape to show it: the counts the remaining line and the allowance check read. */
function isKeyUsage(body: unknown): body is KeyUsage {
  const usage = body as Partial<KeyUsage> | null;
  return (
    typeof usage === "object" &&
    usage !== null &&
    typeof usage.limits === "object" &&
    typeof usage.used === "object" &&
    typeof usage.remaining === "object" &&
    typeof usage.resetsAt?.day === "string" &&
    typeof usage.resetsAt.month === "string"
  );
}

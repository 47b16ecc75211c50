/**
 * Asks the proxy's unauthenticated `/healthz` what the UI adapts to: the models it serves (the Model menu offers only
 * those), the price it charges for each (costs are shown and checked at those), how many requests one client should
 * keep in flight, and the protocol the question itself arrived on (the same connection carries the images). Null when the proxy cannot be asked in time; a field the proxy does not send
 * (an older proxy) is null, and the proxy keeps the last word.
 *
 * @example
 * const health = await fetchProxyHealth(fetch, "https://images.example.com", { timeoutMs: 3000 });
 * health?.models; // ["stability.stable-image-core-v1:0", …] or null
 */
import { healthUrl } from "../bedrock/invoke-url.js";

export interface ProxyHealth {
  models: string[] | null;
  /** Micro-dollars per image by model id, as the proxy charges them; models it gives no price for are left out. */
  prices: Readonly<Record<string, number>> | null;
  /** How many requests one client should keep in flight. */
  maxConcurrency: number | null;
  protocol: "h2" | "http/1.1" | null;
}

export interface HealthRequestOptions {
  signal?: AbortSignal;
  /** Gives up (null) after this long, so a silent proxy never holds a generation back. */
  timeoutMs?: number;
}

export async function fetchProxyHealth(
  fetcher: typeof fetch,
  proxyUrl: string,
  options: HealthRequestOptions = {},
): Promise<ProxyHealth | null> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (options.signal?.aborted) return null;
  options.signal?.addEventListener("abort", abort, { once: true });
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(abort, options.timeoutMs);
  try {
    const response = await fetcher(healthUrl(proxyUrl), { signal: controller.signal });
    if (!response.ok) return null;
    return readHealth(await response.json());
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", abort);
  }
}

function readHealth(body: unknown): ProxyHealth {
  const fields = (body ?? {}) as { models?: unknown; prices?: unknown; maxConcurrency?: unknown; protocol?: unknown };
  const models = Array.isArray(fields.models) ? fields.models.filter((id): id is string => typeof id === "string") : [];
  const { maxConcurrency, protocol } = fields;
  return {
    models: models.length > 0 ? models : null,
    prices: readPrices(fields.prices),
    maxConcurrency: Number.isSafeInteger(maxConcurrency) && (maxConcurrency as number) > 0 ? (maxConcurrency as number) : null,
    protocol: protocol === "h2" || protocol === "http/1.1" ? protocol : null,
  };
}

/** Whole, non-negative micro-dollars by model id; anything else is dropped, and nothing usable is null. */
function readPrices(value: unknown): Readonly<Record<string, number>> | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value).filter(([, microUsd]) => Number.isSafeInteger(microUsd) && (microUsd as number) >= 0);
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

/**
 * Asks the proxy (its unauthenticated /healthz) which models it serves, so the Model menu offers only those. Null when
 * the proxy cannot be asked or does not say: then every model is offered and the proxy has the last word.
 */
import { healthUrl } from "../bedrock/invoke-url.js";

export async function fetchProxyModels(fetcher: typeof fetch, proxyUrl: string, signal?: AbortSignal): Promise<string[] | null> {
  try {
    const response = await fetcher(healthUrl(proxyUrl), { signal });
    if (!response.ok) return null;
    const body = (await response.json()) as { models?: unknown };
    const models = Array.isArray(body.models) ? body.models.filter((id): id is string => typeof id === "string") : [];
    return models.length > 0 ? models : null;
  } catch {
    return null;
  }
}

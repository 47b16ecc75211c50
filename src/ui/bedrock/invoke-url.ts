import { KEY_USAGE_PATH } from "../../contract/key-usage.js";

/**
 * The InvokeModel URL on the proxy: `{proxyUrl}/model/{modelId}/invoke` with the model id percent-encoded once
 * (`stability.stable-image-core-v1%3A0`), as the AWS SDK sends it. A proxy URL may carry a base path.
 */
export function invokeUrl(proxyUrl: string, modelId: string): string {
  return `${trimTrailingSlashes(proxyUrl)}/model/${encodeURIComponent(modelId)}/invoke`;
}

/** The signed answer of what the caller's own key has left (`KEY_USAGE_PATH`). */
export function keyUsageUrl(proxyUrl: string): string {
  return `${trimTrailingSlashes(proxyUrl)}${KEY_USAGE_PATH}`;
}

/** The proxy's unauthenticated health check. */
export function healthUrl(proxyUrl: string): string {
  return `${trimTrailingSlashes(proxyUrl)}/healthz`;
}

function trimTrailingSlashes(url: string): string {
  return url.trim().replace(/\/+$/, "");
}

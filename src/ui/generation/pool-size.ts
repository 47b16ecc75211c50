/**
 * How many images the UI keeps in flight, from what the proxy's `/healthz` said: as many as the proxy advertises
 * (`maxConcurrency`, sized for its own upstream limit) over HTTP/2, where one connection carries them all; no more than
 * a browser's six connections per host over HTTP/1.1, where more would only queue inside the browser while their
 * signatures age; and a cautious four when the proxy could not be asked or is too old to say.
 *
 * @example
 * poolSize({ models: null, maxConcurrency: 16, protocol: "h2" }); // 16
 * poolSize({ models: null, maxConcurrency: 16, protocol: "http/1.1" }); // 6
 * poolSize(null); // 4
 */
import type { ProxyHealth } from "../connection/fetch-proxy-health.js";
import { POOL_DEFAULTS } from "./run-pool.js";

/** When the proxy does not say: the pool's own default, what it ran with before proxies advertised a limit. */
export const UNKNOWN_PROXY_POOL_SIZE: number = POOL_DEFAULTS.concurrency;
/** Browsers open at most six HTTP/1.1 connections to one host. */
export const HTTP1_POOL_SIZE = 6;
/** A ceiling whatever the proxy says, so a misconfigured proxy cannot make one designer flood it. */
export const MAX_POOL_SIZE = 64;

export function poolSize(health: Pick<ProxyHealth, "maxConcurrency" | "protocol"> | null): number {
  if (!health?.maxConcurrency) return UNKNOWN_PROXY_POOL_SIZE;
  const advertised = Math.min(health.maxConcurrency, MAX_POOL_SIZE);
  return health.protocol === "h2" ? advertised : Math.min(advertised, HTTP1_POOL_SIZE);
}

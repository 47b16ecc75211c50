/**
 * Shuts the proxy down gracefully on SIGTERM or SIGINT: no new connections, /healthz answers 503 "draining", requests
 * in flight finish (see `RunningProxy.drain`). Exits 0 once everything finished, 1 when the grace period
 * (PROXY_SHUTDOWN_GRACE_MS) ran out and open requests were cut. A second signal exits at once (a second Ctrl+C).
 * A cluster worker also starts draining when its primary sends `DRAIN_MESSAGE` (see `superviseWorkers`).
 *
 * @example
 * const proxy = await startProxy(loadConfig());
 * drainOnSignals(proxy);
 */
import type { RunningProxy } from "./start-proxy.js";

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** What a cluster primary sends its workers to drain them (a terminal's Ctrl+C also reaches them as SIGINT). */
export const DRAIN_MESSAGE = "framefill:drain";

export function drainOnSignals(proxy: Pick<RunningProxy, "drain" | "logger">): void {
  let draining = false;
  const drain = (reason: Record<string, string>): void => {
    if (draining) return;
    draining = true;
    proxy.logger.info(reason, "draining: no new connections, finishing requests in flight");
    void proxy.drain().then(
      (inTime) => {
        if (inTime) proxy.logger.info("drained");
        else proxy.logger.warn("shutdown grace period over: requests still in flight were cut");
        process.exit(inTime ? 0 : 1);
      },
      (error: unknown) => {
        proxy.logger.error({ err: { message: (error as Error).message } }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  // Counted apart from draining: a worker may hear its primary's DRAIN_MESSAGE before its own first Ctrl+C.
  let signals = 0;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES): void => {
    if (++signals > 1) {
      proxy.logger.warn({ signal }, "second signal: exiting at once");
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
    drain({ signal });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, onSignal);
  process.on("message", (message) => {
    if (message === DRAIN_MESSAGE) drain({ from: "cluster primary" });
  });
}

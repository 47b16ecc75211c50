/**
 * Shuts the proxy down gracefully on SIGTERM or SIGINT: no new connections, /healthz answers 503 "draining", requests
 * in flight finish (see `RunningProxy.drain`). Exits 0 once everything finished, 1 when the grace period
 * (PROXY_SHUTDOWN_GRACE_MS) ran out and open requests were cut. A second signal exits at once (a second Ctrl+C).
 *
 * @example
 * const proxy = await startProxy(loadConfig());
 * drainOnSignals(proxy);
 */
import type { RunningProxy } from "./start-proxy.js";

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export function drainOnSignals(proxy: Pick<RunningProxy, "drain" | "logger">): void {
  let draining = false;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES): void => {
    if (draining) {
      proxy.logger.warn({ signal }, "second signal: exiting at once");
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
    draining = true;
    proxy.logger.info({ signal }, "draining: no new connections, finishing requests in flight");
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
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, onSignal);
}

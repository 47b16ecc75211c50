/**
 * Runs the proxy in `count` worker processes (node:cluster) that share one port, so one machine's cores all serve it
 * (PROXY_WORKERS). The primary serves nothing itself: it starts the workers, replaces one that dies, and on SIGTERM or
 * SIGINT tells every worker to drain (`DRAIN_MESSAGE`), then exits 0 when all of them exited 0, else 1. A second
 * signal kills the workers and exits at once. A worker that dies before it listens (Redis unreachable, a port in
 * use) stops the whole proxy instead of being restarted in a loop.
 *
 * @example
 * if (config.workers > 1 && cluster.isPrimary) superviseWorkers(config.workers, logger);
 * else drainOnSignals(await startProxy(config));
 */
import cluster, { type Worker } from "node:cluster";
import { DRAIN_MESSAGE } from "./drain-on-signals.js";
import type { Logger } from "./log.js";

export function superviseWorkers(count: number, logger: Logger): void {
  let stopping = false;
  let failed = false;
  const listening = new WeakSet<Worker>();
  const workers = (): Worker[] => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);

  const stop = (code: number): void => {
    for (const worker of workers()) worker.process.kill("SIGKILL");
    process.exit(code);
  };

  cluster.on("listening", (worker) => listening.add(worker));
  cluster.on("exit", (worker, code, signal) => {
    if (code !== 0) failed = true;
    if (stopping) {
      if (workers().length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    if (!listening.has(worker)) {
      logger.fatal({ pid: worker.process.pid, code, signal }, "a worker exited before it listened: stopping");
      return stop(1);
    }
    logger.error({ pid: worker.process.pid, code, signal }, "a worker exited: starting another");
    cluster.fork();
  });

  // Counted apart from stopping: a terminal's Ctrl+C reaches the workers directly as well as through the primary.
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (++signals > 1) {
      logger.warn({ signal }, "second signal: exiting at once");
      return stop(signal === "SIGINT" ? 130 : 143);
    }
    stopping = true;
    logger.info({ signal, workers: workers().length }, "draining every worker");
    for (const worker of workers()) worker.send(DRAIN_MESSAGE);
    if (workers().length === 0) process.exit(failed ? 1 : 0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  for (let index = 0; index < count; index++) cluster.fork();
}

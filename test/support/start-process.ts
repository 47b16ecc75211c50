/**
 * Starts a long-running command for a test in its own process group and waits until its output says it is ready.
 * `stop()` signals the whole group, so a wrapper's children (npx → tsx → node) never outlive the test.
 *
 * @example
 * const proxy = await startProcess(process.execPath, ["dist/proxy/main.js"], {
 *   env: { ...process.env, PORT: "0" },
 *   ready: (output) => output.includes('"listening"'),
 * });
 * try { … } finally { await proxy.stop(); }
 */
import { spawn } from "node:child_process";

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with stdout and stderr so far; true once the process is ready. */
  ready(output: string): boolean;
  timeoutMs?: number;
}

export interface StartedProcess {
  /** The group leader's pid, which is also the process group id. */
  pid: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves with the leader's exit code once the group is empty. */
  stop(graceMs?: number): Promise<number | null>;
}

export async function startProcess(command: string, args: string[], options: StartOptions): Promise<StartedProcess> {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid!;
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const stop = async (graceMs = 10_000): Promise<number | null> => {
    signalGroup(pid, "SIGTERM");
    const deadline = Date.now() + graceMs;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(25);
    if (groupAlive(pid)) signalGroup(pid, "SIGKILL");
    while (groupAlive(pid)) await sleep(25);
    return exited;
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${command} ${args.join(" ")} was not ready after ${options.timeoutMs ?? 20_000} ms:\n${output}`)),
        options.timeoutMs ?? 20_000,
      );
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (options.ready(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", collect);
      child.stderr!.on("data", collect);
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${command} ${args.join(" ")} exited with ${code} before it was ready:\n${output}`));
      });
    });
  } catch (error) {
    await stop(1_000);
    throw error;
  }
  return { pid, output: () => output, stop };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already empty.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

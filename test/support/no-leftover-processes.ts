/**
 * Vitest global setup: no test may leave a process running. Setup marks this run with an environment variable that
 * every process the suite starts inherits (workers, npx/tsx, node, redis-server, chromium); teardown, after a short
 * grace, fails the run with a list of the marked processes still alive, and ends them. Other runs in the same tree
 * carry another mark, so they are never mistaken for ours. Linux only (reads /proc); elsewhere it checks nothing.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const MARK = "FRAMEFILL_TEST_RUN";
const GRACE_MS = 5_000;

interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string;
}

export function setup(): void {
  process.env[MARK] = randomUUID();
}

export async function teardown(): Promise<void> {
  const mark = process.env[MARK];
  if (!mark || !existsSync("/proc/self/environ")) return;
  const deadline = Date.now() + GRACE_MS;
  let leftovers = leftoverProcesses(mark);
  while (leftovers.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    leftovers = leftoverProcesses(mark);
  }
  if (leftovers.length === 0) return;
  for (const { pid } of leftovers) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // It ended on its own meanwhile.
    }
  }
  const list = leftovers.map(({ pid, ppid, command }) => `  pid ${pid} (parent ${ppid}): ${command}`).join("\n");
  // Vitest reports an error thrown here but still exits 0, so set the exit code as well.
  process.exitCode = 1;
  console.error(`\nTests left ${leftovers.length} process(es) running (now killed); stop them in the test that starts them:\n${list}\n`);
}

/** Live processes carrying this run's mark, except vitest itself and its workers. */
function leftoverProcesses(mark: string): ProcessInfo[] {
  const marker = `${MARK}=${mark}`;
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const info = readProcess(pid, marker);
    if (!info) continue;
    if (info.ppid === process.pid && /vitest/.test(info.command)) continue;
    found.push(info);
  }
  return found;
}

function readProcess(pid: number, marker: string): ProcessInfo | undefined {
  try {
    if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(marker)) return undefined;
    // /proc/PID/stat: "pid (comm) state ppid …"; comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (state === "Z" || state === "X") return undefined;
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(ppid), command };
  } catch {
    return undefined; // gone, or not ours to read
  }
}

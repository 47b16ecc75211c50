/**
 * Another process's resident memory, from Linux's /proc: its RSS now, and its peak RSS since the peak was last reset
 * (writing 5 to clear_refs resets VmHWM), so a benchmark sees the true peak without sampling.
 *
 * @example
 * resetPeakRss(pid);
 * await burst();
 * console.log(peakRssMiB(pid), rssMiB(pid));
 */
import { readFileSync, writeFileSync } from "node:fs";

export function rssMiB(pid: number): number {
  return statusKiB(pid, "VmRSS") / 1024;
}

export function peakRssMiB(pid: number): number {
  return statusKiB(pid, "VmHWM") / 1024;
}

export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

function statusKiB(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]);
}

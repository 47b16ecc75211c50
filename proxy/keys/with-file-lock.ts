/**
 * Runs an action while holding an exclusive lock on a file, across processes: a `<file>.lock` directory managed by
 * proper-lockfile, which keeps its modification time fresh while held. A lock left behind by a process that died
 * (a CLI killed mid-write) counts as stale once it is `staleMs` old and is taken over; waiting gives up after `waitMs`.
 *
 * @example
 * await withFileLock("/data/keys.json", async (lock) => {
 *   const contents = await readFile("/data/keys.json", "utf8");
 *   // … change, write a temporary file …
 *   lock.assertHeld();
 *   // … rename it into place …
 * });
 */
import { setTimeout as sleep } from "node:timers/promises";
import { lock } from "proper-lockfile";

export interface FileLockOptions {
  /** A lock not refreshed for this long belongs to a dead process (proper-lockfile's minimum is 2 s). */
  staleMs?: number;
  /** How long to wait for another holder before giving up. */
  waitMs?: number;
}

export interface HeldLock {
  /** Throws when the lock was lost (the process stalled past `staleMs` and another took it over). */
  assertHeld(): void;
}

export class FileLockError extends Error {
  override name = "FileLockError";
}

const DEFAULT_STALE_MS = 10_000;

export async function withFileLock<T>(file: string, action: (lock: HeldLock) => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  // Longer than staleMs, so that a lock left by a dead process is always outlived and taken over.
  const waitMs = options.waitMs ?? staleMs * 3;
  let lost: Error | undefined;
  const release = await acquire(file, staleMs, waitMs, (error) => (lost = error));
  try {
    return await action({
      assertHeld() {
        if (lost) throw new FileLockError(`Lost the lock on ${file} (${lost.message}); nothing was written, try again.`);
      },
    });
  } finally {
    // A lost lock is no longer ours to remove.
    if (!lost) await release();
  }
}

async function acquire(file: string, staleMs: number, waitMs: number, onCompromised: (error: Error) => void) {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      // The default onCompromised throws from a timer, which would crash a running proxy.
      return await lock(file, { realpath: false, stale: staleMs, onCompromised });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (Date.now() >= deadline) {
        throw new FileLockError(`${file} stayed locked by another process for ${Math.round(waitMs / 1000)} s; try again.`);
      }
      // Full jitter, so that many waiters do not retry in step.
      await sleep(1 + Math.random() * Math.min(25, 2 ** attempt));
    }
  }
}

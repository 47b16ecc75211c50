/**
 * The emulator's memory: the requests it recorded and the faults still pending, and a way to wait until they reach
 * a state a test expects (re-checked on every change, so no polling and no sleeping).
 */
import { type Fault, FaultQueue, type FaultScope, type PendingFault } from "./faults.js";
import type { RecordedRequest } from "./recorded-request.js";

export class EmulatorState {
  readonly #requests: RecordedRequest[] = [];
  readonly #faults = new FaultQueue();
  readonly #waiters = new Set<() => void>();

  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  get pendingFaults(): readonly PendingFault[] {
    return this.#faults.list();
  }

  injectFault(fault: Fault, scope?: FaultScope): void {
    this.#faults.add(fault, scope);
  }

  /** The fault for a request that passed the signature check, if one matches. */
  takeFault(request: { modelId: string | undefined; prompt: string | undefined }): Fault | undefined {
    return this.#faults.take(request);
  }

  record(request: RecordedRequest): void {
    this.#requests.push(request);
    this.changed();
  }

  /** Call after changing a recorded request, so waiters re-check. */
  changed(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  reset(): void {
    this.#requests.length = 0;
    this.#faults.clear();
    this.changed();
  }

  waitFor<T>(check: () => T | undefined | null | false): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): void => {
        try {
          const value = check();
          if (!value) return;
          this.#waiters.delete(attempt);
          resolve(value);
        } catch (error) {
          this.#waiters.delete(attempt);
          reject(error);
        }
      };
      this.#waiters.add(attempt);
      attempt();
    });
  }
}

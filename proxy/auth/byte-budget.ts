/**
 * A count of bytes held for a purpose, with a ceiling: `take` succeeds only while the total stays within it. The
 * authenticator holds unverified request bodies against one, so memory for them is bounded however many arrive.
 *
 * @example
 * const budget = createByteBudget(32 * 1024 * 1024);
 * if (!budget.take(n)) return refuse();
 * try { … } finally { budget.give(n); }
 */
export interface ByteBudget {
  /** Reserves `bytes`; false (and nothing reserved) when that would pass the ceiling. */
  take(bytes: number): boolean;
  give(bytes: number): void;
}

export function createByteBudget(ceilingBytes: number): ByteBudget {
  let held = 0;
  return {
    take(bytes) {
      if (held + bytes > ceilingBytes) return false;
      held += bytes;
      return true;
    },
    give(bytes) {
      held = Math.max(0, held - bytes);
    },
  };
}

/**
 * The tests `npm run mutate` (Stryker) runs against each mutant: the unit tests and the fast integration tests of the
 * mutated modules. Browser tests, benchmarks and the slow process tests are left out; the global teardown too, since
 * Stryker runs the suite many times in one process.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/unit/**/*.test.ts",
      "test/integration/proxy/auth.test.ts",
      "test/integration/proxy/replay-cache.test.ts",
      "test/integration/proxy/hostile-requests.test.ts",
      "test/integration/proxy/idempotency.test.ts",
      "test/integration/proxy/signature-replays.test.ts",
      "test/integration/proxy/spend-store.test.ts",
      "test/integration/proxy/limits.test.ts",
      "test/integration/proxy/spend-control-redis.test.ts",
      "test/integration/proxy/fuzz.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx", "src/**/*.test.ts", "proxy/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: browser and server suites compete for them, so keep the worker count modest.
    maxWorkers: 2,
    // Fails the run when a test leaves a process running (npx's children, redis-server, chromium, a proxy).
    globalSetup: ["test/support/no-leftover-processes.ts"],
    // `vitest bench` (npm run bench) runs only these; `vitest run` never does, as they match no test pattern.
    benchmark: { include: ["test/bench/**/*.bench.ts"] },
  },
});

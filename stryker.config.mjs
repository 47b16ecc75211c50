/**
 * Mutation testing, on demand (`npm run mutate`; not in CI, it takes a long while on two cores): Stryker changes the
 * rules that matter most one small way at a time and checks that some test fails. Scores and the surviving mutants
 * are recorded in docs/testing.md. One module only: `npm run mutate -- --mutate "proxy/sigv4/**\/*.ts"`.
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  mutate: [
    "proxy/sigv4/**/*.ts",
    "proxy/http/**/*.ts",
    "proxy/limits/spend.ts",
    "proxy/limits/memory-spend-store.ts",
    "proxy/limits/spend-control.ts",
    "src/contract/**/*.ts",
    "src/plugin/place/**/*.ts",
    "src/plugin/targets/**/*.ts",
  ],
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/index.html" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};

/**
 * dist/code.js is what Figma runs on the main thread: one file that parses as ES2017, stays small, and uses only the
 * async node lookup that documentAccess "dynamic-page" allows. (`npm test` builds before it runs the tests.)
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "acorn";
import { describe, expect, it } from "vitest";

const codePath = fileURLToPath(new URL("../../dist/code.js", import.meta.url));

describe("dist/code.js", () => {
  it("exists (run `npm run build` first)", () => {
    expect(existsSync(codePath)).toBe(true);
  });

  const code = existsSync(codePath) ? readFileSync(codePath, "utf8") : "";

  it("parses as an ES2017 script", () => {
    expect(() => parse(code, { ecmaVersion: 2017, sourceType: "script" })).not.toThrow();
  });

  it("stays small and carries no schema library", () => {
    expect(code.length).toBeGreaterThan(0);
    // 40 KiB until image edits (issue 9), whose main-thread half measured about 9 KB minified.
    expect(code.length).toBeLessThan(48 * 1024);
    expect(code).not.toMatch(/valibot/i);
  });

  it("calls no built-in newer than ES2017, which esbuild would not lower", () => {
    const newer = /\.(trimEnd|trimStart|flat|flatMap|matchAll|replaceAll|at|finally)\(|Object\.(fromEntries|hasOwn)\(|Promise\.(allSettled|any)\(|structuredClone\(|queueMicrotask\(/;
    expect(code).not.toMatch(newer);
  });

  it("never calls the synchronous getNodeById", () => {
    expect(code).toContain("getNodeByIdAsync");
    expect(code).not.toMatch(/getNodeById\(/);
  });
});

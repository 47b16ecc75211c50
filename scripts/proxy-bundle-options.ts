/**
 * How esbuild bundles the proxy for production (scripts/build.ts → dist/proxy/), kept apart so a test can bundle a
 * fixture the same way.
 *
 * ESM for Node 20, split into chunks so that a dynamic import in the source (the preview backend, which needs sharp)
 * stays lazy: `PROXY_BACKEND=bedrock` then never loads sharp. sharp is a native addon and loads from node_modules;
 * everything else is bundled, which measured fastest and leanest (bedrock backend with the preview imported lazily,
 * 2 cores: ~200 ms to listening and ~71 MB RSS, against ~270 ms and ~80 MB with the AWS SDK, pino and ioredis
 * external, and ~600 ms and ~117 MB under tsx).
 *
 * @example
 * await esbuild.build(proxyBundleOptions({ main: "proxy/main.ts" }, "dist/proxy"));
 */
import type { BuildOptions } from "esbuild";

export function proxyBundleOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  return {
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["sharp"],
    legalComments: "none",
    logLevel: "warning",
    metafile: true,
    // Bundled CommonJS packages (pino, parts of the AWS SDK) call require() for Node's built-in modules.
    banner: { js: `import { createRequire as __frameFillRequire } from "node:module"; const require = __frameFillRequire(import.meta.url);` },
  };
}

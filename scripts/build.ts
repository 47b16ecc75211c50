/**
 * Builds the plugin: dist/code.js (Figma main thread, one ES2017 file) and dist/ui.html (the UI with its JS and CSS
 * inlined, because Figma loads the UI as one HTML string), and the proxy for production: dist/proxy/main.js and
 * dist/proxy/keys.js, run with plain node (no tsx). `--watch` rebuilds the plugin on change.
 *
 *   npm run build
 *   npm run watch
 *   node dist/proxy/main.js
 */
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { proxyBundleOptions } from "./proxy-bundle-options.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const watch = process.argv.includes("--watch");

const shared: esbuild.BuildOptions = {
  bundle: true,
  minify: !watch,
  sourcemap: false,
  logLevel: "warning",
  legalComments: "none",
  define: { "process.env.NODE_ENV": JSON.stringify(watch ? "development" : "production") },
};

const codeOptions: esbuild.BuildOptions = {
  ...shared,
  entryPoints: [join(root, "src/plugin/main.ts")],
  outfile: join(dist, "code.js"),
  format: "iife",
  target: "es2017",
  platform: "neutral",
  mainFields: ["module", "main"],
};

const uiOptions: esbuild.BuildOptions = {
  ...shared,
  entryPoints: [join(root, "src/ui/index.tsx")],
  outdir: dist,
  write: false,
  format: "iife",
  target: "chrome110",
  jsx: "automatic",
  jsxImportSource: "preact",
  plugins: [
    {
      name: "inline-html",
      setup(build) {
        build.onEnd(async (result) => {
          if (result.errors.length > 0 || !result.outputFiles) return;
          const js = result.outputFiles.find((file) => file.path.endsWith(".js"))?.text ?? "";
          const css = result.outputFiles.find((file) => file.path.endsWith(".css"))?.text ?? "";
          const template = await readFile(join(root, "src/ui/index.html"), "utf8");
          await writeFile(join(dist, "ui.html"), inlineAssets(template, js, css));
          report("dist/ui.html");
        });
      },
    },
  ],
};

/** Builds the proxy (see proxy-bundle-options.ts) and removes chunks an earlier build left behind (hashed names). */
async function buildProxy(): Promise<void> {
  const entryPoints = {
    main: join(root, "proxy/main.ts"),
    keys: join(root, "proxy/keys/cli.ts"),
    usage: join(root, "proxy/usage/cli.ts"),
  };
  const result = await esbuild.build(proxyBundleOptions(entryPoints, join(dist, "proxy")));
  const chunks = join(dist, "proxy", "chunks");
  // Metafile paths are relative to the working directory.
  const written = new Set(Object.keys(result.metafile!.outputs).map((path) => resolve(path)));
  for (const name of await readdir(chunks).catch(() => [])) {
    if (!written.has(join(chunks, name))) await rm(join(chunks, name), { force: true });
  }
  await report("dist/proxy/main.js");
}

/** Puts the bundle into the template; `</script` and `</style` inside them would end the element early. */
function inlineAssets(template: string, js: string, css: string): string {
  const safeJs = js.replace(/<\/script/gi, "<\\/script");
  const safeCss = css.replace(/<\/style/gi, "<\\/style");
  return template
    .replace("<!-- styles -->", () => `<style>${safeCss}</style>`)
    .replace("<!-- script -->", () => `<script>${safeJs}</script>`);
}

async function report(relativePath: string): Promise<void> {
  const bytes = await readFile(join(root, relativePath));
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`${relativePath.padEnd(18)} ${kib(bytes.length).padStart(10)}  (${kib(gzipSync(bytes).length)} gzipped)`);
}

const codeReporter: esbuild.Plugin = {
  name: "report",
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length === 0) await report("dist/code.js");
    });
  },
};

await mkdir(dist, { recursive: true });
const code = { ...codeOptions, plugins: [codeReporter] };
if (watch) {
  const contexts = await Promise.all([esbuild.context(code), esbuild.context(uiOptions)]);
  await Promise.all(contexts.map((context) => context.watch()));
  console.log("Watching src/ for changes (Ctrl+C to stop)…");
} else {
  await Promise.all([esbuild.build(code), esbuild.build(uiOptions), buildProxy()]);
}

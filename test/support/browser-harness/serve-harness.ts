/**
 * Serves the harness page on a free local port: `/` (the page), `/harness.js` (harness-page.ts and the Figma fake,
 * bundled for the browser with esbuild when the server starts), and the built plugin, `/code.js` and `/ui.html`,
 * read from dist/ on each request (run `npm run build` first).
 *
 * @example
 * const harness = await serveHarness();
 * await page.goto(harness.url);
 * await harness.close();
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

const PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Framefill harness</title>
    <style>body { margin: 0; background: #e5e5e5; } #plugin-ui { display: inline-block; line-height: 0; }</style>
  </head>
  <body><div id="plugin-ui"></div><script src="/harness.js"></script></body>
</html>`;

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

export async function bundleHarnessPage(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [join(root, "test/support/browser-harness/harness-page.ts")],
    bundle: true,
    write: false,
    format: "iife",
    target: "chrome110",
    platform: "browser",
    logLevel: "warning",
  });
  return result.outputFiles[0]!.text;
}

export async function serveHarness(): Promise<HarnessServer> {
  const script = await bundleHarnessPage();
  const routes: Record<string, () => Promise<[string, string | Buffer]>> = {
    "/": async () => ["text/html; charset=utf-8", PAGE],
    "/harness.js": async () => ["text/javascript; charset=utf-8", script],
    "/code.js": async () => ["text/javascript; charset=utf-8", await readFile(join(root, "dist/code.js"))],
    "/ui.html": async () => ["text/html; charset=utf-8", await readFile(join(root, "dist/ui.html"))],
  };
  const server = createServer((request, response) => {
    const route = routes[new URL(request.url ?? "/", "http://harness").pathname];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    route().then(
      ([type, body]) => response.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body),
      (error: Error) => response.writeHead(500, { "content-type": "text/plain" }).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

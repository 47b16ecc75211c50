/**
 * Points the plugin at your team's proxy by writing its origin into manifest.json's `networkAccess.allowedDomains`
 * (Figma refuses requests to any other domain). Local development addresses stay in `devAllowedDomains`, always as
 * `localhost`: Figma desktop refuses IP addresses there, so 127.0.0.1 and [::1] are written as localhost.
 *
 *   npm run configure -- --proxy-url https://images.example.com
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";

/**
 * The origin Figma's manifest wants for a proxy URL (a loopback address as localhost); throws with a clear message for
 * anything else.
 */
export function proxyOrigin(proxyUrl: string): string {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new Error(`"${proxyUrl}" is not a URL. Give the proxy's address, e.g. --proxy-url https://images.example.com`);
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new Error(`The proxy must be served over https:// (got ${url.protocol}//${url.host}); plain http is only for localhost.`);
  }
  if (url.username || url.password) throw new Error("Leave credentials out of the proxy URL.");
  if (local) url.hostname = "localhost";
  return url.origin;
}

interface Manifest {
  networkAccess: { allowedDomains: string[]; devAllowedDomains?: string[]; reasoning?: string };
  [key: string]: unknown;
}

/** Returns the manifest with the proxy's origin as the only production domain. */
export function withProxyDomain(manifest: Manifest, origin: string): Manifest {
  const local = new URL(origin).hostname === "localhost";
  const networkAccess = { ...manifest.networkAccess };
  if (local) {
    networkAccess.devAllowedDomains = [...new Set([...(networkAccess.devAllowedDomains ?? []), origin])];
  } else {
    networkAccess.allowedDomains = [origin];
  }
  return { ...manifest, networkAccess };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "proxy-url": { type: "string" } } });
  const proxyUrl = values["proxy-url"];
  if (!proxyUrl) throw new Error("Usage: npm run configure -- --proxy-url https://images.example.com");
  const origin = proxyOrigin(proxyUrl);
  if (new URL(proxyUrl).origin !== origin) {
    console.log(`Figma desktop refuses IP addresses in devAllowedDomains: use ${origin} as the plugin's Proxy URL.`);
  }
  const path = join(import.meta.dirname, "..", "manifest.json");
  const manifest = JSON.parse(await readFile(path, "utf8")) as Manifest;
  await writeFile(path, `${JSON.stringify(withProxyDomain(manifest, origin), null, 2)}\n`);
  console.log(`manifest.json now allows ${origin}. Re-import or reload the plugin in Figma to pick it up.`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  });
}

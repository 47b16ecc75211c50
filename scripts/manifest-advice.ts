/**
 * What `npm start` tells a developer when Figma would block the proxy it just started: manifest.json's
 * `networkAccess` must list the proxy's origin (local ones in `devAllowedDomains`), so a proxy on another PORT needs
 * `npm run configure` and a re-import. Figma desktop is reported to refuse IP literals there and to accept
 * `localhost` (unconfirmed), so for a local proxy the advice covers both spellings and puts localhost first.
 *
 * @example
 * manifestAdvice("http://127.0.0.1:8799", manifest.networkAccess);
 * // ["Figma will block http://127.0.0.1:8799: …", "  npm run configure -- --proxy-url http://localhost:8799", …]
 */

export interface NetworkAccess {
  allowedDomains?: string[];
  devAllowedDomains?: string[];
}

const LOCAL_HOSTS = ["localhost", "127.0.0.1"];

/** Lines to print when the manifest does not allow `proxyUrl`; none when it does. */
export function manifestAdvice(proxyUrl: string, networkAccess: NetworkAccess): string[] {
  const url = new URL(proxyUrl);
  const allowed = [...(networkAccess.allowedDomains ?? []), ...(networkAccess.devAllowedDomains ?? [])];
  if (allowed.includes(url.origin)) return [];

  if (!LOCAL_HOSTS.includes(url.hostname)) {
    if (url.protocol !== "https:") {
      return [`Figma will block ${url.origin}: it allows plain http only for localhost. Serve HTTPS (PROXY_TLS_CERT, PROXY_TLS_KEY).`];
    }
    return [
      `Figma will block ${url.origin}: manifest.json's allowedDomains does not list it. Allow it, then re-import the plugin:`,
      `  npm run configure -- --proxy-url ${url.origin}`,
    ];
  }

  const origins = LOCAL_HOSTS.map((host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`);
  const missing = origins.filter((origin) => !allowed.includes(origin));
  const allowedPorts = [
    ...new Set(
      (networkAccess.devAllowedDomains ?? [])
        .map((origin) => new URL(origin))
        .filter((local) => LOCAL_HOSTS.includes(local.hostname) && local.protocol === url.protocol)
        .map((local) => local.port),
    ),
  ];
  const otherwise = allowedPorts.length > 0 ? `, or start on a port it allows (PORT=${allowedPorts.join(" or ")})` : "";
  return [
    `Figma will block ${url.origin}: manifest.json's devAllowedDomains does not list it. Allow this port, then re-import the plugin${otherwise}:`,
    ...missing.map((origin) => `  npm run configure -- --proxy-url ${origin}`),
    ...(url.hostname === "localhost" ? [] : [`If Figma desktop refuses the IP address, use ${origins[0]} as the Proxy URL.`]),
  ];
}

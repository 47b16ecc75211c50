/**
 * What `npm start` tells a developer when Figma would block the proxy it just started: manifest.json's
 * `networkAccess` must list the proxy's origin (local ones in `devAllowedDomains`), so a proxy on another PORT needs
 * `npm run configure` and a re-import. Figma desktop refuses IP addresses in `devAllowedDomains` and accepts
 * `localhost`, so a local proxy is always named as localhost, and a loopback IP (127.0.0.1, [::1], e.g. from
 * PROXY_PUBLIC_URL) gets the localhost spelling to use instead.
 *
 * @example
 * manifestAdvice("http://localhost:8799", manifest.networkAccess);
 * // ["Figma will block http://localhost:8799: …", "  npm run configure -- --proxy-url http://localhost:8799"]
 */

export interface NetworkAccess {
  allowedDomains?: string[];
  devAllowedDomains?: string[];
}

const LOOPBACK_ADDRESSES = ["127.0.0.1", "[::1]"];

/** Lines to print when the manifest does not allow `proxyUrl`; none when it does. */
export function manifestAdvice(proxyUrl: string, networkAccess: NetworkAccess): string[] {
  const url = new URL(proxyUrl);
  const allowed = [...(networkAccess.allowedDomains ?? []), ...(networkAccess.devAllowedDomains ?? [])];
  const loopbackAddress = LOOPBACK_ADDRESSES.includes(url.hostname);
  if (allowed.includes(url.origin) && !loopbackAddress) return [];

  if (url.hostname !== "localhost" && !loopbackAddress) {
    if (url.protocol !== "https:") {
      return [`Figma will block ${url.origin}: it allows plain http only for localhost. Serve HTTPS (PROXY_TLS_CERT, PROXY_TLS_KEY).`];
    }
    return [
      `Figma will block ${url.origin}: manifest.json's allowedDomains does not list it. Allow it, then re-import the plugin:`,
      `  npm run configure -- --proxy-url ${url.origin}`,
    ];
  }

  const local = `${url.protocol}//localhost${url.port ? `:${url.port}` : ""}`;
  const lines = loopbackAddress
    ? [`Figma desktop refuses IP addresses such as ${url.hostname} in devAllowedDomains: use ${local} as the Proxy URL.`]
    : [];
  if (allowed.includes(local)) return lines;
  const allowedPorts = [
    ...new Set(
      (networkAccess.devAllowedDomains ?? [])
        .map((origin) => new URL(origin))
        .filter((origin) => origin.hostname === "localhost" && origin.protocol === url.protocol)
        .map((origin) => origin.port),
    ),
  ];
  const otherwise = allowedPorts.length > 0 ? `, or start on a port it allows (PORT=${allowedPorts.join(" or ")})` : "";
  return [
    ...lines,
    `Figma will block ${local}: manifest.json's devAllowedDomains does not list it. Allow this port, then re-import the plugin${otherwise}:`,
    `  npm run configure -- --proxy-url ${local}`,
  ];
}

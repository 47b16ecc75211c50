/**
 * The base URL a client should be given for a server bound to `host`: a loopback or wildcard binding is reached as
 * `localhost`, because Figma desktop refuses IP addresses in a manifest's `devAllowedDomains` and accepts
 * `localhost`, and every client in play resolves it to the loopback (Chromium always; Node 20, boto3 and the AWS CLI
 * through the system resolver, trying each address it gives, so a `::1` listed first falls back to 127.0.0.1).
 *
 * `::1` stays `[::1]`: a system resolver may not map `localhost` to it (this machine's /etc/hosts lists only
 * 127.0.0.1), and then a server on `::1` alone is not reached as localhost. Any other host is given as it is.
 *
 * @example
 * clientUrl("http", "127.0.0.1", 8787); // "http://localhost:8787"
 * clientUrl("https", "10.0.0.5", 443);  // "https://10.0.0.5:443"
 */
const REACHED_AS_LOCALHOST = new Set(["127.0.0.1", "0.0.0.0", "::", "", "localhost"]);

export function clientUrl(protocol: "http" | "https", host: string, port: number): string {
  const name = REACHED_AS_LOCALHOST.has(host) ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `${protocol}://${name}:${port}`;
}

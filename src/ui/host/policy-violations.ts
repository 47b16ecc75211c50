/**
 * Remembers which origins the page's Content-Security-Policy blocked. Figma enforces the manifest's networkAccess
 * with a CSP in the plugin iframe; a blocked fetch fails like an unreachable server, but the browser also fires a
 * `securitypolicyviolation` event naming the URL, which is how Test connection tells the two apart.
 */
export interface PolicyViolations {
  wasBlocked(url: string): boolean;
}

export function watchPolicyViolations(document: Document): PolicyViolations {
  const blockedOrigins = new Set<string>();
  document.addEventListener("securitypolicyviolation", (event) => {
    const origin = originOf(event.blockedURI);
    if (origin) blockedOrigins.add(origin);
  });
  return {
    wasBlocked(url) {
      const origin = originOf(url);
      return origin !== null && blockedOrigins.has(origin);
    },
  };
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The address the proxy prints for where it listens: localhost for loopback and wildcard bindings (issue 11). */
import { describe, expect, it } from "vitest";
import { clientUrl } from "../../../proxy/server/client-url.js";

describe("clientUrl", () => {
  it.each([
    ["127.0.0.1", "http://localhost:8787"],
    ["0.0.0.0", "http://localhost:8787"],
    ["::", "http://localhost:8787"],
    ["", "http://localhost:8787"],
    ["localhost", "http://localhost:8787"],
  ])("gives a server bound to %j as localhost", (host, url) => {
    expect(clientUrl("http", host, 8787)).toBe(url);
  });

  it("keeps ::1 and other addresses as they are, in brackets for IPv6", () => {
    expect(clientUrl("http", "::1", 8787)).toBe("http://[::1]:8787");
    expect(clientUrl("https", "10.0.0.5", 443)).toBe("https://10.0.0.5:443");
    expect(clientUrl("https", "fd00::5", 8443)).toBe("https://[fd00::5]:8443");
    expect(clientUrl("http", "127.0.0.2", 8787)).toBe("http://127.0.0.2:8787");
    expect(clientUrl("https", "images.internal", 8443)).toBe("https://images.internal:8443");
  });
});

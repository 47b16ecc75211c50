/** `npm start` on a port manifest.json does not allow says plainly what to do (scripts/manifest-advice.ts). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { manifestAdvice } from "../../scripts/manifest-advice.js";

const networkAccess = JSON.parse(readFileSync(new URL("../../manifest.json", import.meta.url), "utf8")).networkAccess;
const defaults = { allowedDomains: ["none"], devAllowedDomains: ["http://localhost:8787"] };

describe("manifestAdvice", () => {
  it("says nothing on the port the manifest allows", () => {
    expect(manifestAdvice("http://localhost:8787", networkAccess)).toEqual([]);
  });

  it("on another port, names the blocked origin and the command that allows it", () => {
    expect(manifestAdvice("http://localhost:8799", defaults)).toEqual([
      "Figma will block http://localhost:8799: manifest.json's devAllowedDomains does not list it. " +
        "Allow this port, then re-import the plugin, or start on a port it allows (PORT=8787):",
      "  npm run configure -- --proxy-url http://localhost:8799",
    ]);
  });

  it("gives a loopback IP address as localhost, which Figma desktop accepts, even when the manifest lists the IP", () => {
    expect(manifestAdvice("http://127.0.0.1:8787", defaults)).toEqual([
      "Figma desktop refuses IP addresses such as 127.0.0.1 in devAllowedDomains: use http://localhost:8787 as the Proxy URL.",
    ]);
    const advice = manifestAdvice("http://[::1]:8799", { devAllowedDomains: [...defaults.devAllowedDomains, "http://[::1]:8799"] });
    expect(advice[0]).toBe("Figma desktop refuses IP addresses such as [::1] in devAllowedDomains: use http://localhost:8799 as the Proxy URL.");
    expect(advice.filter((line) => line.includes("npm run configure"))).toEqual(["  npm run configure -- --proxy-url http://localhost:8799"]);
    expect(advice.join("\n")).not.toContain("--proxy-url http://[::1]");
  });

  it("checks a public proxy against allowedDomains, and refuses plain http beyond localhost", () => {
    expect(manifestAdvice("https://images.example.com", { allowedDomains: ["https://images.example.com"] })).toEqual([]);
    expect(manifestAdvice("https://images.example.com/", defaults)).toEqual([
      "Figma will block https://images.example.com: manifest.json's allowedDomains does not list it. Allow it, then re-import the plugin:",
      "  npm run configure -- --proxy-url https://images.example.com",
    ]);
    expect(manifestAdvice("http://10.0.0.5:8787", defaults)[0]).toMatch(/plain http only for localhost/);
  });
});

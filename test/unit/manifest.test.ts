/** manifest.json says exactly what Figma needs (DESIGN.md "Manifest"), and `npm run configure` edits it safely. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { proxyOrigin, withProxyDomain } from "../../scripts/configure.js";

const manifest = JSON.parse(readFileSync(new URL("../../manifest.json", import.meta.url), "utf8"));

describe("manifest.json", () => {
  it("declares today's Figma plugin contract", () => {
    expect(manifest).toMatchObject({
      name: "Framefill",
      api: "1.0.0",
      documentAccess: "dynamic-page",
      main: "dist/code.js",
      ui: "dist/ui.html",
    });
    expect(manifest.id).toEqual(expect.any(String));
    expect(manifest.editorType).toContain("figma");
    // localhost only: Figma desktop refuses IP addresses such as 127.0.0.1 here (README, "Two commands").
    expect(manifest.networkAccess.devAllowedDomains).toEqual(["http://localhost:8787"]);
    expect(manifest.networkAccess.reasoning).toEqual(expect.any(String));
    expect(manifest.relaunchButtons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ command: "regenerate", name: "Regenerate" }),
        expect.objectContaining({ command: "edit", name: "Edit prompt" }),
      ]),
    );
  });

  it("declares the quick action's parameters, and the menu still opens the panel", () => {
    expect(manifest.parameters).toEqual([
      expect.objectContaining({ name: "Prompt", key: "prompt", allowFreeform: true }),
      expect.objectContaining({ name: "Aspect ratio", key: "ratio", optional: true }),
    ]);
    expect(manifest.parameters[0].optional).toBeUndefined();
    expect(manifest.parameters[1].allowFreeform).toBeUndefined();
    for (const parameter of manifest.parameters) expect(parameter.description).toEqual(expect.any(String));
    expect(manifest.parameterOnly).toBe(false);
  });
});

describe("npm run configure", () => {
  it("takes the proxy's origin from its URL", () => {
    expect(proxyOrigin("https://images.example.com/some/path?x=1")).toBe("https://images.example.com");
    expect(proxyOrigin("https://images.example.com:8443")).toBe("https://images.example.com:8443");
    expect(proxyOrigin("http://localhost:9000")).toBe("http://localhost:9000");
  });

  it("writes a loopback address as localhost, which Figma desktop accepts", () => {
    expect(proxyOrigin("http://127.0.0.1:9000/")).toBe("http://localhost:9000");
    expect(proxyOrigin("http://[::1]:9000")).toBe("http://localhost:9000");
    expect(withProxyDomain(manifest, proxyOrigin("http://127.0.0.1:9000")).networkAccess.devAllowedDomains).toEqual([
      "http://localhost:8787",
      "http://localhost:9000",
    ]);
  });

  it("refuses URLs Figma would not or should not allow", () => {
    expect(() => proxyOrigin("images.example.com")).toThrow(/not a URL/);
    expect(() => proxyOrigin("http://images.example.com")).toThrow(/https/);
    expect(() => proxyOrigin("https://user:pw@images.example.com")).toThrow(/credentials/);
  });

  it("makes the proxy the only production domain and keeps the development ones", () => {
    const updated = withProxyDomain(manifest, "https://images.example.com");
    expect(updated.networkAccess.allowedDomains).toEqual(["https://images.example.com"]);
    expect(updated.networkAccess.devAllowedDomains).toEqual(manifest.networkAccess.devAllowedDomains);
    expect(updated.networkAccess.reasoning).toBe(manifest.networkAccess.reasoning);
    const local = withProxyDomain(manifest, "http://localhost:9000");
    expect(local.networkAccess.allowedDomains).toEqual(manifest.networkAccess.allowedDomains);
    expect(local.networkAccess.devAllowedDomains).toContain("http://localhost:9000");
  });
});

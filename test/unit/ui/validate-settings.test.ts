import { describe, expect, it } from "vitest";
import { maskSecret } from "../../../src/ui/settings/mask-secret.js";
import { validateSettings } from "../../../src/ui/settings/validate-settings.js";

const good = { proxyUrl: " http://localhost:8787/ ", accessKeyId: " FFAKID ", secretAccessKey: " s3cret ", region: "" };

describe("validateSettings", () => {
  it("cleans the values and defaults the region to us-west-2", () => {
    expect(validateSettings(good, null)).toEqual({
      ok: true,
      settings: { proxyUrl: "http://localhost:8787", accessKeyId: "FFAKID", secretAccessKey: "s3cret", region: "us-west-2" },
    });
  });

  it("keeps the saved secret when the field is left empty", () => {
    expect(validateSettings({ ...good, secretAccessKey: "" }, "saved-secret")).toMatchObject({
      ok: true,
      settings: { secretAccessKey: "saved-secret" },
    });
  });

  it("says what is wrong with each field", () => {
    const result = validateSettings({ proxyUrl: "localhost:8787", accessKeyId: "", secretAccessKey: "", region: "Oregon" }, null);
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(["accessKeyId", "proxyUrl", "region", "secretAccessKey"]);
    expect(validateSettings({ ...good, proxyUrl: "ftp://host" }, null).ok).toBe(false);
    expect(validateSettings({ ...good, proxyUrl: "http://host/?x=1" }, null).ok).toBe(false);
    expect(validateSettings({ ...good, region: "eu-central-1" }, null).ok).toBe(true);
  });
});

describe("maskSecret", () => {
  it("never shows more than the last four characters", () => {
    expect(maskSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toBe("•••• EKEY");
    expect(maskSecret("short")).toBe("••••");
  });
});

/**
 * The built plugin in chromium against a proxy serving HTTPS (the test certificate, which this browser is told to
 * accept): chromium picks HTTP/2 by ALPN, sends the host as `:authority`, and the proxy must still accept the
 * signatures the UI made over `host`. Twelve frames are filled, and all twelve images are in flight at once: the UI's
 * pool follows the `maxConcurrency` the proxy advertises in /healthz (16) over h2. Run `npm run build` first.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import type { Backend } from "../../proxy/backends/backend.js";
import { createPreviewBackend } from "../../proxy/backends/preview.js";
import { generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

const tlsDir = join(dirname(fileURLToPath(import.meta.url)), "../support/tls");
const FRAMES = 12;

/**
 * The preview backend behind a gate that holds each request until `FRAMES` are waiting (or a short while has passed,
 * so a smaller pool still finishes and the test fails on the count, not a timeout), and records the most in flight.
 */
function gatedBackend(): Backend & { maxInFlight: number } {
  const inner = createPreviewBackend();
  let inFlight = 0;
  let release: (() => void)[] = [];
  const gate: Backend & { maxInFlight: number } = {
    name: inner.name,
    maxInFlight: 0,
    async invoke(input) {
      inFlight++;
      gate.maxInFlight = Math.max(gate.maxInFlight, inFlight);
      await new Promise<void>((resolve) => {
        release.push(resolve);
        if (inFlight >= FRAMES) release.splice(0).forEach((open) => open());
        else setTimeout(resolve, 1_500);
      });
      try {
        return await inner.invoke(input);
      } finally {
        inFlight--;
      }
    },
    close: () => inner.close(),
  };
  return gate;
}

const backend = gatedBackend();
const fixture = useHarnessWithProxy({
  harness: { ignoreHTTPSErrors: true },
  proxy: {
    env: { PROXY_TLS_CERT: join(tlsDir, "localhost-cert.pem"), PROXY_TLS_KEY: join(tlsDir, "localhost-key.pem") },
    backend,
  },
});

beforeEach(async () => {
  await fixture.harness.newDocument({ theme: "light" });
});

describe("filling frames through a proxy on HTTPS", () => {
  it("fills twelve frames over HTTP/2, all twelve images in flight at once", async () => {
    expect(fixture.proxy.url).toMatch(/^https:\/\/localhost:\d+$/);
    const ids: string[] = [];
    for (let index = 0; index < FRAMES; index++) {
      ids.push(await fixture.harness.createFrame({ name: `Tile ${index + 1}`, width: 400 + 40 * index, height: 400, x: index * 1000, y: 0 }));
    }
    await fixture.harness.select(ids);
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;
    await saveSettings(ui, fixture.settings);
    await promptField(ui).fill("A tiled mosaic of sea glass");
    await generateButton(ui).click();

    await progressStatus(ui).filter({ hasText: `${FRAMES} of ${FRAMES} placed` }).waitFor();
    for (const id of ids) expect(await fixture.harness.placedImages(id), id).toHaveLength(1);
    expect(backend.maxInFlight).toBe(FRAMES);

    const lines = fixture.proxy.logs.filter((line) => line["msg"] === "request");
    const invokes = lines.filter((line) => line["method"] === "POST" && String(line["path"]).endsWith("/invoke"));
    expect(invokes).toHaveLength(FRAMES);
    expect(invokes.map((line) => [line["protocol"], line["status"]])).toEqual(Array(FRAMES).fill(["h2", 200]));
    const health = lines.filter((line) => line["path"] === "/healthz" && line["method"] === "GET");
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((line) => line["protocol"] === "h2")).toBe(true);
  });
});

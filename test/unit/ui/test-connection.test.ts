import { describe, expect, it } from "vitest";
import type { Settings } from "../../../src/messages.js";
import { testConnection, type ConnectionDependencies } from "../../../src/ui/connection/test-connection.js";
import { bedrockError, FakeClock, ManualFetch, type FetchCall } from "./fakes.js";

const settings: Settings = { proxyUrl: "http://localhost:8787", accessKeyId: "FFKEY1", secretAccessKey: "secret", region: "us-west-2" };
const MODEL = "stability.stable-image-core-v1:0";
const health = () => new Response(JSON.stringify({ status: "ok", backend: "preview", version: "0.1.0" }), { status: 200 });

function deps(answer: (call: FetchCall) => Response | Error, blocked = false): ConnectionDependencies & { fetcher: ManualFetch; clock: FakeClock } {
  const clock = new FakeClock();
  const fetcher = new ManualFetch(answer);
  let ids = 0;
  return { fetch: fetcher.fetch, now: clock.now, wasBlockedByPolicy: () => blocked, newId: () => `test-${++ids}`, fetcher, clock };
}

/** Answers /healthz with `healthAnswer` and the signed InvokeModel with `invokeAnswer`. */
function proxy(invokeAnswer: (call: FetchCall) => Response | Error, healthAnswer: () => Response | Error = health) {
  return (call: FetchCall) => (call.url.endsWith("/healthz") ? healthAnswer() : invokeAnswer(call));
}

describe("testConnection", () => {
  it("says it works when a signed InvokeModel with an empty body gets a ValidationException", async () => {
    const d = deps(proxy(() => bedrockError(400, "ValidationException", "Malformed input request: #: required key [prompt] not found")));
    const report = await testConnection(d, settings, MODEL);
    expect(report).toEqual({
      ok: true,
      message:
        "Connected. The key FFKEY1 works with the proxy on its preview backend (version 0.1.0) in us-west-2. Images will be local previews, not Bedrock's.",
    });
    const invoke = d.fetcher.calls[1]!;
    expect(invoke.url).toBe("http://localhost:8787/model/stability.stable-image-core-v1%3A0/invoke");
    expect(invoke.body).toBe("{}");
    expect(invoke.headers.get("authorization")).toMatch(/^AWS4-HMAC-SHA256 Credential=FFKEY1\/20250115\/us-west-2\/bedrock\//);
    expect(invoke.headers.get("amz-sdk-invocation-id")).toBe("test-1");
  });

  it("names an unknown key", async () => {
    const report = await testConnection(deps(proxy(() => bedrockError(403, "UnrecognizedClientException", "The security token included in the request is invalid."))), settings, MODEL);
    expect(report).toMatchObject({ ok: false, problem: "unknown-key" });
    expect(report.message).toContain("FFKEY1");
  });

  it("names a bad secret", async () => {
    const report = await testConnection(
      deps(proxy(() => bedrockError(403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided."))),
      settings,
      MODEL,
    );
    expect(report).toMatchObject({ ok: false, problem: "bad-secret", message: expect.stringMatching(/secret access key doesn't match/) });
  });

  it("names clock skew and how far off the clock is, from the proxy's Date header", async () => {
    const skewed = deps(
      proxy(() =>
        bedrockError(403, "InvalidSignatureException", "Signature expired: 20250115T120000Z is now earlier than ...", {
          date: new Date(Date.UTC(2025, 0, 15, 12, 7, 0)).toUTCString(),
        }),
      ),
    );
    const report = await testConnection(skewed, settings, MODEL);
    expect(report).toMatchObject({ ok: false, problem: "clock-skew" });
    expect(report.message).toContain("It is 7 minutes behind the proxy's.");
  });

  it("names a wrong region with the proxy's own words", async () => {
    const report = await testConnection(
      deps(proxy(() => bedrockError(403, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'us-east-1'. This endpoint serves 'us-west-2'."))),
      { ...settings, region: "us-east-1" },
      MODEL,
    );
    expect(report).toMatchObject({ ok: false, problem: "wrong-region", message: expect.stringContaining("This endpoint serves 'us-west-2'") });
  });

  it("calls a proxy that nothing answers for unreachable, with the configure hint", async () => {
    const report = await testConnection(deps(() => new TypeError("Failed to fetch")), settings, MODEL);
    expect(report).toMatchObject({ ok: false, problem: "unreachable" });
    expect(report.message).toContain("npm run configure -- --proxy-url http://localhost:8787");
  });

  it("says Figma blocked it when the page saw a CSP violation for the proxy", async () => {
    const report = await testConnection(deps(() => new TypeError("Failed to fetch"), true), settings, MODEL);
    expect(report).toMatchObject({ ok: false, problem: "blocked", message: expect.stringContaining("networkAccess") });
    expect(report.message).toContain("npm run configure -- --proxy-url http://localhost:8787");
  });

  it("says CORS is missing when an opaque no-cors request gets through", async () => {
    const d = deps(() => new Response(null, { status: 200 }));
    d.fetch = (input, init) => (init?.mode === "no-cors" ? Promise.resolve(new Response(null)) : Promise.reject(new TypeError("Failed to fetch")));
    const report = await testConnection(d, settings, MODEL);
    expect(report).toMatchObject({ ok: false, problem: "cors" });
  });

  it("says a preflight refused the signed request when only the health check got through", async () => {
    const report = await testConnection(deps(proxy(() => new TypeError("Failed to fetch"))), settings, MODEL);
    expect(report).toMatchObject({ ok: false, problem: "cors", message: expect.stringContaining("preflight") });
  });

  it("says the key works but the model is not offered, on AccessDeniedException", async () => {
    const report = await testConnection(deps(proxy(() => bedrockError(403, "AccessDeniedException", "This model is not enabled on this proxy."))), settings, MODEL);
    expect(report).toMatchObject({ ok: true, message: expect.stringContaining("doesn't offer the chosen model") });
  });
});

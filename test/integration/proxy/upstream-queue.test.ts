/**
 * The proxy's cap on calls in flight to its backend, with a bounded queue: what waits, what is refused with 429 and
 * Retry-After (a full queue, a wait that runs out), that a refused request's reservation is given back, and that the
 * proxy makes one upstream attempt per client attempt by default, so retries never multiply.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../../proxy/backends/backend.js";
import { createPreviewBackend } from "../../../proxy/backends/preview.js";
import { loadConfig } from "../../../proxy/config.js";
import type { BedrockEmulator } from "../../support/bedrock-emulator/index.js";
import { startProxyOnEmulator } from "../../support/proxy-on-emulator.js";
import { signedFetch } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const path = "/model/stability.stable-image-core-v1%3A0/invoke";
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const item of opened.reverse()) await item.close();
});

describe("upstream concurrency", () => {
  let proxy: TestProxy;
  const held: (() => void)[] = [];
  beforeAll(async () => {
    const preview = createPreviewBackend();
    const gated: Backend = {
      name: "preview",
      async invoke(input) {
        await new Promise<void>((resolve) => held.push(resolve));
        return preview.invoke(input);
      },
      close: () => preview.close(),
    };
    proxy = await startTestProxy({
      backend: gated,
      env: { PROXY_UPSTREAM_CONCURRENCY: "2", PROXY_UPSTREAM_QUEUE: "1", PROXY_UPSTREAM_QUEUE_WAIT_MS: "400" },
    });
    opened.push(proxy);
  });

  it("holds two calls in flight, queues one, refuses the next at once, and refuses a wait that runs out", async () => {
    const key = await proxy.proxy.keys.create({ name: "queue", limits: { imagesPerDay: 4 } });
    const send = (prompt: string) => signedFetch({ url: proxy.url + path, body: JSON.stringify({ prompt }), ...key });
    const inFlight = [send("one"), send("two")];
    await waitFor(() => held.length === 2);
    const queued = send("three");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await send("four");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-amzn-errortype")).toBe("ThrottlingException");
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(((await refused.json()) as { message: string }).message).toBe(
      "The proxy is busy: 1 requests are already waiting for Amazon Bedrock. Try again shortly.",
    );
    const timedOut = await queued;
    expect(timedOut.status).toBe(429);
    expect(((await timedOut.json()) as { message: string }).message).toContain("within 400 ms");

    for (const release of held.splice(0)) release();
    expect((await Promise.all(inFlight)).map((response) => response.status)).toEqual([200, 200]);
    // The two refused requests were given back: of the day's four images, two are left.
    const third = send("five");
    await waitFor(() => held.length === 1);
    held.splice(0)[0]!();
    expect((await third).status).toBe(200);
  });

  it("gives a queued place to the next waiter as soon as a call ends", async () => {
    const send = (prompt: string) => signedFetch({ url: proxy.url + path, body: JSON.stringify({ prompt }), ...proxy.key });
    const first = [send("a"), send("b")];
    await waitFor(() => held.length === 2);
    const waiting = send("c");
    await new Promise((resolve) => setTimeout(resolve, 50));
    held.shift()!();
    await waitFor(() => held.length === 2);
    for (const release of held.splice(0)) release();
    expect((await Promise.all([...first, waiting])).map((response) => response.status)).toEqual([200, 200, 200]);
  });
});

describe("upstream attempts", () => {
  let emulator: BedrockEmulator;
  let proxy: TestProxy;
  beforeAll(async () => {
    ({ emulator, proxy } = await startProxyOnEmulator());
    opened.push(emulator, proxy);
  });

  it("makes one upstream attempt per client attempt by default, so a client's retries are not multiplied", async () => {
    expect(loadConfig({}).upstream.maxAttempts).toBe(1);
    emulator.injectFault({ kind: "error", errorType: "ServiceUnavailableException" }, { times: 5 });
    const answer = await signedFetch({ url: proxy.url + path, body: JSON.stringify({ prompt: "once upstream" }), ...proxy.key });
    expect(answer.status).toBe(503);
    expect(emulator.requests).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

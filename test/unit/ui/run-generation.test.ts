import { describe, expect, it } from "vitest";
import type { GenerationOptions, Job, Settings, UiToMain } from "../../../src/messages.js";
import { decodeBase64 } from "../../../src/ui/bedrock/decode-base64.js";
import type { JobProgress } from "../../../src/ui/generation/job-progress.js";
import { createPlacementTracker } from "../../../src/ui/generation/placement-tracker.js";
import { idempotencyKey, runGeneration, type GenerationDependencies } from "../../../src/ui/generation/run-generation.js";
import { bedrockError, FakeClock, flush, imageResponse, ManualFetch, PNG_BASE64 } from "./fakes.js";

const settings: Settings = { proxyUrl: "http://127.0.0.1:8787", accessKeyId: "AKID", secretAccessKey: "secret", region: "us-west-2" };
const options: GenerationOptions = {
  prompt: "a lighthouse at dusk",
  negativePrompt: "",
  modelId: "stability.stable-image-core-v1:0",
  aspectRatio: "match",
  outputFormat: "png",
  seed: 0,
  variants: 1,
};

function job(jobId: string, aspectRatio: Job["aspectRatio"] = "1:1", seed = 0): Job {
  return { jobId, targetId: `node-${jobId}`, targetName: `Frame ${jobId}`, variantIndex: 0, aspectRatio, seed };
}

/** Wires runGeneration to a fake main thread that places every image it gets (or refuses those listed). */
function harness(fetch: ManualFetch, refuse: string[] = []) {
  const clock = new FakeClock();
  const sent: UiToMain[] = [];
  const tracker = createPlacementTracker();
  const progress: [string, Partial<JobProgress>][] = [];
  const converted: Uint8Array[] = [];
  const deps: GenerationDependencies = {
    fetch: fetch.fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    send: (message) => {
      sent.push(message);
      if (message.type === "place-image") {
        queueMicrotask(() =>
          tracker.answer(
            refuse.includes(message.jobId)
              ? { type: "image-not-placed", generationId: message.generationId, jobId: message.jobId, message: "The layer is locked." }
              : { type: "image-placed", generationId: message.generationId, jobId: message.jobId, nodeId: `node-${message.jobId}`, movedToNewFrame: false },
          ),
        );
      }
    },
    toFigmaImage: async (bytes) => {
      converted.push(bytes);
      return bytes;
    },
    waitForPlacement: tracker.wait,
  };
  const onProgress = (jobId: string, patch: Partial<JobProgress>) => progress.push([jobId, patch]);
  return { clock, sent, progress, converted, deps, onProgress };
}

describe("runGeneration", () => {
  it("requests each job's image with its ratio and seed, places it, and finishes after main has placed them all", async () => {
    const fetch = new ManualFetch((call) => imageResponse(PNG_BASE64, JSON.parse(call.body).seed || 99));
    const h = harness(fetch);
    const outcome = await runGeneration(
      h.deps,
      { generationId: "g1", jobs: [job("a", "16:9"), job("b", "4:5", 123)], options, settings },
      new AbortController().signal,
      h.onProgress,
    );
    expect(outcome).toEqual({ cancelled: false, placed: 2, failed: 0 });
    // Both requests run at once (signing is asynchronous), so their order is not fixed.
    expect(fetch.calls.map((call) => JSON.parse(call.body))).toEqual(
      expect.arrayContaining([
        { prompt: "a lighthouse at dusk", aspect_ratio: "16:9", seed: 0, output_format: "png" },
        { prompt: "a lighthouse at dusk", aspect_ratio: "4:5", seed: 123, output_format: "png" },
      ]),
    );
    expect(fetch.calls).toHaveLength(2);
    const places = h.sent.filter((message) => message.type === "place-image");
    expect(places).toHaveLength(2);
    expect(places).toEqual(
      expect.arrayContaining([
        { type: "place-image", generationId: "g1", jobId: "a", bytes: decodeBase64(PNG_BASE64), seed: 99 },
        { type: "place-image", generationId: "g1", jobId: "b", bytes: decodeBase64(PNG_BASE64), seed: 123 },
      ]),
    );
    expect(places.every((message) => message.type === "place-image" && message.bytes instanceof Uint8Array)).toBe(true);
    expect(h.sent.at(-1)).toEqual({ type: "finish-generation", generationId: "g1", cancelled: false });
    expect(h.progress.filter(([id]) => id === "a").map(([, patch]) => patch.status).filter(Boolean)).toEqual(["generating", "placing", "done"]);
    expect(h.converted).toHaveLength(2);
  });

  it("keeps the Idempotency-Key of an image across its retries, while each retry is signed anew", async () => {
    let throttles = 2;
    const fetch = new ManualFetch(() =>
      throttles-- > 0 ? bedrockError(429, "ThrottlingException", "Rate exceeded", { "retry-after": "2" }) : imageResponse(PNG_BASE64),
    );
    const h = harness(fetch);
    const outcome = await runGeneration(h.deps, { generationId: "g2", jobs: [job("a")], options, settings }, new AbortController().signal, h.onProgress);
    expect(outcome.placed).toBe(1);
    expect(fetch.calls).toHaveLength(3);
    expect(new Set(fetch.calls.map((call) => call.headers.get("idempotency-key")))).toEqual(new Set([idempotencyKey("g2", "a")]));
    expect(new Set(fetch.calls.map((call) => call.headers.get("authorization"))).size).toBe(3);
    expect(h.clock.sleeps).toEqual([2_000, 2_000]);
    expect(h.progress).toContainEqual(["a", { retryingInMs: 2_000 }]);
  });

  it("retries an image whose connection dropped, with the same Idempotency-Key, so the proxy can hand back what it made", async () => {
    let drops = 1;
    const fetch = new ManualFetch(() => (drops-- > 0 ? new TypeError("Failed to fetch") : imageResponse(PNG_BASE64)));
    const h = harness(fetch);
    const outcome = await runGeneration(h.deps, { generationId: "g5", jobs: [job("a")], options, settings }, new AbortController().signal, h.onProgress);
    expect(outcome).toEqual({ cancelled: false, placed: 1, failed: 0 });
    expect(fetch.calls.map((call) => call.headers.get("idempotency-key"))).toEqual([idempotencyKey("g5", "a"), idempotencyKey("g5", "a")]);
    expect(h.sent.some((message) => message.type === "job-failed")).toBe(false);
  });

  it("reports each image that did not come back with job-failed, in a designer's words", async () => {
    const fetch = new ManualFetch((call) =>
      JSON.parse(call.body).aspect_ratio === "1:1" ? imageResponse("", 1, "Filter reason: output image") : imageResponse(PNG_BASE64),
    );
    const h = harness(fetch, ["c"]);
    const outcome = await runGeneration(
      h.deps,
      { generationId: "g3", jobs: [job("a", "1:1"), job("b", "3:2"), job("c", "2:3")], options, settings },
      new AbortController().signal,
      h.onProgress,
    );
    expect(outcome).toEqual({ cancelled: false, placed: 1, failed: 2 });
    const failed = h.sent.filter((message) => message.type === "job-failed");
    expect(failed).toEqual([
      expect.objectContaining({ type: "job-failed", generationId: "g3", jobId: "a", kind: "output-filtered", message: expect.stringMatching(/content filter/) }),
    ]);
    expect(h.progress).toContainEqual(["c", { status: "failed", kind: "placement", message: "The layer is locked." }]);
    expect(h.sent.at(-1)).toEqual({ type: "finish-generation", generationId: "g3", cancelled: false });
  });

  it("on cancel, aborts what is in flight, skips what has not started, and finishes with cancelled: true", async () => {
    const fetch = new ManualFetch();
    const h = harness(fetch);
    const controller = new AbortController();
    const jobs = ["a", "b", "c", "d", "e", "f"].map((id) => job(id));
    const running = runGeneration(h.deps, { generationId: "g4", jobs, options, settings, concurrency: 2 }, controller.signal, h.onProgress);
    await fetch.waitForCalls(2);
    // The first two requests are signed concurrently, so either may reach fetch first: answer job a's by its key.
    const callFor = (jobId: string) => fetch.calls.find((call) => call.headers.get("idempotency-key") === idempotencyKey("g4", jobId));
    callFor("a")!.respond(imageResponse(PNG_BASE64));
    await fetch.waitForCalls(3);
    await flush(30);
    controller.abort();
    const outcome = await running;

    expect(outcome).toEqual({ cancelled: true, placed: 1, failed: 5 });
    expect(fetch.calls).toHaveLength(3);
    expect(fetch.calls.filter((call) => call !== callFor("a")).every((call) => call.signal?.aborted)).toBe(true);
    const failed = h.sent.filter((message) => message.type === "job-failed");
    expect(failed.map((message) => message.type === "job-failed" && [message.jobId, message.kind]).sort()).toEqual([
      ["b", "cancelled"],
      ["c", "cancelled"],
      ["d", "cancelled"],
      ["e", "cancelled"],
      ["f", "cancelled"],
    ]);
    expect(h.sent.at(-1)).toEqual({ type: "finish-generation", generationId: "g4", cancelled: true });
  });
});

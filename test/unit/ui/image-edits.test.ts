/**
 * Image edits in the UI, without a browser: what each tool is sent for an image (shrunk to the tool's limits, GIF
 * re-encoded, Expand to fit's extensions for the layer's exact ratio), results over Figma's 4096 px, the cost line,
 * and a whole edit run through the pool with a fake fetch, codec and main thread: the bodies sent, a filtered image
 * reported and never placed, Cancel.
 */
import { describe, expect, it } from "vitest";
import { FINISH_REASONS, IMAGE_EDIT_MODEL_IDS } from "../../../src/contract/index.js";
import type { EditJob, EditParameters } from "../../../src/edit-messages.js";
import type { Settings, UiToMain } from "../../../src/messages.js";
import { describeEditCost } from "../../../src/ui/edit/describe-edit-cost.js";
import type { EditImageCodec } from "../../../src/ui/edit/edit-image-codec.js";
import type { EditJobProgress } from "../../../src/ui/edit/edit-progress.js";
import { fitFigmaImage } from "../../../src/ui/edit/fit-figma-image.js";
import { planEditInput } from "../../../src/ui/edit/plan-edit-input.js";
import { runEdit } from "../../../src/ui/edit/run-edit.js";
import { FakeClock, flush, imageResponse, ManualFetch } from "./fakes.js";

const centre = { x: 0.5, y: 0.5 };
const layer = (layerWidth: number, layerHeight: number) => ({ layerWidth, layerHeight, cropCenter: centre });

describe("planEditInput", () => {
  it("sends an image that fits as it is, and shrinks one over the tool's limits (never enlarging)", () => {
    expect(planEditInput({ tool: "removeBackground" }, { format: "png", width: 1024, height: 768 }, layer(100, 100))).toMatchObject({
      ok: true,
      input: { width: 1024, height: 768 },
      reencode: false,
      output: { width: 1024, height: 768 },
    });
    expect(planEditInput({ tool: "upscale" }, { format: "jpeg", width: 2048, height: 2048 }, layer(100, 100))).toMatchObject({
      ok: true,
      input: { width: 1024, height: 1024 },
      reencode: true,
      output: { width: 4096, height: 4096 },
      details: { inputWidth: 1024, inputHeight: 1024, originalWidth: 2048, originalHeight: 2048 },
    });
  });

  it("re-encodes a GIF, which Bedrock refuses, even at the right size", () => {
    expect(planEditInput({ tool: "erase" }, { format: "gif", width: 300, height: 200 }, layer(300, 200))).toMatchObject({ ok: true, reencode: true });
  });

  it("says why an image can't be sent when shrinking can't help", () => {
    expect(planEditInput({ tool: "removeBackground" }, { format: "png", width: 40, height: 40 }, layer(40, 40))).toEqual({
      ok: false,
      message: "The image is 40×40 pixels: each side must be at least 64 pixels.",
    });
    expect(planEditInput({ tool: "searchReplace", searchFor: "a", replaceWith: "b" }, { format: "png", width: 3000, height: 1000 }, layer(3, 1))).toEqual({
      ok: false,
      message: "The image is 3000×1000 pixels: its aspect ratio must be between 1:2.5 and 2.5:1.",
    });
  });

  it("gives Expand to fit the extensions for the layer's exact ratio, and the layer's prompt", () => {
    const plan = planEditInput({ tool: "outpaint" }, { format: "png", width: 1536, height: 640 }, { ...layer(1440, 320), prompt: "a lake" });
    expect(plan).toMatchObject({ ok: true, input: { width: 1536, height: 640 }, extras: { left: 672, right: 672, up: 0, down: 0, prompt: "a lake" } });
    if (!plan.ok) throw new Error("refused");
    expect(plan.output.width / plan.output.height).toBe(4.5);
    expect(planEditInput({ tool: "outpaint" }, { format: "png", width: 900, height: 200 }, layer(1440, 320))).toEqual({
      ok: false,
      message: "The image is 900×200 pixels: its aspect ratio must be between 1:2.5 and 2.5:1.",
    });
    expect(planEditInput({ tool: "outpaint" }, { format: "png", width: 1000, height: 500 }, layer(200, 100))).toEqual({
      ok: false,
      message: "The image already has the layer's shape: there is nothing to expand.",
    });
  });

  it("passes what to search for and what to put there, trimmed", () => {
    expect(planEditInput({ tool: "searchReplace", searchFor: " cat ", replaceWith: "dog " }, { format: "webp", width: 512, height: 512 }, layer(1, 1))).toMatchObject({
      ok: true,
      reencode: false,
      extras: { search_prompt: "cat", prompt: "dog" },
    });
  });
});

describe("fitFigmaImage", () => {
  it("keeps an image Figma takes, and shrinks a larger one to 4096 px a side, saying so", () => {
    expect(fitFigmaImage({ width: 4096, height: 1024 }, "upscale")).toEqual({ width: 4096, height: 1024, shrunk: false });
    expect(fitFigmaImage({ width: 6144, height: 1364 }, "upscale")).toEqual({
      width: 4096,
      height: 909,
      shrunk: true,
      note: "Upscaled to 4096×909: Figma takes at most 4096 px a side (the 4× result was 6144×1364).",
    });
    expect(fitFigmaImage({ width: 3000, height: 5000 }, "outpaint")).toMatchObject({ width: 2457, height: 4095, shrunk: true });
  });

  it("keeps an expanded image's ratio exact when a size a few pixels under 4096 allows it", () => {
    const banner = fitFigmaImage({ width: 4608, height: 1024 }, "outpaint");
    expect(banner).toMatchObject({ width: 4095, height: 910, shrunk: true });
    expect(banner.width / banner.height).toBe(4.5);
    // 1441:1000 has no exact size near 4096: the nearest pixel.
    expect(fitFigmaImage({ width: 5764, height: 4000 }, "outpaint")).toMatchObject({ width: 4096, height: 2842 });
  });
});

describe("describeEditCost", () => {
  it("counts edits at the tool's price from the contract", () => {
    expect(describeEditCost("removeBackground", 3)).toBe("3 edits · $0.21");
    expect(describeEditCost("upscale", 1)).toBe("1 edit · $0.03");
    expect(describeEditCost("outpaint", 2)).toBe("2 edits · $0.12");
  });

  it("counts edits at the proxy's price for the tool's model when it gave one", () => {
    const prices = { [IMAGE_EDIT_MODEL_IDS.upscale]: 10_000 };
    expect(describeEditCost("upscale", 3, prices)).toBe("3 edits · $0.03");
    expect(describeEditCost("outpaint", 2, prices)).toBe("2 edits · $0.12");
  });
});

describe("runEdit", () => {
  const settings: Settings = { proxyUrl: "http://127.0.0.1:8787", accessKeyId: "AKID", secretAccessKey: "secret", region: "us-west-2" };
  /** Images here are a format's signature and then width and height as 16-bit numbers; the codec reads and "draws" them. */
  const sized = (head: number[], width: number, height: number) => new Uint8Array([...head, width >> 8, width & 255, height >> 8, height & 255]);
  const png = (width: number, height: number) => sized([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], width, height);
  const gif = (width: number, height: number) => sized([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0], width, height);
  const sizeOf = (bytes: Uint8Array) => ({ width: (bytes[8]! << 8) | bytes[9]!, height: (bytes[10]! << 8) | bytes[11]! });
  const codec: EditImageCodec & { drawn: [number, number][] } = {
    drawn: [],
    async size(bytes) {
      return sizeOf(bytes);
    },
    async toPng(_bytes, width, height) {
      codec.drawn.push([width, height]);
      return png(width, height);
    },
  };
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

  function job(jobId: string, bytes: Uint8Array, extra: Partial<EditJob> = {}): EditJob {
    return { jobId, nodeId: `n-${jobId}`, name: `Layer ${jobId}`, layerWidth: 1440, layerHeight: 320, bytes, cropCenter: centre, ...extra };
  }

  function run(fetch: ManualFetch, jobs: EditJob[], parameters: EditParameters, signal = new AbortController().signal) {
    const clock = new FakeClock();
    const sent: UiToMain[] = [];
    const progress: [string, Partial<EditJobProgress>][] = [];
    codec.drawn = [];
    const done = runEdit(
      {
        fetch: fetch.fetch,
        now: clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
        send: (message) => sent.push(message),
        toFigmaImage: async (bytes) => bytes,
        codec,
        waitForPlacement: async () => ({ placed: true }),
      },
      { editId: "edit-1", jobs, parameters, settings, concurrency: 2 },
      signal,
      (jobId, patch) => progress.push([jobId, patch]),
    );
    return { done, sent, progress };
  }

  it("sends each image to the tool's model, shrunk to its limits, and places the result shrunk to Figma's 4096 px", async () => {
    const fetch = new ManualFetch((call) => {
      const body = JSON.parse(call.body) as { image: string };
      const input = sizeOf(Buffer.from(body.image, "base64"));
      return imageResponse(base64(png(input.width * 4, input.height * 4)), 9);
    });
    const { done, sent } = run(fetch, [job("a", png(2048, 1024))], { tool: "upscale" });
    expect(await done).toEqual({ cancelled: false, placed: 1, failed: 0 });
    expect(fetch.calls[0]!.url).toBe(`http://127.0.0.1:8787/model/${encodeURIComponent(IMAGE_EDIT_MODEL_IDS.upscale)}/invoke`);
    expect(JSON.parse(fetch.calls[0]!.body)).toEqual({ image: base64(png(1448, 724)), output_format: "png" });
    // In: 2048×1024 shrunk to 1448×724 (≤ 1,048,576 px). Out: 5792×2896, shrunk to 4096×2048.
    expect(codec.drawn).toEqual([[1448, 724], [4096, 2048]]);
    const place = sent.find((message) => message.type === "place-edit");
    expect(place).toMatchObject({
      editId: "edit-1",
      jobId: "a",
      bytes: png(4096, 2048),
      placed: { seed: 9, details: { inputWidth: 1448, inputHeight: 724, outputWidth: 5792, outputHeight: 2896, placedWidth: 4096, placedHeight: 2048 } },
    });
    expect(sent.at(-1)).toEqual({ type: "finish-edit", editId: "edit-1", cancelled: false });
  });

  it("sends Erase's mask at the input's size, and reports a filtered image without placing it", async () => {
    const fetch = new ManualFetch(() => imageResponse("", 1, FINISH_REASONS.inputFiltered));
    const { done, sent, progress } = run(fetch, [job("a", gif(640, 320), { mask: png(640, 320) })], { tool: "erase" });
    expect(await done).toEqual({ cancelled: false, placed: 0, failed: 1 });
    const body = JSON.parse(fetch.calls[0]!.body) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(["image", "mask", "output_format"]);
    expect(codec.drawn).toEqual([[640, 320], [640, 320]]);
    expect(sent.some((message) => message.type === "place-edit")).toBe(false);
    expect(sent).toContainEqual({
      type: "edit-failed",
      editId: "edit-1",
      jobId: "a",
      kind: "input-filtered",
      message: "The content filter blocked this image, so it was not edited. The layer is as it was.",
    });
    expect(progress.at(-1)).toEqual(["a", expect.objectContaining({ status: "failed", kind: "input-filtered" })]);
  });

  it("refuses an image no tool can take before any request, and Cancel aborts what is in flight", async () => {
    const fetch = new ManualFetch();
    const controller = new AbortController();
    const { done, sent } = run(fetch, [job("tiny", png(32, 32)), job("b", png(512, 512)), job("c", png(512, 512))], { tool: "removeBackground" }, controller.signal);
    await fetch.waitForCalls(2);
    await flush();
    expect(fetch.calls).toHaveLength(2);
    controller.abort();
    expect(await done).toEqual({ cancelled: true, placed: 0, failed: 3 });
    const failures = sent.filter((message) => message.type === "edit-failed").map((message) => [message.jobId, message.kind]);
    expect(failures).toEqual([
      ["tiny", "invalid-request"],
      ["b", "cancelled"],
      ["c", "cancelled"],
    ]);
    expect(sent.at(-1)).toEqual({ type: "finish-edit", editId: "edit-1", cancelled: true });
  });
});

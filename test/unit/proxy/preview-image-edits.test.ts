import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { createPreviewBackend } from "../../../proxy/backends/preview.js";
import { IMAGE_EDIT_MODEL_IDS, type ImageEditTool, type TextToImageResponse } from "../../../src/contract/index.js";

const backend = createPreviewBackend({ randomSeed: () => 5 });

async function edit(tool: ImageEditTool, request: Record<string, unknown>) {
  const output = await backend.invoke({ modelId: IMAGE_EDIT_MODEL_IDS[tool], request: request as never, signal: new AbortController().signal });
  const reply = JSON.parse(new TextDecoder().decode(output.body)) as TextToImageResponse;
  expect(output).toMatchObject({ images: 1, finishReasons: [null], seeds: reply.seeds });
  return sharp(Buffer.from(reply.images[0]!, "base64"));
}

/** A 320×200 photo stand-in: a flat blue left half and a flat orange right half. */
async function input(width = 320, height = 200): Promise<Buffer> {
  const half = Math.floor(width / 2);
  return sharp({ create: { width, height, channels: 3, background: "#1040c0" } })
    .composite([{ input: { create: { width: width - half, height, channels: 3, background: "#f08020" } }, left: half, top: 0 }])
    .png()
    .toBuffer();
}

const base64 = (bytes: Buffer) => bytes.toString("base64");

async function pixel(image: Sharp, x: number, y: number): Promise<number[]> {
  const { data, info } = await image.clone().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 4;
  return [...data.subarray(at, at + 4)];
}

describe("the preview backend's image edits", () => {
  it("remove background: a real alpha channel, opaque in the middle and transparent in the corners", async () => {
    const image = await edit("removeBackground", { image: base64(await input()) });
    const metadata = await image.metadata();
    expect(metadata).toMatchObject({ format: "png", width: 320, height: 200, hasAlpha: true, channels: 4 });
    expect((await pixel(image, 0, 0))[3]).toBe(0);
    expect((await pixel(image, 319, 199))[3]).toBe(0);
    expect((await pixel(image, 60, 100))[3]).toBe(255);
    // Keeps the subject's colours where it is opaque.
    expect((await pixel(image, 60, 100)).slice(0, 3)).toEqual([0x10, 0x40, 0xc0]);
  });

  it("remove background as WebP keeps the alpha; as JPEG it is flattened", async () => {
    expect(await (await edit("removeBackground", { image: base64(await input()), output_format: "webp" })).metadata()).toMatchObject({ format: "webp", hasAlpha: true });
    expect(await (await edit("removeBackground", { image: base64(await input()), output_format: "jpeg" })).metadata()).toMatchObject({ format: "jpeg", hasAlpha: false });
  });

  it("upscale: a real 4× resize, so the input's picture survives at 4× each side", async () => {
    const image = await edit("upscale", { image: base64(await input(100, 60)), output_format: "jpeg" });
    expect(await image.metadata()).toMatchObject({ format: "jpeg", width: 400, height: 240 });
    const left = await pixel(image, 20, 20);
    const right = await pixel(image, 380, 220);
    expect(left[2]).toBeGreaterThan(150); // blue stays blue
    expect(right[0]).toBeGreaterThan(200); // orange stays orange
  });

  it("outpaint: a canvas grown by the extensions, the input placed at (left, up)", async () => {
    const image = await edit("outpaint", { image: base64(await input(200, 100)), left: 50, right: 30, up: 20, down: 0, prompt: "more beach" });
    expect(await image.metadata()).toMatchObject({ format: "png", width: 280, height: 120, hasAlpha: false });
    expect((await pixel(image, 55, 25)).slice(0, 3)).toEqual([0x10, 0x40, 0xc0]); // the input's top-left, moved
    expect((await pixel(image, 245, 115)).slice(0, 3)).toEqual([0xf0, 0x80, 0x20]); // its bottom-right
  });

  it("search and replace and erase: the input's size, visibly changed, with the PREVIEW band", async () => {
    const source = await input();
    const original = await sharp(source).raw().toBuffer();
    for (const [tool, request] of [
      ["searchReplace", { image: base64(source), prompt: "a bicycle", search_prompt: "car" }],
      ["erase", { image: base64(source) }],
      ["erase", { image: base64(source), mask: base64(await sharp({ create: { width: 32, height: 20, channels: 3, background: "#ffffff" } }).png().toBuffer()) }],
    ] as const) {
      const image = await edit(tool, request);
      expect(await image.metadata()).toMatchObject({ width: 320, height: 200 });
      const edited = await image.clone().removeAlpha().raw().toBuffer();
      let changed = 0;
      for (let index = 0; index < edited.length; index++) if (Math.abs(edited[index]! - original[index]!) > 24) changed++;
      expect(changed / edited.length).toBeGreaterThan(0.05);
      // The corner is outside the changed area (unless the mask covers everything).
      if (!("mask" in request)) expect((await pixel(image, 2, 2)).slice(0, 3)).toEqual([0x10, 0x40, 0xc0]);
    }
  });

  it("marks every edit PREVIEW: the band's dark stripe crosses the middle of a flat image", async () => {
    const image = await edit("removeBackground", { image: base64(await input()) });
    const middle = await pixel(image, 160, 100);
    expect(middle.slice(0, 3)).not.toEqual([0x10, 0x40, 0xc0]);
    expect(middle.slice(0, 3)).not.toEqual([0xf0, 0x80, 0x20]);
  });

  it("gives the same bytes for the same request and seed", async () => {
    const request = { image: base64(await input()), seed: 77, prompt: "a bicycle", search_prompt: "car" };
    const first = await (await edit("searchReplace", request)).toBuffer();
    const second = await (await edit("searchReplace", request)).toBuffer();
    expect(first.equals(second)).toBe(true);
  });
});

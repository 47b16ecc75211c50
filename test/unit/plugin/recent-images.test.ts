/**
 * Recent images: the file's index of placed images (document plugin data, pruned under Figma's 100 kB per entry),
 * thumbnails' bytes, and putting one image on other layers again — same hash, no request, the fill rule and metadata
 * of a generation, one undo step; images Figma no longer has drop out quietly.
 */
import { describe, expect, it } from "vitest";
import type { GenerationMetadata, MainToUi } from "../../../src/messages.js";
import {
  addRecentImage,
  parseRecentIndex,
  pruneRecentIndex,
  RECENT_IMAGES_MAX,
  RECENT_KEY,
  serializeRecentIndex,
  storedSize,
} from "../../../src/plugin/recent/recent-index.js";
import { PLUGIN_DATA_ENTRY_LIMIT_BYTES } from "../../../src/plugin/storage/plugin-data-size.js";
import { createHarness, type Harness, imageFor, imagePaints, metadataOf, NOW, stateOf } from "./harness.js";

function entry(imageHash: string, patch: Partial<GenerationMetadata> = {}): GenerationMetadata {
  return {
    prompt: `prompt for ${imageHash}`,
    negativePrompt: "",
    seed: 7,
    modelId: "stability.stable-image-core-v1:0",
    aspectRatio: "1:1",
    outputFormat: "png",
    createdAt: "2026-01-01T00:00:00.000Z",
    imageHash,
    ...patch,
  };
}

type Recent = Extract<MainToUi, { type: "recent-images" }>;

let colour = 0;

/** One whole generation whose every image is a different picture (so a different hash). */
async function generate(h: Harness, options: Parameters<Harness["plan"]>[0] = {}): Promise<void> {
  const planned = await h.plan(options);
  for (const job of planned.jobs) {
    colour += 1;
    await h.place(planned.generationId, job, { bytes: await imageFor(job.aspectRatio, "png", { r: colour, g: 100, b: 50 }) });
  }
  await h.finish(planned.generationId);
}

describe("the recent-images index", () => {
  it("keeps the newest first and an image once (placed again, it moves to the front with its new metadata)", () => {
    let index = addRecentImage([], entry("a"));
    index = addRecentImage(index, entry("b"));
    index = addRecentImage(index, entry("a", { prompt: "again" }));
    expect(index.map((e) => [e.imageHash, e.prompt])).toEqual([
      ["a", "again"],
      ["b", "prompt for b"],
    ]);
  });

  it(`keeps at most ${RECENT_IMAGES_MAX} images`, () => {
    let index: GenerationMetadata[] = [];
    for (let i = 0; i < RECENT_IMAGES_MAX + 5; i++) index = addRecentImage(index, entry(`h${i}`));
    expect(index).toHaveLength(RECENT_IMAGES_MAX);
    expect(index[0]!.imageHash).toBe(`h${RECENT_IMAGES_MAX + 4}`);
    expect(index.at(-1)!.imageHash).toBe("h5");
  });

  it("drops the oldest images until the stored entry fits Figma's 100 kB, counting UTF-8 bytes", () => {
    // Ten prompts of 9,000 three-byte characters: 27 kB each, so only three fit.
    let index: GenerationMetadata[] = [];
    for (let i = 0; i < 10; i++) index = addRecentImage(index, entry(`h${i}`, { prompt: "湖".repeat(9_000) }));
    expect(index.map((e) => e.imageHash)).toEqual(["h9", "h8", "h7"]);
    expect(storedSize(serializeRecentIndex(index))).toBeLessThanOrEqual(PLUGIN_DATA_ENTRY_LIMIT_BYTES);
    expect(storedSize(serializeRecentIndex(pruneRecentIndex([entry("x", { prompt: "湖".repeat(9_000) }), ...index])))).toBeLessThanOrEqual(
      PLUGIN_DATA_ENTRY_LIMIT_BYTES,
    );
  });

  it("reads what it wrote, and nothing from malformed data", () => {
    const index = [entry("a"), entry("b")];
    expect(parseRecentIndex(serializeRecentIndex(index))).toEqual(index);
    expect(parseRecentIndex("")).toEqual([]);
    expect(parseRecentIndex("{not json")).toEqual([]);
    expect(parseRecentIndex(JSON.stringify([entry("a"), { imageHash: "broken" }, entry("a")]))).toEqual([entry("a")]);
  });
});

describe("recent images in a file", () => {
  it("lists every placed image after a generation, newest first, stored in the document's shared plugin data", async () => {
    const h = createHarness();
    const [a, b] = [h.figma.createFrame(), h.figma.createFrame()];
    h.figma.currentPage.selection = [a, b];
    await h.ready();
    expect((await h.next("recent-images")).images).toEqual([]);
    await generate(h, { prompt: "a lake" });
    const recent = await h.next("recent-images");
    expect(recent.images.map((image) => image.imageHash).sort()).toEqual([metadataOf(a).imageHash, metadataOf(b).imageHash].sort());
    expect(recent.images.every((image) => image.prompt === "a lake")).toBe(true);
    expect(parseRecentIndex(h.figma.root.getSharedPluginData("framefill", RECENT_KEY))).toEqual(recent.images);
  });

  it("puts the exact image on two other layers with the fill rule and metadata of a generation, as one undo step", async () => {
    const h = createHarness();
    const source = h.figma.createFrame();
    h.figma.currentPage.selection = [source];
    await h.ready();
    await generate(h, { prompt: "an espresso cup", negativePrompt: "steam", aspectRatio: "4:5" });
    const made = metadataOf(source);

    // One layer Framefill filled before (its image is replaced), one with a solid fill (kept underneath).
    const filledBefore = h.figma.createFrame();
    h.figma.currentPage.selection = [filledBefore];
    await generate(h, { prompt: "older" });
    const olderHash = metadataOf(filledBefore).imageHash;
    const plain = h.figma.createRectangle();
    h.figma.currentPage.selection = [filledBefore, plain];
    h.figma.commitUndo();
    const before = [stateOf(filledBefore), stateOf(plain)];
    const notified = h.figma.notifications.length;

    h.send({ type: "apply-recent-image", imageHash: made.imageHash });
    const applied = await h.next("recent-image-applied");
    expect(applied.summary).toBe("Filled 2 layers");
    expect(imagePaints(filledBefore).map((paint) => paint.imageHash)).toEqual([made.imageHash]);
    expect(imagePaints(filledBefore).map((paint) => paint.imageHash)).not.toContain(olderHash);
    expect(plain.fills.map((paint) => paint.type)).toEqual(["SOLID", "IMAGE"]);
    expect(imagePaints(plain)[0]).toMatchObject({ imageHash: made.imageHash, scaleMode: "FILL" });
    for (const node of [filledBefore, plain]) {
      expect(metadataOf(node)).toEqual({ ...made, createdAt: NOW.toISOString() });
      expect(Object.keys(node.getRelaunchData()).sort()).toEqual(["edit", "regenerate"]);
    }
    expect(h.figma.notifications.slice(notified).map((n) => n.message)).toEqual(["Filled 2 layers"]);
    expect((h.ui.all<MainToUi>("recent-images").at(-1) as Recent).images[0]!.imageHash).toBe(made.imageHash);

    expect(h.figma.triggerUndo()).toBe(true);
    expect([stateOf(filledBefore), stateOf(plain)]).toEqual(before);
  });

  it("puts the image in a new frame shaped like it when nothing is selected", async () => {
    const h = createHarness();
    const source = h.figma.createFrame();
    h.figma.currentPage.selection = [source];
    await h.ready();
    await generate(h, { aspectRatio: "16:9" });
    h.figma.currentPage.selection = [];
    h.send({ type: "apply-recent-image", imageHash: metadataOf(source).imageHash });
    await h.next("recent-image-applied");
    const created = h.figma.currentPage.children.at(-1)!;
    expect(created).not.toBe(source);
    expect(created.width / created.height).toBeCloseTo(16 / 9, 1);
    expect(imagePaints(created as never)[0]!.imageHash).toBe(metadataOf(source).imageHash);
  });

  it("sends an image's original bytes for its thumbnail", async () => {
    const h = createHarness();
    const frame = h.figma.createFrame();
    h.figma.currentPage.selection = [frame];
    await h.ready();
    await generate(h);
    const { imageHash } = metadataOf(frame);
    h.send({ type: "get-recent-image-bytes", imageHash });
    const answer = await h.next("recent-image-bytes");
    expect(answer.imageHash).toBe(imageHash);
    expect(answer.bytes).toEqual(await h.figma.getImageByHash(imageHash)!.getBytesAsync());
  });

  it("drops images Figma no longer has, quietly: from the list, the bytes and the stored index", async () => {
    const h = createHarness();
    const [kept, deleted] = [h.figma.createFrame(), h.figma.createFrame()];
    h.figma.currentPage.selection = [kept];
    await h.ready();
    await generate(h, { prompt: "kept" });
    h.figma.currentPage.selection = [deleted];
    await generate(h, { prompt: "deleted" });
    const gone = metadataOf(deleted).imageHash;
    deleted.remove();
    h.figma.dropUnusedImages();
    const notified = h.figma.notifications.length;

    h.send({ type: "get-recent-image-bytes", imageHash: gone });
    expect((await h.next("recent-image-bytes")).bytes).toBeNull();
    expect(parseRecentIndex(h.figma.root.getSharedPluginData("framefill", RECENT_KEY)).map((e) => e.prompt)).toEqual(["kept"]);
    h.send({ type: "ui-ready" });
    await h.next("init");
    const all = h.ui.all<MainToUi>("recent-images") as Recent[];
    expect(all.at(-1)!.images.map((e) => e.prompt)).toEqual(["kept"]);
    expect(h.figma.notifications.length).toBe(notified);
  });
});

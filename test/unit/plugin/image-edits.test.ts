/**
 * Image edits, main thread, against the Figma fake: which selected layers can be edited (frames included) and which
 * shapes mask an Erase; the original bytes sent for each; the edited image replacing exactly the edited paint (every
 * other paint, the scale mode and transform kept); the edit chain; one undo step per edit; Revert; a filtered edit;
 * Erase's mask rendered with exportAsync at the image's pixel size.
 */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { EditJob, EditMainToUi } from "../../../src/edit-messages.js";
import { EDIT_CHAIN_KEY, type EditRecord } from "../../../src/plugin/edit/edit-chain.js";
import { createHarness, type Harness, metadataOf, NOW } from "./harness.js";
import { makeImage } from "../test-images.js";

type Reply<T extends EditMainToUi["type"]> = Extract<EditMainToUi, { type: T }>;

const SOLID: SolidPaint = { type: "SOLID", color: { r: 0.1, g: 0.2, b: 0.3 } };
const GRADIENT: GradientPaint = {
  type: "GRADIENT_LINEAR",
  gradientTransform: [[1, 0, 0], [0, 1, 0]],
  gradientStops: [{ position: 0, color: { r: 0, g: 0, b: 0, a: 1 } }, { position: 1, color: { r: 1, g: 1, b: 1, a: 0 } }],
};

async function imageLayer(h: Harness, options: { width?: number; height?: number; imageWidth?: number; imageHeight?: number; paint?: Partial<ImagePaint>; under?: Paint[]; over?: Paint[] } = {}) {
  const bytes = await makeImage(options.imageWidth ?? 400, options.imageHeight ?? 200, "png", { r: 20, g: 120, b: 200 });
  const image = h.figma.createImage(bytes);
  const frame = h.figma.createFrame();
  frame.name = "Banner";
  frame.resize(options.width ?? 200, options.height ?? 100);
  frame.fills = [...(options.under ?? []), { type: "IMAGE", imageHash: image.hash, scaleMode: "FILL", ...options.paint }, ...(options.over ?? [])];
  return { frame, image, bytes };
}

async function edited(color: { r: number; g: number; b: number }, width = 400, height = 200): Promise<Uint8Array> {
  return makeImage(width, height, "png", color);
}

/** Selects the nodes and returns what main says the selection offers (its newest edit-selection). */
async function select(h: Harness, nodes: unknown[]): Promise<Reply<"edit-selection">> {
  h.figma.currentPage.selection = nodes as never;
  return latestSelection(h);
}

/** A ready plugin with one image layer, committed as an undo step and selected. */
async function selectedImageLayer() {
  const h = createHarness();
  await h.ready();
  const { frame, image } = await imageLayer(h);
  h.figma.commitUndo();
  await select(h, [frame]);
  return { h, frame, image };
}

/** The newest edit-selection main sent, once the selection change has been handled. */
async function latestSelection(h: Harness): Promise<Reply<"edit-selection">> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const all = h.ui.all("edit-selection") as Reply<"edit-selection">[];
  return all[all.length - 1]!;
}

async function plan(h: Harness, editId: string, parameters: Extract<import("../../../src/messages.js").UiToMain, { type: "plan-edit" }>["parameters"]) {
  h.send({ type: "plan-edit", editId, parameters });
  return (await h.next(["edit-planned", "edit-refused"])) as Reply<"edit-planned"> | Reply<"edit-refused">;
}

async function runOne(h: Harness, editId: string, job: EditJob, bytes: Uint8Array) {
  h.send({ type: "place-edit", editId, jobId: job.jobId, bytes, placed: { seed: 77, details: { inputWidth: 400 } } });
  const placed = await h.next(["edit-placed", "edit-not-placed"]);
  h.send({ type: "finish-edit", editId, cancelled: false });
  const finished = (await h.next("edit-finished")) as Reply<"edit-finished">;
  return { placed, finished };
}

const chainOf = (node: { getSharedPluginData(namespace: string, key: string): string }): EditRecord[] => JSON.parse(node.getSharedPluginData("framefill", EDIT_CHAIN_KEY) || "[]") as EditRecord[];
const hashes = (node: { fills: ReadonlyArray<Paint> | symbol }) =>
  (node.fills as ReadonlyArray<Paint>).flatMap((paint) => (paint.type === "IMAGE" ? [paint.imageHash] : []));

describe("what can be edited", () => {
  it("offers every selected layer showing an image (a frame too), opens groups, and counts the other layers as Erase's shapes", async () => {
    const h = createHarness();
    await h.ready();
    const { frame, image } = await imageLayer(h);
    const rect = h.figma.createRectangle();
    const ellipse = h.figma.createEllipse();
    const group = h.figma.group([ellipse], h.figma.currentPage);
    const text = h.figma.createText();
    const hidden = await imageLayer(h, { paint: { visible: false } });
    const selection = await select(h, [frame, rect, group, text, hidden.frame]);
    expect(selection.selection.images).toEqual([
      { nodeId: frame.id, name: "Banner", width: 200, height: 100, imageHash: image.hash, revertible: null },
    ]);
    // The rectangle, the ellipse in the group and the frame whose image is hidden.
    expect(selection.selection.maskShapes).toBe(3);
  });

  it("edits the topmost visible image paint", async () => {
    const h = createHarness();
    await h.ready();
    const lower = h.figma.createImage(await edited({ r: 1, g: 2, b: 3 }));
    const { frame, image } = await imageLayer(h, { under: [{ type: "IMAGE", imageHash: lower.hash, scaleMode: "FIT" }] });
    const selection = await select(h, [frame]);
    expect(selection.selection.images[0]!.imageHash).toBe(image.hash);
  });
});

describe("an edit", () => {
  it("sends the image's original bytes and the point the layer shows at its centre", async () => {
    const h = createHarness();
    await h.ready();
    const { frame, bytes } = await imageLayer(h, { paint: { scaleMode: "CROP", imageTransform: [[0.5, 0, 0.25], [0, 0.5, 0.1]] } });
    await select(h, [frame]);
    const planned = await plan(h, "e1", { tool: "upscale" });
    expect(planned.type).toBe("edit-planned");
    const [job] = (planned as Reply<"edit-planned">).jobs;
    expect(job!.bytes).toBeInstanceOf(Uint8Array);
    expect([...job!.bytes]).toEqual([...bytes]);
    expect(job).toMatchObject({ nodeId: frame.id, name: "Banner", layerWidth: 200, layerHeight: 100 });
    expect(job!.cropCenter.x).toBeCloseTo(0.5);
    expect(job!.cropCenter.y).toBeCloseTo(0.35);
    expect(job!.mask).toBeUndefined();
  });

  it("replaces exactly the edited paint, keeping every other paint, its scale mode and transform, and records the chain", async () => {
    const h = createHarness();
    await h.ready();
    const transform: Transform = [[0.5, 0, 0.25], [0, 0.5, 0.1]];
    const { frame, image } = await imageLayer(h, { under: [SOLID], over: [GRADIENT], paint: { scaleMode: "CROP", imageTransform: transform, opacity: 0.8 } });
    const before = JSON.parse(JSON.stringify(frame.fills)) as Paint[];
    await select(h, [frame]);
    const planned = (await plan(h, "e2", { tool: "removeBackground" })) as Reply<"edit-planned">;
    const result = await edited({ r: 255, g: 0, b: 0 });
    const { placed, finished } = await runOne(h, "e2", planned.jobs[0]!, result);
    expect(placed.type).toBe("edit-placed");
    expect(finished.summary).toBe("Remove background: 1 image edited");
    const newHash = hashes(frame)[0]!;
    expect(newHash).not.toBe(image.hash);
    expect(JSON.parse(JSON.stringify(frame.fills))).toEqual([before[0], { ...before[1], imageHash: newHash }, before[2]]);
    expect(chainOf(frame)).toEqual([
      {
        tool: "removeBackground",
        parameters: { tool: "removeBackground" },
        details: { inputWidth: 400 },
        seed: 77,
        createdAt: NOW.toISOString(),
        previousImageHash: image.hash,
        imageHash: newHash,
      },
    ]);
  });

  it("describes the layer afresh after ⌘Z takes an edit back, with no selection change", async () => {
    const { h, frame, image } = await selectedImageLayer();
    const planned = (await plan(h, "e-undo", { tool: "upscale" })) as Reply<"edit-planned">;
    await runOne(h, "e-undo", planned.jobs[0]!, await edited({ r: 0, g: 255, b: 0 }, 800, 400));
    expect((await latestSelection(h)).selection.images[0]).toMatchObject({ revertible: "upscale", imageHash: hashes(frame)[0] });
    expect(hashes(frame)).not.toEqual([image.hash]);
    const sentBefore = h.ui.all("edit-selection").length;

    expect(h.figma.triggerUndo()).toBe(true);
    const refreshed = await latestSelection(h);

    expect(h.ui.all("edit-selection").length).toBe(sentBefore + 1);
    expect(refreshed.selection.images[0]).toMatchObject({ nodeId: frame.id, imageHash: image.hash, revertible: null });
  });

  it("is one undo step, and Revert puts the previous image back for free as another", async () => {
    const { h, frame, image } = await selectedImageLayer();
    const planned = (await plan(h, "e3", { tool: "upscale" })) as Reply<"edit-planned">;
    const commitsBefore = h.figma.commitUndoCalls;
    await runOne(h, "e3", planned.jobs[0]!, await edited({ r: 0, g: 255, b: 0 }, 800, 400));
    expect(h.figma.commitUndoCalls).toBe(commitsBefore + 1);
    const upscaled = hashes(frame)[0]!;
    const after = await latestSelection(h);
    expect(after.selection.images[0]!.revertible).toBe("upscale");

    // ⌘Z takes the whole edit back: the image and the chain.
    expect(h.figma.triggerUndo()).toBe(true);
    expect(hashes(frame)).toEqual([image.hash]);
    expect(chainOf(frame)).toEqual([]);

    // Edit again, then Revert.
    const again = (await plan(h, "e4", { tool: "upscale" })) as Reply<"edit-planned">;
    await runOne(h, "e4", again.jobs[0]!, await edited({ r: 0, g: 255, b: 0 }, 800, 400));
    expect(hashes(frame)).toEqual([upscaled]);
    h.send({ type: "revert-edit" });
    const reverted = (await h.next("edit-reverted")) as Reply<"edit-reverted">;
    expect(reverted.summary).toBe("Reverted 1 image (Upscale)");
    expect(hashes(frame)).toEqual([image.hash]);
    expect(chainOf(frame)).toEqual([]);
    const selection = await latestSelection(h);
    expect(selection.selection.images[0]!.revertible).toBeNull();
    // Undoing the Revert brings the edited image back: Revert was its own step.
    expect(h.figma.triggerUndo()).toBe(true);
    expect(hashes(frame)).toEqual([upscaled]);
  });

  it("walks the chain back one edit at a time, and the generation metadata follows the image", async () => {
    const h = createHarness();
    await h.ready();
    const { planned: generated } = await h.generate();
    expect(generated.newFrame).toBe(true);
    const filled = h.figma.currentPage.children.find((child) => "fills" in child && hashes(child as never).length > 0) as unknown as FrameNode;
    const original = hashes(filled)[0]!;
    await select(h, [filled as never]);
    const first = (await plan(h, "c1", { tool: "removeBackground" })) as Reply<"edit-planned">;
    expect(first.jobs[0]!.prompt).toBe(metadataOf(filled).prompt);
    await runOne(h, "c1", first.jobs[0]!, await edited({ r: 9, g: 9, b: 9 }));
    const second = (await plan(h, "c2", { tool: "searchReplace", searchFor: "lake", replaceWith: "desert" })) as Reply<"edit-planned">;
    await runOne(h, "c2", second.jobs[0]!, await edited({ r: 8, g: 8, b: 8 }));
    const [a, b] = chainOf(filled);
    expect(a!.previousImageHash).toBe(original);
    expect(b).toMatchObject({ tool: "searchReplace", parameters: { tool: "searchReplace", searchFor: "lake", replaceWith: "desert" }, previousImageHash: a!.imageHash });
    expect(metadataOf(filled).imageHash).toBe(b!.imageHash);

    h.send({ type: "revert-edit" });
    await h.next("edit-reverted");
    expect(hashes(filled)).toEqual([a!.imageHash]);
    expect(metadataOf(filled).imageHash).toBe(a!.imageHash);
    h.send({ type: "revert-edit" });
    await h.next("edit-reverted");
    expect(hashes(filled)).toEqual([original]);
    h.send({ type: "revert-edit" });
    expect(((await h.next("edit-reverted")) as Reply<"edit-reverted">).summary).toMatch(/^Nothing to revert/);
  });

  it("leaves the layer as it was when the content filter blocked the edit", async () => {
    const h = createHarness();
    await h.ready();
    const { frame } = await imageLayer(h, { under: [SOLID] });
    const before = JSON.parse(JSON.stringify(frame.fills));
    await select(h, [frame]);
    const planned = (await plan(h, "f1", { tool: "erase" })) as Reply<"edit-planned"> | Reply<"edit-refused">;
    // Erase with no shape drawn over the image is refused before anything is read.
    expect(planned).toMatchObject({ type: "edit-refused", message: expect.stringContaining("Draw shapes over what to erase") });
    const job = ((await plan(h, "f2", { tool: "removeBackground" })) as Reply<"edit-planned">).jobs[0]!;
    h.send({ type: "edit-failed", editId: "f2", jobId: job.jobId, kind: "input-filtered", message: "blocked" });
    h.send({ type: "finish-edit", editId: "f2", cancelled: false });
    expect(((await h.next("edit-finished")) as Reply<"edit-finished">).summary).toBe("Remove background: no images edited · 1 blocked by the content filter");
    expect(JSON.parse(JSON.stringify(frame.fills))).toEqual(before);
    expect(chainOf(frame)).toEqual([]);
    // A late image for a job already given up is not placed.
    h.send({ type: "place-edit", editId: "f2", jobId: job.jobId, bytes: await edited({ r: 1, g: 1, b: 1 }), placed: { seed: 1, details: {} } });
    expect((await h.next(["edit-placed", "edit-not-placed"])).type).toBe("edit-not-placed");
  });

  it("is not placed when the image on the layer changed meanwhile", async () => {
    const h = createHarness();
    await h.ready();
    const { frame } = await imageLayer(h);
    await select(h, [frame]);
    const job = ((await plan(h, "m1", { tool: "upscale" })) as Reply<"edit-planned">).jobs[0]!;
    frame.fills = [SOLID];
    h.send({ type: "place-edit", editId: "m1", jobId: job.jobId, bytes: await edited({ r: 3, g: 3, b: 3 }), placed: { seed: 1, details: {} } });
    const answer = await h.next(["edit-placed", "edit-not-placed"]);
    expect(answer).toMatchObject({ type: "edit-not-placed", message: expect.stringContaining("changed while it was being edited") });
  });
});

describe("Erase's mask", () => {
  it("is the shapes over the image, white on black, rendered at the image's pixel size where the layer shows it", async () => {
    const h = createHarness();
    await h.ready();
    // A 200×100 layer showing a 400×400 image with FILL: the image is drawn 200×200, from y = -50.
    const { frame } = await imageLayer(h, { imageWidth: 400, imageHeight: 400 });
    frame.x = 1000;
    frame.y = 500;
    const rect = h.figma.createRectangle();
    rect.resize(100, 100);
    rect.x = 1100; // the right half of the layer
    rect.y = 500;
    const ellipse = h.figma.createEllipse();
    ellipse.x = 5000; // far away: not over this image
    const pageChildren = h.figma.currentPage.children.length;
    await select(h, [frame, rect, ellipse]);
    const planned = (await plan(h, "x1", { tool: "erase" })) as Reply<"edit-planned">;
    const mask = planned.jobs[0]!.mask!;
    const { data, info } = await sharp(mask).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([400, 400]);
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    // Layer point (150, 50) is image pixel (300, 200); (50, 50) is (100, 200); above the layer, nothing was drawn.
    expect(at(300, 200)).toBe(255);
    expect(at(210, 110)).toBe(255);
    expect(at(100, 200)).toBe(0);
    expect(at(300, 50)).toBe(0);
    expect(at(300, 350)).toBe(0);
    // The temporary frame is gone, and the shapes are as they were.
    expect(h.figma.currentPage.children.length).toBe(pageChildren);
    expect(rect.fills).toEqual([{ type: "SOLID", color: { r: 0.851, g: 0.851, b: 0.851 }, visible: true, opacity: 1, blendMode: "NORMAL" }]);
  });
});

describe("the fake's exportAsync", () => {
  it("renders a frame's solid fills, ellipses, rotation and clipping at a SCALE, WIDTH or HEIGHT constraint (plugin-api.d.ts:5123-5163)", async () => {
    const h = createHarness();
    const frame = h.figma.createFrame();
    frame.resize(100, 50);
    frame.fills = [{ type: "SOLID", color: { r: 0, g: 0, b: 0 } }];
    const ellipse = h.figma.createEllipse();
    ellipse.resize(40, 40);
    ellipse.fills = [{ type: "SOLID", color: { r: 1, g: 0, b: 0 } }];
    frame.appendChild(ellipse);
    ellipse.x = 80; // hangs over the right edge: clipped
    ellipse.y = 5;
    const bar = h.figma.createRectangle();
    bar.resize(10, 30);
    bar.fills = [{ type: "SOLID", color: { r: 0, g: 0, b: 1 } }];
    frame.appendChild(bar);
    bar.x = 10;
    bar.y = 40;
    bar.rotation = 90; // turned about its top-left: covers x 10–40, y 30–40
    const defaults = await sharp(await frame.exportAsync()).raw().toBuffer({ resolveWithObject: true });
    expect([defaults.info.width, defaults.info.height, defaults.info.channels]).toEqual([100, 50, 4]);
    const wide = await sharp(await frame.exportAsync({ format: "PNG", constraint: { type: "WIDTH", value: 200 } })).metadata();
    expect([wide.width, wide.height]).toEqual([200, 100]);
    const tall = await sharp(await frame.exportAsync({ format: "PNG", constraint: { type: "HEIGHT", value: 25 } })).metadata();
    expect([tall.width, tall.height]).toEqual([50, 25]);
    const px = (x: number, y: number) => [...defaults.data.subarray((y * 100 + x) * 4, (y * 100 + x) * 4 + 4)];
    expect(px(99, 25)).toEqual([255, 0, 0, 255]);
    expect(px(81, 6)).toEqual([0, 0, 0, 255]); // outside the ellipse's curve
    expect(px(25, 35)).toEqual([0, 0, 255, 255]);
    expect(px(15, 45)).toEqual([0, 0, 0, 255]); // where the bar was before it turned
    await expect(frame.exportAsync({ format: "SVG_STRING" } as never)).rejects.toThrow(/PNG only/);
  });
});

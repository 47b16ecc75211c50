/**
 * "Prompt from layer names": Figma's default names are told from the designer's own (in English, Japanese and
 * Spanish), each layer's prompt is its name with the typed prompt appended as a shared style (or the typed prompt
 * alone for a default name), and the metadata records each layer's actual prompt.
 */
import { describe, expect, it } from "vitest";
import { isDefaultLayerName } from "../../../src/plugin/names/is-default-layer-name.js";
import { promptFromName } from "../../../src/plugin/names/prompt-from-name.js";
import { createHarness, metadataOf } from "./harness.js";

describe("isDefaultLayerName", () => {
  it.each([
    "Frame", "Frame 7", "Frame 12", "Rectangle 3", "Image", "image 2", "Ellipse 1", "Group 4", "Component 1", "Section 2",
    "Vector", "Star 5", "Polygon 2", "Line 9", "Union", "  Frame 7  ", "frame 7", "Framefill image", "",
    "フレーム 1", "長方形 3", "楕円", "画像 2", "グループ 5",
    "Marco 7", "Rectángulo 3", "Elipse 2", "Imagen", "Grupo 1",
  ])("%j is a name Figma gave", (name) => {
    expect(isDefaultLayerName(name)).toBe(true);
  });

  it.each(["Hero – mountain lake", "Card – espresso cup", "Frame story", "Frames", "Image of a cat", "7 Frame", "Avatar", "写真 猫"])(
    "%j is the designer's own",
    (name) => {
      expect(isDefaultLayerName(name)).toBe(false);
    },
  );
});

describe("promptFromName", () => {
  it("appends the typed prompt to the layer's own name as a shared style", () => {
    expect(promptFromName("Hero – mountain lake", "editorial photo, soft light")).toBe("Hero – mountain lake, editorial photo, soft light");
    expect(promptFromName("  Card –   espresso\ncup ", " warm light ")).toBe("Card – espresso cup, warm light");
  });

  it("uses the name alone when nothing is typed, and the typed prompt alone for a default name", () => {
    expect(promptFromName("Hero – mountain lake", "  ")).toBe("Hero – mountain lake");
    expect(promptFromName("Frame 7", "editorial photo")).toBe("editorial photo");
    expect(promptFromName("Frame 7", "")).toBe("");
  });
});

describe("generating with prompts from layer names", () => {
  async function threeFrames() {
    const h = createHarness();
    const names = ["Hero – mountain lake", "Card – espresso cup", "Frame 7"];
    const frames = names.map((name, index) => {
      const frame = h.figma.createFrame();
      frame.name = name;
      frame.x = index * 200;
      return frame;
    });
    h.figma.currentPage.selection = frames;
    return { h, frames };
  }

  it("tells the UI which layers have names of their own", async () => {
    const { h } = await threeFrames();
    const init = await h.ready();
    expect(init.selection.targets.map((target) => target.hasOwnName)).toEqual([true, true, false]);
  });

  it("plans each layer with its own prompt and records that prompt in its metadata", async () => {
    const { h, frames } = await threeFrames();
    await h.ready();
    const { planned } = await h.generate({ prompt: "editorial photo, soft light", promptFromLayerNames: true, variants: 2 });
    expect(planned.jobs.map((job) => [job.targetName, job.variantIndex, job.prompt])).toEqual([
      ["Hero – mountain lake", 0, "Hero – mountain lake, editorial photo, soft light"],
      ["Hero – mountain lake", 1, "Hero – mountain lake, editorial photo, soft light"],
      ["Card – espresso cup", 0, "Card – espresso cup, editorial photo, soft light"],
      ["Card – espresso cup", 1, "Card – espresso cup, editorial photo, soft light"],
      ["Frame 7", 0, "editorial photo, soft light"],
      ["Frame 7", 1, "editorial photo, soft light"],
    ]);
    expect(frames.map((frame) => metadataOf(frame).prompt)).toEqual([
      "Hero – mountain lake, editorial photo, soft light",
      "Card – espresso cup, editorial photo, soft light",
      "editorial photo, soft light",
    ]);
  });

  it("leaves jobs without a prompt of their own when the option is off", async () => {
    const { h, frames } = await threeFrames();
    await h.ready();
    const { planned } = await h.generate({ prompt: "editorial photo" });
    expect(planned.jobs.every((job) => job.prompt === undefined)).toBe(true);
    expect(frames.map((frame) => metadataOf(frame).prompt)).toEqual(["editorial photo", "editorial photo", "editorial photo"]);
  });

  it("refuses when a layer with a default name gets no typed prompt, or a name makes a prompt too long", async () => {
    const { h, frames } = await threeFrames();
    await h.ready();
    await expect(h.plan({ prompt: "", promptFromLayerNames: true })).rejects.toThrow(
      "Refused: Framefill can't generate: Frame 7 has no name of its own, so it needs a typed prompt.",
    );
    frames[2]!.name = "x".repeat(9_995);
    await expect(h.plan({ prompt: "soft light", promptFromLayerNames: true })).rejects.toThrow(/characters with its name; the limit is 10,000/);
    h.figma.currentPage.selection = frames.slice(0, 2);
    expect((await h.plan({ prompt: "", promptFromLayerNames: true })).jobs.map((job) => job.prompt)).toEqual([
      "Hero – mountain lake",
      "Card – espresso cup",
    ]);
  });
});

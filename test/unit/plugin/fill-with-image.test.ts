/** The fill rule on its own: replace Framefill's earlier paint in place, else put the image on top; keep the rest. */
import { describe, expect, it } from "vitest";
import { fillWithImage } from "../../../src/plugin/place/fill-with-image.js";

const solid: Paint = { type: "SOLID", color: { r: 1, g: 1, b: 1 } };
const image = (hash: string, scaleMode: ImagePaint["scaleMode"] = "FILL"): ImagePaint => ({ type: "IMAGE", imageHash: hash, scaleMode });
const placed: ImagePaint = { type: "IMAGE", imageHash: "new", scaleMode: "FILL" };

describe("fillWithImage", () => {
  it("puts the image on top when Framefill placed nothing before", () => {
    expect(fillWithImage([solid, image("theirs", "TILE")], null, "new")).toEqual([solid, image("theirs", "TILE"), placed]);
    expect(fillWithImage([], null, "new")).toEqual([placed]);
  });

  it("replaces Framefill's earlier image in its place in the stack", () => {
    expect(fillWithImage([solid, image("old"), image("theirs")], "old", "new")).toEqual([solid, placed, image("theirs")]);
  });

  it("replaces Framefill's earlier image at the bottom of the stack too", () => {
    expect(fillWithImage([image("old"), solid], "old", "new")).toEqual([placed, solid]);
  });

  it("replaces only the topmost paint with Framefill's hash when the designer duplicated it", () => {
    expect(fillWithImage([image("old"), solid, image("old")], "old", "new")).toEqual([image("old"), solid, placed]);
  });

  it("never takes an image paint without a hash for Framefill's when Framefill placed nothing", () => {
    const empty: ImagePaint = { type: "IMAGE", imageHash: null, scaleMode: "FILL" };
    expect(fillWithImage([empty], null, "new")).toEqual([empty, placed]);
  });

  it("puts the image on top when Framefill's earlier paint is gone", () => {
    expect(fillWithImage([solid, image("theirs")], "old", "new")).toEqual([solid, image("theirs"), placed]);
  });

  it("never changes the array it was given", () => {
    const fills = Object.freeze([solid, image("old")]);
    fillWithImage(fills, "old", "new");
    expect(fills).toEqual([solid, image("old")]);
  });
});

/**
 * A placement that fails half-way takes back what it did: the copy it made, the sections it grew, the frame it
 * created; a step of taking back that fails is logged and doesn't stop the others. Figma's refusals are played by
 * making one API call throw the way Figma does ("in <method>: <reason>").
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeBaseNode, FakeFrameLikeNode, FakeSectionNode, FakeShapeNode } from "../../support/figma-fake/index.js";
import { createHarness, imagePaints, stateOf } from "./harness.js";

/** A section 0,0 500 × 260 holding an "Ad" card (300 × 200 at 100, 50) with a photo slot; the photo is selected. */
async function cardInSection() {
  const h = createHarness();
  const section = h.figma.createSection();
  section.resize(500, 260);
  const ad = h.figma.createFrame();
  ad.name = "Ad";
  ad.resize(300, 200);
  section.appendChild(ad);
  ad.x = 100;
  ad.y = 50;
  const photo = h.figma.createRectangle();
  photo.name = "Photo";
  ad.appendChild(photo);
  h.figma.currentPage.selection = [photo];
  await h.ready();
  return { h, section, ad, photo };
}

/** Makes setRelaunchData on shapes fail for Framefill's buttons, as on a read-only file. */
function failRelaunchData() {
  const setRelaunchData = FakeShapeNode.prototype.setRelaunchData;
  return vi.spyOn(FakeShapeNode.prototype, "setRelaunchData").mockImplementation(function (this: FakeShapeNode, data: Record<string, string>) {
    if ("regenerate" in data) throw new Error("in setRelaunchData: the file is read-only");
    setRelaunchData.call(this, data);
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("taking back a failed placement", () => {
  it("shrinks a section it grew back to its size and removes the copy", async () => {
    const { h, section, ad, photo } = await cardInSection();
    const planned = await h.plan({ variants: 2 });
    failRelaunchData();
    const reply = await h.place(planned.generationId, planned.jobs[1]!);
    expect(reply).toMatchObject({ type: "image-not-placed", message: "The image for Photo couldn't be placed: the file is read-only" });
    expect(section.children).toEqual([ad]);
    expect([section.x, section.y, section.width, section.height]).toEqual([0, 0, 500, 260]);
    expect(imagePaints(photo)).toHaveLength(0);
  });

  it("shrinks every section it grew, inner and outer", async () => {
    const h = createHarness();
    const outer = h.figma.createSection();
    outer.resize(600, 320);
    const inner = h.figma.createSection();
    outer.appendChild(inner);
    inner.x = 50;
    inner.y = 50;
    inner.resize(500, 260);
    const ad = h.figma.createFrame();
    ad.resize(300, 200);
    inner.appendChild(ad);
    ad.x = 10;
    ad.y = 10;
    const photo = h.figma.createRectangle();
    ad.appendChild(photo);
    h.figma.currentPage.selection = [photo];
    await h.ready();
    const planned = await h.plan({ variants: 2 });
    failRelaunchData();
    expect((await h.place(planned.generationId, planned.jobs[1]!)).type).toBe("image-not-placed");
    expect([inner.width, inner.height, outer.width, outer.height]).toEqual([500, 260, 600, 320]);
    expect(inner.children).toEqual([ad]);
  });

  it("removes the copy when the section can't grow to hold it, and says why", async () => {
    const { h, section, ad, photo } = await cardInSection();
    const planned = await h.plan({ variants: 2 });
    const before = stateOf(photo);
    vi.spyOn(FakeSectionNode.prototype, "resizeWithoutConstraints").mockImplementation(() => {
      throw new Error("in resizeWithoutConstraints: the section is locked");
    });
    const reply = await h.place(planned.generationId, planned.jobs[1]!);
    expect(reply).toMatchObject({ type: "image-not-placed", message: "The image for Photo couldn't be placed: the section is locked" });
    expect(section.children).toEqual([ad]);
    expect(h.figma.currentPage.findAll((node) => node.name.includes("variant"))).toEqual([]);
    expect(stateOf(photo)).toEqual(before);
  });

  it("goes on shrinking sections when removing the copy fails, and logs what it couldn't take back", async () => {
    const { h, section } = await cardInSection();
    const planned = await h.plan({ variants: 2 });
    failRelaunchData();
    const remove = FakeBaseNode.prototype.remove;
    const refusal = new Error("in remove: the layer is locked");
    vi.spyOn(FakeBaseNode.prototype, "remove").mockImplementation(function (this: FakeBaseNode) {
      if (this.name.includes("variant")) throw refusal;
      remove.call(this);
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect((await h.place(planned.generationId, planned.jobs[1]!)).type).toBe("image-not-placed");
    expect([section.width, section.height]).toEqual([500, 260]);
    expect(logged).toHaveBeenCalledWith("Framefill: couldn't take back part of a failed placement", refusal);
  });

  it("logs a layer it couldn't put back, and still answers that the image wasn't placed", async () => {
    const { h, photo } = await cardInSection();
    const planned = await h.plan();
    const refusal = new Error("in set_fills: the file is read-only");
    vi.spyOn(photo, "fills", "set").mockImplementation(() => {
      throw refusal;
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const reply = await h.place(planned.generationId, planned.jobs[0]!);
    expect(reply).toMatchObject({ type: "image-not-placed", message: "The image for Photo couldn't be placed: the file is read-only" });
    expect(logged).toHaveBeenCalledWith("Framefill: couldn't take back part of a failed placement", refusal);
  });

  it("removes a new frame it couldn't finish making for a deleted layer", async () => {
    const h = createHarness();
    const hero = h.figma.createFrame();
    hero.name = "Hero";
    h.figma.currentPage.selection = [hero];
    await h.ready();
    const planned = await h.plan();
    hero.remove();
    vi.spyOn(FakeFrameLikeNode.prototype, "resize").mockImplementation(() => {
      throw new Error("in resize: the file is read-only");
    });
    const reply = await h.place(planned.generationId, planned.jobs[0]!);
    expect(reply).toMatchObject({ type: "image-not-placed", message: "The image for Hero couldn't be placed: the file is read-only" });
    expect(h.figma.currentPage.children).toEqual([]);
  });
});

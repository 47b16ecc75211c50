/** One generation is one undo step: a single triggerUndo reverts all it did, and only that. */
import { describe, expect, it } from "vitest";
import { createHarness, stateOf } from "./harness.js";

describe("undo", () => {
  it("reverts a whole generation — fills, metadata, relaunch data and copies — with one undo", async () => {
    const h = createHarness();
    const a = h.figma.createFrame();
    const b = h.figma.createRectangle();
    b.x = 500;
    h.figma.currentPage.selection = [a, b];
    h.figma.commitUndo();
    const before = [stateOf(a), stateOf(b)];
    await h.ready();
    await h.generate({ variants: 2 });
    expect(h.figma.currentPage.children).toHaveLength(4);
    expect(stateOf(a)).not.toEqual(before[0]);

    expect(h.figma.triggerUndo()).toBe(true);
    expect([stateOf(a), stateOf(b)]).toEqual(before);
    expect(h.figma.currentPage.children).toEqual([a, b]);
  });

  it("undoes the last of two generations without touching the first", async () => {
    const h = createHarness();
    const frame = h.figma.createFrame();
    h.figma.currentPage.selection = [frame];
    h.figma.commitUndo();
    const untouched = stateOf(frame);
    await h.ready();
    await h.generate({ prompt: "first" });
    const afterFirst = stateOf(frame);
    await h.generate({ prompt: "second", variants: 3 });
    expect(h.figma.currentPage.children).toHaveLength(3);

    h.figma.triggerUndo();
    expect(stateOf(frame)).toEqual(afterFirst);
    expect(h.figma.currentPage.children).toEqual([frame]);
    h.figma.triggerUndo();
    expect(stateOf(frame)).toEqual(untouched);
  });

  it("makes the frames created for an empty selection one step too", async () => {
    const h = createHarness();
    h.figma.commitUndo();
    await h.ready();
    await h.generate({ variants: 2 });
    expect(h.figma.currentPage.children).toHaveLength(2);
    h.figma.triggerUndo();
    expect(h.figma.currentPage.children).toEqual([]);
  });
});

/** Which selected layers get an image: every fillable type, groups opened, text and other layers skipped with reasons. */
import { describe, expect, it } from "vitest";
import { skipReason } from "../../../src/plugin/targets/skip-reason.js";
import { createHarness } from "./harness.js";

describe("targets", () => {
  it("takes every layer type that holds fills, in selection order, with the ratio Match frame gives it", async () => {
    const h = createHarness();
    const { figma } = h;
    const component = figma.createComponent();
    const nodes = [
      figma.createFrame(),
      component,
      component.createInstance(),
      figma.createRectangle(),
      figma.createEllipse(),
      figma.createPolygon(),
      figma.createStar(),
      figma.createVector(),
      figma.createSection(),
    ];
    nodes[0]!.resize(1920, 1080);
    nodes[3]!.resize(400, 600);
    figma.currentPage.selection = nodes;
    const init = await h.ready();
    expect(init.selection.skipped).toEqual([]);
    expect(init.selection.targets.map((target) => target.id)).toEqual(nodes.map((node) => node.id));
    expect(init.selection.targets[0]).toEqual({ id: nodes[0]!.id, name: "Frame", width: 1920, height: 1080, nearestRatio: "16:9", hasOwnName: false });
    expect(init.selection.targets[3]!.nearestRatio).toBe("2:3");
    expect(init.selection.targets[1]!.nearestRatio).toBe("1:1");
  });

  it("opens groups, and groups within groups, to their fillable layers", async () => {
    const h = createHarness();
    const { figma } = h;
    const a = figma.createRectangle();
    const b = figma.createEllipse();
    const title = figma.createText();
    title.name = "Title";
    const inner = figma.group([b, title], figma.currentPage);
    const outer = figma.group([a, inner], figma.currentPage);
    const frame = figma.createFrame();
    figma.currentPage.selection = [outer, frame];
    const init = await h.ready();
    expect(init.selection.targets.map((target) => target.id)).toEqual([a.id, b.id, frame.id]);
    expect(init.selection.skipped).toEqual([{ name: "Title", reason: "a text layer: Framefill fills frames and shapes, not text" }]);
  });

  it("counts a layer once when it is selected and also inside a selected group, or selected twice", async () => {
    const h = createHarness();
    const { figma } = h;
    const a = figma.createRectangle();
    const b = figma.createEllipse();
    const title = figma.createText();
    title.name = "Title";
    const group = figma.group([a, b, title], figma.currentPage);
    const frame = figma.createFrame();
    figma.currentPage.selection = [b, title, group, frame];
    const init = await h.ready();
    expect(init.selection.targets.map((target) => target.id)).toEqual([b.id, a.id, frame.id]);
    expect(init.selection.skipped).toEqual([{ name: "Title", reason: "a text layer: Framefill fills frames and shapes, not text" }]);
  });

  it("gives every layer Framefill can't fill a reason in a designer's words", () => {
    expect(skipReason("SLICE")).toBe("a slice: slices can't hold fills");
    expect(skipReason("BOOLEAN_OPERATION")).toBe("a boolean group: Framefill fills frames and shapes, not boolean groups");
    expect(skipReason("COMPONENT_SET")).toBe("a component set: select its variants to fill them");
    // Any other kind by its type's name, in lower case with spaces.
    expect(skipReason("SHAPE_WITH_TEXT")).toBe("a shape with text: Framefill can't fill this kind of layer");
    expect(skipReason("STICKY")).toBe("a sticky: Framefill can't fill this kind of layer");
  });

  it("skips text and unsupported layers with a reason, never an error", async () => {
    const h = createHarness();
    const { figma } = h;
    const text = figma.createText();
    text.characters = "Headline";
    const line = figma.createLine();
    const frame = figma.createFrame();
    figma.currentPage.selection = [text, line, frame];
    const init = await h.ready();
    expect(init.selection.targets.map((target) => target.id)).toEqual([frame.id]);
    expect(init.selection.skipped).toEqual([
      { name: "Headline", reason: "a text layer: Framefill fills frames and shapes, not text" },
      { name: "Line", reason: "a line: it has no area to fill" },
    ]);
  });

  it("tells the UI when the selection changes", async () => {
    const h = createHarness();
    await h.ready();
    const frame = h.figma.createFrame();
    frame.resize(900, 1600);
    h.figma.currentPage.selection = [frame];
    const { selection } = await h.next("selection");
    expect(selection.targets).toEqual([{ id: frame.id, name: "Frame", width: 900, height: 1600, nearestRatio: "9:16", hasOwnName: false }]);
    h.figma.currentPage.selection = [];
    expect((await h.next("selection")).selection).toEqual({ targets: [], skipped: [] });
  });

  it("refuses to generate when only unfillable layers are selected, and changes nothing", async () => {
    const h = createHarness();
    const text = h.figma.createText();
    text.characters = "Title";
    h.figma.currentPage.selection = [text];
    await h.ready();
    await expect(h.plan()).rejects.toThrow(
      "Refused: Nothing selected can hold an image: Title is a text layer: Framefill fills frames and shapes, not text.",
    );
    expect(h.figma.currentPage.children).toEqual([text]);
  });
});

/**
 * Component sets: a set itself is skipped with a reason; a layer inside one of its variants is filled, and its other
 * variants go into instances of that variant beside the set, never into the set, never over its other variants or
 * the layers beside it.
 */
import { describe, expect, it } from "vitest";
import type { FakeComponentNode, FakeFigma, FakeShapeNode } from "../../support/figma-fake/index.js";
import { createHarness, imagePaints, metadataOf } from "./harness.js";

/**
 * A "Button" set at (100, 50) of two 200 × 100 variants side by side, 40 px apart; Primary holds a text and a "Badge"
 * frame, whose first layer is an "Icon" (path [1, 0] from the variant).
 */
function buttonSet(figma: FakeFigma) {
  const primary = figma.createComponent();
  primary.name = "Primary";
  primary.resize(200, 100);
  primary.x = 100;
  primary.y = 50;
  primary.appendChild(figma.createText());
  const badge = figma.createFrame();
  badge.name = "Badge";
  primary.appendChild(badge);
  const icon = figma.createRectangle();
  icon.name = "Icon";
  badge.appendChild(icon);
  icon.x = 10;
  icon.y = 10;
  icon.resize(80, 80);
  badge.appendChild(figma.createEllipse());
  const secondary = figma.createComponent();
  secondary.name = "Secondary";
  secondary.resize(200, 100);
  secondary.x = 340;
  secondary.y = 50;
  const set = figma.combineAsVariants([primary, secondary], figma.currentPage);
  set.name = "Button";
  return { set, primary, secondary, icon: icon as FakeShapeNode<"RECTANGLE"> };
}

describe("component sets", () => {
  it("skips a selected component set, asking for its variants", async () => {
    const h = createHarness();
    const { set, primary } = buttonSet(h.figma);
    h.figma.currentPage.selection = [set, primary];
    const init = await h.ready();
    expect(init.selection.targets.map((target) => target.id)).toEqual([primary.id]);
    expect(init.selection.skipped).toEqual([{ name: "Button", reason: "a component set: select its variants to fill them" }]);
  });

  it("puts a variant's copies beside the set as instances of that variant, clear of the set's other variants", async () => {
    const h = createHarness();
    const { set, primary, secondary, icon } = buttonSet(h.figma);
    expect(set.absoluteBoundingBox).toEqual({ x: 100, y: 50, width: 440, height: 100 });
    const note = h.figma.createFrame();
    note.name = "Note";
    note.resize(100, 100);
    note.x = 600;
    note.y = 100;
    h.figma.currentPage.selection = [icon];
    await h.ready();
    const { finished } = await h.generate({ variants: 3 });

    expect(set.children).toEqual([primary, secondary]);
    const page = h.figma.currentPage.children;
    // Not inside the set, so not just above the variant: on top of the set's parent.
    expect(page.map((node) => node.name)).toEqual(["Button", "Note", "Primary · variant 1", "Primary · variant 2"]);
    const copies = page.slice(2) as FakeComponentNode[];
    for (const copy of copies) {
      expect(copy.type).toBe("INSTANCE");
      expect(await (copy as unknown as InstanceNode).getMainComponentAsync()).toBe(primary);
    }
    // Past Secondary (which ends at x 540) and the note beside the set (which ends at 700), one gap apart.
    expect(copies.map((copy) => copy.absoluteBoundingBox)).toEqual([
      { x: 740, y: 50, width: 200, height: 100 },
      { x: 980, y: 50, width: 200, height: 100 },
    ]);
    const slots = [icon, ...copies.map((copy) => (copy.children[1] as FakeComponentNode).children[0] as typeof icon)];
    expect(slots.map((slot) => imagePaints(slot).length)).toEqual([1, 1, 1]);
    expect(slots.map((slot) => metadataOf(slot).seed)).toEqual([1234, 1235, 1236]);
    expect(finished.summary).toBe("Filled 3 layers");
  });

  it("grows the section holding the set, not the set", async () => {
    const h = createHarness();
    const section = h.figma.createSection();
    section.resize(700, 300);
    const { set, primary } = buttonSet(h.figma);
    section.appendChild(set);
    h.figma.currentPage.selection = [primary];
    await h.ready();
    await h.generate({ variants: 2 });
    expect(set.children).toHaveLength(2);
    expect([set.width, set.height]).toEqual([440, 100]);
    expect(section.children.map((node) => node.name)).toEqual(["Button", "Primary · variant 1"]);
    expect(section.children[1]!.absoluteBoundingBox).toEqual({ x: 580, y: 50, width: 200, height: 100 });
    expect([section.width, section.height]).toEqual([820, 300]);
  });
});

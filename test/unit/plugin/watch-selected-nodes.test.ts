/**
 * watchSelectedNodes against the Figma fake's PageNode "nodechange" (sent for what ⌘Z changes): it calls back for a
 * change to a selected layer or to a layer inside one, once per burst, never for other layers, and follows the
 * designer to another page.
 */
import { describe, expect, it, vi } from "vitest";
import { watchSelectedNodes } from "../../../src/plugin/watch-selected-nodes.js";
import { createFigmaFake } from "../../support/figma-fake/index.js";

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("watchSelectedNodes", () => {
  it("calls back once for changes to a selected layer or a layer inside it, never for another layer", async () => {
    const figma = createFigmaFake();
    const card = figma.createFrame();
    const photo = figma.createRectangle();
    card.appendChild(photo);
    const other = figma.createFrame();
    figma.currentPage.selection = [card];
    figma.commitUndo();
    const changed = vi.fn();
    watchSelectedNodes(figma as unknown as PluginAPI, changed);

    other.name = "Elsewhere";
    figma.triggerUndo();
    await settle();
    expect(changed).not.toHaveBeenCalled();

    photo.name = "Inside the card";
    card.name = "The card";
    card.x = 40;
    figma.triggerUndo();
    await settle();
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it("follows the designer to another page", async () => {
    const figma = createFigmaFake();
    const first = figma.createFrame();
    figma.currentPage.selection = [first];
    const secondPage = figma.createPage();
    await figma.setCurrentPageAsync(secondPage);
    const second = figma.createFrame();
    figma.currentPage.selection = [second];
    await figma.setCurrentPageAsync(figma.root.children[0]!);
    figma.commitUndo();
    const changed = vi.fn();
    watchSelectedNodes(figma as unknown as PluginAPI, changed);

    await figma.setCurrentPageAsync(secondPage);
    await settle();
    first.name = "On the page left behind";
    figma.triggerUndo();
    await settle();
    expect(changed).not.toHaveBeenCalled();

    second.name = "On the page now shown";
    figma.triggerUndo();
    await settle();
    expect(changed).toHaveBeenCalledTimes(1);
  });
});

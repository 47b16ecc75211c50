/**
 * The Figma fake's behaviours for the designer's workflow (issue 10), each as @figma/plugin-typings documents it:
 * quick-action parameters and query mode, notifications with an action button, images Figma no longer has, a hidden
 * UI, document plugin data's 100 kB limit, and the plugin run again in the same file.
 */
import { describe, expect, it } from "vitest";
import { createFigmaFake, createMemoryUiTransport } from "../support/figma-fake/index.js";
import { makeImage } from "./test-images.js";

describe("figma.parameters", () => {
  it("delivers each typed query to the input handlers with the key and earlier values, and returns their answer", async () => {
    const figma = createFigmaFake();
    const seen: unknown[] = [];
    figma.parameters.on("input", ({ query, key, parameters, result }) => {
      seen.push([key, query, parameters]);
      result.setSuggestions([`${query} one`, { name: `${query} two`, data: 2 }]);
    });
    const answer = await figma.typeParameter("ratio", "16", { prompt: "a lake" });
    expect(seen).toEqual([["ratio", "16", { prompt: "a lake" }]]);
    expect(answer.suggestions).toEqual(["16 one", { name: "16 two", data: 2 }]);
  });

  it("refuses setError on a freeform parameter", async () => {
    const figma = createFigmaFake();
    figma.parameters.on("input", ({ result }) => {
      expect(() => result.setError("no")).toThrow(/not available on parameters with allowFreeform/);
      result.setSuggestions([]);
    });
    await figma.typeParameter("prompt", "x", {}, { allowFreeform: true });
  });

  it("keeps the plugin in query mode until run: no UI may be shown there", async () => {
    const ui = createMemoryUiTransport();
    const figma = createFigmaFake({ ui });
    figma.parameters.on("input", ({ result }) => result.setSuggestions([]));
    await figma.typeParameter("prompt", "a");
    expect(figma.isInQueryMode).toBe(true);
    expect(() => figma.showUI("<p></p>")).toThrow(/query mode/);
    const runs: RunEvent[] = [];
    figma.on("run", (event: RunEvent) => runs.push(event));
    figma.triggerRun({ command: "", parameters: { prompt: "a" } });
    expect(runs).toEqual([{ command: "", parameters: { prompt: "a" } }]);
    expect(figma.isInQueryMode).toBe(false);
    figma.showUI("<p></p>", { visible: false });
    expect(figma.ui.isOpen).toBe(true);
    expect(figma.ui.isVisible).toBe(false);
  });
});

describe("notify with an action button", () => {
  it("runs the action and dismisses the notification unless the action returns false", () => {
    const figma = createFigmaFake();
    const reasons: string[] = [];
    let clicks = 0;
    figma.notify("Generating…", { timeout: Infinity, button: { text: "Cancel", action: () => void clicks++ }, onDequeue: (reason) => reasons.push(reason) });
    figma.clickNotificationButton();
    expect([clicks, reasons, figma.notifications[0]!.cancelled]).toEqual([1, ["action_button_click"], true]);
    expect(() => figma.clickNotificationButton()).toThrow(/No notification with a button/);

    figma.notify("Stays", { button: { text: "Keep", action: () => false } });
    figma.clickNotificationButton();
    expect(figma.notifications[1]!.cancelled).toBe(false);
  });

  it("closes notifications with a button when the plugin closes", () => {
    const figma = createFigmaFake();
    const reasons: string[] = [];
    figma.notify("Generating…", { timeout: Infinity, button: { text: "Cancel", action: () => undefined }, onDequeue: (reason) => reasons.push(reason) });
    figma.showUI("<p></p>");
    figma.closePlugin();
    expect(figma.notifications[0]!.cancelled).toBe(true);
    expect(reasons).toEqual(["dismiss"]);
  });
});

describe("images Figma no longer has", () => {
  it("getImageByHash returns null for images no layer or style uses once they are dropped", async () => {
    const figma = createFigmaFake();
    const kept = figma.createImage(await makeImage(8, 8, "png", { r: 1, g: 2, b: 3 }));
    const styled = figma.createImage(await makeImage(8, 8, "png", { r: 4, g: 5, b: 6 }));
    const unused = figma.createImage(await makeImage(8, 8, "png", { r: 7, g: 8, b: 9 }));
    figma.createRectangle().fills = [{ type: "IMAGE", imageHash: kept.hash, scaleMode: "FILL" }];
    figma.createPaintStyle().paints = [{ type: "IMAGE", imageHash: styled.hash, scaleMode: "FILL" }];
    figma.dropUnusedImages();
    expect(figma.getImageByHash(kept.hash)).not.toBeNull();
    expect(figma.getImageByHash(styled.hash)).not.toBeNull();
    expect(figma.getImageByHash(unused.hash)).toBeNull();
  });
});

describe("document plugin data", () => {
  it("holds shared plugin data on the document root up to 100 kB an entry", () => {
    const figma = createFigmaFake();
    figma.root.setSharedPluginData("framefill", "index", "x".repeat(99_000));
    expect(figma.root.getSharedPluginData("framefill", "index")).toHaveLength(99_000);
    expect(() => figma.root.setSharedPluginData("framefill", "index", "x".repeat(100_000))).toThrow(/limited to 100 kB/);
  });
});

describe("reopen", () => {
  it("runs the plugin again in the same file: same document, a new run with none of the old handlers", async () => {
    const ui = createMemoryUiTransport();
    const figma = createFigmaFake({ ui });
    const frame = figma.createFrame();
    figma.root.setSharedPluginData("framefill", "saved", "kept");
    const oldMessages: unknown[] = [];
    figma.showUI("<p></p>");
    figma.ui.on("message", (message) => oldMessages.push(message));
    figma.on("run", () => oldMessages.push("old run"));
    figma.reopen({ command: "regenerate" });
    expect([figma.isClosed, figma.ui.isOpen, figma.command]).toEqual([false, false, "regenerate"]);
    expect(figma.root.getSharedPluginData("framefill", "saved")).toBe("kept");
    expect((await figma.getNodeByIdAsync(frame.id))?.id).toBe(frame.id);
    figma.showUI("<p></p>");
    ui.send({ type: "hello" });
    figma.triggerRun();
    await Promise.resolve();
    expect(oldMessages).toEqual([]);
  });
});

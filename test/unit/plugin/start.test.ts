/** Starting the plugin: the UI it opens, the init it sends once the UI is ready, and the global entry point. */
import { describe, expect, it, vi } from "vitest";
import { createFigmaFake, createMemoryUiTransport, installFigmaFake } from "../../support/figma-fake/index.js";
import { createHarness, DEFAULT_OPTIONS, imageFor } from "./harness.js";

describe("start", () => {
  it("opens the UI with Figma's theme colours and waits for ui-ready before sending anything", async () => {
    const h = createHarness();
    const frame = h.figma.createFrame();
    const init = h.ready();
    expect(h.ui.shown?.options).toEqual({ width: 320, height: 560, themeColors: true });
    expect(h.ui.received).toEqual([]);
    h.figma.currentPage.selection = [frame];
    expect((await init).selection.targets.map((target) => target.id)).toEqual([frame.id]);
  });

  it("sends init with no settings, options or relaunch on a first run", async () => {
    const h = createHarness();
    expect(await h.ready()).toEqual({
      type: "init",
      settings: null,
      options: null,
      selection: { targets: [], skipped: [] },
      relaunch: null,
    });
  });

  it("runs as dist/code.js would: from the global figma and __html__", async () => {
    const ui = createMemoryUiTransport();
    const figma = createFigmaFake({ ui });
    const uninstall = installFigmaFake(figma, { html: "<p>the ui</p>" });
    try {
      await import("../../../src/plugin/main.js");
      expect(ui.shown).toBeNull();
      figma.triggerRun();
      expect(ui.shown).toEqual({ html: "<p>the ui</p>", options: { width: 320, height: 560, themeColors: true } });
      ui.send({ type: "ui-ready" });
      expect((await ui.next<{ type: "init" }>("init")).type).toBe("init");
    } finally {
      uninstall();
    }
  });

  it("never uses the synchronous getNodeById (documentAccess is dynamic-page)", async () => {
    const h = createHarness();
    const getNodeById = vi.spyOn(h.figma, "getNodeById");
    const frame = h.figma.createFrame();
    h.figma.currentPage.selection = [frame];
    await h.ready();
    const planned = await h.plan({ variants: 2 });
    frame.remove();
    for (const job of planned.jobs) await h.place(planned.generationId, job);
    await h.finish(planned.generationId);
    expect(getNodeById).not.toHaveBeenCalled();
  });

  it("resizes the UI and relays the UI's notifications", async () => {
    const h = createHarness();
    await h.ready();
    h.send({ type: "resize", width: 400, height: 640 });
    h.send({ type: "notify", message: "Copied", error: false });
    h.send({ type: "save-options", options: DEFAULT_OPTIONS });
    h.send({ type: "ui-ready" });
    expect((await h.next("init")).options).toEqual(DEFAULT_OPTIONS);
    expect(h.figma.ui.size).toEqual({ width: 400, height: 640 });
    expect(h.figma.notifications.map((n) => n.message)).toEqual(["Copied"]);
  });

  it("handles messages in order, so a finish sent right after an image counts that image", async () => {
    const h = createHarness();
    const frame = h.figma.createFrame();
    h.figma.currentPage.selection = [frame];
    h.figma.commitUndo();
    await h.ready();
    const planned = await h.plan();
    const bytes = await imageFor(planned.jobs[0]!.aspectRatio);
    h.send({ type: "place-image", generationId: planned.generationId, jobId: planned.jobs[0]!.jobId, bytes, seed: 5 });
    h.send({ type: "finish-generation", generationId: planned.generationId, cancelled: false });
    expect((await h.next("generation-finished")).summary).toBe("Filled 1 frame");
    h.figma.triggerUndo();
    expect(frame.fills.map((paint) => paint.type)).toEqual(["SOLID"]);
  });
});

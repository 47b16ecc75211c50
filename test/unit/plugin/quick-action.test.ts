/**
 * The quick action: parameters `prompt` (freeform, the file's recent prompts suggested) and optional `ratio`; run with
 * them, the plugin generates for the selection with the saved settings and a hidden UI, shows progress in a
 * notification with Cancel, ends with one summary and closes; with no settings it opens the panel on Settings.
 */
import { describe, expect, it } from "vitest";
import type { GenerationOptions, MainToUi } from "../../../src/messages.js";
import { parseQuickActionParameters, quickActionOptions } from "../../../src/plugin/quick-action/quick-action-request.js";
import { suggestPrompts, suggestRatios } from "../../../src/plugin/quick-action/suggest-parameters.js";
import { startPlugin } from "../../../src/plugin/start-plugin.js";
import { OPTIONS_KEY, SETTINGS_KEY } from "../../../src/plugin/storage/storage-keys.js";
import { createHarness, DEFAULT_OPTIONS, metadataOf, NOW } from "./harness.js";

const SETTINGS = { proxyUrl: "http://127.0.0.1:8787", accessKeyId: "FFK", secretAccessKey: "secret", region: "us-west-2" };

describe("quick-action parameters", () => {
  it("reads the prompt and an optional ratio from the run's parameters; none means a plain launch", () => {
    expect(parseQuickActionParameters(undefined)).toBeNull();
    expect(parseQuickActionParameters({ prompt: "  a lake  " })).toEqual({ prompt: "a lake", aspectRatio: null });
    expect(parseQuickActionParameters({ prompt: "a lake", ratio: "16:9" })).toEqual({ prompt: "a lake", aspectRatio: "16:9" });
    expect(parseQuickActionParameters({ prompt: "a lake", ratio: "match" })).toEqual({ prompt: "a lake", aspectRatio: "match" });
    expect(parseQuickActionParameters({ prompt: "a lake", ratio: "7:3" })).toEqual({ prompt: "a lake", aspectRatio: null });
  });

  it("generates with the prompt and ratio, the rest of the last form, and a new random seed", () => {
    const last: GenerationOptions = { ...DEFAULT_OPTIONS, negativePrompt: "text", outputFormat: "jpeg", aspectRatio: "4:5", seed: 77, variants: 2 };
    expect(quickActionOptions(last, { prompt: "a lake", aspectRatio: null })).toEqual({ ...last, prompt: "a lake", seed: 0 });
    expect(quickActionOptions(last, { prompt: "a lake", aspectRatio: "16:9" }).aspectRatio).toBe("16:9");
    expect(quickActionOptions(null, { prompt: "a lake", aspectRatio: null })).toEqual({
      prompt: "a lake",
      negativePrompt: "",
      modelId: DEFAULT_OPTIONS.modelId,
      aspectRatio: "match",
      outputFormat: "png",
      seed: 0,
      variants: 1,
    });
  });

  it("suggests the recent prompts that contain what is typed, newest first, each once, long ones shortened for display", () => {
    const long = `A very long prompt ${"about a lake ".repeat(10)}`.trim();
    const recent = ["Misty lake at dawn", "Espresso cup", "misty lake at dawn", "Misty lake at dawn", long];
    expect(suggestPrompts(recent, "LAKE")).toEqual([
      { name: "Misty lake at dawn", data: "Misty lake at dawn" },
      { name: "misty lake at dawn", data: "misty lake at dawn" },
      { name: `${long.slice(0, 79)}…`, data: long },
    ]);
    expect(suggestPrompts(recent, "").map((s) => s.data)).toEqual(["Misty lake at dawn", "Espresso cup", "misty lake at dawn", long]);
  });

  it("suggests Match frame and the nine ratios, narrowed by what is typed", () => {
    expect(suggestRatios("").map((s) => s.name)).toEqual(["Match frame", "16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21"]);
    expect(suggestRatios("2")).toEqual([
      { name: "21:9", data: "21:9" },
      { name: "2:3", data: "2:3" },
    ]);
    expect(suggestRatios("mat")).toEqual([{ name: "Match frame", data: "match" }]);
  });
});

describe("a quick-action run", () => {
  /** A file whose two frames Framefill filled before, then the plugin started as Figma starts it for a quick action. */
  async function quickActionFile({ withSettings }: { withSettings: boolean }) {
    const earlier = createHarness();
    const frames = [earlier.figma.createFrame(), earlier.figma.createFrame()];
    frames[1]!.x = 500;
    earlier.figma.currentPage.selection = frames;
    await earlier.ready();
    await earlier.generate({ prompt: "Misty lake at dawn" });
    const { figma, ui } = earlier;
    if (withSettings) await figma.clientStorage.setAsync(SETTINGS_KEY, SETTINGS);
    await figma.clientStorage.setAsync(OPTIONS_KEY, { ...DEFAULT_OPTIONS, negativePrompt: "text", variants: 1 });
    figma.reopen();
    figma.commitUndo();
    startPlugin(figma as unknown as PluginAPI, "<html>framefill ui</html>", { clock: () => NOW });
    return { h: earlier, figma, ui, frames };
  }

  it("suggests in query mode without showing UI or changing the file", async () => {
    const { figma, ui } = await quickActionFile({ withSettings: true });
    const before = figma.root.getSharedPluginData("framefill", "recent-images");
    const prompt = await figma.typeParameter("prompt", "lake", {}, { allowFreeform: true });
    expect(prompt.suggestions).toEqual([{ name: "Misty lake at dawn", data: "Misty lake at dawn" }]);
    const ratio = await figma.typeParameter("ratio", "16", { prompt: "a forest" });
    expect(ratio.suggestions).toEqual([{ name: "16:9", data: "16:9" }]);
    expect(ui.isOpen).toBe(false);
    expect(figma.root.getSharedPluginData("framefill", "recent-images")).toBe(before);
  });

  it("fills the selection with a hidden UI, progress in a notification, one summary, then closes; one undo step", async () => {
    const { h, figma, ui, frames } = await quickActionFile({ withSettings: true });
    await figma.typeParameter("prompt", "forest", {}, { allowFreeform: true });
    figma.triggerRun({ command: "", parameters: { prompt: "A pine forest in fog", ratio: "1:1" } });
    expect(ui.shown?.options).toEqual({ width: 320, height: 560, themeColors: true, visible: false });
    expect(figma.ui.isVisible).toBe(false);

    ui.send({ type: "ui-ready" });
    const init = await h.next("init");
    expect(init.quickAction).toEqual({ ...DEFAULT_OPTIONS, prompt: "A pine forest in fog", negativePrompt: "text", aspectRatio: "1:1", seed: 0 });
    expect(init.settingsNotice).toBeUndefined();
    const notified = figma.notifications.length;

    const planned = await h.plan(init.quickAction);
    const progress = () => figma.notifications.slice(notified).filter((n) => !n.cancelled).map((n) => [n.message, n.options?.button?.text]);
    expect(progress()).toEqual([["Framefill: generating 2 images…", "Cancel"]]);
    await h.place(planned.generationId, planned.jobs[0]!);
    expect(progress()).toEqual([["Framefill: 1 of 2 images…", "Cancel"]]);
    await h.place(planned.generationId, planned.jobs[1]!);
    ui.send({ type: "finish-generation", generationId: planned.generationId, cancelled: false });
    await expect.poll(() => figma.isClosed).toBe(true);

    // The progress is taken down; what stays is the run's one summary.
    expect(progress()).toEqual([["Filled 2 frames", undefined]]);
    expect(figma.notifications.slice(notified).filter((n) => !n.message.startsWith("Framefill:")).map((n) => n.message)).toEqual(["Filled 2 frames"]);
    expect(frames.map((frame) => metadataOf(frame).prompt)).toEqual(["A pine forest in fog", "A pine forest in fog"]);
    expect(frames.map((frame) => metadataOf(frame).aspectRatio)).toEqual(["1:1", "1:1"]);
    expect(figma.triggerUndo()).toBe(true);
    expect(frames.map((frame) => metadataOf(frame).prompt)).toEqual(["Misty lake at dawn", "Misty lake at dawn"]);
  });

  it("cancels from the notification: the UI is told, and the run ends with its summary", async () => {
    const { h, figma, ui } = await quickActionFile({ withSettings: true });
    figma.triggerRun({ command: "", parameters: { prompt: "A pine forest in fog" } });
    ui.send({ type: "ui-ready" });
    const init = await h.next("init");
    const notified = figma.notifications.length;
    const showing = () => figma.notifications.slice(notified).filter((n) => !n.cancelled).map((n) => n.message);
    const planned = await h.plan(init.quickAction);
    figma.clickNotificationButton();
    expect(await h.next("cancel-generation")).toEqual({ type: "cancel-generation" } satisfies MainToUi);
    expect(showing()).toEqual(["Framefill: cancelling…"]);
    for (const job of planned.jobs) h.fail(planned.generationId, job, "cancelled");
    ui.send({ type: "finish-generation", generationId: planned.generationId, cancelled: true });
    await expect.poll(() => figma.isClosed).toBe(true);
    expect(showing()).toEqual(["Cancelled · nothing filled · 2 cancelled"]);
  });

  it("closes with the reason when nothing selected can hold an image", async () => {
    const { h, figma, ui } = await quickActionFile({ withSettings: true });
    const text = figma.createText();
    text.name = "Headline";
    figma.currentPage.selection = [text];
    figma.triggerRun({ command: "", parameters: { prompt: "A pine forest in fog" } });
    ui.send({ type: "ui-ready" });
    const init = await h.next("init");
    ui.send({ type: "plan-generation", generationId: "q1", options: init.quickAction! });
    await h.next("generation-refused");
    expect(figma.isClosed).toBe(true);
    expect(figma.notifications.at(-1)).toMatchObject({ message: expect.stringMatching(/^Nothing selected can hold an image: Headline/), options: { error: true } });
  });

  it("refuses an empty prompt and closes, saying so", async () => {
    const { h, figma, ui } = await quickActionFile({ withSettings: true });
    figma.triggerRun({ command: "", parameters: { prompt: "   " } });
    ui.send({ type: "ui-ready" });
    const init = await h.next("init");
    ui.send({ type: "plan-generation", generationId: "q2", options: init.quickAction! });
    expect((await h.next("generation-refused")).message).toBe("Framefill can't generate: the prompt is empty.");
    expect(figma.isClosed).toBe(true);
  });

  it("with no saved settings shows the panel on Settings, saying why, with the run to start once they are saved", async () => {
    const { h, figma, ui } = await quickActionFile({ withSettings: false });
    figma.triggerRun({ command: "", parameters: { prompt: "A pine forest in fog" } });
    expect(figma.ui.isVisible).toBe(false);
    ui.send({ type: "ui-ready" });
    const init = await h.next("init");
    expect(figma.ui.isVisible).toBe(true);
    expect(init.settings).toBeNull();
    expect(init.settingsNotice).toBe("Add the proxy settings to run Framefill from quick actions. Your image is generated once they are saved.");
    expect(init.quickAction?.prompt).toBe("A pine forest in fog");
    // Not a hidden run: the generation ends as in the panel, and the plugin stays open.
    const planned = await h.plan(init.quickAction);
    for (const job of planned.jobs) await h.place(planned.generationId, job);
    expect((await h.finish(planned.generationId)).summary).toBe("Filled 2 frames");
    expect(figma.isClosed).toBe(false);
  });

  it("opens the panel as before when launched from the menu (no parameters)", async () => {
    const { h, figma, ui } = await quickActionFile({ withSettings: true });
    figma.triggerRun({ command: "", parameters: undefined });
    expect(ui.shown?.options).toEqual({ width: 320, height: 560, themeColors: true });
    ui.send({ type: "ui-ready" });
    const init = await h.next("init");
    expect("quickAction" in init).toBe(false);
  });
});

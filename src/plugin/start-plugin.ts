/**
 * Starts Framefill's main thread. While a quick action's parameters are typed (query mode) it only suggests values;
 * on "run" it opens the UI with Figma's theme colours — hidden when run from quick actions with parameters, where a
 * hidden UI signs and fetches and progress shows in notifications — and hands every UI message (one at a time, in
 * order) and every selection change, or change to a selected layer, to a PluginSession.
 *
 * @example
 * startPlugin(figma, __html__); // what main.ts does; tests pass the Figma fake, then fire "run"
 */
import type { UiToMain } from "../messages.js";
import { answerParameterInput } from "./quick-action/answer-parameter-input.js";
import { parseQuickActionParameters } from "./quick-action/quick-action-request.js";
import { serialQueue } from "./serial-queue.js";
import { PluginSession } from "./session.js";
import { watchSelectedNodes } from "./watch-selected-nodes.js";

export const UI_SIZE = { width: 320, height: 560 };

export interface StartOptions {
  /** The time written into each image's metadata; the real clock by default. */
  clock?: () => Date;
}

export function startPlugin(figma: PluginAPI, html: string, options: StartOptions = {}): void {
  figma.parameters.on("input", (event) => answerParameterInput(figma, event));
  // "run" comes after the quick action's parameters were entered, or at once for a plain launch (plugin-api.d.ts:746);
  // before it the plugin may be in query mode, where it must not show UI.
  figma.once("run", (event: RunEvent) => {
    const quickAction = parseQuickActionParameters(event.parameters);
    const session = new PluginSession(figma, options.clock ?? (() => new Date()), quickAction);
    const enqueue = serialQueue((error) => {
      console.error("Framefill:", error);
      figma.notify(`Framefill hit an unexpected error: ${error instanceof Error ? error.message : String(error)}`, { error: true });
    });
    figma.showUI(html, { width: UI_SIZE.width, height: UI_SIZE.height, themeColors: true, ...(quickAction ? { visible: false } : {}) });
    figma.ui.on("message", (message: unknown) => {
      if (typeof message === "object" && message !== null && typeof (message as { type?: unknown }).type === "string") {
        void enqueue(() => session.handle(message as UiToMain));
      }
    });
    figma.on("selectionchange", () => void enqueue(() => session.onSelectionChange()));
    // ⌘Z can change a selected layer without a selection change; the panels then describe it afresh.
    watchSelectedNodes(figma, () => void enqueue(() => session.onSelectionChange()));
  });
}

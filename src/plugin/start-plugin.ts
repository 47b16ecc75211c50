/**
 * Starts Framefill's main thread: opens the UI with Figma's theme colours, then hands every UI message (one at a
 * time, in order) and every selection change to a PluginSession.
 *
 * @example
 * startPlugin(figma, __html__); // what main.ts does; tests pass the Figma fake instead
 */
import type { UiToMain } from "../messages.js";
import { serialQueue } from "./serial-queue.js";
import { PluginSession } from "./session.js";

export const UI_SIZE = { width: 320, height: 560 };

export interface StartOptions {
  /** The time written into each image's metadata; the real clock by default. */
  clock?: () => Date;
}

export function startPlugin(figma: PluginAPI, html: string, options: StartOptions = {}): PluginSession {
  const session = new PluginSession(figma, options.clock ?? (() => new Date()));
  const enqueue = serialQueue((error) => {
    console.error("Framefill:", error);
    figma.notify(`Framefill hit an unexpected error: ${error instanceof Error ? error.message : String(error)}`, { error: true });
  });
  figma.showUI(html, { width: UI_SIZE.width, height: UI_SIZE.height, themeColors: true });
  figma.ui.on("message", (message: unknown) => {
    if (typeof message === "object" && message !== null && typeof (message as { type?: unknown }).type === "string") {
      void enqueue(() => session.handle(message as UiToMain));
    }
  });
  figma.on("selectionchange", () => void enqueue(() => session.onSelectionChange()));
  return session;
}

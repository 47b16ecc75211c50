/**
 * The UI's end of the typed message channel to the Figma main thread. In Figma the UI sends with
 * `parent.postMessage({ pluginMessage }, "*")` and receives `message` events whose `data.pluginMessage` is main's
 * message; anything else arriving on the window is ignored.
 */
import type { MainToUi, UiToMain } from "../../messages.js";

export interface PluginChannel {
  send(message: UiToMain): void;
  /** Returns a function that stops listening. */
  listen(handler: (message: MainToUi) => void): () => void;
}

export function createPluginChannel(window: Window): PluginChannel {
  return {
    send(message) {
      window.parent.postMessage({ pluginMessage: message }, "*");
    },
    listen(handler) {
      const onMessage = (event: MessageEvent) => {
        const message = (event.data as { pluginMessage?: unknown } | null)?.pluginMessage;
        if (typeof message === "object" && message !== null && "type" in message) handler(message as MainToUi);
      };
      window.addEventListener("message", onMessage);
      return () => window.removeEventListener("message", onMessage);
    },
  };
}

/**
 * Keeps the plugin window as tall as the UI's content (within limits) by asking main to resize it, so progress and
 * errors below the form are seen without scrolling. Sends only when the height really changes.
 */
import type { UiToMain } from "../../messages.js";

export interface FitOptions {
  minHeight: number;
  maxHeight: number;
}

export function fitWindowToContent(element: HTMLElement, send: (message: UiToMain) => void, options: FitOptions): () => void {
  let lastHeight = 0;
  const observer = new ResizeObserver(() => {
    const height = Math.min(options.maxHeight, Math.max(options.minHeight, Math.ceil(element.getBoundingClientRect().height)));
    if (height === lastHeight) return;
    lastHeight = height;
    send({ type: "resize", width: Math.round(window.innerWidth), height });
  });
  observer.observe(element);
  return () => observer.disconnect();
}

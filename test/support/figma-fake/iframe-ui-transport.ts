/**
 * A browser transport that plays Figma's host: `figma.showUI` opens the html in a sandboxed iframe (scripts only, so
 * its origin is "null" as in Figma), `figma.ui.postMessage` arrives in it as `event.data.pluginMessage`, and the
 * iframe's `parent.postMessage({ pluginMessage }, "*")` reaches `figma.ui.onmessage`. Messages posted before the
 * iframe has loaded are held until it has.
 *
 * @example
 * const figma = createFigmaFake({ ui: createIframeUiTransport({ container: document.body }) });
 * installFigmaFake(figma, { html: uiHtml });
 */
import type { UiTransport } from "./ui-transport.js";

export interface IframeUiTransportOptions {
  /** Where the iframe goes; document.body by default. */
  container?: HTMLElement;
  /** Extra sandbox tokens; "allow-scripts" is always there. */
  sandbox?: string[];
}

export interface IframeUiTransport extends UiTransport {
  /** The iframe while the UI is open. */
  readonly iframe: HTMLIFrameElement | null;
}

export function createIframeUiTransport(options: IframeUiTransportOptions = {}): IframeUiTransport {
  let iframe: HTMLIFrameElement | null = null;
  let loaded = false;
  let pending: unknown[] = [];
  let listener: ((event: MessageEvent) => void) | null = null;

  const post = (pluginMessage: unknown) => {
    iframe?.contentWindow?.postMessage({ pluginMessage, pluginId: "figma-fake" }, "*");
  };

  const close = () => {
    if (listener) window.removeEventListener("message", listener);
    iframe?.remove();
    iframe = null;
    listener = null;
    pending = [];
    loaded = false;
  };

  return {
    get iframe() {
      return iframe;
    },
    open(html, showOptions, deliver) {
      close();
      const frame = document.createElement("iframe");
      frame.setAttribute("sandbox", ["allow-scripts", ...(options.sandbox ?? [])].join(" "));
      frame.style.width = `${showOptions.width ?? 300}px`;
      frame.style.height = `${showOptions.height ?? 200}px`;
      frame.style.border = "0";
      if (showOptions.visible === false) frame.style.display = "none";
      if (showOptions.title) frame.title = showOptions.title;
      listener = (event: MessageEvent) => {
        if (event.source !== frame.contentWindow) return;
        const data = event.data as { pluginMessage?: unknown } | null;
        if (typeof data === "object" && data !== null && "pluginMessage" in data) deliver(data.pluginMessage, event.origin);
      };
      window.addEventListener("message", listener);
      frame.addEventListener("load", () => {
        loaded = true;
        const queued = pending;
        pending = [];
        queued.forEach(post);
      });
      loaded = false;
      frame.srcdoc = html;
      (options.container ?? document.body).appendChild(frame);
      iframe = frame;
    },
    postMessage(pluginMessage) {
      if (loaded) post(pluginMessage);
      else pending.push(pluginMessage);
    },
    close,
    resize(width, height) {
      if (!iframe) return;
      iframe.style.width = `${width}px`;
      iframe.style.height = `${height}px`;
    },
    setVisible(visible) {
      if (iframe) iframe.style.display = visible ? "" : "none";
    },
  };
}

/**
 * An in-memory stand-in for the plugin's iframe, for Node tests: `send` posts a message as the UI would
 * (`parent.postMessage({ pluginMessage }, "*")`), `received` lists what the plugin posted, and `next` waits for the
 * next message of a type without sleeping.
 *
 * @example
 * const ui = createMemoryUiTransport();
 * const figma = createFigmaFake({ ui });
 * startPlugin(figma);
 * ui.send({ type: "ui-ready" });
 * const init = await ui.next("init");
 */
import type { UiTransport } from "./ui-transport.js";

type Typed = { type: string };
type Waiter = { matches: (message: unknown) => boolean; resolve: (message: unknown) => void };

export interface MemoryUiTransport extends UiTransport {
  /** Every message the plugin posted to the UI, in order. */
  readonly received: unknown[];
  /** The html and options of the last `figma.showUI`, or null before it. */
  readonly shown: { html: string; options: ShowUIOptions } | null;
  readonly isOpen: boolean;
  /** Posts a message from the UI to the plugin (delivered asynchronously, as in a browser). */
  send(pluginMessage: unknown, origin?: string): void;
  /**
   * Resolves with the next message of `type` (or of any of several types) not yet returned by `next`; one already
   * received counts. Lets a test await replies in order without sleeping.
   */
  next<M extends Typed, T extends M["type"] = M["type"]>(type: T | readonly T[]): Promise<Extract<M, { type: T }>>;
  /** The messages of `type` received so far. */
  all<M extends Typed, T extends M["type"] = M["type"]>(type: T): Extract<M, { type: T }>[];
}

export function createMemoryUiTransport(): MemoryUiTransport {
  const received: unknown[] = [];
  const unread: unknown[] = [];
  const waiters: Waiter[] = [];
  let deliver: ((pluginMessage: unknown, origin: string) => void) | null = null;
  let shown: { html: string; options: ShowUIOptions } | null = null;

  const typeIs = (type: string | readonly string[]) => (message: unknown) =>
    typeof message === "object" &&
    message !== null &&
    (typeof type === "string" ? [type] : type).includes((message as Typed).type);

  return {
    received,
    get shown() {
      return shown;
    },
    get isOpen() {
      return deliver !== null;
    },
    open(html, options, deliverToPlugin) {
      shown = { html, options };
      deliver = deliverToPlugin;
    },
    postMessage(pluginMessage) {
      received.push(pluginMessage);
      const waiter = waiters.find((candidate) => candidate.matches(pluginMessage));
      if (waiter) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(pluginMessage);
      } else {
        unread.push(pluginMessage);
      }
    },
    close() {
      deliver = null;
    },
    send(pluginMessage, origin = "null") {
      const target = deliver;
      if (!target) throw new Error("The plugin has no UI open: call figma.showUI first");
      queueMicrotask(() => target(pluginMessage, origin));
    },
    next(type) {
      const matches = typeIs(type);
      const index = unread.findIndex(matches);
      if (index >= 0) return Promise.resolve(unread.splice(index, 1)[0] as never);
      return new Promise((resolve) => waiters.push({ matches, resolve: resolve as (message: unknown) => void }));
    },
    all(type) {
      return received.filter(typeIs(type)) as never[];
    },
  };
}

/**
 * `figma.ui`: the plugin's side of the iframe. It checks and clones every message (see plugin-message.ts), calls
 * `onmessage` and every `on("message")` handler for messages from the UI, and hands the rest to a UiTransport.
 */
import { clonePluginMessage } from "./plugin-message.js";
import type { UiTransport } from "./ui-transport.js";

export class FakeUi implements UIAPI {
  onmessage: MessageEventHandler | undefined = undefined;
  #handlers: { callback: MessageEventHandler; once: boolean }[] = [];
  #open = false;
  #visible = false;
  #size = { width: 0, height: 0 };
  #position = { x: 0, y: 0 };
  #options: ShowUIOptions | null = null;

  constructor(
    readonly transport: UiTransport,
    private readonly isPluginClosed: () => boolean,
  ) {}

  /** Whether a UI is open (between showUI and close). */
  get isOpen(): boolean {
    return this.#open;
  }

  get isVisible(): boolean {
    return this.#open && this.#visible;
  }

  get size(): { width: number; height: number } {
    return { ...this.#size };
  }

  /** The options of the last showUI call (e.g. to check `themeColors`). */
  get shownWith(): ShowUIOptions | null {
    return this.#options;
  }

  /** @internal Called by figma.showUI. */
  open(html: string, options: ShowUIOptions = {}): void {
    if (this.#open) this.transport.close();
    this.#open = true;
    this.#options = { ...options };
    this.#visible = options.visible ?? true;
    this.#size = { width: options.width ?? 300, height: options.height ?? 200 };
    this.#position = options.position ?? { x: 0, y: 0 };
    this.transport.open(html, { ...options }, (message, origin) => this.#deliver(message, origin));
  }

  show(): void {
    this.#requireOpen("show");
    this.#visible = true;
    this.transport.setVisible?.(true);
  }

  hide(): void {
    this.#requireOpen("hide");
    this.#visible = false;
    this.transport.setVisible?.(false);
  }

  resize(width: number, height: number): void {
    this.#requireOpen("resize");
    if (!(Number.isFinite(width) && Number.isFinite(height))) throw new Error("in resize: width and height must be numbers");
    this.#size = { width: Math.max(70, Math.round(width)), height: Math.max(0, Math.round(height)) };
    this.transport.resize?.(this.#size.width, this.#size.height);
  }

  reposition(x: number, y: number): void {
    this.#requireOpen("reposition");
    this.#position = { x, y };
    this.transport.reposition?.(x, y);
  }

  getPosition(): { windowSpace: Vector; canvasSpace: Vector } {
    this.#requireOpen("getPosition");
    return { windowSpace: { ...this.#position }, canvasSpace: { ...this.#position } };
  }

  /** @internal A new plugin run (FakeFigma.reopen): no UI open and none of the last run's handlers. */
  reset(): void {
    this.close();
    this.onmessage = undefined;
    this.#handlers = [];
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.transport.close();
  }

  postMessage(pluginMessage: unknown, options?: UIPostMessageOptions): void {
    this.#requireOpen("postMessage");
    this.transport.postMessage(clonePluginMessage(pluginMessage, "figma.ui.postMessage"), options);
  }

  on(type: "message", callback: MessageEventHandler): void {
    this.#checkType(type);
    this.#handlers.push({ callback, once: false });
  }

  once(type: "message", callback: MessageEventHandler): void {
    this.#checkType(type);
    this.#handlers.push({ callback, once: true });
  }

  off(type: "message", callback: MessageEventHandler): void {
    this.#checkType(type);
    this.#handlers = this.#handlers.filter((handler) => handler.callback !== callback);
  }

  #deliver(message: unknown, origin: string): void {
    if (!this.#open || this.isPluginClosed()) return;
    const copy = clonePluginMessage(message, "parent.postMessage from the UI");
    const props: OnMessageProperties = { origin };
    this.onmessage?.(copy, props);
    const handlers = this.#handlers;
    this.#handlers = handlers.filter((handler) => !handler.once);
    for (const handler of handlers) handler.callback(copy, props);
  }

  #requireOpen(method: string): void {
    if (!this.#open) throw new Error(`in ${method}: No UI is open; call figma.showUI first`);
  }

  #checkType(type: string): void {
    if (type !== "message") throw new Error(`figma.ui.on: unknown event type "${type}"`);
  }
}

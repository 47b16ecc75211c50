/**
 * A fake of the Figma Plugin API's `figma` object for tests of the plugin's main thread, typed against
 * `@figma/plugin-typings`. It runs in Node and in a browser page (no Node imports): the UI side is a pluggable
 * UiTransport, in memory by default.
 *
 * Beyond Figma's API it offers what tests need to look at: `notifications`, `closeMessage`, `commitUndoCalls`,
 * `triggerRun`, `unloadPages`, and `triggerUndo()` that really reverts the document (fills, plugin data, relaunch
 * data, geometry, names, created and removed nodes) to the last `commitUndo()` — or, when nothing changed since that
 * commit, to the one before it, as pressing ⌘Z twice would; each page's "nodechange" listeners then hear what it
 * changed there (the plugin's own writes are not reported). `changePluginId` plays Figma assigning a new plugin id
 * (private plugin data of the old id is then out of reach), `visibleBox` says what of a layer shows on the canvas.
 * For quick actions and the designer's workflow: `typeParameter` (query mode until "run"), `clickNotificationButton`,
 * `dropUnusedImages` (getImageByHash then returns null for them) and `reopen` (the plugin run again in the same file).
 */
import { FakeClientStorage } from "./client-storage.js";
import { FakeUi } from "./fake-ui.js";
import { FakeImage, FakeImageStore } from "./images.js";
import { createMemoryUiTransport } from "./memory-ui-transport.js";
import { FakeParameters, type ParameterAnswer } from "./parameters.js";
import {
  type FakeBaseNode,
  type FakeContainerNode,
  FakeComponentNode,
  type FakeComponentSetNode,
  FakeDocumentNode,
  FakeFrameLikeNode,
  FakeGroupNode,
  FakeSectionNode,
  FakePageNode,
  FakeSceneNode,
  FakeShapeNode,
  FakeTextNode,
  type NodeData,
  NodeStore,
  type Snapshot,
  changedProperties,
  combineNodesAsVariants,
  groupNodes,
  newNodeData,
  pageOf,
  type ShapeType,
  visibleBox,
} from "./nodes.js";
import { type FakePaintStyle, FakeStyleStore } from "./styles.js";
import type { UiTransport } from "./ui-transport.js";
import { FakeViewport, type ViewportOptions } from "./viewport.js";

export interface FigmaFakeOptions {
  /** Plays the plugin's iframe; an in-memory transport by default. */
  ui?: UiTransport;
  /** `figma.command`: "" for a plain run, or a relaunch button's command such as "regenerate". */
  command?: string;
  /** The manifest's `documentAccess`; "dynamic-page" (as in this project's manifest) by default. */
  documentAccess?: "dynamic-page" | "default";
  pluginId?: string;
  /** Share one storage between fakes to model closing and reopening the plugin. */
  clientStorage?: FakeClientStorage;
  viewport?: ViewportOptions;
}

export interface RecordedNotification {
  message: string;
  options: NotificationOptions | undefined;
  cancelled: boolean;
}

type Listener = (...args: never[]) => unknown;

const WHITE: Paint = { type: "SOLID", color: { r: 1, g: 1, b: 1 } };
const GREY: Paint = { type: "SOLID", color: { r: 0.851, g: 0.851, b: 0.851 } };
const BLACK: Paint = { type: "SOLID", color: { r: 0, g: 0, b: 0 } };

export class FakeFigma
  implements
    Pick<
      PluginAPI,
      | "apiVersion"
      | "command"
      | "editorType"
      | "mode"
      | "pluginId"
      | "fileKey"
      | "notify"
      | "commitUndo"
      | "triggerUndo"
      | "showUI"
      | "closePlugin"
      | "ui"
      | "clientStorage"
      | "createImage"
      | "getImageByHash"
      | "parameters"
      | "on"
      | "once"
      | "off"
    >
{
  readonly apiVersion = "1.0.0" as const;
  readonly editorType = "figma" as const;
  readonly mode = "default" as const;
  readonly fileKey = undefined;
  readonly mixed: symbol = Symbol("figma.mixed");
  readonly documentAccess: "dynamic-page" | "default";
  readonly ui: FakeUi;
  readonly clientStorage: FakeClientStorage;
  readonly viewport: FakeViewport;
  readonly root: FakeDocumentNode;
  readonly parameters = new FakeParameters();
  /** Every `figma.notify`, in order. */
  readonly notifications: RecordedNotification[] = [];
  /** The message given to `closePlugin`, once it was called. */
  closeMessage: string | undefined = undefined;
  /** How often the plugin called `commitUndo`. */
  commitUndoCalls = 0;

  readonly #store: NodeStore;
  readonly #images = new FakeImageStore();
  readonly #styles = new FakeStyleStore((hash) => this.#images.has(hash));
  #pluginId: string;
  #currentPage: FakePageNode;
  #closed = false;
  #listeners: { type: string; callback: Listener; once: boolean }[] = [];
  #checkpoints: Snapshot[] = [];
  #command: string;
  /** Between the first typed parameter and "run": the quick action's query mode. */
  #queryMode = false;

  constructor(options: FigmaFakeOptions = {}) {
    this.#command = options.command ?? "";
    this.#pluginId = options.pluginId ?? "framefill-dev";
    this.documentAccess = options.documentAccess ?? "dynamic-page";
    this.clientStorage = options.clientStorage ?? new FakeClientStorage();
    this.viewport = new FakeViewport(options.viewport);
    this.ui = new FakeUi(options.ui ?? createMemoryUiTransport(), () => this.#closed);
    const fake = this;
    this.#store = new NodeStore({
      documentAccess: this.documentAccess,
      get pluginId() {
        return fake.#pluginId;
      },
      currentPage: () => this.#currentPage,
      paintStyle: (id) => this.#styles.get(id),
      imageExists: (hash) => this.#images.has(hash),
      selectionChanged: (page) => {
        if (page === this.#currentPage) this.#emitLater("selectionchange");
      },
    });
    this.root = new FakeDocumentNode(this.#store, "0:0", newNodeData({ name: "Untitled" }));
    this.#currentPage = this.createPage();
    this.#currentPage.name = "Page 1";
    this.#checkpoints = [this.#store.snapshot()];
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** `figma.command`: "" for a plain run, or the relaunch button's command. */
  get command(): string {
    return this.#command;
  }

  /** Whether the plugin is in query mode (the designer is typing a quick action's parameters). */
  get isInQueryMode(): boolean {
    return this.#queryMode;
  }

  /**
   * Test helper: the designer runs the plugin again in the same file (after closing it): the same document, client
   * storage and images; a new run with no UI, listeners or handlers of the last one.
   */
  reopen(options: { command?: string } = {}): void {
    if (!this.#closed) this.closePlugin();
    this.#closed = false;
    this.#listeners = [];
    this.#command = options.command ?? "";
    this.closeMessage = undefined;
    this.parameters.reset();
    this.ui.reset();
  }

  /**
   * Test helper: the designer types `query` for the parameter `key` in the quick action (with `parameters` entered
   * before it). The plugin is in query mode from then until "run" (DESIGN.md: it may read and fetch, not show UI).
   * Resolves with the plugin's answer.
   */
  typeParameter(key: string, query: string, parameters: ParameterValues = {}, options: { allowFreeform?: boolean } = {}): Promise<ParameterAnswer> {
    this.#queryMode = true;
    return this.parameters.input(key, query, parameters, options.allowFreeform ?? false);
  }

  /**
   * Test helper: clicks the action button of the newest notification showing one. As documented for `notify`
   * (plugin-api.d.ts:253), the action runs, and unless it returns false the notification is dismissed
   * (onDequeue "action_button_click"). Throws when no notification shows a button.
   */
  clickNotificationButton(): void {
    const shown = this.notifications.filter((notification) => !notification.cancelled && notification.options?.button);
    const notification = shown[shown.length - 1];
    if (!notification) throw new Error("No notification with a button is showing");
    const keep = notification.options!.button!.action() === false;
    if (keep) return;
    notification.cancelled = true;
    notification.options?.onDequeue?.("action_button_click");
  }

  /**
   * Test helper: Figma drops the images no layer or style uses (as happens once a file no longer references them);
   * `getImageByHash` then returns null for them ("If there is no image with this hash, returns null",
   * plugin-api.d.ts:1780).
   */
  dropUnusedImages(): void {
    const used = new Set<string>();
    const collect = (paints: ReadonlyArray<Paint>) => {
      for (const paint of paints) if (paint.type === "IMAGE" && paint.imageHash) used.add(paint.imageHash);
    };
    for (const data of this.#store.snapshot().values()) if (!data.removed) collect(data.fills);
    for (const style of this.#styles.all()) collect(style.paints);
    this.#images.retainOnly(used);
  }

  /** The plugin's id: private plugin data belongs to it (plugin-api.d.ts:6541). */
  get pluginId(): string {
    return this.#pluginId;
  }

  /** Test helper: Figma gives the plugin another id (as at publish); private data of the old id is out of reach. */
  changePluginId(id: string): void {
    this.#pluginId = id;
  }

  /** Test helper: what of a layer shows on the canvas once clipping ancestors cut it; null when nothing. */
  visibleBox(node: FakeSceneNode): Rect | null {
    return visibleBox(node);
  }

  // ── Pages and nodes ──────────────────────────────────────────────────────────────────────────────────────────

  /** The page the designer is on; read-only with documentAccess "dynamic-page" (use setCurrentPageAsync). */
  get currentPage(): FakePageNode {
    return this.#currentPage;
  }

  set currentPage(page: FakePageNode) {
    if (this.documentAccess === "dynamic-page") {
      throw new Error("in set_currentPage: Cannot call with documentAccess: dynamic-page. Use figma.setCurrentPageAsync instead.");
    }
    this.#switchPage(page);
  }

  async setCurrentPageAsync(page: FakePageNode): Promise<void> {
    await page.loadAsync();
    this.#switchPage(page);
  }

  createPage(): FakePageNode {
    const page = new FakePageNode(this.#store, this.#store.newId(0), newNodeData({ name: `Page ${this.root.data.childIds.length + 1}` }));
    this.root.appendChild(page);
    return page;
  }

  /** Test helper: every page but the current one becomes unloaded, as when a file is opened with dynamic pages. */
  unloadPages(): void {
    if (this.documentAccess !== "dynamic-page") return;
    for (const page of this.root.children) if (page !== this.#currentPage) page.data.loaded = false;
  }

  /** A frame; it clips its content, as new frames do in Figma. */
  createFrame(): FakeFrameLikeNode<"FRAME"> {
    return this.#create(new FakeFrameLikeNode(this.#store, this.#newId(), "FRAME", this.#data("Frame", [WHITE], { clipsContent: true })));
  }

  createComponent(): FakeComponentNode {
    return this.#create(
      new FakeComponentNode(this.#store, this.#newId(), "COMPONENT", this.#data("Component", [WHITE], { clipsContent: true })),
    );
  }

  createSection(): FakeSectionNode {
    return this.#create(new FakeSectionNode(this.#store, this.#newId(), "SECTION", this.#data("Section", [WHITE])));
  }

  createRectangle(): FakeShapeNode<"RECTANGLE"> {
    return this.#shape("RECTANGLE", "Rectangle", [GREY]);
  }

  createEllipse(): FakeShapeNode<"ELLIPSE"> {
    return this.#shape("ELLIPSE", "Ellipse", [GREY]);
  }

  createPolygon(): FakeShapeNode<"POLYGON"> {
    return this.#shape("POLYGON", "Polygon", [GREY]);
  }

  createStar(): FakeShapeNode<"STAR"> {
    return this.#shape("STAR", "Star", [GREY]);
  }

  createVector(): FakeShapeNode<"VECTOR"> {
    return this.#shape("VECTOR", "Vector", [GREY]);
  }

  createLine(): FakeShapeNode<"LINE"> {
    return this.#create(new FakeShapeNode(this.#store, this.#newId(), "LINE", this.#data("Line", [], { height: 0 })));
  }

  createText(): FakeTextNode {
    return this.#create(new FakeTextNode(this.#store, this.#newId(), "TEXT", this.#data("Text", [BLACK], { width: 0, height: 0 })));
  }

  /** Groups the nodes under `parent`, keeping their place on the page. There is no createGroup, as in Figma. */
  group(nodes: ReadonlyArray<FakeSceneNode>, parent: FakeContainerNode, index?: number): FakeGroupNode {
    return groupNodes(this.#store, nodes, parent, index);
  }

  /** Combines components into a component set under `parent`, each keeping its place on the page. */
  combineAsVariants(nodes: ReadonlyArray<FakeComponentNode>, parent: FakeContainerNode, index?: number): FakeComponentSetNode {
    return combineNodesAsVariants(this.#store, nodes, parent, index);
  }

  async getNodeByIdAsync(id: string): Promise<FakeBaseNode | null> {
    return this.#store.find(id);
  }

  /** Figma's synchronous lookup, which throws when the manifest asks for documentAccess "dynamic-page". */
  getNodeById(id: string): FakeBaseNode | null {
    if (this.documentAccess === "dynamic-page") {
      throw new Error("in getNodeById: Cannot call with documentAccess: dynamic-page. Use figma.getNodeByIdAsync instead.");
    }
    return this.#store.find(id);
  }

  // ── Styles ───────────────────────────────────────────────────────────────────────────────────────────────────

  createPaintStyle(): FakePaintStyle {
    return this.#styles.create();
  }

  async getStyleByIdAsync(id: string): Promise<FakePaintStyle | null> {
    return this.#styles.get(id);
  }

  async getLocalPaintStylesAsync(): Promise<FakePaintStyle[]> {
    return this.#styles.all();
  }

  // ── Images ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** Takes PNG, JPEG or GIF bytes up to 4096 × 4096; anything else throws as in Figma. */
  createImage(data: Uint8Array): FakeImage {
    return this.#images.create(data);
  }

  getImageByHash(hash: string): FakeImage | null {
    return this.#images.get(hash);
  }

  // ── Undo ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Ends the current undo step (a no-op when nothing changed since the last one). */
  commitUndo(): void {
    this.commitUndoCalls += 1;
    const snapshot = this.#store.snapshot();
    const last = this.#checkpoints[this.#checkpoints.length - 1]!;
    if (NodeStore.serialize(snapshot) !== NodeStore.serialize(last)) this.#checkpoints.push(snapshot);
  }

  /**
   * Undoes one step: changes since the last commit if there are any, otherwise the last committed step. Returns
   * false when there was nothing to undo.
   */
  triggerUndo(): boolean {
    const current = this.#store.snapshot();
    const last = this.#checkpoints[this.#checkpoints.length - 1]!;
    if (NodeStore.serialize(current) !== NodeStore.serialize(last)) {
      this.#restore(current, last);
      return true;
    }
    if (this.#checkpoints.length === 1) return false;
    this.#checkpoints.pop();
    this.#restore(current, this.#checkpoints[this.#checkpoints.length - 1]!);
    return true;
  }

  /** Puts the document back to `target` and tells each page's "nodechange" listeners what changed on it. */
  #restore(current: Snapshot, target: Snapshot): void {
    const pagesBefore = new Map<string, FakePageNode | null>();
    for (const id of current.keys()) pagesBefore.set(id, this.#pageOfLive(id));
    this.#store.restore(target);
    const byPage = new Map<FakePageNode, NodeChange[]>();
    const add = (page: FakePageNode | null, change: NodeChange) => {
      if (page) byPage.set(page, [...(byPage.get(page) ?? []), change]);
    };
    for (const [id, before] of current) {
      const after = target.get(id);
      const fake = this.#store.get(id);
      if (!(fake instanceof FakeSceneNode)) continue;
      const node = fake as unknown as SceneNode;
      const wasLive = !before.removed;
      const isLive = after !== undefined && !after.removed;
      if (wasLive && !isLive) add(pagesBefore.get(id) ?? null, { type: "DELETE", id, origin: "LOCAL", node: { id, type: node.type, removed: true } });
      else if (!wasLive && isLive) add(this.#pageOfLive(id), { type: "CREATE", id, origin: "LOCAL", node });
      else if (wasLive && isLive) {
        const properties = changedProperties(before, after);
        if (properties.length > 0) add(this.#pageOfLive(id), { type: "PROPERTY_CHANGE", id, origin: "LOCAL", node, properties });
      }
    }
    for (const [page, changes] of byPage) {
      queueMicrotask(() => {
        if (!this.#closed) page.emitNodeChanges(changes);
      });
    }
  }

  #pageOfLive(id: string): FakePageNode | null {
    const node = this.#store.find(id);
    return node ? pageOf(node) : null;
  }

  // ── UI, notifications, lifecycle ────────────────────────────────────────────────────────────────────────────

  showUI(html: string, options?: ShowUIOptions): void {
    if (this.#closed) throw new Error("in showUI: The plugin has been closed");
    // Query mode may not show UI (DESIGN.md "Facts worth knowing"); the wording is the fake's own.
    if (this.#queryMode) throw new Error("in showUI: Cannot show UI while the quick action is in query mode");
    if (typeof html !== "string") throw new Error("in showUI: Expected html to be a string");
    this.ui.open(html, options);
  }

  notify(message: string, options?: NotificationOptions): NotificationHandler {
    const notification: RecordedNotification = { message: String(message), options, cancelled: false };
    this.notifications.push(notification);
    return {
      cancel: () => {
        if (notification.cancelled) return;
        notification.cancelled = true;
        options?.onDequeue?.("dismiss");
      },
    };
  }

  closePlugin(message?: string): void {
    if (this.#closed) return;
    this.#emit("close");
    // "If the message includes a custom action button, it will be closed automatically when the plugin closes." (plugin-api.d.ts:259)
    for (const notification of this.notifications) {
      if (notification.options?.button && !notification.cancelled) {
        notification.cancelled = true;
        notification.options.onDequeue?.("dismiss");
      }
    }
    this.#closed = true;
    this.closeMessage = message;
    this.ui.close();
  }

  on(type: string, callback: (...args: never[]) => unknown): void {
    this.#listeners.push({ type, callback, once: false });
  }

  once(type: string, callback: (...args: never[]) => unknown): void {
    this.#listeners.push({ type, callback, once: true });
  }

  off(type: string, callback: (...args: never[]) => unknown): void {
    this.#listeners = this.#listeners.filter((listener) => listener.type !== type || listener.callback !== callback);
  }

  /** Test helper: fires "run", as Figma does after the plugin's code has loaded. */
  triggerRun(event: RunEvent = { command: this.command, parameters: undefined }): void {
    this.#queryMode = false;
    this.#emit("run", event);
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────────────────────

  #switchPage(page: FakePageNode): void {
    if (!(page instanceof FakePageNode) || page.removed) throw new Error("in setCurrentPage: Expected a page");
    if (page === this.#currentPage) return;
    this.#currentPage = page;
    this.#emitLater("currentpagechange");
  }

  #newId(): string {
    return this.#store.newId(1);
  }

  #data(name: string, fills: Paint[], overrides: Partial<NodeData> = {}): NodeData {
    return newNodeData({ name, fills: Object.freeze(fills.map((paint) => Object.freeze({ visible: true, opacity: 1, blendMode: "NORMAL", ...paint })) as Paint[]), ...overrides });
  }

  #shape<T extends ShapeType>(type: T, name: string, fills: Paint[]): FakeShapeNode<T> {
    return this.#create(new FakeShapeNode(this.#store, this.#newId(), type, this.#data(name, fills)));
  }

  #create<T extends FakeSceneNode>(node: T): T {
    this.#currentPage.appendChild(node);
    return node;
  }

  #emit(type: string, ...args: unknown[]): void {
    const listeners = this.#listeners.filter((listener) => listener.type === type);
    this.#listeners = this.#listeners.filter((listener) => !(listener.type === type && listener.once));
    for (const listener of listeners) (listener.callback as (...values: unknown[]) => unknown)(...args);
  }

  #emitLater(type: string): void {
    queueMicrotask(() => {
      if (!this.#closed) this.#emit(type);
    });
  }
}

/** Makes a fake `figma`. */
export function createFigmaFake(options: FigmaFakeOptions = {}): FakeFigma {
  return new FakeFigma(options);
}

/**
 * Installs the fake as the global `figma` (and `__html__`), as Figma does before running a plugin's code. Returns a
 * function that puts back what was there before.
 */
export function installFigmaFake(fake: FakeFigma, options: { html?: string } = {}): () => void {
  const scope = globalThis as Record<string, unknown>;
  const previous = { figma: scope.figma, __html__: scope.__html__ };
  scope.figma = fake;
  scope.__html__ = options.html ?? "<html><body></body></html>";
  return () => {
    scope.figma = previous.figma;
    scope.__html__ = previous.__html__;
  };
}

/**
 * The harness page's script (bundled for the browser by serve-harness.ts): it plays Figma's host. It builds a document
 * in the Figma fake, runs the built plugin (dist/code.js) against it, and opens the built UI (dist/ui.html) in a
 * sandboxed iframe (scripts only: origin "null", as in Figma) with Figma's theme applied, relaying plugin messages
 * both ways through the fake's iframe transport. Tests drive it through `window.framefillHarness`.
 */
import {
  createFigmaFake,
  createIframeUiTransport,
  FakeClientStorage,
  type FakeFigma,
  type FakeSceneNode,
  installFigmaFake,
} from "../figma-fake/index.js";
import type { ParameterAnswer } from "../figma-fake/parameters.js";
import type { UiTransport } from "../figma-fake/ui-transport.js";
import type { GenerationMetadata } from "../../../src/messages.js";
import { METADATA_NAMESPACE } from "../../../src/plugin/metadata/metadata-key.js";
import { writeMetadata } from "../../../src/plugin/metadata/write-metadata.js";
import { installCanvasApi } from "./canvas-page.js";
import { applyFigmaTheme, type FigmaTheme } from "./figma-theme.js";

export interface FrameSpec {
  name: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
}

export interface NodeInfo {
  id: string;
  name: string;
  type: string;
  width: number;
  height: number;
  fills: Paint[];
  pluginDataKeys: string[];
}

export interface DocumentOptions {
  /** The theme Figma shows the plugin's UI in. */
  theme: FigmaTheme;
  /** `figma.command` for the launch: "" or a relaunch button's command. */
  command?: string;
  /** Keep figma.clientStorage from the previous document: the same designer's machine, plugin reopened. */
  keepStorage?: boolean;
}

export interface HarnessApi {
  /** A new, empty document; the plugin is not running yet. */
  newDocument(options: DocumentOptions): void;
  createFrame(spec: FrameSpec): string;
  createText(name: string): string;
  select(ids: string[]): Promise<void>;
  /** Makes a layer look filled by an earlier generation: the plugin's own metadata and relaunch buttons. */
  markGenerated(id: string, metadata: GenerationMetadata): Promise<void>;
  /** Framefill's shared plugin data (namespace "framefill") under `key`. */
  pluginData(id: string, key: string): Promise<string | null>;
  /** Runs dist/code.js against the document, as Figma launches a plugin. */
  runPlugin(): Promise<void>;
  /** Closes the plugin and runs it again on the same document (same file, same machine). */
  reopenPlugin(options?: { command?: string }): Promise<void>;
  /**
   * Runs the plugin from Figma's quick actions: loads dist/code.js, types each parameter (in query mode) and then
   * fires "run" with the values. Resolves with the plugin's answer to each typed parameter.
   */
  runQuickAction(typed: { key: string; query: string }[], parameters: ParameterValues): Promise<ParameterAnswer[]>;
  /** Whether the plugin's UI is open and visible. */
  isUiVisible(): boolean;
  /** Clicks the action button of the newest notification showing one (e.g. Cancel). */
  clickNotificationButton(): void;
  /** Presses ⌘Z once. */
  undo(): boolean;
  closePlugin(): void;
  node(id: string): Promise<NodeInfo | null>;
  pageNodes(): NodeInfo[];
  /** An image's bytes, base64, by its hash. */
  imageBytes(hash: string): Promise<string | null>;
  notifications(): string[];
  storedKeys(): Promise<string[]>;
  isPluginClosed(): boolean;
}

declare global {
  interface Window {
    framefillHarness: HarnessApi;
  }
}

let storage = new FakeClientStorage();
let figma: FakeFigma = createFigmaFake({ clientStorage: storage, ui: themedTransport("light") });
let uninstall: (() => void) | null = null;
const assets: { code?: string; html?: string } = {};

async function loadAssets(): Promise<{ code: string; html: string }> {
  assets.code ??= await (await fetch("/code.js", { cache: "no-store" })).text();
  assets.html ??= await (await fetch("/ui.html", { cache: "no-store" })).text();
  return { code: assets.code, html: assets.html };
}

/** The fake's iframe transport, with Figma's theme class and variables put into the HTML it opens. */
function themedTransport(theme: FigmaTheme): UiTransport {
  const iframe = createIframeUiTransport({ container: document.getElementById("plugin-ui") ?? document.body });
  return {
    open: (html, options, deliver) => iframe.open(options.themeColors ? applyFigmaTheme(html, theme) : html, options, deliver),
    postMessage: (message, options) => iframe.postMessage(message, options),
    close: () => iframe.close(),
    resize: (width, height) => iframe.resize?.(width, height),
    setVisible: (visible) => iframe.setVisible?.(visible),
  };
}

/** Loads dist/code.js into the page against the fake, as Figma loads a plugin's code (before "run"). */
async function loadPlugin(): Promise<void> {
  const { code, html } = await loadAssets();
  uninstall = installFigmaFake(figma, { html });
  const script = document.createElement("script");
  script.textContent = code;
  document.head.appendChild(script);
  script.remove();
}

function describeNode(node: FakeSceneNode): NodeInfo {
  const withFills = node as FakeSceneNode & { fills?: ReadonlyArray<Paint> | symbol };
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    width: node.width,
    height: node.height,
    fills: Array.isArray(withFills.fills) ? JSON.parse(JSON.stringify(withFills.fills)) : [],
    pluginDataKeys: node.getPluginDataKeys(),
  };
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

installCanvasApi(() => figma);

window.framefillHarness = {
  newDocument({ theme, command = "", keepStorage = false }) {
    this.closePlugin();
    if (!keepStorage) storage = new FakeClientStorage();
    figma = createFigmaFake({ clientStorage: storage, command, ui: themedTransport(theme) });
  },
  createFrame({ name, width, height, x = 0, y = 0 }) {
    const frame = figma.createFrame();
    frame.name = name;
    frame.resize(width, height);
    frame.x = x;
    frame.y = y;
    // Drawing a frame is the designer's own undo step, before anything the plugin does.
    figma.commitUndo();
    return frame.id;
  },
  createText(name) {
    const text = figma.createText();
    text.name = name;
    return text.id;
  },
  async select(ids) {
    figma.currentPage.selection = (await Promise.all(ids.map((id) => figma.getNodeByIdAsync(id)))) as FakeSceneNode[];
  },
  async runPlugin() {
    await loadPlugin();
    figma.triggerRun();
  },
  async reopenPlugin(options = {}) {
    uninstall?.();
    uninstall = null;
    figma.reopen(options);
    await this.runPlugin();
  },
  async runQuickAction(typed, parameters) {
    if (figma.isClosed || figma.ui.isOpen) {
      uninstall?.();
      uninstall = null;
      figma.reopen();
    }
    await loadPlugin();
    const answers: ParameterAnswer[] = [];
    for (const { key, query } of typed) answers.push(await figma.typeParameter(key, query, parameters, { allowFreeform: key === "prompt" }));
    figma.triggerRun({ command: figma.command, parameters });
    return answers;
  },
  isUiVisible() {
    return figma.ui.isVisible;
  },
  clickNotificationButton() {
    figma.clickNotificationButton();
  },
  undo() {
    return figma.triggerUndo();
  },
  closePlugin() {
    if (!figma.isClosed && figma.ui.isOpen) figma.closePlugin();
    uninstall?.();
    uninstall = null;
  },
  async markGenerated(id, metadata) {
    const node = await figma.getNodeByIdAsync(id);
    if (!node) throw new Error(`no node ${id}`);
    writeMetadata(node as unknown as BaseNode, metadata);
  },
  async pluginData(id, key) {
    const node = await figma.getNodeByIdAsync(id);
    return node ? node.getSharedPluginData(METADATA_NAMESPACE, key) : null;
  },
  async node(id) {
    const node = (await figma.getNodeByIdAsync(id)) as FakeSceneNode | null;
    return node && !node.removed ? describeNode(node) : null;
  },
  pageNodes() {
    return figma.currentPage.children.map(describeNode);
  },
  async imageBytes(hash) {
    const image = figma.getImageByHash(hash);
    return image ? toBase64(await image.getBytesAsync()) : null;
  },
  notifications() {
    return figma.notifications.map((notification) => notification.message);
  },
  storedKeys() {
    return storage.keysAsync();
  },
  isPluginClosed() {
    return figma.isClosed;
  },
};

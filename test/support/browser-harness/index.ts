/**
 * Browser tests' handle on the harness: Debian's chromium showing the harness page, which plays Figma's host for the
 * built plugin (see harness-page.ts), plus typed wrappers for what the page exposes and a locator for the plugin's UI
 * iframe, so tests find controls by accessible name as a designer would.
 *
 * @example
 * const harness = await openHarness();
 * await harness.newDocument({ theme: "light" });
 * const hero = await harness.createFrame({ name: "Hero", width: 1600, height: 900 });
 * await harness.select([hero]);
 * await harness.runPlugin();
 * await harness.ui.getByLabel("Prompt", { exact: true }).fill("a lighthouse at dusk");
 * await harness.close();
 */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { imageSize } from "image-size";
import type { Browser, FrameLocator, Page } from "playwright-core";
import type { GenerationMetadata } from "../../../src/messages.js";
import type { ParameterAnswer } from "../figma-fake/parameters.js";
import type { DocumentOptions, FrameSpec, NodeInfo } from "./harness-page.js";
import { launchChromium } from "./launch-chromium.js";
import { serveHarness, type HarnessServer } from "./serve-harness.js";

export type { FrameSpec, NodeInfo } from "./harness-page.js";
export { applyFigmaTheme, type FigmaTheme } from "./figma-theme.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
export const SCREENSHOT_DIR = join(root, "test-results/screenshots");

export interface PlacedImage {
  bytes: Buffer;
  width: number;
  height: number;
  type: string | undefined;
}

export interface Harness {
  browser: Browser;
  page: Page;
  /** The plugin's UI, inside its sandboxed iframe. */
  ui: FrameLocator;
  /** Messages the page or the UI logged, errors included, for failure messages. */
  console: string[];
  newDocument(options: DocumentOptions): Promise<void>;
  createFrame(spec: FrameSpec): Promise<string>;
  createText(name: string): Promise<string>;
  select(ids: string[]): Promise<void>;
  markGenerated(id: string, metadata: GenerationMetadata): Promise<void>;
  pluginData(id: string, key: string): Promise<string | null>;
  runPlugin(): Promise<void>;
  /** Closes the plugin and runs it again in the same file. */
  reopenPlugin(options?: { command?: string }): Promise<void>;
  /** Runs the plugin from quick actions: types each parameter, then runs with the values. */
  runQuickAction(typed: { key: string; query: string }[], parameters: Record<string, unknown>): Promise<ParameterAnswer[]>;
  isUiVisible(): Promise<boolean>;
  isPluginClosed(): Promise<boolean>;
  clickNotificationButton(): Promise<void>;
  /** Presses ⌘Z once; false when there was nothing to undo. */
  undo(): Promise<boolean>;
  node(id: string): Promise<NodeInfo | null>;
  pageNodes(): Promise<NodeInfo[]>;
  /** The IMAGE fills of a node, each decoded. */
  placedImages(id: string): Promise<PlacedImage[]>;
  notifications(): Promise<string[]>;
  /** Saves a screenshot of the plugin's UI to test-results/screenshots/NAME.png. */
  screenshotUi(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Accept any TLS certificate, e.g. the test certificate of a proxy serving HTTPS (test/support/tls). */
  ignoreHTTPSErrors?: boolean;
}

export async function openHarness(options: HarnessOptions = {}): Promise<Harness> {
  const server: HarnessServer = await serveHarness();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 420, height: 760 }, ignoreHTTPSErrors: options.ignoreHTTPSErrors });
    // Below the test's own 30 s: a step that never comes (a disabled button, a line that never appears) then fails
    // naming its locator and what it waited for, instead of as a bare test timeout.
    page.setDefaultTimeout(20_000);
    const log: string[] = [];
    page.on("console", (message) => log.push(`${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => log.push(`pageerror: ${error.message}`));
    await page.goto(server.url);
    await page.waitForFunction(() => "framefillHarness" in window);
    const ui = page.frameLocator("#plugin-ui iframe");

    return {
      browser,
      page,
      ui,
      console: log,
      newDocument: (options) => page.evaluate((o) => window.framefillHarness.newDocument(o), options),
      createFrame: (spec) => page.evaluate((s) => window.framefillHarness.createFrame(s), spec),
      createText: (name) => page.evaluate((n) => window.framefillHarness.createText(n), name),
      select: (ids) => page.evaluate((i) => window.framefillHarness.select(i), ids),
      markGenerated: (id, metadata) => page.evaluate(([i, m]) => window.framefillHarness.markGenerated(i, m), [id, metadata] as const),
      pluginData: (id, key) => page.evaluate(([i, k]) => window.framefillHarness.pluginData(i, k), [id, key] as const),
      runPlugin: () => page.evaluate(() => window.framefillHarness.runPlugin()),
      reopenPlugin: (options) => page.evaluate((o) => window.framefillHarness.reopenPlugin(o), options),
      runQuickAction: (typed, parameters) => page.evaluate(([t, p]) => window.framefillHarness.runQuickAction(t, p), [typed, parameters] as const),
      isUiVisible: () => page.evaluate(() => window.framefillHarness.isUiVisible()),
      isPluginClosed: () => page.evaluate(() => window.framefillHarness.isPluginClosed()),
      clickNotificationButton: () => page.evaluate(() => window.framefillHarness.clickNotificationButton()),
      undo: () => page.evaluate(() => window.framefillHarness.undo()),
      node: (id) => page.evaluate((i) => window.framefillHarness.node(i), id),
      pageNodes: () => page.evaluate(() => window.framefillHarness.pageNodes()),
      async placedImages(id) {
        const node = await page.evaluate((i) => window.framefillHarness.node(i), id);
        const images: PlacedImage[] = [];
        for (const paint of node?.fills ?? []) {
          if (paint.type !== "IMAGE" || !paint.imageHash) continue;
          const base64 = await page.evaluate((hash) => window.framefillHarness.imageBytes(hash), paint.imageHash);
          if (base64 === null) throw new Error(`image ${paint.imageHash} is not in the document`);
          const bytes = Buffer.from(base64, "base64");
          const size = imageSize(bytes);
          images.push({ bytes, width: size.width, height: size.height, type: size.type });
        }
        return images;
      },
      notifications: () => page.evaluate(() => window.framefillHarness.notifications()),
      async screenshotUi(name) {
        await mkdir(SCREENSHOT_DIR, { recursive: true });
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        await page.locator("#plugin-ui iframe").screenshot({ path });
        return path;
      },
      async close() {
        await browser.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser.close();
    await server.close();
    throw error;
  }
}

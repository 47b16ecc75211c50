/**
 * Drives the plugin the way its UI does: starts it against the Figma fake, posts UiToMain messages through the fake's
 * in-memory UI transport and reads the MainToUi replies. Images are real PNG (or other) bytes made with sharp.
 */
import { OUTPUT_SIZES, type AspectRatio } from "../../../src/contract/aspect-ratios.js";
import { DEFAULT_MODEL_ID } from "../../../src/contract/models.js";
import type { FailureKind, GenerationMetadata, GenerationOptions, Job, MainToUi, UiToMain } from "../../../src/messages.js";
import { startPlugin } from "../../../src/plugin/start-plugin.js";
import {
  createFigmaFake,
  createMemoryUiTransport,
  type FakeFigma,
  type FigmaFakeOptions,
  type MemoryUiTransport,
} from "../../support/figma-fake/index.js";
import { makeImage, type TestImageFormat } from "../test-images.js";

export const NOW = new Date("2026-03-04T05:06:07.000Z");

export const DEFAULT_OPTIONS: GenerationOptions = {
  prompt: "A misty pine forest at dawn",
  negativePrompt: "text, watermark",
  modelId: DEFAULT_MODEL_ID,
  aspectRatio: "match",
  outputFormat: "png",
  seed: 0,
  variants: 1,
};

type Reply<T extends MainToUi["type"]> = Extract<MainToUi, { type: T }>;

export interface Harness {
  figma: FakeFigma;
  ui: MemoryUiTransport;
  send(message: UiToMain): void;
  next<T extends MainToUi["type"]>(type: T | readonly T[]): Promise<Reply<T>>;
  /** Sends ui-ready and returns the init reply. */
  ready(): Promise<Reply<"init">>;
  /** Plans a generation and returns its jobs (throws when refused). */
  plan(options?: Partial<GenerationOptions>, targetIds?: string[]): Promise<Reply<"generation-planned">>;
  /** Sends a real image for the job (at its ratio) and returns main's answer. */
  place(generationId: string, job: Job, image?: { bytes?: Uint8Array; seed?: number }): Promise<Reply<"image-placed" | "image-not-placed">>;
  fail(generationId: string, job: Job, kind: FailureKind): void;
  finish(generationId: string, cancelled?: boolean): Promise<Reply<"generation-finished">>;
  /** Plans, places every job and finishes: one whole generation. */
  generate(options?: Partial<GenerationOptions>): Promise<{ planned: Reply<"generation-planned">; finished: Reply<"generation-finished"> }>;
}

let generationCount = 0;

export function createHarness(options: FigmaFakeOptions = {}): Harness {
  const ui = createMemoryUiTransport();
  const figma = createFigmaFake({ ...options, ui });
  let started = false;
  const harness: Harness = {
    figma,
    ui,
    send: (message) => ui.send(message),
    next: (type) => ui.next<MainToUi>(type) as never,
    async ready() {
      if (!started) {
        startPlugin(figma as unknown as PluginAPI, "<html>framefill ui</html>", { clock: () => NOW });
        figma.triggerRun();
        started = true;
      }
      ui.send({ type: "ui-ready" });
      return harness.next("init");
    },
    async plan(overrides = {}, targetIds) {
      const generationId = `gen-${++generationCount}`;
      const message: UiToMain = { type: "plan-generation", generationId, options: { ...DEFAULT_OPTIONS, ...overrides } };
      ui.send(targetIds ? { ...message, targetIds } : message);
      const reply = await harness.next(["generation-planned", "generation-refused"]);
      if (reply.type === "generation-refused") throw new Error(`Refused: ${reply.message}`);
      return reply;
    },
    async place(generationId, job, image = {}) {
      const bytes = image.bytes ?? (await imageFor(job.aspectRatio));
      ui.send({ type: "place-image", generationId, jobId: job.jobId, bytes, seed: image.seed ?? 1234 + job.variantIndex });
      return harness.next(["image-placed", "image-not-placed"]);
    },
    fail(generationId, job, kind) {
      ui.send({ type: "job-failed", generationId, jobId: job.jobId, kind, message: `failed: ${kind}` });
    },
    async finish(generationId, cancelled = false) {
      ui.send({ type: "finish-generation", generationId, cancelled });
      return harness.next("generation-finished");
    },
    async generate(overrides = {}) {
      const planned = await harness.plan(overrides);
      for (const job of planned.jobs) await harness.place(planned.generationId, job);
      const finished = await harness.finish(planned.generationId);
      return { planned, finished };
    },
  };
  return harness;
}

const imageCache = new Map<string, Promise<Uint8Array>>();

/** A real image with the ratio's shape (an eighth of the output size, to keep tests quick). */
export function imageFor(ratio: AspectRatio, format: TestImageFormat = "png", color = { r: 30, g: 120, b: 90 }): Promise<Uint8Array> {
  const key = `${ratio}/${format}/${color.r},${color.g},${color.b}`;
  let image = imageCache.get(key);
  if (!image) {
    const { width, height } = OUTPUT_SIZES[ratio];
    image = makeImage(width / 8, height / 8, format, color);
    imageCache.set(key, image);
  }
  return image;
}

/** The Framefill metadata stored on a node (shared plugin data, namespace "framefill"), parsed. */
export function metadataOf(node: { getSharedPluginData(namespace: string, key: string): string }): GenerationMetadata {
  return JSON.parse(node.getSharedPluginData("framefill", "generation")) as GenerationMetadata;
}

/** Everything a generation may change on a node, to compare before and after. */
export function stateOf(node: {
  fills: ReadonlyArray<Paint>;
  getPluginDataKeys(): string[];
  getPluginData(key: string): string;
  getSharedPluginDataKeys(namespace: string): string[];
  getSharedPluginData(namespace: string, key: string): string;
  fillStyleId?: string | symbol;
  getRelaunchData(): Record<string, string>;
  x: number;
  y: number;
  width: number;
  height: number;
}): unknown {
  return {
    fills: JSON.parse(JSON.stringify(node.fills)),
    pluginData: Object.fromEntries(node.getPluginDataKeys().map((key) => [key, node.getPluginData(key)])),
    shared: Object.fromEntries(node.getSharedPluginDataKeys("framefill").map((key) => [key, node.getSharedPluginData("framefill", key)])),
    fillStyleId: node.fillStyleId,
    relaunch: node.getRelaunchData(),
    box: [node.x, node.y, node.width, node.height],
  };
}

/** The image paints of a node, bottom to top. */
export function imagePaints(node: { fills: ReadonlyArray<Paint> }): ImagePaint[] {
  return node.fills.filter((paint): paint is ImagePaint => paint.type === "IMAGE");
}

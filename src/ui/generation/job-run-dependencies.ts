/**
 * The I/O a run of image jobs is given, the same for a generation and an image edit: fetch and the clock for each
 * signed request, sleep and randomness for the pool's retries, the channel to main, and the converter that makes an
 * answer acceptable to Figma. Each run adds how it waits for main to place an image.
 */
import type { UiToMain } from "../../messages.js";
import type { InvokeDependencies } from "../bedrock/invoke-model.js";

export interface JobRunDependencies extends InvokeDependencies {
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  send: (message: UiToMain) => void;
  /** PNG, JPEG and GIF pass; WebP becomes PNG. */
  toFigmaImage: (bytes: Uint8Array) => Promise<Uint8Array>;
}

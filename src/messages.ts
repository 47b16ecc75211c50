/**
 * The one message protocol between the Figma main thread (src/plugin) and the UI iframe (src/ui). Both sides import
 * these types; only structured-clonable data crosses, and image bytes always travel as Uint8Array.
 *
 * A generation runs like this:
 *   UI → main  `plan-generation`   the designer pressed Generate; main resolves the targets and their ratios
 *   main → UI  `generation-planned` one job per image (target × variant), or `generation-refused` with a reason
 *   UI → main  `place-image`        for every image that came back (bytes already PNG, JPEG or GIF)
 *   main → UI  `image-placed` | `image-not-placed`
 *   UI → main  `job-failed`         for every image that did not come back (filter, quota, auth, network, cancel)
 *   UI → main  `finish-generation`  when every job is settled; main commits one undo step and notifies
 */
import type { AspectRatio, ModelId, OutputFormat } from "./contract/index.js";
import type { EditMainToUi, EditUiToMain } from "./edit-messages.js";

/** Connection settings, kept in figma.clientStorage (never in the document). */
export interface Settings {
  proxyUrl: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** "match" gives each target the supported ratio nearest its own shape. */
export type AspectRatioChoice = "match" | AspectRatio;

/** What the designer asked for in the UI. `seed` 0 means a new random seed for each image. */
export interface GenerationOptions {
  prompt: string;
  negativePrompt: string;
  modelId: ModelId;
  aspectRatio: AspectRatioChoice;
  outputFormat: OutputFormat;
  seed: number;
  variants: number;
  /** "Prompt from layer names": each layer's own name is its prompt, `prompt` appended as a shared style. */
  promptFromLayerNames?: boolean;
}

/** A node the plugin will fill, as the UI needs to show it. */
export interface TargetSummary {
  id: string;
  name: string;
  width: number;
  height: number;
  /** The ratio "Match frame" would choose for it. */
  nearestRatio: AspectRatio;
  /** Its name is the designer's, not one Figma gave it ("Frame 12"): "Prompt from layer names" uses it. */
  hasOwnName: boolean;
}

export interface SkippedNode {
  name: string;
  /** Why, without the name (shown beside it), e.g. "a text layer: Framefill fills frames and shapes, not text". */
  reason: string;
}

export interface SelectionSummary {
  targets: TargetSummary[];
  skipped: SkippedNode[];
}

/** What the plugin stores on a filled node (shared plugin data, namespace "framefill"), and what relaunch buttons regenerate from. */
export interface GenerationMetadata {
  prompt: string;
  negativePrompt: string;
  seed: number;
  modelId: string;
  aspectRatio: AspectRatio;
  outputFormat: OutputFormat;
  /** ISO 8601 time the image was placed. */
  createdAt: string;
  /** Hash of the IMAGE paint this plugin placed, so the next generation replaces that paint and no other. */
  imageHash: string;
}

/** A prompt saved in the file under a name ("Save prompt"), shared with everyone on the file. */
export interface SavedPrompt {
  name: string;
  prompt: string;
  negativePrompt: string;
  aspectRatio: AspectRatioChoice;
  modelId: string;
  outputFormat: OutputFormat;
}

export type RelaunchCommand = "regenerate" | "edit";

export interface Relaunch {
  command: RelaunchCommand;
  /** Metadata of the selected nodes that carry it, in selection order. */
  metadata: { nodeId: string; metadata: GenerationMetadata }[];
}

/** One image to request: a target (or the frame to create) and which variant of it. */
export interface Job {
  jobId: string;
  /** Node id, or null when the plugin will create a new frame for it. */
  targetId: string | null;
  targetName: string;
  variantIndex: number;
  aspectRatio: AspectRatio;
  /** The seed to send: fixed by the designer or the relaunched node, else 0 (random). */
  seed: number;
  /** This image's own prompt when it is not the options' (with "Prompt from layer names"). */
  prompt?: string;
}

/** Why an image did not reach the canvas; the UI turns it into a designer's words. */
export const FAILURE_KINDS = [
  "prompt-filtered",
  "output-filtered",
  /** An image edit: the content filter refused the image it was given. */
  "input-filtered",
  "invalid-request",
  "quota",
  "rate-limited",
  "auth",
  "model-access",
  "model-error",
  "timeout",
  "unreachable",
  "server-error",
  "cancelled",
  "placement",
] as const;

export type FailureKind = (typeof FAILURE_KINDS)[number];

export type UiToMain =
  | { type: "ui-ready" }
  | { type: "save-settings"; settings: Settings }
  | { type: "save-options"; options: GenerationOptions }
  | {
      type: "plan-generation";
      generationId: string;
      options: GenerationOptions;
      /**
       * Plan only these nodes instead of the current selection. Sent by a "Regenerate" relaunch whose nodes were made
       * with different settings: the UI plans one generation per distinct settings, so each node's metadata is right.
       */
      targetIds?: string[];
    }
  | {
      type: "place-image";
      generationId: string;
      jobId: string;
      bytes: Uint8Array;
      seed: number;
    }
  | { type: "job-failed"; generationId: string; jobId: string; kind: FailureKind; message: string }
  | { type: "finish-generation"; generationId: string; cancelled: boolean }
  | { type: "notify"; message: string; error?: boolean }
  | { type: "resize"; width: number; height: number }
  /** Recent images (src/plugin/recent): put one on the selected layers again, or ask for its bytes for a thumbnail. */
  | { type: "apply-recent-image"; imageHash: string }
  | { type: "get-recent-image-bytes"; imageHash: string }
  /** Saved prompts (src/plugin/saved-prompts): each change is answered with `saved-prompts`. */
  | { type: "list-saved-prompts" }
  | { type: "save-prompt"; prompt: SavedPrompt }
  | { type: "rename-saved-prompt"; name: string; newName: string }
  | { type: "delete-saved-prompt"; name: string }
  /** Image edits (src/plugin/edit, src/ui/edit; see edit-messages.ts). */
  | EditUiToMain;

export type MainToUi =
  | {
      type: "init";
      settings: Settings | null;
      options: GenerationOptions | null;
      selection: SelectionSummary;
      relaunch: Relaunch | null;
      /** Run from quick actions with parameters: generate with these options at once (hidden UI), or once settings exist. */
      quickAction?: GenerationOptions;
      /** Why the panel opened on Settings (a quick action found no settings). */
      settingsNotice?: string;
    }
  | { type: "selection"; selection: SelectionSummary }
  | { type: "settings-saved" }
  | { type: "generation-planned"; generationId: string; jobs: Job[]; newFrame: boolean }
  | { type: "generation-refused"; generationId: string; message: string }
  | { type: "image-placed"; generationId: string; jobId: string; nodeId: string; movedToNewFrame: boolean }
  | { type: "image-not-placed"; generationId: string; jobId: string; message: string }
  | { type: "generation-finished"; generationId: string; summary: string }
  /** The designer pressed Cancel where main shows progress (a quick action's notification). */
  | { type: "cancel-generation" }
  /** The images Framefill placed in this file, newest first (sent after init and after every change). */
  | { type: "recent-images"; images: GenerationMetadata[] }
  /** An image's original bytes (getImageByHash(hash).getBytesAsync()), or null when the file no longer has it. */
  | { type: "recent-image-bytes"; imageHash: string; bytes: Uint8Array | null }
  | { type: "recent-image-applied"; imageHash: string; summary: string }
  /** The file's saved prompts by name; `refused` says why the last change was not made. */
  | { type: "saved-prompts"; prompts: SavedPrompt[]; refused?: string }
  | EditMainToUi;

export type UiToMainType = UiToMain["type"];
export type MainToUiType = MainToUi["type"];

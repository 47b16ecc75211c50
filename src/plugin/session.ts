/**
 * The plugin's side of the message protocol (src/messages.ts): it answers the UI, reads the selection, plans and
 * places images, keeps settings in figma.clientStorage and ends each generation with one undo step and a notify.
 * The decisions live in small pure modules; this class is the thin layer of `figma.*` calls around them.
 */
import { FAILURE_KINDS, type GenerationOptions, type MainToUi, type Relaunch, type SelectionSummary, type UiToMain } from "../messages.js";
import { ImageEdits } from "./edit/image-edits.js";
import { Generation } from "./generation/generation.js";
import { summarizeGeneration } from "./generation/summarize-generation.js";
import { readMetadata } from "./metadata/read-metadata.js";
import { planGeneration } from "./plan/plan-generation.js";
import { placementOf } from "./plan/placement-of.js";
import { checkJobPrompts } from "./names/check-job-prompts.js";
import { QuickActionProgress } from "./quick-action/quick-action-progress.js";
import { quickActionLaunch, type QuickActionRequest } from "./quick-action/quick-action-request.js";
import { placeImage } from "./place/place-image.js";
import { recordRecentImage } from "./recent/document-recent-images.js";
import { RecentImages } from "./recent/recent-images.js";
import { SavedPrompts } from "./saved-prompts/saved-prompts.js";
import { checkGenerationOptions } from "./storage/check-generation-options.js";
import { isSettings } from "./storage/is-settings.js";
import { loadStored } from "./storage/load-stored.js";
import { OPTIONS_KEY, SETTINGS_KEY } from "./storage/storage-keys.js";
import { type FillableNode, isFillable } from "./targets/fillable.js";
import { resolveTargets } from "./targets/resolve-targets.js";
import { summarizeSelection } from "./targets/summarize-selection.js";

export class PluginSession {
  private readonly generations: { [generationId: string]: Generation } = {};
  private uiReady = false;
  /** Sent with the first `init` only: a reloaded UI must not regenerate a second time. */
  private pendingRelaunch: boolean;
  private readonly recent: RecentImages;
  private readonly savedPrompts: SavedPrompts;
  private readonly edits: ImageEdits;
  /** A quick-action run with settings: no panel, progress in notifications, the plugin closes when it ends. */
  private quickProgress: QuickActionProgress | null = null;

  constructor(
    private readonly figma: PluginAPI,
    private readonly clock: () => Date,
    /** Set when the plugin was run from quick actions with parameters (see startPlugin). */
    private quickAction: QuickActionRequest | null = null,
  ) {
    this.pendingRelaunch = figma.command === "regenerate" || figma.command === "edit";
    this.recent = new RecentImages(figma, clock, (message) => this.post(message));
    this.savedPrompts = new SavedPrompts(figma, (message) => this.post(message));
    this.edits = new ImageEdits(figma, clock, (message) => this.post(message));
  }

  async handle(message: UiToMain): Promise<void> {
    switch (message.type) {
      case "ui-ready":
        return this.onUiReady();
      case "save-settings":
        return this.onSaveSettings(message.settings);
      case "save-options":
        if (checkGenerationOptions(message.options) === null) await this.figma.clientStorage.setAsync(OPTIONS_KEY, message.options);
        return;
      case "plan-generation":
        return this.onPlan(message.generationId, message.options, message.targetIds);
      case "place-image":
        return this.onPlaceImage(message.generationId, message.jobId, message.bytes, message.seed);
      case "job-failed":
        if ((FAILURE_KINDS as readonly string[]).indexOf(message.kind) !== -1) this.generations[message.generationId]?.failed(message.jobId, message.kind);
        this.quickProgress?.settledOne();
        return;
      case "finish-generation":
        return this.finish(message.generationId, message.cancelled === true);
      case "notify":
        this.figma.notify(String(message.message), { error: message.error === true });
        return;
      case "resize":
        if (Number.isFinite(message.width) && Number.isFinite(message.height)) this.figma.ui.resize(message.width, message.height);
        return;
      case "apply-recent-image":
        return this.recent.apply(String(message.imageHash));
      case "get-recent-image-bytes":
        return this.recent.sendBytes(String(message.imageHash));
      case "list-saved-prompts":
        return this.savedPrompts.send();
      case "save-prompt":
        return this.savedPrompts.save(message.prompt);
      case "rename-saved-prompt":
        return this.savedPrompts.rename(String(message.name), message.newName);
      case "delete-saved-prompt":
        return this.savedPrompts.remove(String(message.name));
      case "plan-edit":
        return this.edits.plan(String(message.editId), message.parameters);
      case "place-edit":
        return this.edits.place(String(message.editId), String(message.jobId), message.bytes, message.placed);
      case "edit-failed":
        if ((FAILURE_KINDS as readonly string[]).indexOf(message.kind) !== -1) this.edits.failed(String(message.editId), String(message.jobId), message.kind);
        return;
      case "finish-edit":
        return this.edits.finish(String(message.editId), message.cancelled === true);
      case "revert-edit":
        return this.edits.revert();
    }
  }

  onSelectionChange(): void {
    if (!this.uiReady) return;
    this.post({ type: "selection", selection: this.selection() });
    this.edits.sendSelection();
  }

  private async onUiReady(): Promise<void> {
    for (const id of Object.keys(this.generations)) this.finish(id, true);
    this.edits.finishAll();
    this.uiReady = true;
    const { settings, options } = await loadStored(this.figma.clientStorage);
    const relaunch = this.pendingRelaunch ? this.relaunch() : null;
    this.pendingRelaunch = false;
    const quick = this.quickAction;
    this.quickAction = null;
    if (quick && settings) this.quickProgress = new QuickActionProgress(this.figma, () => this.post({ type: "cancel-generation" }));
    // With no settings the hidden UI is shown, on Settings, saying why; the run starts once they are saved.
    if (quick && !settings) this.figma.ui.show();
    const launch = quick ? quickActionLaunch(quick, options, settings !== null) : {};
    this.post({ type: "init", settings, options, selection: this.selection(), relaunch, ...launch });
    this.recent.send();
    this.savedPrompts.send();
    this.edits.sendSelection();
  }

  private async onSaveSettings(settings: unknown): Promise<void> {
    if (!isSettings(settings)) {
      this.figma.notify("Framefill couldn't save the settings: they are incomplete", { error: true });
      return;
    }
    try {
      await this.figma.clientStorage.setAsync(SETTINGS_KEY, settings);
    } catch (error) {
      this.figma.notify(`Framefill couldn't save the settings: ${error instanceof Error ? error.message : String(error)}`, { error: true });
      return;
    }
    this.post({ type: "settings-saved" });
  }

  private async onPlan(generationId: string, options: GenerationOptions, targetIds: string[] | undefined): Promise<void> {
    const refuse = (message: string) => {
      this.post({ type: "generation-refused", generationId, message });
      if (this.quickProgress) this.endQuickAction(message, true);
    };
    if (this.generations[generationId]) return refuse("A generation with this id is already running.");
    const problem = checkGenerationOptions(options);
    if (problem !== null) return refuse(`Framefill can't generate: ${problem}.`);

    let targets: FillableNode[];
    if (targetIds) {
      const found = await Promise.all(targetIds.map((id) => this.figma.getNodeByIdAsync(id)));
      targets = found.filter((node): node is FillableNode => node !== null && !node.removed && isFillable(node));
      if (targets.length === 0) return refuse("The layers to regenerate are no longer in the file.");
    } else {
      const resolved = resolveTargets(this.figma.currentPage.selection);
      targets = resolved.targets;
      const first = resolved.skipped[0];
      if (targets.length === 0 && first) {
        const more = resolved.skipped.length > 1 ? ` (and ${resolved.skipped.length - 1} more)` : "";
        return refuse(`Nothing selected can hold an image: ${first.name} is ${first.reason}${more}.`);
      }
    }

    const planned = planGeneration({
      generationId,
      options,
      targets: targets.map(placementOf),
      viewportCenter: this.figma.viewport.center,
      currentPageId: this.figma.currentPage.id,
    });
    const promptProblem = checkJobPrompts(planned.map((p) => p.job), options.prompt);
    if (promptProblem !== null) return refuse(`Framefill can't generate: ${promptProblem}.`);
    this.generations[generationId] = new Generation(generationId, options, planned);
    this.post({ type: "generation-planned", generationId, jobs: planned.map((p) => p.job), newFrame: targets.length === 0 });
    this.quickProgress?.planned(planned.length);
  }

  private async onPlaceImage(generationId: string, jobId: string, bytes: unknown, seed: number): Promise<void> {
    const notPlaced = (message: string) => this.post({ type: "image-not-placed", generationId, jobId, message });
    const generation = this.generations[generationId];
    if (!generation) return notPlaced("This generation has already finished, so the image was not placed.");
    const planned = generation.job(jobId);
    if (!planned) return notPlaced("Framefill didn't plan this image, so it was not placed.");
    if (generation.isSettled(jobId)) return notPlaced("This image was already placed or given up.");
    if (!(bytes instanceof Uint8Array)) {
      generation.failed(jobId, "placement");
      return notPlaced("The image didn't arrive as bytes (Uint8Array), so it was not placed.");
    }
    const { options } = generation;
    this.quickProgress?.settledOne();
    const placement = await placeImage(this.figma, planned, bytes, {
      prompt: planned.job.prompt ?? options.prompt,
      negativePrompt: options.negativePrompt,
      seed,
      modelId: options.modelId,
      aspectRatio: planned.job.aspectRatio,
      outputFormat: options.outputFormat,
      createdAt: this.clock().toISOString(),
    }, generation.copies).catch((error: unknown) => ({ ok: false as const, message: `The image was not placed: ${String(error)}` }));
    if (!placement.ok) {
      generation.failed(jobId, "placement");
      return notPlaced(placement.message);
    }
    generation.placed(jobId, placement.node.type, placement.movedToNewFrame, placement.replacedStyleLink);
    const placed = readMetadata(placement.node);
    if (placed) recordRecentImage(this.figma, placed);
    this.post({ type: "image-placed", generationId, jobId, nodeId: placement.node.id, movedToNewFrame: placement.movedToNewFrame });
  }

  /** Ends a generation: everything it placed becomes one undo step, and the designer is told what happened. */
  private finish(generationId: string, cancelled: boolean): void {
    const generation = this.generations[generationId];
    if (!generation) return;
    delete this.generations[generationId];
    this.figma.commitUndo();
    const outcome = generation.outcome(cancelled);
    const summary = summarizeGeneration(outcome);
    if (this.quickProgress) return this.endQuickAction(summary, outcome.placed === 0 && !cancelled);
    this.figma.notify(summary, { error: outcome.placed === 0 && !cancelled });
    this.post({ type: "generation-finished", generationId, summary });
    this.recent.send();
  }

  /** A quick-action run ends with its one summary, and the plugin closes (there is no panel to come back to). */
  private endQuickAction(summary: string, failed: boolean): void {
    this.quickProgress?.done();
    this.quickProgress = null;
    this.figma.notify(summary, { error: failed });
    this.figma.closePlugin();
  }

  private selection(): SelectionSummary {
    return summarizeSelection(resolveTargets(this.figma.currentPage.selection));
  }

  private relaunch(): Relaunch | null {
    const command = this.figma.command === "edit" ? "edit" : "regenerate";
    const metadata: Relaunch["metadata"] = [];
    for (const node of resolveTargets(this.figma.currentPage.selection).targets) {
      const stored = readMetadata(node);
      if (stored) metadata.push({ nodeId: node.id, metadata: stored });
    }
    return metadata.length > 0 ? { command, metadata } : null;
  }

  private post(message: MainToUi): void {
    this.figma.ui.postMessage(message);
  }
}

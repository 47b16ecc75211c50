/**
 * The plugin's side of the "Recent images" strip: sends the file's recent images to the UI, answers its requests
 * for an image's bytes (the UI makes the thumbnail), and applies one to the selected layers as one undo step.
 */
import type { MainToUi } from "../../messages.js";
import { summarizeGeneration } from "../generation/summarize-generation.js";
import { placementOf } from "../plan/placement-of.js";
import { resolveTargets } from "../targets/resolve-targets.js";
import { applyRecentImage } from "./apply-recent-image.js";
import { forgetRecentImage, readRecentImages, recordRecentImage } from "./document-recent-images.js";

export class RecentImages {
  constructor(
    private readonly figma: PluginAPI,
    private readonly clock: () => Date,
    private readonly post: (message: MainToUi) => void,
  ) {}

  /** Sends the images still in the file, newest first. */
  send(): void {
    this.post({ type: "recent-images", images: readRecentImages(this.figma) });
  }

  /** Sends an image's bytes, or null when Figma no longer has it (it then leaves the index quietly). */
  async sendBytes(imageHash: string): Promise<void> {
    const image = this.figma.getImageByHash(imageHash);
    const bytes = image ? await image.getBytesAsync().catch(() => null) : null;
    if (!bytes) forgetRecentImage(this.figma, imageHash);
    this.post({ type: "recent-image-bytes", imageHash, bytes });
  }

  /** Puts the image on the selected layers (or a new frame when nothing is selected): one undo step, one summary. */
  async apply(imageHash: string): Promise<void> {
    const entry = readRecentImages(this.figma).find((known) => known.imageHash === imageHash);
    const image = entry ? this.figma.getImageByHash(imageHash) : null;
    if (!entry || !image) {
      const summary = "That image is no longer in this file.";
      this.figma.notify(summary, { error: true });
      this.post({ type: "recent-image-applied", imageHash, summary });
      this.send();
      return;
    }
    const { targets, skipped } = resolveTargets(this.figma.currentPage.selection);
    const first = skipped[0];
    if (targets.length === 0 && first) {
      const summary = `Nothing selected can hold an image: ${first.name} is ${first.reason}.`;
      this.figma.notify(summary, { error: true });
      this.post({ type: "recent-image-applied", imageHash, summary });
      return;
    }
    const { outcome } = await applyRecentImage(this.figma, image, {
      entry,
      targets: targets.map(placementOf),
      viewportCenter: this.figma.viewport.center,
      currentPageId: this.figma.currentPage.id,
      createdAt: this.clock().toISOString(),
    });
    if (outcome.placed > 0) recordRecentImage(this.figma, entry);
    this.figma.commitUndo();
    const summary = summarizeGeneration(outcome);
    this.figma.notify(summary, { error: outcome.placed === 0 });
    this.post({ type: "recent-image-applied", imageHash, summary });
    this.send();
  }
}

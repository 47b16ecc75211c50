/**
 * The plugin's side of image edits (see src/edit-messages.ts): tells the UI which selected layers hold an image,
 * reads each image's original bytes (and renders Erase's mask) when a tool is pressed, puts each edited image in
 * place of exactly the paint it came from, records the edit chain, and ends each edit — and each Revert — as one undo
 * step. The decisions live in the pure modules beside it; this class is the `figma.*` shell around them.
 *
 * @example
 * const edits = new ImageEdits(figma, () => new Date(), (message) => figma.ui.postMessage(message));
 * edits.sendSelection();
 */
import { IMAGE_EDIT_TOOLS, type ImageEditTool } from "../../contract/image-edit-tools.js";
import type { EditJob, EditParameters, EditSelection, PlacedEdit } from "../../edit-messages.js";
import type { FailureKind, MainToUi } from "../../messages.js";
import { readMetadata } from "../metadata/read-metadata.js";
import { writeMetadata } from "../metadata/write-metadata.js";
import { isFillable } from "../targets/fillable.js";
import { appendEdit, lastEdit, readEditChain, writeEditChain } from "./edit-chain.js";
import { replaceImagePaint } from "./edited-paint.js";
import { editTargets, overlaps, type EditTarget } from "./edit-targets.js";
import { cropCenterOf, imageRectInLayer } from "./image-placement.js";
import { renderMask } from "./render-mask.js";
import { summarizeEdit, TOOL_LABELS } from "./summarize-edit.js";

interface RunningEdit {
  parameters: EditParameters;
  jobs: { [jobId: string]: { nodeId: string; name: string; previousHash: string; settled: boolean } };
  placed: number;
  failures: FailureKind[];
}

export class ImageEdits {
  private readonly running: { [editId: string]: RunningEdit } = {};

  constructor(
    private readonly figma: PluginAPI,
    private readonly clock: () => Date,
    private readonly post: (message: MainToUi) => void,
  ) {}

  /** Tells the UI what the selection offers to edit. */
  sendSelection(): void {
    const { images, maskShapes } = editTargets(this.figma.currentPage.selection);
    const selection: EditSelection = {
      images: images.map(({ node, edited }) => {
        const last = lastEdit(readEditChain(node), edited.paint.imageHash);
        const revertible = last && this.figma.getImageByHash(last.previousImageHash) ? last.tool : null;
        return { nodeId: node.id, name: node.name, width: node.width, height: node.height, imageHash: edited.paint.imageHash, revertible };
      }),
      maskShapes: maskShapes.length,
    };
    this.post({ type: "edit-selection", selection });
  }

  async plan(editId: string, parameters: EditParameters): Promise<void> {
    const refuse = (message: string) => this.post({ type: "edit-refused", editId, message });
    if (this.running[editId]) return refuse("An edit with this id is already running.");
    const problem = checkParameters(parameters);
    if (problem) return refuse(problem);
    const { images, maskShapes } = editTargets(this.figma.currentPage.selection);
    if (images.length === 0) return refuse("Select a layer that shows an image to edit it.");
    if (parameters.tool === "erase" && maskShapes.length === 0) {
      return refuse("Draw shapes over what to erase, select them together with the image, then press Erase.");
    }

    const jobs: EditJob[] = [];
    const problems: string[] = [];
    for (const target of images) {
      const job = await this.readJob(`${editId}.${jobs.length + problems.length + 1}`, target, parameters.tool, maskShapes).catch(
        (error: unknown) => `${target.node.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (typeof job === "string") problems.push(job);
      else jobs.push(job);
    }
    if (jobs.length === 0) return refuse(problems.join(" "));
    const running: RunningEdit = { parameters, jobs: {}, placed: 0, failures: [] };
    for (const job of jobs) {
      const target = images.find((image) => image.node.id === job.nodeId)!;
      running.jobs[job.jobId] = { nodeId: job.nodeId, name: job.name, previousHash: target.edited.paint.imageHash, settled: false };
    }
    this.running[editId] = running;
    this.post({ type: "edit-planned", editId, jobs });
    if (problems.length > 0) this.figma.notify(problems.join(" "), { error: true });
  }

  async place(editId: string, jobId: string, bytes: unknown, placed: PlacedEdit | undefined): Promise<void> {
    const notPlaced = (message: string) => {
      if (job && !job.settled) {
        job.settled = true;
        edit!.failures.push("placement");
      }
      this.post({ type: "edit-not-placed", editId, jobId, message });
    };
    const edit = this.running[editId];
    const job = edit?.jobs[jobId];
    if (!edit || !job) return this.post({ type: "edit-not-placed", editId, jobId, message: "Framefill isn't running this edit any more." });
    if (job.settled) return this.post({ type: "edit-not-placed", editId, jobId, message: "This image was already placed or given up." });
    if (!(bytes instanceof Uint8Array)) return notPlaced("The image didn't arrive as bytes (Uint8Array), so it was not placed.");

    const node = await this.figma.getNodeByIdAsync(job.nodeId);
    if (!node || node.removed || !isFillable(node)) return notPlaced(`${job.name} was deleted, so its edited image was not placed.`);
    let image: Image;
    try {
      image = this.figma.createImage(bytes);
    } catch (error) {
      return notPlaced(`Figma couldn't take the edited image for ${job.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const fills = Array.isArray(node.fills) ? replaceImagePaint(node.fills as ReadonlyArray<Paint>, job.previousHash, image.hash) : null;
    if (!fills) return notPlaced(`The image on ${job.name} changed while it was being edited, so the edit was not placed.`);
    node.fills = fills;
    appendEdit(node, {
      tool: edit.parameters.tool,
      parameters: edit.parameters,
      details: typeof placed?.details === "object" && placed.details !== null ? placed.details : {},
      seed: typeof placed?.seed === "number" ? placed.seed : 0,
      createdAt: this.clock().toISOString(),
      previousImageHash: job.previousHash,
      imageHash: image.hash,
    });
    followImage(node, job.previousHash, image.hash);
    job.settled = true;
    edit.placed += 1;
    this.post({ type: "edit-placed", editId, jobId });
  }

  failed(editId: string, jobId: string, kind: FailureKind): void {
    const edit = this.running[editId];
    const job = edit?.jobs[jobId];
    if (!edit || !job || job.settled) return;
    job.settled = true;
    edit.failures.push(kind);
  }

  /** Ends an edit: what it placed becomes one undo step, and the designer is told what happened. */
  finish(editId: string, cancelled: boolean): void {
    const edit = this.running[editId];
    if (!edit) return;
    delete this.running[editId];
    this.figma.commitUndo();
    const summary = summarizeEdit({ tool: edit.parameters.tool, cancelled, placed: edit.placed, failures: edit.failures });
    this.figma.notify(summary, { error: edit.placed === 0 && !cancelled });
    this.post({ type: "edit-finished", editId, summary });
    this.sendSelection();
  }

  /** Ends every edit still open (the UI was reloaded): what they placed stays, as one undo step each. */
  finishAll(): void {
    for (const editId of Object.keys(this.running)) this.finish(editId, true);
  }

  /** Puts back the image before the last edit of each selected layer: no request, no cost, one undo step. */
  revert(): void {
    const reverted: ImageEditTool[] = [];
    for (const { node, edited } of editTargets(this.figma.currentPage.selection).images) {
      const chain = readEditChain(node);
      const last = lastEdit(chain, edited.paint.imageHash);
      if (!last || !this.figma.getImageByHash(last.previousImageHash)) continue;
      const fills = replaceImagePaint(node.fills as ReadonlyArray<Paint>, last.imageHash, last.previousImageHash);
      if (!fills) continue;
      node.fills = fills;
      writeEditChain(node, chain.slice(0, -1));
      followImage(node, last.imageHash, last.previousImageHash);
      reverted.push(last.tool);
    }
    this.figma.commitUndo();
    const summary =
      reverted.length === 0
        ? "Nothing to revert: the selected images are not the result of an edit."
        : `Reverted ${reverted.length === 1 ? "1 image" : `${reverted.length} images`} (${unique(reverted.map((tool) => TOOL_LABELS[tool])).join(", ")})`;
    this.figma.notify(summary, { error: reverted.length === 0 });
    this.post({ type: "edit-reverted", summary });
    this.sendSelection();
  }

  private async readJob(jobId: string, { node, edited }: EditTarget, tool: ImageEditTool, maskShapes: readonly SceneNode[]): Promise<EditJob | string> {
    const image = this.figma.getImageByHash(edited.paint.imageHash);
    if (!image) return `${node.name}: its image is no longer in this file.`;
    const [bytes, size] = await Promise.all([image.getBytesAsync(), image.getSizeAsync()]);
    const rect = imageRectInLayer(edited.paint, node, size);
    const job: EditJob = {
      jobId,
      nodeId: node.id,
      name: node.name,
      layerWidth: node.width,
      layerHeight: node.height,
      bytes,
      cropCenter: cropCenterOf(rect, node),
    };
    const prompt = readMetadata(node)?.prompt;
    if (prompt) job.prompt = prompt;
    if (tool === "erase") {
      const box = node.absoluteBoundingBox ?? { x: node.x, y: node.y, width: node.width, height: node.height };
      const over = maskShapes.filter((shape) => shape.absoluteBoundingBox && overlaps(shape.absoluteBoundingBox, box));
      if (over.length === 0) return `${node.name}: no selected shape is drawn over it, so there is nothing to erase.`;
      job.mask = await renderMask(this.figma, node, rect, size, over);
    }
    return job;
  }
}

/** The layer's generation metadata follows its image, so the next generation replaces the edited paint (the fill rule). */
function followImage(node: BaseNode, fromHash: string, toHash: string): void {
  const metadata = readMetadata(node);
  if (metadata && metadata.imageHash === fromHash) writeMetadata(node, { ...metadata, imageHash: toHash });
}

function checkParameters(parameters: EditParameters): string | null {
  if (typeof parameters !== "object" || parameters === null || (IMAGE_EDIT_TOOLS as readonly unknown[]).indexOf(parameters.tool) === -1) {
    return "Framefill doesn't know this edit.";
  }
  if (parameters.tool === "searchReplace") {
    if (typeof parameters.searchFor !== "string" || parameters.searchFor.trim() === "") return "Say what to search for.";
    if (typeof parameters.replaceWith !== "string" || parameters.replaceWith.trim() === "") return "Say what to replace it with.";
  }
  return null;
}

function unique(values: string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) === index);
}

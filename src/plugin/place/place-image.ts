/**
 * Puts one generated image on the canvas: into its target layer (variant 0), a copy to the right (later variants),
 * a new frame (nothing was selected), or — when the target layer was deleted meanwhile — a new frame of its size
 * beside where it was. All or nothing: if any step fails, layers created for it are removed and the target's fills,
 * metadata and relaunch data are put back, so a failed image leaves the canvas as it was.
 */
import type { GenerationMetadata } from "../../messages.js";
import { METADATA_KEY } from "../metadata/metadata-key.js";
import { readMetadata } from "../metadata/read-metadata.js";
import { writeMetadata } from "../metadata/write-metadata.js";
import type { PlannedJob } from "../plan/plan-generation.js";
import { slotBox } from "../plan/slot-box.js";
import { type FillableNode, isFillable } from "../targets/fillable.js";
import { copyBeside } from "./copy-beside.js";
import { createFrameAt } from "./create-frame-at.js";
import { fillWithImage } from "./fill-with-image.js";

export type Placement =
  | { ok: true; node: FillableNode; movedToNewFrame: boolean }
  | { ok: false; message: string };

export async function placeImage(
  figma: PluginAPI,
  planned: PlannedJob,
  bytes: Uint8Array,
  metadata: Omit<GenerationMetadata, "imageHash">,
): Promise<Placement> {
  const name = planned.job.targetName;
  let image: Image;
  try {
    image = figma.createImage(bytes);
  } catch (error) {
    return { ok: false, message: `Figma couldn't take the image for ${name}: ${reason(error)}` };
  }

  let destination: { node: FillableNode; created: boolean; moved: boolean };
  try {
    destination = await findDestination(figma, planned);
  } catch (error) {
    return { ok: false, message: `The image for ${name} couldn't be placed: ${reason(error)}` };
  }

  const { node, created } = destination;
  const fills: ReadonlyArray<Paint> = typeof node.fills === "symbol" ? [] : node.fills;
  const before = created ? null : { fills, metadata: node.getPluginData(METADATA_KEY), relaunch: node.getRelaunchData() };
  try {
    const placed = readMetadata(node);
    node.fills = fillWithImage(fills, placed ? placed.imageHash : null, image.hash);
    writeMetadata(node, { ...metadata, imageHash: image.hash });
  } catch (error) {
    if (before) {
      attempt(() => (node.fills = before.fills));
      attempt(() => node.setPluginData(METADATA_KEY, before.metadata));
      attempt(() => node.setRelaunchData(before.relaunch));
    } else {
      attempt(() => node.remove());
    }
    return { ok: false, message: `The image for ${name} couldn't be placed: ${reason(error)}` };
  }
  return { ok: true, node, movedToNewFrame: destination.moved };
}

async function findDestination(
  figma: PluginAPI,
  { job, destination }: PlannedJob,
): Promise<{ node: FillableNode; created: boolean; moved: boolean }> {
  if (destination.kind === "new-frame") {
    return { node: await createFrameAt(figma, destination.pageId, destination.box, destination.name), created: true, moved: false };
  }
  const { target, variants } = destination;
  const node = await figma.getNodeByIdAsync(target.nodeId);
  if (!node || node.removed || !isFillable(node)) {
    // Beyond every slot the layer's copies could take, so it never covers one of them.
    const box = slotBox(target.box, variants + job.variantIndex);
    return { node: await createFrameAt(figma, target.pageId, box, target.name), created: true, moved: true };
  }
  if (job.variantIndex === 0) return { node, created: false, moved: false };
  return { node: await copyBeside(figma, node, job.variantIndex), created: true, moved: false };
}

/** Runs one step of taking a placement back; a step that fails must not stop the others. */
function attempt(step: () => void): void {
  try {
    step();
  } catch (error) {
    console.error("Framefill: couldn't take back part of a failed placement", error);
  }
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^in \w+: /, "");
}

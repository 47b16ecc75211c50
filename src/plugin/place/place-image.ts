/**
 * Puts one generated image on the canvas: into its target layer (variant 0), into the matching layer of a whole copy
 * of the target's design (later variants; see copyDesign and VariantCopies), into a new frame (nothing was selected),
 * or — when the target layer was deleted meanwhile — into a new frame of its size beside where it was. All or
 * nothing: if any step fails, a copy made for it is removed, sections it grew shrink back, and the layer's fills,
 * paint style link, metadata and relaunch data are put back, so a failed image leaves the canvas as it was.
 */
import type { GenerationMetadata } from "../../messages.js";
import { metadataFrom } from "../metadata/stored-metadata.js";
import { writeMetadata } from "../metadata/write-metadata.js";
import { freeRow } from "../plan/free-row.js";
import type { PlannedJob } from "../plan/plan-generation.js";
import { slotBox } from "../plan/slot-box.js";
import { designOf, type DesignPlace } from "../targets/design-of.js";
import { type FillableNode, isFillable } from "../targets/fillable.js";
import { layerAt } from "../targets/layer-at.js";
import { pageOf } from "../targets/page-of.js";
import { copyDesign } from "./copy-design.js";
import { createFrameAt } from "./create-frame-at.js";
import { fillWithImage } from "./fill-with-image.js";
import type { SectionSize } from "./grow-sections.js";
import { type LayerState, readLayerState, restoreLayerState } from "./layer-state.js";
import type { VariantCopies } from "./variant-copies.js";

export type Placement =
  | { ok: true; node: FillableNode; movedToNewFrame: boolean; replacedStyleLink: boolean }
  | { ok: false; message: string };

/** Where an image goes, what to take back if it fails, and the state its fill starts from. */
interface Destination {
  node: FillableNode;
  /** The layer did not exist before this placement (a new frame, or a layer of a new copy). */
  created: SceneNode | null;
  moved: boolean;
  /** The layer as it was before this generation; the new image replaces only Framefill's own paint in it. */
  base: LayerState;
  grown: SectionSize[];
  /** Called when the placement is taken back. */
  forget: () => void;
}

export async function placeImage(
  figma: PluginAPI,
  planned: PlannedJob,
  /** The image's bytes, or an image already in the file (a recent image put on more layers). */
  source: Uint8Array | Image,
  metadata: Omit<GenerationMetadata, "imageHash">,
  copies: VariantCopies,
): Promise<Placement> {
  const name = planned.job.targetName;
  let image: Image;
  try {
    image = source instanceof Uint8Array ? figma.createImage(source) : source;
  } catch (error) {
    return { ok: false, message: `Figma couldn't take the image for ${name}: ${reason(error)}` };
  }

  let destination: Destination;
  try {
    destination = await findDestination(figma, planned, copies);
  } catch (error) {
    return { ok: false, message: `The image for ${name} couldn't be placed: ${reason(error)}` };
  }

  const { node, base } = destination;
  const before = readLayerState(node);
  try {
    const placed = metadataFrom(base.metadata);
    node.fills = fillWithImage(base.fills, placed ? placed.imageHash : null, image.hash);
    writeMetadata(node, { ...metadata, imageHash: image.hash });
  } catch (error) {
    await takeBack(destination, before);
    return { ok: false, message: `The image for ${name} couldn't be placed: ${reason(error)}` };
  }
  return { ok: true, node, movedToNewFrame: destination.moved, replacedStyleLink: base.fillStyleId !== "" };
}

async function findDestination(figma: PluginAPI, { job, destination }: PlannedJob, copies: VariantCopies): Promise<Destination> {
  const nothing = () => undefined;
  if (destination.kind === "new-frame") {
    const frame = await createFrameAt(figma, destination.pageId, destination.box, destination.name);
    return { node: frame, created: frame, moved: false, base: readLayerState(frame), grown: [], forget: nothing };
  }
  const { target, variants } = destination;
  const found = await figma.getNodeByIdAsync(target.nodeId);
  const node = found && !found.removed && isFillable(found) ? found : null;
  if (node) {
    const page = pageOf(node);
    if (page && page.id !== figma.currentPage.id) await page.loadAsync();
  }
  const place = node ? designOf(node) : null;
  if (!node || !place) {
    // Beyond every slot the layer's copies could take, so it never covers one of them.
    const box = slotBox(target.box, variants + job.variantIndex);
    const frame = await createFrameAt(figma, target.pageId, box, target.name);
    return { node: frame, created: frame, moved: true, base: readLayerState(frame), grown: [], forget: nothing };
  }
  copies.remember(node.id, place.design.id, place.path, readLayerState(node));
  const base = copies.original(node.id)!;
  if (job.variantIndex === 0) return { node, created: null, moved: false, base, grown: [], forget: nothing };
  return copyLayer(figma, node, place, job.variantIndex, variants, copies, base);
}

/** The layer matching `node` in the design's copy for this variant, making the copy when it doesn't exist yet. */
async function copyLayer(
  figma: PluginAPI,
  node: FillableNode,
  { design, container, path }: DesignPlace,
  variantIndex: number,
  variants: number,
  copies: VariantCopies,
  base: LayerState,
): Promise<Destination> {
  const existingId = copies.copyId(design.id, variantIndex);
  const existing = existingId === undefined ? null : await figma.getNodeByIdAsync(existingId);
  if (existing && !existing.removed && existing.type !== "PAGE" && existing.type !== "DOCUMENT") {
    const layer = layerAt(existing, path);
    if (!layer) throw new Error(`its copy of ${design.name} has no matching layer`);
    return { node: layer, created: null, moved: false, base, grown: [], forget: () => undefined };
  }

  const row = copies.row(design.id) ?? rowFor(design, variants - 1, copies);
  copies.setRow(design.id, row);
  const { copy, grown } = copyDesign(design, container, row[variantIndex - 1]!, `${design.name} · variant ${variantIndex}`);
  copies.setCopy(design.id, variantIndex, copy.id);
  const forget = () => copies.setCopy(design.id, variantIndex, undefined);
  const destination = { created: copy, moved: false, base, grown, forget };
  try {
    // The copy shows the design as it was before this generation, not the images other variants put in it.
    for (const other of copies.othersIn(design.id, node.id)) {
      const layer = layerAt(copy, other.path);
      if (layer) await restoreLayerState(layer, other.state);
    }
    const layer = layerAt(copy, path);
    if (!layer) throw new Error(`its copy of ${design.name} has no matching layer`);
    return { node: layer, ...destination };
  } catch (error) {
    await takeBack({ node, ...destination }, base);
    throw error;
  }
}

/**
 * The free row beside the design for its copies: clear of this generation's other rows and of the layers around the
 * design: in its page or section, in the sections around that (which grow into the row), and, for a variant of a
 * component set, the set's other variants and the layers beside the set.
 */
function rowFor(design: SceneNode, count: number, copies: VariantCopies): Rect[] {
  const anchor = boxOf(design);
  const obstacles: Rect[] = copies.otherRows(design.id);
  for (let holder: BaseNode | null = design.parent; holder && "children" in holder; holder = holder.parent) {
    for (const child of (holder as ChildrenMixin).children) {
      if (child.id !== design.id && !isAncestorOf(child, design)) obstacles.push(boxOf(child));
    }
    if (holder.type !== "SECTION" && holder.type !== "COMPONENT_SET") break;
  }
  return freeRow(anchor, count, obstacles);
}

function boxOf(node: SceneNode): Rect {
  return node.absoluteBoundingBox ?? { x: node.x, y: node.y, width: node.width, height: node.height };
}

function isAncestorOf(ancestor: BaseNode, node: BaseNode): boolean {
  for (let current = node.parent; current; current = current.parent) if (current.id === ancestor.id) return true;
  return false;
}

/** Takes a failed placement back: a layer made for it goes, grown sections shrink, an existing layer is restored. */
async function takeBack(destination: Destination, before: LayerState): Promise<void> {
  if (destination.created) {
    attempt(() => destination.created!.remove());
    destination.forget();
  } else {
    await restoreLayerState(destination.node, before).catch((error: unknown) => report(error));
  }
  for (const size of destination.grown.slice().reverse()) attempt(() => size.section.resizeWithoutConstraints(size.width, size.height));
}

/** Runs one step of taking a placement back; a step that fails must not stop the others. */
function attempt(step: () => void): void {
  try {
    step();
  } catch (error) {
    report(error);
  }
}

function report(error: unknown): void {
  console.error("Framefill: couldn't take back part of a failed placement", error);
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^in \w+: /, "");
}

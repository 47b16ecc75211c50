/**
 * Plans a generation: one job per target and variant, each with its ratio ("Match frame" gives every target the
 * supported ratio nearest its own shape) and seed, and where its image will go. The plan remembers each target's
 * page and box, so an image whose layer is deleted meanwhile can still land beside where the layer was. With no
 * targets it plans a new frame at the viewport centre, sized like the ratio's output image, created only when an
 * image arrives. With "Prompt from layer names" each target's job carries its own prompt (see promptFromName).
 */
import { DEFAULT_ASPECT_RATIO, nearestAspectRatio, OUTPUT_SIZES, type AspectRatio } from "../../contract/aspect-ratios.js";
import type { GenerationOptions, Job } from "../../messages.js";
import { promptFromName } from "../names/prompt-from-name.js";
import { newFrameName } from "./new-frame-name.js";
import { slotBox } from "./slot-box.js";
import { variantSeed } from "./variant-seed.js";

/** A target as planning needs it. */
export interface TargetPlacement {
  nodeId: string;
  name: string;
  /** The layer's own size, which its ratio follows. */
  width: number;
  height: number;
  /** The page it is on and its box there, remembered for a deleted layer's image. */
  pageId: string | null;
  box: Rect;
}

export type Destination =
  /** Variant 0 fills the layer itself; variant k fills a copy k slots to its right. */
  | { kind: "node"; target: TargetPlacement; variants: number }
  /** A frame to create at `box` on the page. */
  | { kind: "new-frame"; pageId: string | null; box: Rect; name: string };

export interface PlannedJob {
  job: Job;
  destination: Destination;
}

export interface PlanInput {
  generationId: string;
  options: GenerationOptions;
  targets: TargetPlacement[];
  /** Where a new frame goes when there are no targets. */
  viewportCenter: Vector;
  currentPageId: string | null;
}

export function planGeneration({ generationId, options, targets, viewportCenter, currentPageId }: PlanInput): PlannedJob[] {
  const variants = Array.from({ length: options.variants }, (_, index) => index);
  const jobId = (targetIndex: number, variantIndex: number) => `${generationId}:${targetIndex}:${variantIndex}`;
  if (targets.length === 0) {
    const ratio: AspectRatio = options.aspectRatio === "match" ? DEFAULT_ASPECT_RATIO : options.aspectRatio;
    const size = OUTPUT_SIZES[ratio];
    const box = { x: viewportCenter.x - size.width / 2, y: viewportCenter.y - size.height / 2, ...size };
    const name = newFrameName(options.prompt);
    return variants.map((variantIndex) => ({
      job: {
        jobId: jobId(0, variantIndex),
        targetId: null,
        targetName: name,
        variantIndex,
        aspectRatio: ratio,
        seed: variantSeed(options.seed, variantIndex),
      },
      destination: { kind: "new-frame", pageId: currentPageId, box: slotBox(box, variantIndex), name },
    }));
  }
  const planned: PlannedJob[] = [];
  targets.forEach((target, targetIndex) => {
    const ratio = options.aspectRatio === "match" ? nearestAspectRatio(target.width, target.height) : options.aspectRatio;
    const prompt = options.promptFromLayerNames ? { prompt: promptFromName(target.name, options.prompt) } : {};
    for (const variantIndex of variants) {
      planned.push({
        job: {
          jobId: jobId(targetIndex, variantIndex),
          targetId: target.nodeId,
          targetName: target.name,
          variantIndex,
          aspectRatio: ratio,
          seed: variantSeed(options.seed, variantIndex),
          ...prompt,
        },
        destination: { kind: "node", target, variants: options.variants },
      });
    }
  });
  return planned;
}

/**
 * Puts a recent image — the exact image already in the file, same hash, no request, no cost — on the given layers,
 * as a generation of one variant would: the fill rule (Framefill's earlier image on a layer is replaced, every other
 * fill kept), the image's generation metadata and relaunch buttons. With no layers it goes into a new frame at the
 * viewport centre, shaped like the image. The caller commits the undo step and tells the designer.
 *
 * @example
 * const outcome = await applyRecentImage(figma, image, { entry, targets, viewportCenter, currentPageId, createdAt });
 * figma.commitUndo();
 */
import type { GenerationMetadata, GenerationOptions } from "../../messages.js";
import type { GenerationOutcome } from "../generation/generation-outcome.js";
import { Generation } from "../generation/generation.js";
import { placeImage } from "../place/place-image.js";
import { planGeneration, type TargetPlacement } from "../plan/plan-generation.js";

export interface ApplyRecentInput {
  entry: GenerationMetadata;
  targets: TargetPlacement[];
  viewportCenter: Vector;
  currentPageId: string | null;
  /** When the image was put on these layers (their metadata's time). */
  createdAt: string;
}

export interface ApplyRecentResult {
  outcome: GenerationOutcome;
  /** Why layers could not take the image, one line each. */
  problems: string[];
}

export async function applyRecentImage(figma: PluginAPI, image: Image, input: ApplyRecentInput): Promise<ApplyRecentResult> {
  const { entry } = input;
  const options: GenerationOptions = {
    prompt: entry.prompt,
    negativePrompt: entry.negativePrompt,
    // Only carried through planning; the image is never requested again.
    modelId: entry.modelId as GenerationOptions["modelId"],
    aspectRatio: entry.aspectRatio,
    outputFormat: entry.outputFormat,
    seed: entry.seed,
    variants: 1,
  };
  const generationId = `recent-${entry.imageHash}`;
  const planned = planGeneration({ generationId, options, targets: input.targets, viewportCenter: input.viewportCenter, currentPageId: input.currentPageId });
  const generation = new Generation(generationId, options, planned);
  const problems: string[] = [];
  for (const job of planned) {
    const metadata = {
      prompt: entry.prompt,
      negativePrompt: entry.negativePrompt,
      seed: entry.seed,
      modelId: entry.modelId,
      aspectRatio: entry.aspectRatio,
      outputFormat: entry.outputFormat,
      createdAt: input.createdAt,
    };
    const placement = await placeImage(figma, job, image, metadata, generation.copies).catch((error: unknown) => ({
      ok: false as const,
      message: `The image was not placed: ${String(error)}`,
    }));
    if (placement.ok) generation.placed(job.job.jobId, placement.node.type, placement.movedToNewFrame, placement.replacedStyleLink);
    else {
      generation.failed(job.job.jobId, "placement");
      problems.push(placement.message);
    }
  }
  return { outcome: generation.outcome(false), problems };
}

/**
 * Turns Figma's "Regenerate" relaunch into generations to plan: the same settings each layer was made with and a new
 * random seed. Layers made with the same settings share one plan; layers whose prompt, model, format or ratio differ
 * get a plan each, restricted to them with `targetIds`, so main records the right prompt on every layer. A layer
 * whose stored ratio is still the one "Match frame" gives its current shape is planned with "match", which keeps the
 * common case (every layer matched its frame) at a single plan whatever the shapes.
 */
import type { AspectRatioChoice, GenerationOptions, Relaunch, SelectionSummary } from "../../messages.js";
import { knownModelId } from "../form/form-state.js";

export interface PlannedRelaunch {
  options: GenerationOptions;
  /** Null: plan the whole selection (every layer shares these settings). */
  targetIds: string[] | null;
}

export function planRelaunch(relaunch: Relaunch, selection: SelectionSummary): PlannedRelaunch[] {
  const nearestRatio = new Map(selection.targets.map((target) => [target.id, target.nearestRatio]));
  const groups = new Map<string, PlannedRelaunch & { targetIds: string[] }>();
  for (const { nodeId, metadata } of relaunch.metadata) {
    const aspectRatio: AspectRatioChoice =
      nearestRatio.get(nodeId) === metadata.aspectRatio ? "match" : metadata.aspectRatio;
    const options: GenerationOptions = {
      prompt: metadata.prompt,
      negativePrompt: metadata.negativePrompt,
      modelId: knownModelId(metadata.modelId),
      aspectRatio,
      outputFormat: metadata.outputFormat,
      seed: 0,
      variants: 1,
    };
    const key = JSON.stringify([options.prompt, options.negativePrompt, options.modelId, aspectRatio, options.outputFormat]);
    const group = groups.get(key);
    if (group) group.targetIds.push(nodeId);
    else groups.set(key, { options, targetIds: [nodeId] });
  }
  const plans = [...groups.values()];
  if (plans.length === 1) return [{ options: plans[0]!.options, targetIds: null }];
  return plans;
}

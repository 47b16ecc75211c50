/**
 * The live line's note when "Prompt from layer names" is on: how many of the layers to fill use their own names,
 * e.g. "2 of 3 layers use their names as prompts"; null when it is off or nothing is selected.
 */
import type { SelectionSummary } from "../../messages.js";
import type { NamePromptContext } from "../form/validate-form.js";

export function describeNamePrompts(selection: SelectionSummary, promptFromLayerNames: boolean): string | null {
  const total = selection.targets.length;
  if (!promptFromLayerNames || total === 0) return null;
  const named = selection.targets.filter((target) => target.hasOwnName).length;
  const layers = `${total} ${total === 1 ? "layer" : "layers"}`;
  return named === 1 ? `1 of ${layers} uses its name as its prompt` : `${named} of ${layers} use their names as prompts`;
}

/** What validateForm needs to know about the layers' names. */
export function namePromptContext(selection: SelectionSummary): NamePromptContext {
  const withoutName = selection.targets.find((target) => !target.hasOwnName);
  return { targets: selection.targets.length, firstWithoutName: withoutName ? withoutName.name : null };
}

/**
 * Answers Figma's `figma.parameters.on("input")` while the quick action's parameters are typed (query mode: it reads
 * the file's recent-images index, changes nothing).
 */
import type { GenerationMetadata } from "../../messages.js";
import { parseRecentIndex, RECENT_KEY, RECENT_NAMESPACE } from "../recent/recent-index.js";
import { suggestPrompts, suggestRatios } from "./suggest-parameters.js";

export function answerParameterInput(figma: Pick<PluginAPI, "root">, { key, query, result }: ParameterInputEvent): void {
  if (key === "ratio") {
    result.setSuggestions(suggestRatios(query));
    return;
  }
  if (key === "prompt") {
    const recent: GenerationMetadata[] = parseRecentIndex(figma.root.getSharedPluginData(RECENT_NAMESPACE, RECENT_KEY));
    result.setSuggestions(suggestPrompts(recent.map((entry) => entry.prompt), query));
    return;
  }
  result.setSuggestions([]);
}

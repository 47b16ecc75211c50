/**
 * Suggestions for the quick action's parameters while the designer types them: for `prompt`, the prompts of the
 * file's recent images (newest first, each once) that contain what is typed; for `ratio`, "Match frame" and the nine
 * ratios that start with it. Pure: the caller reads the file (in query mode it may read, never write).
 */
import { ASPECT_RATIOS } from "../../contract/aspect-ratios.js";
import type { AspectRatioChoice } from "../../messages.js";

export interface Suggestion<T> {
  name: string;
  data: T;
}

/** Figma shows suggestions on one line; longer prompts are cut for display, the whole prompt is the value. */
const SUGGESTION_NAME_LENGTH = 80;
const PROMPT_SUGGESTIONS_MAX = 8;

export function suggestPrompts(recentPrompts: readonly string[], query: string): Suggestion<string>[] {
  const wanted = query.trim().toLowerCase();
  const seen = new Set<string>();
  const suggestions: Suggestion<string>[] = [];
  for (const prompt of recentPrompts) {
    const key = prompt.trim();
    if (key === "" || seen.has(key) || !key.toLowerCase().includes(wanted)) continue;
    seen.add(key);
    suggestions.push({ name: shorten(key), data: key });
    if (suggestions.length === PROMPT_SUGGESTIONS_MAX) break;
  }
  return suggestions;
}

export function suggestRatios(query: string): Suggestion<AspectRatioChoice>[] {
  const wanted = query.trim().toLowerCase();
  const all: Suggestion<AspectRatioChoice>[] = [
    { name: "Match frame", data: "match" },
    ...ASPECT_RATIOS.map((ratio) => ({ name: ratio, data: ratio })),
  ];
  return all.filter((suggestion) => suggestion.name.toLowerCase().startsWith(wanted) || suggestion.data.startsWith(wanted));
}

function shorten(prompt: string): string {
  const line = prompt.replace(/\s+/g, " ");
  return line.length <= SUGGESTION_NAME_LENGTH ? line : `${line.slice(0, SUGGESTION_NAME_LENGTH - 1)}…`;
}

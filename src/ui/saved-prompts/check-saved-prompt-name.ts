/**
 * Checks a name typed for a saved prompt, as main will: not empty, at most 60 characters, and (when renaming) not the
 * name of another saved prompt. Returns the message to show beside the field, or null.
 */
import { SAVED_PROMPT_NAME_MAX_LENGTH } from "../../contract/limits.js";
import type { SavedPrompt } from "../../messages.js";

export function checkSavedPromptName(name: string, prompts: readonly SavedPrompt[], renaming: string | null = null): string | null {
  const trimmed = name.trim();
  if (trimmed === "") return "Name the prompt.";
  if (trimmed.length > SAVED_PROMPT_NAME_MAX_LENGTH) return `Use at most ${SAVED_PROMPT_NAME_MAX_LENGTH} characters (this is ${trimmed.length}).`;
  const taken = prompts.find((prompt) => sameName(prompt.name, trimmed));
  if (renaming !== null && taken && !sameName(taken.name, renaming)) return `Another saved prompt is called ${taken.name}.`;
  return null;
}

/** Whether saving under this name replaces a saved prompt (same name, ignoring case). */
export function replacesSavedPrompt(name: string, prompts: readonly SavedPrompt[]): boolean {
  return prompts.some((prompt) => sameName(prompt.name, name));
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

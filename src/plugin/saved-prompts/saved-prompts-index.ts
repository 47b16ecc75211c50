/**
 * The file's saved prompts: named copies of the form (prompt, negative prompt, ratio, model, format) that everyone on
 * the file shares, kept in one entry of document plugin data. Names are unique (ignoring case and surrounding
 * spaces) and the list is kept in name order. Every change is checked as the form checks a prompt, and refused with
 * a reason when it is wrong or would not fit Figma's 100 kB per entry.
 *
 * @example
 * const next = savePrompt(parseSavedPrompts(stored), { name: "House style", prompt: "…", … });
 * if (next.ok) root.setSharedPluginData(SAVED_PROMPTS_NAMESPACE, SAVED_PROMPTS_KEY, serializeSavedPrompts(next.prompts));
 */
import { isAspectRatio } from "../../contract/aspect-ratios.js";
import { NEGATIVE_PROMPT_MAX_LENGTH, PROMPT_MAX_LENGTH, SAVED_PROMPT_NAME_MAX_LENGTH } from "../../contract/limits.js";
import { OUTPUT_FORMATS } from "../../contract/output-formats.js";
import type { SavedPrompt } from "../../messages.js";
import { METADATA_NAMESPACE } from "../metadata/metadata-key.js";
import { parseStoredArray } from "../storage/parse-stored-array.js";
import { PLUGIN_DATA_ENTRY_LIMIT_BYTES, pluginDataEntrySize } from "../storage/plugin-data-size.js";

export const SAVED_PROMPTS_NAMESPACE = METADATA_NAMESPACE;
export const SAVED_PROMPTS_KEY = "saved-prompts";

export type SavedPromptsChange = { ok: true; prompts: SavedPrompt[] } | { ok: false; problem: string };

/** The stored list; entries that are not valid saved prompts are left out. */
export function parseSavedPrompts(json: string): SavedPrompt[] {
  const prompts: SavedPrompt[] = [];
  for (const item of parseStoredArray(json)) {
    if (checkSavedPrompt(item) !== null) continue;
    const prompt = normalized(item as SavedPrompt);
    if (!prompts.some((known) => sameName(known.name, prompt.name))) prompts.push(prompt);
  }
  return sorted(prompts);
}

/** What is wrong with a saved prompt, in a designer's words, or null. */
export function checkSavedPrompt(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return "the saved prompt is missing";
  const v = value as Record<string, unknown>;
  const nameProblem = checkSavedPromptName(v.name);
  if (nameProblem !== null) return nameProblem;
  if (typeof v.prompt !== "string" || v.prompt.trim() === "") return "the prompt is empty";
  if (v.prompt.trim().length > PROMPT_MAX_LENGTH) return `the prompt is over ${PROMPT_MAX_LENGTH.toLocaleString("en-US")} characters`;
  if (typeof v.negativePrompt !== "string") return "the negative prompt must be text";
  if (v.negativePrompt.trim().length > NEGATIVE_PROMPT_MAX_LENGTH) {
    return `the negative prompt is over ${NEGATIVE_PROMPT_MAX_LENGTH.toLocaleString("en-US")} characters`;
  }
  if (v.aspectRatio !== "match" && !isAspectRatio(v.aspectRatio)) return `the aspect ratio ${String(v.aspectRatio)} is not supported`;
  if (typeof v.modelId !== "string" || v.modelId === "") return "the model is missing";
  if ((OUTPUT_FORMATS as readonly unknown[]).indexOf(v.outputFormat) === -1) return `the output format ${String(v.outputFormat)} is not supported`;
  return null;
}

export function checkSavedPromptName(name: unknown): string | null {
  if (typeof name !== "string" || name.trim() === "") return "a saved prompt needs a name";
  if (name.trim().length > SAVED_PROMPT_NAME_MAX_LENGTH) return `a saved prompt's name has at most ${SAVED_PROMPT_NAME_MAX_LENGTH} characters`;
  return null;
}

/** Saves a prompt under its name, replacing one saved under the same name. */
export function savePrompt(prompts: ReadonlyArray<SavedPrompt>, prompt: unknown): SavedPromptsChange {
  const problem = checkSavedPrompt(prompt);
  if (problem !== null) return { ok: false, problem };
  const saved = normalized(prompt as SavedPrompt);
  return fitting(sorted([...prompts.filter((known) => !sameName(known.name, saved.name)), saved]));
}

/** Renames a saved prompt; refused when the new name is taken by another one. */
export function renamePrompt(prompts: ReadonlyArray<SavedPrompt>, name: string, newName: unknown): SavedPromptsChange {
  const existing = prompts.find((known) => sameName(known.name, name));
  if (!existing) return { ok: false, problem: `there is no saved prompt called ${name}` };
  const problem = checkSavedPromptName(newName);
  if (problem !== null) return { ok: false, problem };
  const trimmed = (newName as string).trim();
  if (prompts.some((known) => known !== existing && sameName(known.name, trimmed))) return { ok: false, problem: `a saved prompt is already called ${trimmed}` };
  return fitting(sorted(prompts.map((known) => (known === existing ? { ...known, name: trimmed } : known))));
}

export function deletePrompt(prompts: ReadonlyArray<SavedPrompt>, name: string): SavedPromptsChange {
  if (!prompts.some((known) => sameName(known.name, name))) return { ok: false, problem: `there is no saved prompt called ${name}` };
  return { ok: true, prompts: prompts.filter((known) => !sameName(known.name, name)) };
}

export function serializeSavedPrompts(prompts: ReadonlyArray<SavedPrompt>): string {
  return prompts.length === 0 ? "" : JSON.stringify(prompts);
}

function fitting(prompts: SavedPrompt[]): SavedPromptsChange {
  const size = pluginDataEntrySize(SAVED_PROMPTS_NAMESPACE, SAVED_PROMPTS_KEY, serializeSavedPrompts(prompts));
  if (size > PLUGIN_DATA_ENTRY_LIMIT_BYTES) return { ok: false, problem: "this file's saved prompts would be over Figma's 100 kB: delete some first" };
  return { ok: true, prompts };
}

/** Only the saved fields, trimmed as the form trims them. */
function normalized(prompt: SavedPrompt): SavedPrompt {
  return {
    name: prompt.name.trim(),
    prompt: prompt.prompt.trim(),
    negativePrompt: prompt.negativePrompt.trim(),
    aspectRatio: prompt.aspectRatio,
    modelId: prompt.modelId,
    outputFormat: prompt.outputFormat,
  };
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function sorted(prompts: SavedPrompt[]): SavedPrompt[] {
  return prompts.slice().sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }));
}

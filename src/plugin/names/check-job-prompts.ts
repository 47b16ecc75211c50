/**
 * Checks each planned image's own prompt before anything is sent: with "Prompt from layer names" a layer's name can
 * make a prompt too long, and a layer with a default name needs the typed prompt. Returns what is wrong, or null.
 */
import { PROMPT_MAX_LENGTH } from "../../contract/limits.js";
import type { Job } from "../../messages.js";

export function checkJobPrompts(jobs: ReadonlyArray<Pick<Job, "prompt" | "targetName">>, typedPrompt: string): string | null {
  for (const job of jobs) {
    const prompt = job.prompt ?? typedPrompt;
    if (prompt.trim() === "") return job.prompt === undefined ? "the prompt is empty" : `${job.targetName} has no name of its own, so it needs a typed prompt`;
    if (prompt.length > PROMPT_MAX_LENGTH) {
      return `the prompt for ${job.targetName} is ${prompt.length.toLocaleString("en-US")} characters with its name; the limit is ${PROMPT_MAX_LENGTH.toLocaleString("en-US")}`;
    }
  }
  return null;
}

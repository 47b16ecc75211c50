/**
 * The relaunch buttons a filled layer shows in the properties panel ("Regenerate" and "Edit prompt", named in
 * manifest.json) with the description under each.
 */
import type { GenerationMetadata, RelaunchCommand } from "../../messages.js";

const PROMPT_PREVIEW_LENGTH = 120;

export function relaunchDescriptions(metadata: GenerationMetadata): Record<RelaunchCommand, string> {
  const prompt = metadata.prompt.replace(/\s+/g, " ").trim();
  const preview = prompt.length > PROMPT_PREVIEW_LENGTH ? `${prompt.slice(0, PROMPT_PREVIEW_LENGTH - 1)}…` : prompt;
  return {
    regenerate: `New image from the same prompt and settings (${metadata.aspectRatio}, new seed)`,
    edit: `Prompt: ${preview}`,
  };
}

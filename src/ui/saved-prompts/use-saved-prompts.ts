/**
 * The UI's state for "Saved prompts": the file's saved prompts as main sends them, why main refused the last change,
 * and the requests that change them (main answers each with the new list).
 */
import { useEffect, useState } from "preact/hooks";
import type { SavedPrompt } from "../../messages.js";
import type { PluginChannel } from "../host/plugin-channel.js";

export interface SavedPromptsState {
  prompts: SavedPrompt[];
  refused: string | null;
  refresh(): void;
  save(prompt: SavedPrompt): void;
  rename(name: string, newName: string): void;
  remove(name: string): void;
}

export function useSavedPrompts(channel: PluginChannel): SavedPromptsState {
  const [prompts, setPrompts] = useState<SavedPrompt[]>([]);
  const [refused, setRefused] = useState<string | null>(null);

  useEffect(
    () =>
      channel.listen((message) => {
        if (message.type !== "saved-prompts") return;
        setPrompts(message.prompts);
        setRefused(message.refused ?? null);
      }),
    [channel],
  );

  return {
    prompts,
    refused,
    refresh: () => channel.send({ type: "list-saved-prompts" }),
    save: (prompt) => channel.send({ type: "save-prompt", prompt }),
    rename: (name, newName) => channel.send({ type: "rename-saved-prompt", name, newName }),
    remove: (name) => channel.send({ type: "delete-saved-prompt", name }),
  };
}

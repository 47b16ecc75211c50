/**
 * The plugin's side of "Saved prompts": reads and writes the file's saved prompts (document shared plugin data, so
 * collaborators see them), sends the list to the UI, and makes each change its own undo step.
 */
import type { MainToUi } from "../../messages.js";
import {
  deletePrompt,
  parseSavedPrompts,
  renamePrompt,
  SAVED_PROMPTS_KEY,
  SAVED_PROMPTS_NAMESPACE,
  savePrompt,
  type SavedPromptsChange,
  serializeSavedPrompts,
} from "./saved-prompts-index.js";

export class SavedPrompts {
  constructor(
    private readonly figma: PluginAPI,
    private readonly post: (message: MainToUi) => void,
  ) {}

  send(refused?: string): void {
    this.post({ type: "saved-prompts", prompts: this.read(), ...(refused ? { refused } : {}) });
  }

  save(prompt: unknown): void {
    this.apply(savePrompt(this.read(), prompt), "save the prompt");
  }

  rename(name: string, newName: unknown): void {
    this.apply(renamePrompt(this.read(), name, newName), "rename the saved prompt");
  }

  remove(name: string): void {
    this.apply(deletePrompt(this.read(), name), "delete the saved prompt");
  }

  private read() {
    return parseSavedPrompts(this.figma.root.getSharedPluginData(SAVED_PROMPTS_NAMESPACE, SAVED_PROMPTS_KEY));
  }

  private apply(change: SavedPromptsChange, what: string): void {
    if (!change.ok) return this.send(`Framefill couldn't ${what}: ${change.problem}.`);
    this.figma.root.setSharedPluginData(SAVED_PROMPTS_NAMESPACE, SAVED_PROMPTS_KEY, serializeSavedPrompts(change.prompts));
    this.figma.commitUndo();
    this.send();
  }
}

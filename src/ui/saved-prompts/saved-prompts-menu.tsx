/**
 * "Saved prompts" and "Save prompt", above the form. "Save prompt" asks for a name and saves the form's prompt,
 * negative prompt, ratio, model and format in the file, for everyone on it. "Saved prompts" opens the file's list:
 * choosing one fills the form; each can be renamed or deleted. Names are checked beside their field before anything
 * is sent; the prompt itself is checked as the form checks it (by `onSave`).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { SavedPrompt } from "../../messages.js";
import { controlProps } from "../components/field.js";
import { checkSavedPromptName, replacesSavedPrompt } from "./check-saved-prompt-name.js";
import "./saved-prompts.css";

export interface SavedPromptsMenuProps {
  prompts: readonly SavedPrompt[];
  /** Why main refused the last change. */
  refused: string | null;
  /** Saves the form under this name; false when the form's prompt is not valid (its errors are then shown). */
  onSave: (name: string) => boolean;
  onUse: (prompt: SavedPrompt) => void;
  onRename: (name: string, newName: string) => void;
  onDelete: (name: string) => void;
  /** Asks main for the list again (a collaborator may have changed it). */
  onOpen: () => void;
}

export function SavedPromptsMenu({ prompts, refused, onSave, onUse, onRename, onDelete, onOpen }: SavedPromptsMenuProps) {
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const [renameError, setRenameError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const renameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (saving) nameRef.current?.focus();
  }, [saving]);
  useEffect(() => {
    if (renaming !== null) renameRef.current?.focus();
  }, [renaming]);

  const toggle = () => {
    if (!open) onOpen();
    setOpen(!open);
    setSaving(false);
    setRenaming(null);
  };

  const startSaving = () => {
    setSaving(!saving);
    setOpen(false);
    setNameError(null);
  };

  const save = () => {
    const problem = checkSavedPromptName(name, prompts);
    setNameError(problem);
    if (problem !== null || !onSave(name.trim())) return;
    setSaving(false);
    setName("");
  };

  const rename = (oldName: string) => {
    const problem = checkSavedPromptName(newName, prompts, oldName);
    setRenameError(problem);
    if (problem !== null) return;
    onRename(oldName, newName.trim());
    setRenaming(null);
  };

  const onKeyDown = (event: KeyboardEvent, confirm: () => void, close: () => void) => {
    if (event.key === "Enter") {
      event.preventDefault();
      confirm();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  };

  return (
    <div class="saved-prompts">
      <div class="saved-prompts-bar">
        <button
          class="button button-secondary"
          type="button"
          aria-expanded={open}
          aria-controls="saved-prompts-list"
          onClick={toggle}
        >
          Saved prompts
        </button>
        <button class="button button-ghost" type="button" aria-expanded={saving} onClick={startSaving}>
          Save prompt
        </button>
      </div>

      {saving ? (
        <div class="saved-prompts-panel" role="group" aria-label="Save prompt">
          <label class="field-label" for="saved-prompt-name">
            Name
          </label>
          <div class="input-with-button">
            <input
              {...controlProps("saved-prompt-name", nameError ?? undefined, replacesSavedPrompt(name, prompts))}
              ref={nameRef}
              class="input"
              type="text"
              placeholder="House style"
              value={name}
              onInput={(event) => setName(event.currentTarget.value)}
              onKeyDown={(event) => onKeyDown(event, save, () => setSaving(false))}
            />
            <button class="button button-primary" type="button" onClick={save}>
              Save
            </button>
            <button class="button button-ghost" type="button" onClick={() => setSaving(false)}>
              Close
            </button>
          </div>
          {nameError ? (
            <span id="saved-prompt-name-message" class="field-error" role="alert">
              {nameError}
            </span>
          ) : replacesSavedPrompt(name, prompts) ? (
            <span id="saved-prompt-name-message" class="field-hint">
              Replaces the saved prompt of this name.
            </span>
          ) : null}
        </div>
      ) : null}

      {open ? (
        <div id="saved-prompts-list" class="saved-prompts-panel">
          {prompts.length === 0 ? (
            <p class="muted">No saved prompts in this file yet. Fill the form and press Save prompt.</p>
          ) : (
            <ul class="saved-prompts-list" aria-label="Saved prompts">
              {prompts.map((prompt) =>
                renaming === prompt.name ? (
                  <li key={prompt.name} class="saved-prompt">
                    <input
                      {...controlProps("saved-prompt-new-name", renameError ?? undefined)}
                      ref={renameRef}
                      class="input"
                      type="text"
                      aria-label={`New name for ${prompt.name}`}
                      value={newName}
                      onInput={(event) => setNewName(event.currentTarget.value)}
                      onKeyDown={(event) => onKeyDown(event, () => rename(prompt.name), () => setRenaming(null))}
                    />
                    <button class="button button-primary" type="button" onClick={() => rename(prompt.name)}>
                      Rename
                    </button>
                    <button class="button button-ghost" type="button" onClick={() => setRenaming(null)}>
                      Close
                    </button>
                    {renameError ? (
                      <span id="saved-prompt-new-name-message" class="field-error saved-prompt-error" role="alert">
                        {renameError}
                      </span>
                    ) : null}
                  </li>
                ) : (
                  <li key={prompt.name} class="saved-prompt">
                    <button
                      class="saved-prompt-use"
                      type="button"
                      title={prompt.prompt}
                      onClick={() => {
                        onUse(prompt);
                        setOpen(false);
                      }}
                    >
                      {prompt.name}
                    </button>
                    <button
                      class="button button-ghost"
                      type="button"
                      aria-label={`Rename ${prompt.name}`}
                      onClick={() => {
                        setRenaming(prompt.name);
                        setNewName(prompt.name);
                        setRenameError(null);
                      }}
                    >
                      Rename
                    </button>
                    <button class="button button-ghost" type="button" aria-label={`Delete ${prompt.name}`} onClick={() => onDelete(prompt.name)}>
                      Delete
                    </button>
                  </li>
                ),
              )}
            </ul>
          )}
        </div>
      ) : null}

      {refused ? (
        <p class="notice notice-error" role="alert">
          {refused}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The "Prompt from layer names" checkbox under the prompt: when it is on, each layer's own name is its prompt and the
 * typed prompt is added to every one as a shared style.
 */
import "./prompt-from-names.css";

export interface PromptFromNamesFieldProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function PromptFromNamesField({ checked, onChange }: PromptFromNamesFieldProps) {
  return (
    <div class="checkbox-field">
      <input
        id="prompt-from-names"
        class="checkbox"
        type="checkbox"
        checked={checked}
        aria-describedby="prompt-from-names-hint"
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label for="prompt-from-names">Prompt from layer names</label>
      <span id="prompt-from-names-hint" class="field-hint checkbox-hint">
        Each layer's name is its prompt, with the prompt above added as a shared style. Layers with default names
        ("Frame 12") use the prompt above alone.
      </span>
    </div>
  );
}

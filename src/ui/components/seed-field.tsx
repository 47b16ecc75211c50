/**
 * The Seed field: empty means a new random seed for every image (the placeholder says "Random"); a number fixes it,
 * so the same prompt gives the same image. A button switches between the two, and the hint says which is on.
 */
import { SEED_MAX } from "../../contract/limits.js";
import { controlProps, Field } from "./field.js";

export interface SeedFieldProps {
  value: string;
  error?: string | undefined;
  random: () => number;
  onChange: (value: string) => void;
}

export function SeedField({ value, error, random, onChange }: SeedFieldProps) {
  const isRandom = value.trim() === "";
  const hint = isRandom ? "Random: every image gets a new seed." : "Fixed: the same prompt and seed give the same image.";
  return (
    <Field id="seed" label="Seed" error={error} hint={hint}>
      <div class="input-with-button">
        <input
          {...controlProps("seed", error, true)}
          class="input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="Random"
          value={value}
          onInput={(event) => onChange(event.currentTarget.value)}
        />
        {isRandom ? (
          <button
            type="button"
            class="button button-secondary"
            title="Pick a fixed seed, so the same prompt gives the same image"
            onClick={() => onChange(String(1 + Math.floor(random() * SEED_MAX)))}
          >
            Fix
          </button>
        ) : (
          <button
            type="button"
            class="button button-secondary"
            title="Use a new random seed for every image"
            onClick={() => onChange("")}
          >
            Random
          </button>
        )}
      </div>
    </Field>
  );
}

/**
 * A labelled form field: the visible label names the control (its accessible name), and an error or a hint below it
 * is tied to the control with aria-describedby. The control itself is the child, given `controlProps(id, ...)`.
 */
import type { ComponentChildren } from "preact";

export interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ComponentChildren;
  children: ComponentChildren;
}

export function Field({ id, label, error, hint, children }: FieldProps) {
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      {children}
      {error ? (
        <span id={`${id}-message`} class="field-error" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-message`} class="field-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** The attributes that tie a control to its Field's label and message. */
export function controlProps(id: string, error: string | undefined, hasHint = false) {
  return {
    id,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": error || hasHint ? `${id}-message` : undefined,
  };
}

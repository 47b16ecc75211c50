/** A labelled native select, styled like Figma's dropdowns. */
import { controlProps, Field } from "./field.js";

export interface SelectOption<Value extends string> {
  value: Value;
  label: string;
}

export interface SelectFieldProps<Value extends string> {
  id: string;
  label: string;
  value: Value;
  options: readonly SelectOption<Value>[];
  disabled?: boolean;
  onChange: (value: Value) => void;
}

export function SelectField<Value extends string>({ id, label, value, options, disabled, onChange }: SelectFieldProps<Value>) {
  return (
    <Field id={id} label={label}>
      <select
        {...controlProps(id, undefined)}
        class="select"
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.currentTarget.value as Value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

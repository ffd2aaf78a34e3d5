// A labelled <select> with its error message beneath, the sibling of Field.
import { type ReactNode, type SelectHTMLAttributes, useId } from "react";

export type SelectOption = { value: string; label: string };

type SelectFieldProps = {
  label: ReactNode;
  options: SelectOption[];
  /** Text of a first, empty option (e.g. 请选择); omitted when the field always has a value. */
  placeholder?: string;
  errors?: string[] | null;
  hint?: ReactNode;
  selectProps: SelectHTMLAttributes<HTMLSelectElement>;
};

export function SelectField({ label, options, placeholder, errors, hint, selectProps }: SelectFieldProps) {
  const fallbackId = useId();
  const id = selectProps.id ?? fallbackId;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select
        {...selectProps}
        id={id}
        className="input"
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-gray-500">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="field-error" role="alert">
          {errors?.join("；")}
        </p>
      ) : null}
    </div>
  );
}

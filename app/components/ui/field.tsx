// A labelled form field with its error message beneath, wired for screen readers.
import { type InputHTMLAttributes, type ReactNode, useId } from "react";

type FieldProps = {
  label: ReactNode;
  errors?: string[] | null;
  hint?: ReactNode;
  inputProps: InputHTMLAttributes<HTMLInputElement>;
};

export function Field({ label, errors, hint, inputProps }: FieldProps) {
  const fallbackId = useId();
  const id = inputProps.id ?? fallbackId;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input
        {...inputProps}
        id={id}
        className="input"
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
      />
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

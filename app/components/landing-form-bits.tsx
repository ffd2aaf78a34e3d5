// Small pieces the 签约与履约, 落地节点 and 到位资金 panels share: the action answer their forms
// get back, the form-level message line, a textarea field and the display of days and money.
import { type SubmissionResult } from "@conform-to/react";
import { type ReactNode, type TextareaHTMLAttributes, useId } from "react";
import { formatNumber, formatWan, formatWanNumber } from "#app/domain/money";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";

/** What the landing action routes answer a form that was not saved. */
export type LandingAnswer = { result?: SubmissionResult<string[]>; conflict?: string | null };

export function FormMessage({ messages }: { messages: (string | null | undefined)[] }) {
  const lines = messages.filter((m): m is string => !!m);
  if (!lines.length) return null;
  return (
    <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">
      {lines.join("；")}
    </p>
  );
}

export function TextAreaField({ label, errors, textareaProps }: { label: ReactNode; errors?: string[] | null; textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> }) {
  const fallbackId = useId();
  const id = textareaProps.id ?? fallbackId;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <textarea {...textareaProps} id={id} rows={textareaProps.rows ?? 2} className="input" aria-invalid={errorId ? true : undefined} aria-describedby={errorId} />
      {errorId ? (
        <p id={errorId} className="field-error" role="alert">
          {errors?.join("；")}
        </p>
      ) : null}
    </div>
  );
}

/** A day as YYYY-MM-DD (what date inputs take and the page shows), or "" for none. */
export function dayText(value: Date | string | null | undefined): string {
  if (!value) return "";
  return shanghaiDay(new Date(value));
}

export function wanText(value: number | null | undefined): string {
  return value === null || value === undefined ? t("projects.none") : formatWan(value);
}

/** A number with its unit, e.g. "350 万元/亩"; "—" for none. */
export function withUnit(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? t("projects.none") : `${formatWanNumber(value)} ${unit}`;
}

/** 资金到位率 as a percentage with one decimal: "37.5%". */
export function percentText(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return t("projects.none");
  return `${formatNumber(Math.round(rate * 1000) / 10, 1)}%`;
}

// Small pieces shared by the problem, incentive and instruction panels and pages: a confirmed
// post to another route (the panels live on the project page but post to their own action
// routes), the one-shot notice a redirect leaves in `?done=`, and status badges.
import { Form, useLocation, useSearchParams } from "@remix-run/react";
import { type ReactNode, useEffect, useId, useRef } from "react";
import { type WarningLevel } from "#app/domain/warnings";
import { t } from "#app/i18n";

/** The current page as a redirect target, without the notice a previous save left. */
export function useReturnPath(): string {
  const { pathname, search } = useLocation();
  const params = new URLSearchParams(search);
  params.delete("done");
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ""}`;
}

/** A `done` notice of one of `known` left by the last redirect, or null. */
export function useDoneNotice<K extends string>(known: Record<K, string>): string | null {
  const [params] = useSearchParams();
  const done = params.get("done");
  return done && done in known ? known[done as K] : null;
}

export function Notice({ children, tone = "success" }: { children: ReactNode; tone?: "success" | "warning" | "error" }) {
  const style = tone === "success" ? "bg-green-50 text-green-800" : tone === "warning" ? "bg-amber-50 text-amber-900" : "bg-red-50 text-red-800";
  return (
    <p className={`rounded-md px-3 py-2 text-sm ${style}`} role={tone === "success" ? "status" : "alert"}>
      {children}
    </p>
  );
}

const LEVEL_BADGE: Record<WarningLevel, string> = {
  NONE: "bg-gray-100 text-gray-700",
  BLUE: "bg-blue-50 text-blue-800",
  YELLOW: "bg-amber-50 text-amber-900",
  RED: "bg-red-100 text-red-800",
};

export function Badge({ level = "NONE", children, testId }: { level?: WarningLevel; children: ReactNode; testId?: string }) {
  return (
    <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap [print-color-adjust:exact] ${LEVEL_BADGE[level]}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** 还剩 n 个工作日 / 今日到期 / 已超期 n 个工作日. */
export function workdaysLeftText(daysLeft: number | null): string | null {
  if (daysLeft === null) return null;
  if (daysLeft < 0) return t("problems.workdaysOver", { days: -daysLeft });
  if (daysLeft === 0) return t("problems.dueToday");
  return t("problems.workdaysLeft", { days: daysLeft });
}

type ConfirmPostProps = {
  /** The route that does the work. */
  action: string;
  label: string;
  title: string;
  message: string;
  intent: string;
  confirmLabel?: string;
  tone?: "danger" | "secondary" | "primary";
  /** Extra fields (a reason, the version). */
  children?: ReactNode;
  /** Open again, e.g. when the server refused the last submission. */
  reopen?: boolean;
};

/**
 * A button that asks before it posts: a native modal <dialog> (focus moves in, Esc cancels)
 * holding a form that posts to `action`. ConfirmDialog's sibling for forms whose action is not
 * the current route.
 */
export function ConfirmPost({ action, label, title, message, intent, confirmLabel, tone = "secondary", children, reopen }: ConfirmPostProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  useEffect(() => {
    if (reopen && ref.current && !ref.current.open) ref.current.showModal();
  }, [reopen]);
  const buttonClass = tone === "danger" ? "btn-danger" : tone === "primary" ? "btn-primary" : "btn-secondary";
  return (
    <>
      <button type="button" className={`${buttonClass} min-h-10`} onClick={() => ref.current?.showModal()} data-testid={`open-${intent}`}>
        {label}
      </button>
      <dialog ref={ref} aria-labelledby={titleId} aria-describedby={messageId} className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-black/40">
        <Form method="post" action={action} className="space-y-4 p-5" onSubmit={() => ref.current?.close()}>
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <p id={messageId} className="text-sm break-words text-gray-700">
            {message}
          </p>
          {children}
          <input type="hidden" name="intent" value={intent} />
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary min-h-10" onClick={() => ref.current?.close()}>
              {t("common.cancel")}
            </button>
            <button type="submit" className={`${tone === "danger" ? "btn-danger" : "btn-primary"} min-h-10`}>
              {confirmLabel ?? t("common.confirm")}
            </button>
          </div>
        </Form>
      </dialog>
    </>
  );
}

/** A labelled textarea with its error beneath (Field's sibling). */
export function TextArea({
  label,
  name,
  id,
  errors,
  defaultValue,
  required,
  rows = 3,
  hint,
}: {
  label: ReactNode;
  name: string;
  id?: string;
  errors?: string[] | null;
  defaultValue?: string;
  required?: boolean;
  rows?: number;
  hint?: ReactNode;
}) {
  const fallback = useId();
  const fieldId = id ?? fallback;
  const errorId = errors?.length ? `${fieldId}-error` : undefined;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  return (
    <div>
      <label htmlFor={fieldId} className="label">
        {label}
      </label>
      <textarea
        id={fieldId}
        name={name}
        rows={rows}
        required={required}
        defaultValue={defaultValue}
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

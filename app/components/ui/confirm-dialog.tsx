// A button that asks before it acts: it opens a native modal <dialog> (focus moves into it,
// Esc cancels; the first control, Cancel unless the form asks for input, takes the focus)
// holding the form that does the work. Used for account actions and deletions.
import { Form } from "@remix-run/react";
import { type ReactNode, useEffect, useId, useRef } from "react";
import { t } from "#app/i18n";

type ConfirmDialogProps = {
  /** The button that opens the dialog. */
  label: string;
  title: string;
  message: string;
  /** Submitted as `intent` with the form. */
  intent: string;
  /** Where the form posts; the current route when omitted. */
  action?: string;
  confirmLabel?: string;
  tone?: "danger" | "secondary";
  /** Extra form fields (e.g. a new password). */
  children?: ReactNode;
  /** Open the dialog again, e.g. when the server refused the last submission. */
  reopen?: boolean;
  disabled?: boolean;
};

export function ConfirmDialog({ label, title, message, intent, action, confirmLabel, tone = "secondary", children, reopen, disabled }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  useEffect(() => {
    if (reopen && ref.current && !ref.current.open) ref.current.showModal();
  }, [reopen]);
  const buttonClass = tone === "danger" ? "btn-danger" : "btn-secondary";
  return (
    <>
      <button type="button" className={buttonClass} disabled={disabled} onClick={() => ref.current?.showModal()} data-testid={`open-${intent}`}>
        {label}
      </button>
      <dialog ref={ref} aria-labelledby={titleId} aria-describedby={messageId} className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-black/40">
        <Form method="post" action={action} className="space-y-4 p-5" onSubmit={() => ref.current?.close()}>
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <p id={messageId} className="text-sm text-gray-700">
            {message}
          </p>
          {children}
          <input type="hidden" name="intent" value={intent} />
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={() => ref.current?.close()}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="btn-primary">
              {confirmLabel ?? t("common.confirm")}
            </button>
          </div>
        </Form>
      </dialog>
    </>
  );
}

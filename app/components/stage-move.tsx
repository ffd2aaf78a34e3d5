// The stage move (推进阶段): a native <dialog> on the project page, and the same fields on the
// no-script page /projects/:id/stage. Both post to /projects/:id/stage, whose action applies the
// mechanism's rules; the fields each target asks for come from the server (stageMoveData), so
// the form never asks for something other than what the move checks. The kanban can load the
// same data from /projects/:id/stage and render <StageMoveFields />.
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { STAGE_FIELD_KINDS, fieldLabelKey, type StageField } from "#app/domain/stages";
import { t } from "#app/i18n";
import { Field } from "./ui/field";
import { SelectField } from "./ui/select-field";

/** StageMoveData of app/models/stage.server.ts, as it arrives in the browser. */
export type StageMoveView = {
  projectId: string;
  version: number;
  stage: string;
  stageLabel: string;
  today: string;
  targets: { code: string; label: string; fields: StageField[]; reasonRequired: boolean }[];
  values: Partial<Record<StageField, string>>;
  options: Partial<Record<StageField, { value: string; label: string }[]>>;
};

/** What the stage action answers: ok, or errors by field (`to`, `version`, `reason`, stage fields). */
export type StageMoveAnswer = { ok: true; stage: string; version: number } | { errors: Record<string, string[] | undefined> };

export function stageMoveAction(projectId: string): string {
  return `/projects/${projectId}/stage`;
}

function StageFieldInput({ field, move, errors }: { field: StageField; move: StageMoveView; errors?: string[] }) {
  const label = t(fieldLabelKey(field));
  const value = move.values[field] ?? "";
  const options = move.options[field];
  if (options) {
    return (
      <SelectField
        label={label}
        options={options}
        placeholder={t("projects.choose")}
        errors={errors}
        selectProps={{ name: field, defaultValue: value, required: true }}
      />
    );
  }
  switch (STAGE_FIELD_KINDS[field]) {
    case "date":
      return <Field label={label} errors={errors} inputProps={{ name: field, type: "date", defaultValue: value, max: move.today, required: true }} />;
    case "number":
      return (
        <Field
          label={label}
          errors={errors}
          inputProps={{ name: field, type: "number", step: "any", min: 0, inputMode: "decimal", defaultValue: value, required: true }}
        />
      );
    default:
      return <Field label={label} errors={errors} inputProps={{ name: field, type: "text", defaultValue: value, maxLength: 100, required: true }} />;
  }
}

/**
 * The inside of the move form: target choice (radios, or a fixed target), the fields that
 * target asks for, and the reason or a note. Errors are the action's, by field name.
 */
export function StageMoveFields({
  move,
  target,
  onTargetChange,
  errors = {},
  fixedTarget = false,
  withVersion = true,
}: {
  move: StageMoveView;
  target: string;
  onTargetChange?: (code: string) => void;
  errors?: Record<string, string[] | undefined>;
  fixedTarget?: boolean;
  /** False on the no-script page's first step, a GET that only chooses the target. */
  withVersion?: boolean;
}) {
  const reasonId = useId();
  const chosen = move.targets.find((x) => x.code === target);
  const general = [...(errors.version ?? []), ...(errors.to ?? [])];
  return (
    <div className="space-y-4">
      {withVersion ? <input type="hidden" name="version" value={move.version} /> : null}
      {general.length ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="stage-error">
          {general.join("；")}
        </p>
      ) : null}
      {fixedTarget ? (
        <input type="hidden" name="to" value={target} />
      ) : (
        <fieldset>
          <legend className="label">{t("projects.moveTarget")}</legend>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
            {move.targets.map((x) => (
              <label
                key={x.code}
                className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-gray-300 px-3 text-sm has-[:checked]:border-red-700 has-[:checked]:bg-red-50"
              >
                <input
                  type="radio"
                  name="to"
                  value={x.code}
                  className="size-4"
                  required
                  {...(onTargetChange ? { checked: target === x.code, onChange: () => onTargetChange(x.code) } : { defaultChecked: target === x.code })}
                />
                {x.label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {chosen && chosen.fields.length ? (
        <fieldset className="space-y-3 rounded-md border border-gray-200 p-3">
          <legend className="px-1 text-sm font-medium">{t("projects.moveFieldsHeading")}</legend>
          {chosen.fields.map((field) => (
            <StageFieldInput key={`${target}-${field}`} field={field} move={move} errors={errors[field]} />
          ))}
        </fieldset>
      ) : null}
      {chosen ? (
        <div>
          <label htmlFor={reasonId} className="label">
            {chosen.reasonRequired ? t("projects.moveReason") : t("projects.moveNote")}
          </label>
          <textarea
            id={reasonId}
            name={chosen.reasonRequired ? "reason" : "note"}
            rows={3}
            maxLength={500}
            required={chosen.reasonRequired}
            className="input"
            aria-invalid={errors.reason?.length ? true : undefined}
            aria-describedby={errors.reason?.length ? `${reasonId}-error` : undefined}
          />
          {chosen.reasonRequired ? <p className="mt-1 text-xs text-gray-500">{t("projects.moveReasonHint")}</p> : null}
          {errors.reason?.length ? (
            <p id={`${reasonId}-error`} className="field-error" role="alert">
              {errors.reason.join("；")}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/**
 * The 推进阶段 button and its dialog. Before the page's script has loaded the button is a link
 * to the no-script page, which does the same.
 */
export function StageMoveDialog({ move, projectName }: { move: StageMoveView; projectName: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const fetcher = useFetcher<StageMoveAnswer>();
  const [target, setTarget] = useState("");
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = answer && "errors" in answer ? answer.errors : undefined;

  useEffect(() => {
    if (answer && "ok" in answer && answer.ok) {
      ref.current?.close();
      setTarget("");
    }
  }, [answer]);

  const busy = fetcher.state !== "idle";
  return (
    <>
      <a
        href={stageMoveAction(move.projectId)}
        className="btn-primary min-h-11"
        onClick={(event) => {
          event.preventDefault();
          ref.current?.showModal();
        }}
        data-testid="open-stage-dialog"
      >
        {t("projects.moveStage")}
      </a>
      <dialog ref={ref} aria-labelledby={titleId} className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-black/40">
        {/* Remounted per version: after a move, the next one starts blank. */}
        {/* noValidate: the server's Chinese messages show under each field, as on the kanban. */}
        <fetcher.Form key={move.version} method="post" noValidate action={stageMoveAction(move.projectId)} className="max-h-[90vh] space-y-4 overflow-y-auto p-5">
          <h2 id={titleId} className="text-lg font-semibold">
            {t("projects.moveTitle", { name: projectName })}
          </h2>
          <p className="text-sm text-gray-600">{t("projects.moveCurrent", { stage: move.stageLabel })}</p>
          {move.targets.length === 0 ? (
            <p className="text-sm">{t("projects.moveNoTargets")}</p>
          ) : (
            <StageMoveFields move={move} target={target} onTargetChange={setTarget} errors={errors} />
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary min-h-11" onClick={() => ref.current?.close()}>
              {t("common.cancel")}
            </button>
            {move.targets.length ? (
              <button type="submit" className="btn-primary min-h-11" disabled={busy || !target}>
                {busy ? t("common.saving") : t("projects.moveSubmit")}
              </button>
            ) : null}
          </div>
        </fetcher.Form>
      </dialog>
    </>
  );
}

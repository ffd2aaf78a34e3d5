// 问题交办 on the project page: the project's problems, most urgent first (overdue on top), each
// linking to its page where it is moved and answered, and the report form (问题报送, optionally
// 交办 at once) that posts to /projects/:id/problems. Data: listProblemsForProject().
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Link, useFetcher } from "@remix-run/react";
import { useState } from "react";
import { t } from "#app/i18n";
import { type ProblemsPanelData } from "#app/models/problem.server";
import { ProblemReportSchema } from "#app/schemas/problem";
import { Badge, Notice, useDoneNotice, useReturnPath, workdaysLeftText } from "./problem-ui";
import { Field } from "./ui/field";
import { WarningDot } from "./warning-dot";

export function problemsAction(projectId: string) {
  return `/projects/${projectId}/problems`;
}

export function ProblemsPanel({ data }: { data: ProblemsPanelData }) {
  const notice = useDoneNotice({ problemReported: t("problems.noticeReported") });
  const { counts } = data;
  return (
    <section className="card space-y-3" aria-labelledby="problems-panel-title" id="problems" data-testid="problems-panel">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="problems-panel-title" className="text-lg font-semibold">
          {t("problems.panelTitle")}
        </h2>
        <p className="text-sm text-gray-600">
          {t("problems.panelCounts", { open: counts.open, awaiting: counts.awaitingClose, total: counts.total })}
          {counts.overdue ? <span className="ml-2 font-medium text-red-700">{t("problems.panelOverdue", { count: counts.overdue })}</span> : null}
        </p>
      </div>
      {notice ? <Notice>{notice}</Notice> : null}
      {data.items.length === 0 ? (
        <p className="text-sm text-gray-500">{t("problems.panelEmpty")}</p>
      ) : (
        <ul className="divide-y divide-gray-100" data-testid="problem-items">
          {data.items.map((p) => (
            <li key={p.id} className="flex gap-3 py-2" data-status={p.status} data-level={p.level}>
              <WarningDot level={p.level} className="mt-1.5" />
              <div className="min-w-0 grow space-y-0.5">
                <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <Link to={`/problems/${p.id}`} className="font-medium break-words text-blue-700 hover:underline">
                    {p.title}
                  </Link>
                  <Badge>{p.categoryLabel}</Badge>
                  <Badge level={p.status === "CLOSED" ? "NONE" : p.overdue ? "RED" : p.status === "RESOLVED" ? "BLUE" : "YELLOW"}>{p.statusLabel}</Badge>
                </p>
                <p className="text-xs text-gray-600">
                  <span className="font-mono">{p.code}</span>
                  {p.department ? ` · ${p.department}${p.assignee ? ` · ${p.assignee}` : ""}` : ` · ${t("problems.unassigned")}`}
                  {p.deadline ? ` · ${t("problems.deadlineOn", { date: p.deadline })}` : ""}
                  {p.daysLeft !== null ? <span className={p.overdue ? "ml-1 font-medium text-red-700" : "ml-1"}>{workdaysLeftText(p.daysLeft)}</span> : null}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {data.form ? <ProblemReportForm projectId={data.projectId} form={data.form} key={`report-${counts.total}`} /> : null}
    </section>
  );
}

type Answer = { result?: SubmissionResult<string[]> };

function ProblemReportForm({ projectId, form: options }: { projectId: string; form: NonNullable<ProblemsPanelData["form"]> }) {
  const fetcher = useFetcher<Answer>();
  const busy = fetcher.state !== "idle";
  const returnTo = useReturnPath();
  const [departmentId, setDepartmentId] = useState("");
  const [form, fields] = useForm({
    id: `problem-report-${projectId}`,
    lastResult: fetcher.data?.result,
    constraint: getZodConstraint(ProblemReportSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProblemReportSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { limitWorkdays: String(options.defaultLimitWorkdays) },
  });
  const people = options.departments.find((d) => d.id === departmentId)?.people ?? [];
  return (
    <details className="rounded-md border border-gray-200" open={!!fetcher.data?.result}>
      <summary className="flex min-h-11 cursor-pointer items-center px-3 text-sm font-medium text-blue-700">{t("problems.reportOpen")}</summary>
      <fetcher.Form method="post" action={`${problemsAction(projectId)}`} className="space-y-3 border-t border-gray-200 p-3" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={returnTo} />
        {form.errors?.length ? <Notice tone="error">{form.errors.join("；")}</Notice> : null}
        <Field label={t("problems.fieldTitle")} errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: "text" }), placeholder: t("problems.fieldTitleHint") }} />
        <div>
          <label htmlFor={fields.category.id} className="label">
            {t("problems.fieldCategory")}
          </label>
          <select {...getSelectProps(fields.category)} className="input min-h-11" aria-invalid={fields.category.errors?.length ? true : undefined} aria-describedby={fields.category.errors?.length ? fields.category.errorId : undefined}>
            <option value="">{t("problems.choose")}</option>
            {options.categories.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          {fields.category.errors?.length ? (
            <p id={fields.category.errorId} className="field-error" role="alert">
              {fields.category.errors.join("；")}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor={fields.description.id} className="label">
            {t("problems.fieldDescription")}
          </label>
          <textarea {...getTextareaProps(fields.description)} rows={3} className="input" aria-invalid={fields.description.errors?.length ? true : undefined} />
          {fields.description.errors?.length ? <p className="field-error">{fields.description.errors.join("；")}</p> : null}
        </div>
        <fieldset className="space-y-3 rounded-md bg-gray-50 p-3">
          <legend className="px-1 text-sm font-medium text-gray-700">{t("problems.reportAssignLegend")}</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            <div>
              <label htmlFor={fields.departmentId.id} className="label">
                {t("problems.fieldDepartment")}
              </label>
              <select
                {...getSelectProps(fields.departmentId)}
                className="input min-h-11"
                onChange={(e) => setDepartmentId(e.currentTarget.value)}
                aria-invalid={fields.departmentId.errors?.length ? true : undefined}
              >
                <option value="">{t("problems.assignLater")}</option>
                {options.departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
              {fields.departmentId.errors?.length ? <p className="field-error">{fields.departmentId.errors.join("；")}</p> : null}
            </div>
            <div>
              <label htmlFor={fields.assigneeId.id} className="label">
                {t("problems.fieldAssignee")}
              </label>
              <select {...getSelectProps(fields.assigneeId)} className="input min-h-11" disabled={!departmentId} aria-invalid={fields.assigneeId.errors?.length ? true : undefined}>
                <option value="">{t("problems.assigneeAny")}</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              {fields.assigneeId.errors?.length ? <p className="field-error">{fields.assigneeId.errors.join("；")}</p> : null}
            </div>
          </div>
          <Field
            label={t("problems.fieldLimit")}
            errors={fields.limitWorkdays.errors}
            hint={t("problems.fieldLimitHint", { days: options.defaultLimitWorkdays })}
            inputProps={{ ...getInputProps(fields.limitWorkdays, { type: "number" }), inputMode: "numeric", min: 1 }}
          />
        </fieldset>
        <button type="submit" className="btn-primary min-h-11 px-6" disabled={busy}>
          {busy ? t("common.saving") : t("problems.reportSubmit")}
        </button>
      </fetcher.Form>
    </details>
  );
}

// 政策兑现 on the project page: each promised item with its status (逾期 first), amounts in 万元,
// and — as a warning, never a block — the 公平竞争审查 flags of its wording with their reasons.
// Officers add, edit and delete items; the forms post to /projects/:id/incentives.
// Data: listIncentivesForProject().
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { useFetcher } from "@remix-run/react";
import { formatWan } from "#app/domain/money";
import { t } from "#app/i18n";
import { type IncentiveView, type IncentivesPanelData } from "#app/models/incentive.server";
import { IncentiveSchema } from "#app/schemas/problem";
import { Badge, ConfirmPost, Notice, useDoneNotice, useReturnPath } from "./problem-ui";
import { Field } from "./ui/field";

export function incentivesAction(projectId: string) {
  return `/projects/${projectId}/incentives`;
}

const STATUS_LEVEL = { OVERDUE: "RED", PARTIAL: "YELLOW", PROMISED: "BLUE", PAID: "NONE", CANCELLED: "NONE" } as const;

export function IncentivesPanel({ data }: { data: IncentivesPanelData }) {
  const notice = useDoneNotice({
    incentiveSaved: t("problems.noticeIncentiveSaved"),
    incentiveFlagged: t("problems.noticeIncentiveFlagged"),
    incentiveDeleted: t("problems.noticeIncentiveDeleted"),
  });
  const returnTo = useReturnPath();
  const { totals } = data;
  return (
    <section className="card space-y-3" aria-labelledby="incentives-panel-title" id="incentives" data-testid="incentives-panel">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="incentives-panel-title" className="text-lg font-semibold">
          {t("problems.incentivesTitle")}
        </h2>
        <p className="text-sm text-gray-600">
          {t("problems.incentivesTotals", { promised: totals.promised || formatWan(0), paid: totals.paid || formatWan(0), outstanding: totals.outstanding || formatWan(0) })}
          {totals.overdue ? <span className="ml-2 font-medium text-red-700">{t("problems.incentivesOverdue", { count: totals.overdue })}</span> : null}
        </p>
      </div>
      {notice ? <Notice tone={notice === t("problems.noticeIncentiveFlagged") ? "warning" : "success"}>{notice}</Notice> : null}
      {data.items.length === 0 ? <p className="text-sm text-gray-500">{t("problems.incentivesEmpty")}</p> : null}
      <ul className="space-y-3" data-testid="incentive-items">
        {data.items.map((item) => (
          <li key={item.id} className={`rounded-md border p-3 ${item.overdue ? "border-red-300 bg-red-50/40" : "border-gray-200"}`} data-status={item.status} data-flagged={item.flags.length > 0 || undefined}>
            <div className="flex flex-wrap items-center gap-2">
              <p className="font-medium break-words">{item.item}</p>
              <Badge level={STATUS_LEVEL[item.status]} testId="incentive-status">
                {item.statusLabel}
              </Badge>
              {item.overdue ? <span className="text-xs font-medium text-red-700">{t("problems.incentiveDaysOverdue", { days: item.daysOverdue })}</span> : null}
              {item.dueSoon ? <span className="text-xs text-amber-800">{t("problems.incentiveDueSoon", { days: item.daysToDue ?? 0 })}</span> : null}
            </div>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
              <dt className="text-gray-500">{t("problems.incentivePromised")}</dt>
              <dd className="tabular-nums">{item.promised}</dd>
              <dt className="text-gray-500">{t("problems.incentivePaid")}</dt>
              <dd className="tabular-nums">
                {item.paid || "—"}
                {item.paidOn ? <span className="text-gray-500">（{item.paidOn}）</span> : null}
              </dd>
              <dt className="text-gray-500">{t("problems.incentiveDue")}</dt>
              <dd>{item.dueOn ?? t("problems.noDueDate")}</dd>
              <dt className="text-gray-500">{t("problems.incentiveOutstanding")}</dt>
              <dd className="tabular-nums">{item.outstanding || "—"}</dd>
            </dl>
            {item.conditions ? <p className="mt-1 text-sm break-words whitespace-pre-line text-gray-700">{t("problems.incentiveConditionsLine", { text: item.conditions })}</p> : null}
            {item.cancelled && item.cancelReason ? <p className="mt-1 text-sm text-gray-600">{t("problems.incentiveCancelledLine", { reason: item.cancelReason })}</p> : null}
            {item.flags.length ? <FairFlags flags={item.flags} /> : null}
            {data.canWrite ? (
              <div className="mt-2 flex flex-wrap items-start gap-2">
                <details className="grow">
                  <summary className="btn-secondary min-h-10 cursor-pointer list-none">{t("common.edit")}</summary>
                  <IncentiveForm projectId={data.projectId} editing={item} key={`${item.id}-${item.version}`} />
                </details>
                <ConfirmPost
                  action={incentivesAction(data.projectId)}
                  label={t("common.delete")}
                  title={t("problems.incentiveDeleteTitle")}
                  message={t("problems.incentiveDeleteConfirm", { item: item.item })}
                  intent="delete"
                  tone="danger"
                >
                  <input type="hidden" name="id" value={item.id} />
                  <input type="hidden" name="version" value={item.version} />
                  <input type="hidden" name="redirectTo" value={returnTo} />
                </ConfirmPost>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {data.canWrite ? (
        <details className="rounded-md border border-gray-200">
          <summary className="flex min-h-11 cursor-pointer items-center px-3 text-sm font-medium text-blue-700">{t("problems.incentiveNew")}</summary>
          <IncentiveForm projectId={data.projectId} editing={null} key={`new-${data.items.length}`} />
        </details>
      ) : null}
    </section>
  );
}

function FairFlags({ flags }: { flags: IncentiveView["flags"] }) {
  return (
    <div className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note" data-testid="fair-flags">
      <p className="font-medium">⚠ {t("landing.fairFlagged")}</p>
      <ul className="mt-1 list-inside list-disc space-y-0.5">
        {flags.map((f) => (
          <li key={f.ruleId} data-rule={f.ruleId}>
            {f.reason}
            {f.matched.length ? <span className="text-amber-800">{t("problems.fairMatched", { phrases: f.matched.join("、") })}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

type Answer = { result?: SubmissionResult<string[]>; conflict?: string | null };

function IncentiveForm({ projectId, editing }: { projectId: string; editing: IncentiveView | null }) {
  const fetcher = useFetcher<Answer>();
  const busy = fetcher.state !== "idle";
  const returnTo = useReturnPath();
  const [form, fields] = useForm({
    id: editing ? `incentive-${editing.id}-${editing.version}` : `incentive-new-${projectId}`,
    lastResult: fetcher.data?.result,
    constraint: getZodConstraint(IncentiveSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IncentiveSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: editing
      ? {
          item: editing.item,
          conditions: editing.conditions ?? "",
          promisedWan: String(editing.promisedWan),
          dueAt: editing.dueOn ?? "",
          paidWan: editing.paidWan ? String(editing.paidWan) : "",
          paidAt: editing.paidOn ?? "",
          note: editing.note ?? "",
          cancelled: editing.cancelled ? "on" : undefined,
          cancelReason: editing.cancelReason ?? "",
        }
      : undefined,
  });
  return (
    <fetcher.Form method="post" action={incentivesAction(projectId)} className="mt-2 space-y-3 rounded-md bg-gray-50 p-3" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      <input type="hidden" name="redirectTo" value={returnTo} />
      {editing ? (
        <>
          <input type="hidden" name="id" value={editing.id} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      ) : null}
      {fetcher.data?.conflict || form.errors?.length ? <Notice tone="warning">{fetcher.data?.conflict ?? form.errors?.join("；")}</Notice> : null}
      <Field label={t("problems.incentiveItem")} errors={fields.item.errors} inputProps={{ ...getInputProps(fields.item, { type: "text" }), placeholder: t("problems.incentiveItemHint") }} />
      <div>
        <label htmlFor={fields.conditions.id} className="label">
          {t("problems.incentiveConditions")}
        </label>
        <textarea {...getTextareaProps(fields.conditions)} rows={2} className="input" />
        {fields.conditions.errors?.length ? <p className="field-error">{fields.conditions.errors.join("；")}</p> : null}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("problems.incentivePromisedWan")} errors={fields.promisedWan.errors} inputProps={{ ...getInputProps(fields.promisedWan, { type: "number" }), step: "any", inputMode: "decimal" }} />
        <Field label={t("problems.incentiveDue")} errors={fields.dueAt.errors} inputProps={getInputProps(fields.dueAt, { type: "date" })} />
        <Field label={t("problems.incentivePaidWan")} errors={fields.paidWan.errors} hint={t("problems.incentivePaidHint")} inputProps={{ ...getInputProps(fields.paidWan, { type: "number" }), step: "any", inputMode: "decimal" }} />
        <Field label={t("problems.incentivePaidAt")} errors={fields.paidAt.errors} inputProps={getInputProps(fields.paidAt, { type: "date" })} />
      </div>
      <Field label={t("problems.incentiveNote")} errors={fields.note.errors} inputProps={getInputProps(fields.note, { type: "text" })} />
      {editing ? (
        <div className="space-y-2">
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input {...getInputProps(fields.cancelled, { type: "checkbox" })} className="size-5" />
            {t("problems.incentiveCancel")}
          </label>
          <Field label={t("problems.incentiveCancelReason")} errors={fields.cancelReason.errors} inputProps={getInputProps(fields.cancelReason, { type: "text" })} />
        </div>
      ) : null}
      <p className="text-xs text-gray-500">{t("problems.incentiveFairHint")}</p>
      <button type="submit" className="btn-primary min-h-11 px-6" disabled={busy}>
        {busy ? t("common.saving") : t("common.save")}
      </button>
    </fetcher.Form>
  );
}

// The project page's 到位资金 tab: the cumulative total, 资金到位率 against the contract amount,
// the split by source, a month-by-month bar chart drawn as inline SVG (no chart library on
// this page, DESIGN §8) with the same numbers as a table, the entries, and the entry form.
// Forms post to /projects/:id/funds.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Link, useFetcher } from "@remix-run/react";
import { FUNDS_SOURCES, fundsSourceLabelKey, type FundsMonth, type FundsSource } from "#app/domain/contract-performance";
import { formatWanNumber } from "#app/domain/money";
import { t } from "#app/i18n";
import { FundsSchema } from "#app/schemas/landing";
import { dayText, FormMessage, percentText, TextAreaField, wanText, type LandingAnswer } from "./landing-form-bits";
import { ConfirmDialog } from "./ui/confirm-dialog";
import { Field } from "./ui/field";
import { SelectField } from "./ui/select-field";

export function fundsAction(projectId: string) {
  return `/projects/${projectId}/funds`;
}

type FundsSummaryIn = {
  entries: { id: string; receivedAt: Date; amountWan: number; source: FundsSource; note: string | null; version: number }[];
  totalWan: number;
  contractAmountWan: number | null;
  rate: number | null;
  bySource: Record<FundsSource, number>;
  months: FundsMonth[];
};

/** The months the chart shows: the last 24 at most, so a phone still reads it. */
const CHART_MONTHS = 24;

/** The tab's data, in words (called by the page's loader). */
export function fundsPanelData(summary: FundsSummaryIn, opts: { projectId: string; canWrite: boolean; today: string; editId: string | null }) {
  const months = summary.months.slice(-CHART_MONTHS);
  return {
    projectId: opts.projectId,
    canWrite: opts.canWrite,
    today: opts.today,
    editId: summary.entries.some((e) => e.id === opts.editId) ? opts.editId : null,
    total: wanText(summary.totalWan),
    contractAmount: summary.contractAmountWan === null ? null : wanText(summary.contractAmountWan),
    rate: percentText(summary.rate),
    /** 0–100 for the progress bar (a rate above 100 % fills it). */
    ratePercent: summary.rate === null ? null : Math.max(0, Math.min(100, summary.rate * 100)),
    bySource: FUNDS_SOURCES.filter((s) => summary.bySource[s] > 0).map((s) => ({ source: s, label: t(fundsSourceLabelKey(s)), amount: wanText(summary.bySource[s]) })),
    months: months.map((m) => ({ month: m.month, amountWan: m.amountWan, amount: formatWanNumber(m.amountWan), cumulative: formatWanNumber(m.cumulativeWan) })),
    monthsCut: summary.months.length > months.length,
    entries: [...summary.entries].reverse().map((e) => ({
      id: e.id,
      version: e.version,
      date: dayText(e.receivedAt),
      amount: wanText(e.amountWan),
      source: t(fundsSourceLabelKey(e.source)),
      note: e.note,
      form: { receivedAt: dayText(e.receivedAt), amountWan: e.amountWan.toString(), source: e.source, note: e.note ?? "" },
    })),
  };
}

export type FundsPanelData = ReturnType<typeof fundsPanelData>;
type FundsEntryView = FundsPanelData["entries"][number];

/** Bars of the monthly amounts, 万元; the table below carries the same numbers for screen readers. */
function MonthlyChart({ months }: { months: FundsPanelData["months"] }) {
  const max = Math.max(...months.map((m) => m.amountWan), 0);
  if (max <= 0) return null;
  const barWidth = 24;
  const gap = 8;
  const height = 140;
  const top = 16;
  const bottom = 28;
  const width = months.length * (barWidth + gap) + gap;
  return (
    <div className="overflow-x-auto">
      <svg
        role="img"
        aria-label={t("landingPages.fundsChartLabel")}
        viewBox={`0 0 ${width} ${height + top + bottom}`}
        className="h-48 max-w-full"
        style={{ minWidth: Math.min(width, 320) }}
        data-testid="funds-chart"
      >
        <line x1={0} x2={width} y1={top + height} y2={top + height} className="stroke-gray-300" strokeWidth={1} />
        {months.map((m, i) => {
          const h = Math.round((m.amountWan / max) * height);
          const x = gap + i * (barWidth + gap);
          return (
            <g key={m.month}>
              <title>{t("landingPages.fundsChartBar", { month: m.month, amount: m.amount })}</title>
              <rect x={x} y={top + height - h} width={barWidth} height={Math.max(h, m.amountWan > 0 ? 1 : 0)} rx={2} className="fill-red-700" />
              {months.length <= 12 || i === 0 || i === months.length - 1 || m.month.endsWith("-01") ? (
                <text x={x + barWidth / 2} y={top + height + 16} textAnchor="middle" className="fill-gray-500 text-[10px]">
                  {m.month.slice(2).replace("-", ".")}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function FundsForm({ projectId, today, editing }: { projectId: string; today: string; editing: FundsEntryView | null }) {
  const fetcher = useFetcher<LandingAnswer>();
  const busy = fetcher.state !== "idle";
  const [form, fields] = useForm({
    id: editing ? `funds-${editing.id}-${editing.version}` : `funds-new-${projectId}`,
    lastResult: fetcher.data?.result,
    defaultValue: editing ? editing.form : { receivedAt: today },
    constraint: getZodConstraint(FundsSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FundsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <fetcher.Form method="post" action={fundsAction(projectId)} className="card space-y-3" {...getFormProps(form)} data-testid="funds-form">
      <h3 className="font-medium">{editing ? t("landingPages.fundsEdit") : t("landingPages.fundsNew")}</h3>
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      {editing ? (
        <>
          <input type="hidden" name="id" value={editing.id} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      ) : null}
      <FormMessage messages={[fetcher.data?.conflict, ...(form.errors ?? [])]} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t("landingPages.fundsDate")} errors={fields.receivedAt.errors} inputProps={{ ...getInputProps(fields.receivedAt, { type: "date" }), max: today }} />
        <Field
          label={t("landingPages.fundsAmount")}
          errors={fields.amountWan.errors}
          inputProps={{ ...getInputProps(fields.amountWan, { type: "number" }), step: "any", min: 0, inputMode: "decimal" }}
        />
        <SelectField
          label={t("landingPages.fundsSource")}
          options={FUNDS_SOURCES.map((s) => ({ value: s, label: t(fundsSourceLabelKey(s)) }))}
          placeholder={t("projects.choose")}
          errors={fields.source.errors}
          selectProps={getSelectProps(fields.source)}
        />
      </div>
      <TextAreaField label={t("landingPages.note")} errors={fields.note.errors} textareaProps={getTextareaProps(fields.note)} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary min-h-11 grow px-6 sm:grow-0" disabled={busy}>
          {busy ? t("common.saving") : t("landingPages.fundsSave")}
        </button>
        {editing ? (
          <Link to={`/projects/${projectId}?tab=funds`} className="btn-secondary min-h-11" preventScrollReset>
            {t("common.cancel")}
          </Link>
        ) : null}
      </div>
    </fetcher.Form>
  );
}

export function FundsPanel({ data }: { data: FundsPanelData }) {
  const editing = data.entries.find((e) => e.id === data.editId) ?? null;
  return (
    <div className="space-y-4" data-testid="funds-panel">
      <section className="card space-y-3" aria-labelledby="funds-summary-title">
        <h2 id="funds-summary-title" className="font-medium">
          {t("landingPages.fundsSummaryTitle")}
        </h2>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <div>
            <dt className="text-sm text-gray-500">{t("landingPages.fundsTotal")}</dt>
            <dd className="text-xl font-semibold" data-testid="funds-total">
              {data.total}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-gray-500">{t("landingPages.termsAmount")}</dt>
            <dd className="text-xl font-semibold">{data.contractAmount ?? t("landingPages.fundsNoContract")}</dd>
          </div>
          <div>
            <dt className="text-sm text-gray-500">{t("landingPages.fundsRate")}</dt>
            <dd className="text-xl font-semibold" data-testid="funds-rate">
              {data.rate}
            </dd>
          </div>
        </dl>
        {data.ratePercent !== null ? (
          <div className="h-2.5 overflow-hidden rounded-full bg-gray-100" role="presentation">
            <div className="h-full rounded-full bg-red-700" style={{ width: `${data.ratePercent}%` }} />
          </div>
        ) : null}
        {data.bySource.length ? (
          <ul className="flex flex-wrap gap-2 text-sm" aria-label={t("landingPages.fundsBySource")}>
            {data.bySource.map((s) => (
              <li key={s.source} className="rounded-full border border-gray-200 px-2.5 py-0.5">
                {s.label} <span className="font-medium">{s.amount}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      {data.months.length ? (
        <section className="card space-y-2" aria-labelledby="funds-months-title">
          <h2 id="funds-months-title" className="font-medium">
            {t("landingPages.fundsMonthlyTitle")}
          </h2>
          <MonthlyChart months={data.months} />
          <details>
            <summary className="cursor-pointer text-sm text-blue-700">{t("landingPages.fundsMonthlyTable")}</summary>
            <div className="mt-2 overflow-x-auto">
              <table className="data-table" data-testid="funds-months">
                <thead>
                  <tr>
                    <th scope="col">{t("landingPages.fundsMonth")}</th>
                    <th scope="col">{t("landingPages.fundsMonthAmount")}</th>
                    <th scope="col">{t("landingPages.fundsCumulative")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100">
                  {data.months.map((m) => (
                    <tr key={m.month}>
                      <th scope="row" className="font-normal">
                        {m.month}
                      </th>
                      <td>{m.amount}</td>
                      <td>{m.cumulative}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {data.monthsCut ? <p className="mt-1 text-xs text-gray-500">{t("landingPages.fundsMonthsCut", { months: CHART_MONTHS })}</p> : null}
          </details>
        </section>
      ) : null}

      <section aria-labelledby="funds-entries-title" className="space-y-2">
        <h2 id="funds-entries-title" className="font-medium">
          {t("landingPages.fundsEntriesTitle")}
        </h2>
        {data.entries.length === 0 ? <p className="card text-sm text-gray-500">{t("landingPages.fundsEmpty")}</p> : null}
        <ul className="space-y-2">
          {data.entries.map((e) => (
            <li key={e.id} className="card flex flex-wrap items-center gap-x-4 gap-y-2" data-testid="funds-entry">
              <span className="text-sm">{e.date}</span>
              <span className="font-medium">{e.amount}</span>
              <span className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-700">{e.source}</span>
              {e.note ? <span className="basis-full text-sm break-words text-gray-700 sm:basis-auto">{e.note}</span> : null}
              {data.canWrite ? (
                <span className="ml-auto flex gap-2">
                  <Link to={`/projects/${data.projectId}?tab=funds&edit=${e.id}#funds-form`} className="btn-secondary min-h-10" preventScrollReset>
                    {t("common.edit")}
                  </Link>
                  <ConfirmDialog
                    label={t("common.delete")}
                    title={t("landingPages.fundsDeleteTitle")}
                    message={t("landingPages.fundsDeleteConfirm", { date: e.date, amount: e.amount })}
                    intent="deleteFunds"
                    action={fundsAction(data.projectId)}
                    tone="danger"
                  >
                    <input type="hidden" name="id" value={e.id} />
                    <input type="hidden" name="version" value={e.version} />
                  </ConfirmDialog>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {data.canWrite ? (
        <div id="funds-form" className="scroll-mt-4">
          <FundsForm key={editing ? `${editing.id}-${editing.version}` : `new-${data.entries.length}`} projectId={data.projectId} today={data.today} editing={editing} />
        </div>
      ) : null}
    </div>
  );
}

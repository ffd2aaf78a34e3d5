// The project page's 签约与履约 tab: contract performance (promised vs achieved, flagged when
// behind, DESIGN §7.3), the terms in force, each contract with its obligations, and the
// phone-friendly form that records or corrects one. Forms post to /projects/:id/contracts.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Link, useFetcher } from "@remix-run/react";
import { CONTRACT_TYPES, type ContractPerformance, type ContractType, type TermsInForce } from "#app/domain/contract-performance";
import { contractTypeLabelKey } from "#app/domain/projects";
import { t, type MessageKey } from "#app/i18n";
import { ContractSchema } from "#app/schemas/landing";
import { dayText, FormMessage, percentText, TextAreaField, wanText, withUnit, type LandingAnswer } from "./landing-form-bits";
import { ConfirmDialog } from "./ui/confirm-dialog";
import { Field } from "./ui/field";
import { SelectField } from "./ui/select-field";

export function contractsAction(projectId: string) {
  return `/projects/${projectId}/contracts`;
}

type ContractRowIn = {
  id: string;
  type: ContractType;
  signedAt: Date;
  title: string | null;
  amountWan: number | null;
  landMu: number | null;
  investmentIntensityWanPerMu: number | null;
  taxPerMuWan: number | null;
  capacityDeadline: Date | null;
  promisedJobs: number | null;
  note: string | null;
  version: number;
};

type Tone = "ok" | "behind" | "pending" | "none";
const TONE_OF: Record<string, Tone> = { MET: "ok", BEHIND: "behind", LATE: "behind", PENDING: "pending", UNKNOWN: "none" };
const TONE_STYLE: Record<Tone, string> = {
  ok: "bg-green-50 text-green-800",
  behind: "bg-red-50 text-red-800",
  pending: "bg-blue-50 text-blue-800",
  none: "bg-gray-100 text-gray-600",
};

function statusLabel(status: string): string {
  return t(`landing.performanceStatus_${status}` as MessageKey);
}

/** The tab's data, in words, from the models' rows (called by the page's loader). */
export function contractsPanelData(
  rows: ContractRowIn[],
  perf: { terms: TermsInForce; performance: ContractPerformance; achieved: { investedWan: number | null; landMu: number | null } },
  opts: { projectId: string; canWrite: boolean; today: string; editId: string | null; contractAmount: number | null },
) {
  const { terms, performance: p } = perf;
  const metric = (key: string, label: string, m: { promised: number | null; achieved: number | null; status: string }, unit: string, achievedNote?: string) => ({
    key,
    label,
    promised: withUnit(m.promised, unit),
    achieved: m.achieved === null ? (achievedNote ?? t("landingPages.perfNotRecorded")) : withUnit(m.achieved, unit),
    status: m.promised === null ? t("landingPages.perfNoPromise") : m.achieved === null ? t("landingPages.perfNoData") : statusLabel(m.status),
    tone: m.promised === null ? ("none" as Tone) : (TONE_OF[m.status] ?? "none"),
  });
  const capacity = p.capacity;
  const performance = [
    metric("intensity", t("landingPages.perfIntensity"), p.investmentIntensity, t("landingPages.unitWanPerMu")),
    metric("taxPerMu", t("landingPages.perfTaxPerMu"), p.taxPerMu, t("landingPages.unitWanPerMu")),
    metric("jobs", t("landingPages.perfJobs"), p.jobs, t("landingPages.unitPeople")),
    {
      key: "capacity",
      label: t("landingPages.perfCapacity"),
      promised: dayText(capacity.promised) || t("projects.none"),
      achieved: capacity.achieved ? dayText(capacity.achieved) : t("landingPages.perfNotReached"),
      status:
        capacity.promised === null
          ? t("landingPages.perfNoPromise")
          : statusLabel(capacity.status) + (capacity.daysLate > 0 ? t("landingPages.perfDaysLate", { days: capacity.daysLate }) : ""),
      tone: capacity.promised === null ? ("none" as Tone) : (TONE_OF[capacity.status] ?? "none"),
    },
  ];
  return {
    projectId: opts.projectId,
    canWrite: opts.canWrite,
    today: opts.today,
    editId: rows.some((r) => r.id === opts.editId) ? opts.editId : null,
    behind: p.behind,
    flags: p.flags.map((f) => t(f.message)),
    performance,
    basis: t("landingPages.perfBasis", {
      invested: wanText(perf.achieved.investedWan),
      land: withUnit(perf.achieved.landMu ?? terms.landMu, t("landingPages.unitMu")),
    }),
    terms: {
      amount: wanText(terms.amountWan),
      fundsRate: percentText(p.fundsInPlaceRate),
      formal: terms.hasFormalContract,
      landMu: withUnit(terms.landMu, t("landingPages.unitMu")),
    },
    contracts: rows.map((r) => ({
      id: r.id,
      version: r.version,
      type: r.type,
      typeLabel: t(contractTypeLabelKey(r.type)),
      signedAt: dayText(r.signedAt),
      title: r.title,
      amount: r.amountWan === null ? null : wanText(r.amountWan),
      obligations: [
        [t("landingPages.contractLandMu"), withUnit(r.landMu, t("landingPages.unitMu"))],
        [t("landingPages.contractIntensity"), withUnit(r.investmentIntensityWanPerMu, t("landingPages.unitWanPerMu"))],
        [t("landingPages.contractTaxPerMu"), withUnit(r.taxPerMuWan, t("landingPages.unitWanPerMu"))],
        [t("landingPages.contractCapacityDeadline"), dayText(r.capacityDeadline) || t("projects.none")],
        [t("landingPages.contractJobs"), withUnit(r.promisedJobs, t("landingPages.unitPeople"))],
      ].filter(([, v]) => v !== t("projects.none")) as [string, string][],
      note: r.note,
      form: {
        type: r.type,
        signedAt: dayText(r.signedAt),
        title: r.title ?? "",
        amountWan: r.amountWan?.toString() ?? "",
        landMu: r.landMu?.toString() ?? "",
        investmentIntensityWanPerMu: r.investmentIntensityWanPerMu?.toString() ?? "",
        taxPerMuWan: r.taxPerMuWan?.toString() ?? "",
        capacityDeadline: dayText(r.capacityDeadline),
        promisedJobs: r.promisedJobs?.toString() ?? "",
        note: r.note ?? "",
      },
    })),
  };
}

export type ContractsPanelData = ReturnType<typeof contractsPanelData>;
type ContractView = ContractsPanelData["contracts"][number];

function ContractForm({ projectId, today, editing }: { projectId: string; today: string; editing: ContractView | null }) {
  const fetcher = useFetcher<LandingAnswer>();
  const busy = fetcher.state !== "idle";
  const [form, fields] = useForm({
    id: editing ? `contract-${editing.id}-${editing.version}` : `contract-new-${projectId}`,
    lastResult: fetcher.data?.result,
    defaultValue: editing ? editing.form : { signedAt: today },
    constraint: getZodConstraint(ContractSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContractSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const number = (field: (typeof fields)["amountWan"], step = "any") => ({ ...getInputProps(field, { type: "number" }), step, min: 0, inputMode: "decimal" as const });
  return (
    <fetcher.Form method="post" action={contractsAction(projectId)} className="card space-y-3" {...getFormProps(form)} data-testid="contract-form">
      <h3 className="font-medium">{editing ? t("landingPages.contractEdit") : t("landingPages.contractNew")}</h3>
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      {editing ? (
        <>
          <input type="hidden" name="id" value={editing.id} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      ) : null}
      <FormMessage messages={[fetcher.data?.conflict, ...(form.errors ?? [])]} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label={t("pipeline.field_contractType")}
          options={CONTRACT_TYPES.map((c) => ({ value: c, label: t(contractTypeLabelKey(c)) }))}
          placeholder={t("projects.choose")}
          errors={fields.type.errors}
          selectProps={getSelectProps(fields.type)}
        />
        <Field label={t("landingPages.contractSignedAt")} errors={fields.signedAt.errors} inputProps={{ ...getInputProps(fields.signedAt, { type: "date" }), max: today }} />
        <Field label={t("landingPages.contractTitle")} errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: "text" })} />
        <Field label={t("landingPages.contractAmount")} hint={t("landingPages.contractAmountHint")} errors={fields.amountWan.errors} inputProps={number(fields.amountWan)} />
        <Field label={t("landingPages.contractLandMuInput")} errors={fields.landMu.errors} inputProps={number(fields.landMu)} />
        <Field label={t("landingPages.contractIntensityInput")} errors={fields.investmentIntensityWanPerMu.errors} inputProps={number(fields.investmentIntensityWanPerMu)} />
        <Field label={t("landingPages.contractTaxPerMuInput")} errors={fields.taxPerMuWan.errors} inputProps={number(fields.taxPerMuWan)} />
        <Field label={t("landingPages.contractCapacityDeadline")} errors={fields.capacityDeadline.errors} inputProps={getInputProps(fields.capacityDeadline, { type: "date" })} />
        <Field label={t("landingPages.contractJobsInput")} errors={fields.promisedJobs.errors} inputProps={{ ...number(fields.promisedJobs, "1"), inputMode: "numeric" }} />
      </div>
      <TextAreaField label={t("landingPages.note")} errors={fields.note.errors} textareaProps={getTextareaProps(fields.note)} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary min-h-11 grow px-6 sm:grow-0" disabled={busy}>
          {busy ? t("common.saving") : t("landingPages.contractSave")}
        </button>
        {editing ? (
          <Link to={`/projects/${projectId}?tab=contracts`} className="btn-secondary min-h-11" preventScrollReset>
            {t("common.cancel")}
          </Link>
        ) : null}
      </div>
    </fetcher.Form>
  );
}

export function ContractsPanel({ data }: { data: ContractsPanelData }) {
  const editing = data.contracts.find((c) => c.id === data.editId) ?? null;
  return (
    <div className="space-y-4" data-testid="contracts-panel">
      <section className="card space-y-3" aria-labelledby="perf-title">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="perf-title" className="font-medium">
            {t("landingPages.perfTitle")}
          </h2>
          <p className="text-sm text-gray-600">
            {t("landingPages.termsAmount")}：<span className="font-medium text-gray-900">{data.terms.amount}</span>
            <span className="mx-2 text-gray-300">|</span>
            {t("landingPages.fundsRate")}：
            <span className="font-medium text-gray-900" data-testid="contracts-funds-rate">
              {data.terms.fundsRate}
            </span>
          </p>
        </div>
        {data.flags.length ? (
          <ul className="space-y-1 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="performance-flags">
            {data.flags.map((flag) => (
              <li key={flag} className="flex items-start gap-2">
                <span className="mt-1.5 inline-block size-2 shrink-0 rounded-full bg-red-600" aria-hidden="true" />
                {flag}
              </li>
            ))}
          </ul>
        ) : null}
        {data.contracts.length && !data.terms.formal ? <p className="text-sm text-amber-800">{t("landingPages.noFormalContract")}</p> : null}
        <div className="-mx-4 overflow-x-auto sm:mx-0">
          <table className="data-table" data-testid="performance">
            <thead>
              <tr>
                <th scope="col">{t("landingPages.perfMetric")}</th>
                <th scope="col">{t("landingPages.perfPromised")}</th>
                <th scope="col">{t("landingPages.perfAchieved")}</th>
                <th scope="col">{t("landingPages.perfStatus")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {data.performance.map((row) => (
                <tr key={row.key} data-metric={row.key} data-tone={row.tone}>
                  <th scope="row" className="font-normal">
                    {row.label}
                  </th>
                  <td>{row.promised}</td>
                  <td>{row.achieved}</td>
                  <td>
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${TONE_STYLE[row.tone]}`}>{row.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-xs text-gray-500">{data.basis}</p>
      </section>

      <section aria-labelledby="contracts-title" className="space-y-3">
        <h2 id="contracts-title" className="font-medium">
          {t("landingPages.contractsTitle")}
        </h2>
        {data.contracts.length === 0 ? <p className="card text-sm text-gray-500">{t("landingPages.contractsEmpty")}</p> : null}
        {data.contracts.map((c) => (
          <article key={c.id} className="card space-y-2" data-testid="contract">
            <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <span className="rounded bg-red-50 px-1.5 py-0.5 text-sm font-medium text-red-800">{c.typeLabel}</span>
              <span className="text-sm">{c.signedAt}</span>
              {c.title ? <span className="font-medium break-words">{c.title}</span> : null}
              {c.amount ? <span className="ml-auto font-medium">{c.amount}</span> : null}
            </header>
            {c.obligations.length ? (
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
                {c.obligations.map(([label, value]) => (
                  <div key={label} className="contents">
                    <dt className="text-gray-500">{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {c.note ? <p className="text-sm break-words whitespace-pre-line text-gray-700">{c.note}</p> : null}
            {data.canWrite ? (
              <div className="flex flex-wrap gap-2">
                <Link to={`/projects/${data.projectId}?tab=contracts&edit=${c.id}#contract-form`} className="btn-secondary min-h-10" preventScrollReset>
                  {t("common.edit")}
                </Link>
                <ConfirmDialog
                  label={t("common.delete")}
                  title={t("landingPages.contractDeleteTitle")}
                  message={t("landingPages.contractDeleteConfirm", { type: c.typeLabel, date: c.signedAt })}
                  intent="deleteContract"
                  action={contractsAction(data.projectId)}
                  tone="danger"
                >
                  <input type="hidden" name="id" value={c.id} />
                  <input type="hidden" name="version" value={c.version} />
                </ConfirmDialog>
              </div>
            ) : null}
          </article>
        ))}
      </section>

      {data.canWrite ? (
        <div id="contract-form" className="scroll-mt-4">
          <ContractForm key={editing ? `${editing.id}-${editing.version}` : `new-${data.contracts.length}`} projectId={data.projectId} today={data.today} editing={editing} />
        </div>
      ) : null}
    </div>
  );
}

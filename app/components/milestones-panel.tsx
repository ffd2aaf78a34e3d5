// The project page's 落地节点 tab: the six landing milestones (注册落地 … 达产), each planned and
// actual, overdue ones marked, with a form per milestone (the local company's 统一社会信用代码
// on 注册落地). Recording an actual 开工 date is the project's 开工日期 and moves it to 在建 when
// the ladder allows (app/models/milestone.server.ts). Forms post to /projects/:id/milestones.
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { useFetcher } from "@remix-run/react";
import { milestoneLabelKey, type MilestoneKind } from "#app/domain/contract-performance";
import { milestoneStatus, type MilestoneStatus } from "#app/domain/landing-truth";
import { t } from "#app/i18n";
import { MilestoneSchema } from "#app/schemas/landing";
import { dayText, FormMessage, TextAreaField, type LandingAnswer } from "./landing-form-bits";
import { Field } from "./ui/field";

export function milestonesAction(projectId: string) {
  return `/projects/${projectId}/milestones`;
}

type MilestoneRowIn = {
  kind: MilestoneKind;
  plannedAt: Date | null;
  actualAt: Date | null;
  localCompanyUscc: string | null;
  localCompanyName: string | null;
  note: string | null;
  version: number | null;
};

const STATUS_STYLE: Record<MilestoneStatus, string> = {
  DONE: "bg-green-50 text-green-800",
  OVERDUE: "bg-red-50 text-red-800",
  PLANNED: "bg-blue-50 text-blue-800",
  NONE: "bg-gray-100 text-gray-600",
};
const DOT_STYLE: Record<MilestoneStatus, string> = { DONE: "bg-green-600", OVERDUE: "bg-red-600", PLANNED: "bg-blue-500", NONE: "bg-gray-300" };

/** The tab's data, in words (called by the page's loader). */
export function milestonesPanelData(rows: MilestoneRowIn[], opts: { projectId: string; canWrite: boolean; today: string; now: Date; stageGap: string | null }) {
  return {
    projectId: opts.projectId,
    canWrite: opts.canWrite,
    today: opts.today,
    stageGap: opts.stageGap,
    milestones: rows.map((m) => {
      const status = milestoneStatus(m.plannedAt, m.actualAt, opts.now);
      return {
        kind: m.kind,
        label: t(milestoneLabelKey(m.kind)),
        version: m.version,
        planned: dayText(m.plannedAt),
        actual: dayText(m.actualAt),
        status,
        statusLabel: t(`landingPages.milestoneStatus_${status}`),
        localCompany: m.kind === "REGISTERED" ? [m.localCompanyName, m.localCompanyUscc].filter(Boolean).join(" · ") : "",
        note: m.note,
        form: {
          plannedAt: dayText(m.plannedAt),
          actualAt: dayText(m.actualAt),
          localCompanyUscc: m.localCompanyUscc ?? "",
          localCompanyName: m.localCompanyName ?? "",
          note: m.note ?? "",
        },
      };
    }),
  };
}

export type MilestonesPanelData = ReturnType<typeof milestonesPanelData>;
type MilestoneView = MilestonesPanelData["milestones"][number];

function MilestoneForm({ projectId, today, milestone }: { projectId: string; today: string; milestone: MilestoneView }) {
  const fetcher = useFetcher<LandingAnswer>();
  const busy = fetcher.state !== "idle";
  const [form, fields] = useForm({
    id: `milestone-${milestone.kind}-${milestone.version ?? 0}`,
    lastResult: fetcher.data?.result,
    defaultValue: milestone.form,
    constraint: getZodConstraint(MilestoneSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MilestoneSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <fetcher.Form method="post" action={milestonesAction(projectId)} className="space-y-3 pt-3" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="kind" value={milestone.kind} />
      {milestone.version ? <input type="hidden" name="version" value={milestone.version} /> : null}
      <FormMessage messages={[fetcher.data?.conflict, ...(form.errors ?? [])]} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("landingPages.milestonePlanned")} errors={fields.plannedAt.errors} inputProps={getInputProps(fields.plannedAt, { type: "date" })} />
        <Field
          label={t("landingPages.milestoneActual")}
          errors={fields.actualAt.errors}
          inputProps={{ ...getInputProps(fields.actualAt, { type: "date" }), max: today }}
        />
        {milestone.kind === "REGISTERED" ? (
          <>
            <Field label={t("landingPages.localCompanyName")} errors={fields.localCompanyName.errors} inputProps={getInputProps(fields.localCompanyName, { type: "text" })} />
            <Field
              label={t("landingPages.localCompanyUscc")}
              hint={t("landingPages.localCompanyUsccHint")}
              errors={fields.localCompanyUscc.errors}
              inputProps={{ ...getInputProps(fields.localCompanyUscc, { type: "text" }), autoCapitalize: "characters", spellCheck: false }}
            />
          </>
        ) : null}
      </div>
      <TextAreaField label={t("landingPages.note")} errors={fields.note.errors} textareaProps={getTextareaProps(fields.note)} />
      <button type="submit" className="btn-primary min-h-11 w-full sm:w-auto sm:px-6" disabled={busy}>
        {busy ? t("common.saving") : t("landingPages.milestoneSave", { milestone: milestone.label })}
      </button>
    </fetcher.Form>
  );
}

export function MilestonesPanel({ data }: { data: MilestonesPanelData }) {
  return (
    <div className="space-y-3" data-testid="milestones-panel">
      {data.stageGap ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          {data.stageGap}
        </p>
      ) : null}
      <p className="text-sm text-gray-600">{t("landingPages.milestonesHint")}</p>
      <ol className="space-y-3">
        {data.milestones.map((m) => (
          <li key={m.kind} className="card" data-testid="milestone" data-kind={m.kind} data-status={m.status}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className={`inline-block size-2.5 rounded-full ${DOT_STYLE[m.status]}`} aria-hidden="true" />
              <h3 className="font-medium">{m.label}</h3>
              <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[m.status]}`}>{m.statusLabel}</span>
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
              <dt className="text-gray-500">{t("landingPages.milestonePlanned")}</dt>
              <dd>{m.planned || t("projects.none")}</dd>
              <dt className="text-gray-500">{t("landingPages.milestoneActual")}</dt>
              <dd data-testid="milestone-actual">{m.actual || t("projects.none")}</dd>
              {m.localCompany ? (
                <>
                  <dt className="text-gray-500">{t("landingPages.localCompany")}</dt>
                  <dd className="break-all sm:col-span-3">{m.localCompany}</dd>
                </>
              ) : null}
            </dl>
            {m.note ? <p className="mt-1 text-sm break-words whitespace-pre-line text-gray-700">{m.note}</p> : null}
            {data.canWrite ? (
              <details className="mt-2 border-t border-gray-100 pt-2">
                <summary className="flex min-h-10 cursor-pointer items-center text-sm text-blue-700">{t("landingPages.milestoneRecord", { milestone: m.label })}</summary>
                <MilestoneForm key={`${m.kind}-${m.version ?? 0}`} projectId={data.projectId} today={data.today} milestone={m} />
              </details>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

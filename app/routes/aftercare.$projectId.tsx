// 安商稳商 for one landed firm /aftercare/:projectId: the visit clock, the red flags in force, the
// visit form (date, visitors, findings, red flags, expansion lead) and the visits, each lead
// with "转为新项目" (a new project of the same company, once) and deletion with confirmation.
import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { Field } from "#app/components/ui/field";
import { WarningDot } from "#app/components/warning-dot";
import { RED_FLAGS, redFlagLabelKey, redFlagLevel, type RedFlag } from "#app/domain/aftercare";
import { formatWan } from "#app/domain/money";
import { stageLabelKey } from "#app/domain/stages";
import { warningLabelKey } from "#app/domain/warnings";
import { shanghaiDay } from "#app/domain/workdays";
import { t, type MessageKey } from "#app/i18n";
import { convertExpansionLead, createAftercareVisit, deleteAftercareVisit, getAftercareForUser } from "#app/models/aftercare.server";
import { AftercareVisitSchema } from "#app/schemas/alerts";
import { requireUser } from "#app/utils/auth.server";
import { now } from "#app/utils/clock";
import { hasPermission } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.project.companyName ?? ""} ${t("alerts.aftercareTitle")} - ${t("common.appName")}` }];

const NOTICES = {
  visitSaved: "alerts.noticeVisitSaved",
  visitDeleted: "alerts.noticeVisitDeleted",
  expanded: "alerts.noticeExpanded",
} as const satisfies Record<string, MessageKey>;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const { project, visits, clock, current, inAftercare } = await getAftercareForUser(user, params.projectId ?? "");
  const search = new URL(request.url).searchParams;
  const notice = search.get("notice") ?? "";
  return json({
    project: {
      id: project.id,
      code: project.code,
      name: project.name,
      companyId: project.companyId,
      companyName: project.company.name,
      regionName: project.region.name,
      stageLabel: t(stageLabelKey(project.stage)),
      isKey: project.isKey,
      officer: project.officer?.displayName ?? null,
      leader: project.leadLeader ? `${project.leadLeader.displayName}${project.leadLeader.title ? `（${project.leadLeader.title}）` : ""}` : null,
    },
    clock,
    current: { flags: current.flags.map((f) => ({ flag: f, label: t(redFlagLabelKey(f)), red: redFlagLevel(f) === "RED" })), level: current.level },
    inAftercare,
    canWrite: hasPermission(user, "pipeline:write"),
    today: shanghaiDay(now()),
    notice: notice in NOTICES ? t(NOTICES[notice as keyof typeof NOTICES], { code: search.get("code") ?? "" }) : null,
    visits: visits.map((v) => ({
      id: v.id,
      version: v.version,
      visitedAt: shanghaiDay(v.visitedAt),
      participants: v.participants,
      summary: v.summary,
      flags: v.flagList.map((f) => ({ flag: f, label: t(redFlagLabelKey(f)), red: redFlagLevel(f) === "RED" })),
      expansionNote: v.expansionNote,
      expansionAmount: v.expansionAmountWan !== null ? formatWan(v.expansionAmountWan) : null,
      expansionProject: v.expansionProject,
      createdByName: v.createdByName,
    })),
  });
}

type ActionData =
  | { intent: "visit"; result: SubmissionResult<string[]> }
  | { intent: "expand" | "delete"; visitId: string; error: string; fields?: string[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const projectId = params.projectId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const meta = requestMeta(request);
  const visitId = String(formData.get("visitId") ?? "");
  const version = Number(formData.get("version"));
  const here = `/aftercare/${encodeURIComponent(projectId)}`;

  if (intent === "visit") {
    const submission = parseWithZod(formData, { schema: AftercareVisitSchema });
    if (submission.status !== "success") return json<ActionData>({ intent: "visit", result: submission.reply() }, { status: 400 });
    const outcome = await createAftercareVisit(user, projectId, submission.value, meta);
    if (!outcome.ok) return json<ActionData>({ intent: "visit", result: submission.reply({ fieldErrors: outcome.errors as Record<string, string[]> }) }, { status: 400 });
    return redirect(`${here}?notice=visitSaved`);
  }
  try {
    if (intent === "delete") {
      await deleteAftercareVisit(user, visitId, version, meta);
      return redirect(`${here}?notice=visitDeleted`);
    }
    if (intent === "expand") {
      const outcome = await convertExpansionLead(user, visitId, version, meta);
      if (outcome.ok) return redirect(`${here}?notice=expanded&code=${encodeURIComponent(outcome.code)}`);
      if (outcome.reason === "already") return redirect(here);
      if (outcome.reason === "noLead") return json<ActionData>({ intent, visitId, error: t("alerts.expansionNoLead") }, { status: 400 });
      const messages = Object.values(outcome.errors).flat().filter(Boolean) as string[];
      return json<ActionData>({ intent, visitId, error: t("alerts.expansionInvalid", { reasons: messages.join("；") }) }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof VersionConflict) return json<ActionData>({ intent: intent === "delete" ? "delete" : "expand", visitId, error: t("alerts.visitConflict") }, { status: 409 });
    throw error;
  }
  throw new Response(t("common.badRequestTitle"), { status: 400 });
}

function FlagBadges({ flags }: { flags: { flag: string; label: string; red: boolean }[] }) {
  return (
    <span className="flex flex-wrap gap-1">
      {flags.map((f) => (
        <span key={f.flag} className={`rounded px-1.5 py-0.5 text-xs ${f.red ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-800"}`} data-flag={f.flag}>
          {f.label}
        </span>
      ))}
    </span>
  );
}

function VisitForm({ lastResult, today }: { lastResult?: SubmissionResult<string[]>; today: string }) {
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "aftercare-visit",
    lastResult,
    defaultValue: { visitedAt: today, flags: [] },
    constraint: getZodConstraint(AftercareVisitSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AftercareVisitSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const formErrors = form.errors?.filter(Boolean) ?? [];
  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)} data-testid="visit-form">
      <h2 className="text-base font-semibold">{t("alerts.visitNew")}</h2>
      <input type="hidden" name="intent" value="visit" />
      {formErrors.length ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {formErrors.join("；")}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label={t("alerts.visitDate")} errors={fields.visitedAt.errors} inputProps={{ ...getInputProps(fields.visitedAt, { type: "date" }), max: today }} />
        <div className="sm:col-span-2">
          <Field label={t("alerts.visitors")} hint={t("alerts.visitorsHint")} errors={fields.participants.errors} inputProps={getInputProps(fields.participants, { type: "text" })} />
        </div>
      </div>
      <div>
        <label htmlFor={fields.summary.id} className="label">
          {t("alerts.findings")}
        </label>
        <textarea {...getTextareaProps(fields.summary)} rows={4} className="input" aria-invalid={fields.summary.errors?.length ? true : undefined} />
        {fields.summary.errors?.length ? (
          <p className="field-error" role="alert">
            {fields.summary.errors.join("；")}
          </p>
        ) : null}
      </div>
      <fieldset>
        <legend className="label">{t("alerts.redFlags")}</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {getCollectionProps(fields.flags, { type: "checkbox", options: [...RED_FLAGS] }).map((props) => (
            <label key={props.key} className="flex items-center gap-2 text-sm">
              <input {...props} key={props.key} />
              {t(redFlagLabelKey(props.value as RedFlag))}
            </label>
          ))}
        </div>
        {fields.flags.errors?.length ? (
          <p className="field-error" role="alert">
            {fields.flags.errors.join("；")}
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="sm:col-span-2">
          <Field label={t("alerts.expansionNote")} hint={t("alerts.expansionNoteHint")} errors={fields.expansionNote.errors} inputProps={getInputProps(fields.expansionNote, { type: "text" })} />
        </div>
        <Field label={t("alerts.expansionAmount")} errors={fields.expansionAmountWan.errors} inputProps={{ ...getInputProps(fields.expansionAmountWan, { type: "number" }), step: "any", min: 0, inputMode: "decimal" }} />
      </div>
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? t("common.saving") : t("alerts.visitSave")}
      </button>
    </Form>
  );
}

export default function AftercareFirmPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { key } = useLocation();
  const p = data.project;
  return (
    <div key={key} className="mx-auto max-w-5xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/aftercare" className="text-blue-700 hover:underline">
          {t("alerts.aftercareTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{p.companyName}</span>
      </nav>
      <div className="card space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold">{p.companyName}</h1>
          {p.isKey ? <span className="rounded bg-red-50 px-1.5 text-xs text-red-800">{t("alerts.keyFirm")}</span> : null}
        </div>
        <p className="text-sm text-gray-700">
          <Link to={`/projects/${p.id}`} className="text-blue-700 hover:underline">
            <span className="font-mono">{p.code}</span> {p.name}
          </Link>
          <span className="ml-2 text-gray-500">
            {p.regionName} · {p.stageLabel} · {t("alerts.aftercareOfficer")}：{p.officer ?? "—"} · {t("alerts.leadLeader")}：{p.leader ?? "—"}
          </span>
        </p>
        <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="visit-clock">
          <WarningDot level={data.clock.level} />
          {data.clock.cadenceDays === null
            ? t("alerts.visitNoCadence")
            : data.clock.overdue
              ? t("alerts.visitOverdue", { days: data.clock.daysSince, cadence: data.clock.cadenceDays })
              : t("alerts.visitDaysSince", { days: data.clock.daysSince, cadence: data.clock.cadenceDays })}
          <span className="text-gray-500">（{t(warningLabelKey(data.clock.level))}）</span>
        </p>
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="current-flags">
          <span className="text-gray-600">{t("alerts.currentRedFlags")}：</span>
          {data.current.flags.length ? <FlagBadges flags={data.current.flags} /> : <span className="text-gray-500">{t("alerts.noRedFlags")}</span>}
        </div>
      </div>

      {data.notice ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status">
          {data.notice}
        </p>
      ) : null}

      {data.canWrite && data.inAftercare ? <VisitForm lastResult={actionData?.intent === "visit" ? actionData.result : undefined} today={data.today} /> : null}
      {!data.inAftercare ? <p className="text-sm text-gray-600">{t("alerts.visitNotLanded")}</p> : null}

      <section className="space-y-3" aria-labelledby="visits-title">
        <h2 id="visits-title" className="text-base font-semibold">
          {t("alerts.visits")}
        </h2>
        {data.visits.length === 0 ? <p className="text-sm text-gray-500">{t("alerts.noVisits")}</p> : null}
        <ol className="space-y-3" data-testid="visit-list">
          {data.visits.map((v) => {
            const failure = actionData && actionData.intent !== "visit" && actionData.visitId === v.id ? actionData : undefined;
            return (
              <li key={v.id} className="card space-y-2" data-testid="visit">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{v.visitedAt}</span>
                  <span className="text-sm text-gray-600">{v.participants}</span>
                  {v.flags.length ? <FlagBadges flags={v.flags} /> : null}
                  {data.canWrite ? (
                    <span className="ml-auto">
                      <ConfirmDialog label={t("common.delete")} title={t("alerts.visitDeleteTitle")} message={t("alerts.visitDeleteConfirm", { date: v.visitedAt })} intent="delete" tone="danger">
                        <input type="hidden" name="visitId" value={v.id} />
                        <input type="hidden" name="version" value={v.version} />
                      </ConfirmDialog>
                    </span>
                  ) : null}
                </div>
                <p className="whitespace-pre-wrap text-sm">{v.summary}</p>
                {v.expansionNote ? (
                  <div className="flex flex-wrap items-center gap-2 rounded-md bg-blue-50 px-3 py-2 text-sm" data-testid="expansion-lead">
                    <span className="font-medium text-blue-900">{t("alerts.expansionLead")}：</span>
                    <span>{v.expansionNote}</span>
                    {v.expansionAmount ? <span className="text-gray-600">（{v.expansionAmount}）</span> : null}
                    <span className="ml-auto">
                      {v.expansionProject ? (
                        v.expansionProject.visible ? (
                          <Link to={`/projects/${v.expansionProject.id}`} className="text-blue-700 hover:underline" data-testid="expansion-project">
                            {t("alerts.expansionDone", { code: v.expansionProject.code })}
                          </Link>
                        ) : (
                          <span className="text-gray-600">{t("alerts.expansionDone", { code: v.expansionProject.code })}</span>
                        )
                      ) : data.canWrite ? (
                        <Form method="post">
                          <input type="hidden" name="visitId" value={v.id} />
                          <input type="hidden" name="version" value={v.version} />
                          <button type="submit" name="intent" value="expand" className="btn-primary">
                            {t("alerts.expansionConvert")}
                          </button>
                        </Form>
                      ) : null}
                    </span>
                  </div>
                ) : null}
                {failure ? (
                  <p className="field-error" role="alert">
                    {failure.error}
                  </p>
                ) : null}
                {v.createdByName ? <p className="text-xs text-gray-500">{t("alerts.visitRecordedBy", { name: v.createdByName })}</p> : null}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

// /problems/:id — one problem: its project summary (all that department staff see of the
// project), where it stands on the resolution clock, the thread of answers and moves, the moves
// the user may make now (each a form; 办结, 退回, 销号 and 退回重办 ask for confirmation), and the
// leaders' 批示 on it (a leader writes one here).
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { InstructionsPanel } from "#app/components/instructions-panel";
import { Badge, Notice, TextArea, useDoneNotice, workdaysLeftText } from "#app/components/problem-ui";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { WarningDot } from "#app/components/warning-dot";
import { isProblemStatus, problemStatusLabelKey, type ProblemAction } from "#app/domain/problem-status";
import { warningLabelKey } from "#app/domain/warnings";
import { t } from "#app/i18n";
import { listInstructionsForProblem } from "#app/models/instruction.server";
import { getMechanism } from "#app/models/mechanism.server";
import { getProblemForUser, isProblemAction, moveProblem, problemDepartmentOptions } from "#app/models/problem.server";
import { ProblemMoveSchema } from "#app/schemas/problem";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTimeShort } from "#app/utils/datetime";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.problem.code ?? ""} ${data?.problem.title ?? ""} - ${t("common.appName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const problem = await getProblemForUser(user, params.problemId ?? "");
  const assigning = problem.actions.includes("ASSIGN") || problem.actions.includes("REASSIGN");
  const [departments, instructions, config] = await Promise.all([
    assigning ? problemDepartmentOptions() : Promise.resolve(null),
    listInstructionsForProblem(user, { id: problem.id, projectId: problem.project.id, departmentId: problem.departmentId }),
    getMechanism(),
  ]);
  return json({ problem, departments, instructions, defaultLimitWorkdays: config.problemLimitWorkdays });
}

type ActionAnswer = { intent: string | null; errors: Record<string, string[] | null | undefined>; conflict: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.problemId ?? "";
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ProblemMoveSchema });
  if (submission.status !== "success") {
    // Keep the move the errors belong to, so its form shows them (and its dialog reopens).
    const intent = formData.get("intent");
    return json<ActionAnswer>({ intent: isProblemAction(intent) ? intent : null, errors: submission.error ?? {}, conflict: null }, { status: 400 });
  }
  const value = submission.value;
  try {
    const outcome = await moveProblem(
      user,
      id,
      value.intent,
      value.version ?? null,
      { text: value.text ?? null, departmentId: value.departmentId || null, assigneeId: value.assigneeId || null, limitWorkdays: value.limitWorkdays ?? null },
      requestMeta(request),
    );
    if (!outcome.ok) return json<ActionAnswer>({ intent: value.intent, errors: outcome.errors, conflict: null }, { status: 400 });
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    return json<ActionAnswer>({ intent: value.intent, errors: {}, conflict: t("problems.moveConflict") }, { status: 409 });
  }
  // A department that sends a problem back no longer holds it: back to its inbox.
  if (value.intent === "RETURN") throw redirect(`/problems?done=RETURN`);
  throw redirect(`/problems/${id}?done=${value.intent}`);
}

/** Moves that ask before they are made (and carry a required text). */
const CONFIRMED_MOVES: readonly ProblemAction[] = ["RESOLVE", "CLOSE", "REJECT_CLOSURE", "RETURN"];

const DONE: Record<ProblemAction, string> = {
  ASSIGN: t("problems.doneASSIGN"),
  REASSIGN: t("problems.doneREASSIGN"),
  RETURN: t("problems.doneRETURN"),
  RESPOND: t("problems.doneRESPOND"),
  RESOLVE: t("problems.doneRESOLVE"),
  CLOSE: t("problems.doneCLOSE"),
  REJECT_CLOSURE: t("problems.doneREJECT_CLOSURE"),
};

export default function ProblemPage() {
  const { problem: p, departments, instructions, defaultLimitWorkdays } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const notice = useDoneNotice(DONE);
  const errorsFor = (intent: ProblemAction) => (answer?.intent === intent ? answer.errors : {});
  const refused = answer?.intent ? answer.errors.action : null;
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/problems" className="text-blue-700 hover:underline">
          {t("problems.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span className="font-mono">{p.code}</span>
      </nav>
      {notice ? <Notice>{notice}</Notice> : null}
      {answer?.conflict ? <Notice tone="warning">{answer.conflict}</Notice> : null}
      {refused?.length ? <Notice tone="error">{refused.join("；")}</Notice> : null}

      <header className="card space-y-3">
        <div className="flex flex-wrap items-center gap-2 text-sm text-gray-600">
          <span className="font-mono" data-testid="problem-code">
            {p.code}
          </span>
          <Badge>{p.categoryLabel}</Badge>
          <Badge level={p.status === "CLOSED" ? "NONE" : p.overdue ? "RED" : p.status === "RESOLVED" ? "BLUE" : "YELLOW"} testId="problem-status">
            {p.statusLabel}
          </Badge>
        </div>
        <h1 className="text-xl font-semibold break-words sm:text-2xl">{p.title}</h1>
        {p.description ? <p className="text-sm break-words whitespace-pre-line text-gray-800">{p.description}</p> : null}
        {p.deadline ? (
          <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="problem-clock" data-level={p.level}>
            <WarningDot level={p.level} />
            <span>{t(warningLabelKey(p.level))}</span>
            <span>{t("problems.deadlineOn", { date: p.deadline })}</span>
            {p.limitWorkdays !== null ? <span className="text-gray-600">{t("problems.clockLine", { limit: p.limitWorkdays, used: p.usedWorkdays })}</span> : null}
            {p.daysLeft !== null ? <span className={p.overdue ? "font-medium text-red-700" : ""}>{workdaysLeftText(p.daysLeft)}</span> : null}
          </p>
        ) : null}
        <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-gray-500">{t("problems.fieldReported")}</dt>
          <dd>{t("problems.reportedLine", { region: p.reportingRegion, person: p.reportedBy ?? "—", date: p.reportedOn })}</dd>
          <dt className="text-gray-500">{t("problems.fieldDepartment")}</dt>
          <dd>{p.department ? `${p.department}${p.assignee ? ` · ${p.assignee}` : ""}` : t("problems.unassigned")}</dd>
          {p.resolvedOn ? (
            <>
              <dt className="text-gray-500">{t("problems.fieldResolved")}</dt>
              <dd>{p.resolvedOn}</dd>
            </>
          ) : null}
          {p.closedOn ? (
            <>
              <dt className="text-gray-500">{t("problems.fieldClosed")}</dt>
              <dd>{`${p.closedOn}${p.closedBy ? ` · ${p.closedBy}` : ""}`}</dd>
            </>
          ) : null}
        </dl>
      </header>

      <section className="card" aria-labelledby="project-summary-title" data-testid="project-summary">
        <h2 id="project-summary-title" className="mb-2 font-medium">
          {t("problems.projectSummary")}
        </h2>
        <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-gray-500">{t("problems.projectName")}</dt>
          <dd>
            {p.canOpenProject ? (
              <Link to={`/projects/${p.project.id}`} className="text-blue-700 hover:underline">
                {p.project.code} {p.project.name}
              </Link>
            ) : (
              `${p.project.code} ${p.project.name}`
            )}
          </dd>
          <dt className="text-gray-500">{t("problems.projectCompany")}</dt>
          <dd>{p.project.companyName}</dd>
          <dt className="text-gray-500">{t("problems.projectRegion")}</dt>
          <dd>{p.project.regionName}</dd>
          <dt className="text-gray-500">{t("problems.projectStage")}</dt>
          <dd>{p.project.stageLabel}</dd>
        </dl>
      </section>

      <InstructionsPanel data={instructions} showProblemLinks={false} />

      {p.actions.length ? (
        <section className="card space-y-4" aria-labelledby="moves-title" data-testid="problem-actions">
          <h2 id="moves-title" className="font-medium">
            {t("problems.movesTitle")}
          </h2>
          {p.actions.includes("ASSIGN") && departments ? (
            <AssignForm intent="ASSIGN" version={p.version} departments={departments} defaultLimit={defaultLimitWorkdays} errors={errorsFor("ASSIGN")} />
          ) : null}
          {p.actions.includes("REASSIGN") && departments ? (
            <details open={answer?.intent === "REASSIGN"}>
              <summary className="btn-secondary min-h-10 cursor-pointer list-none">{t("landing.problemAction_REASSIGN")}</summary>
              <AssignForm intent="REASSIGN" version={p.version} departments={departments.filter((d) => d.id !== p.departmentId)} defaultLimit={null} errors={errorsFor("REASSIGN")} />
            </details>
          ) : null}
          {CONFIRMED_MOVES.some((m) => p.actions.includes(m)) ? (
            <div className="flex flex-wrap gap-2">
              {p.actions.includes("RESOLVE") ? (
                <ConfirmDialog label={t("landing.problemAction_RESOLVE")} title={t("problems.resolveTitle")} message={t("problems.resolveConfirm", { title: p.title })} intent="RESOLVE" reopen={answer?.intent === "RESOLVE"}>
                  <input type="hidden" name="version" value={p.version} />
                  <TextArea label={t("problems.resolveText")} name="text" required errors={errorsFor("RESOLVE").text} />
                </ConfirmDialog>
              ) : null}
              {p.actions.includes("CLOSE") ? (
                <ConfirmDialog
                  label={t("landing.problemAction_CLOSE")}
                  title={t("problems.closeTitle")}
                  message={t("problems.closeConfirm", { title: p.title })}
                  intent="CLOSE"
                  confirmLabel={t("problems.closeSubmit")}
                  reopen={answer?.intent === "CLOSE"}
                >
                  <input type="hidden" name="version" value={p.version} />
                  <TextArea label={t("problems.closeText")} name="text" required errors={errorsFor("CLOSE").text} />
                </ConfirmDialog>
              ) : null}
              {p.actions.includes("REJECT_CLOSURE") ? (
                <ConfirmDialog
                  label={t("landing.problemAction_REJECT_CLOSURE")}
                  title={t("problems.rejectTitle")}
                  message={t("problems.rejectConfirm", { title: p.title })}
                  intent="REJECT_CLOSURE"
                  tone="danger"
                  reopen={answer?.intent === "REJECT_CLOSURE"}
                >
                  <input type="hidden" name="version" value={p.version} />
                  <TextArea label={t("problems.rejectText")} name="text" required errors={errorsFor("REJECT_CLOSURE").text} />
                </ConfirmDialog>
              ) : null}
              {p.actions.includes("RETURN") ? (
                <ConfirmDialog label={t("landing.problemAction_RETURN")} title={t("problems.returnTitle")} message={t("problems.returnConfirm")} intent="RETURN" tone="danger" reopen={answer?.intent === "RETURN"}>
                  <input type="hidden" name="version" value={p.version} />
                  <TextArea label={t("problems.returnText")} name="text" required errors={errorsFor("RETURN").text} />
                </ConfirmDialog>
              ) : null}
            </div>
          ) : null}
          {p.actions.includes("RESPOND") ? <RespondForm errors={errorsFor("RESPOND").text ?? null} key={p.thread.length} /> : null}
        </section>
      ) : (
        <p className="text-sm text-gray-500">{t("problems.noMoves")}</p>
      )}

      <section className="card" aria-labelledby="thread-title">
        <h2 id="thread-title" className="mb-2 font-medium">
          {t("problems.threadTitle")}
        </h2>
        {p.thread.length === 0 ? (
          <p className="text-sm text-gray-500">{t("problems.threadEmpty")}</p>
        ) : (
          <ol className="space-y-3" data-testid="problem-thread">
            {p.thread.map((r) => (
              <li key={r.id} className="relative border-l-2 border-gray-200 pl-4" data-action={r.action}>
                <p className="text-xs text-gray-500">
                  <time dateTime={r.at}>{formatDateTimeShort(r.at)}</time>
                  {r.author ? ` · ${r.author}` : ""} · {r.sideLabel}
                </p>
                <p className="font-medium">
                  {r.actionLabel}
                  {r.fromStatus !== r.toStatus ? <span className="ml-2 text-sm font-normal text-gray-600">{t("problems.threadMove", { from: statusName(r.fromStatus), to: statusName(r.toStatus) })}</span> : null}
                </p>
                {r.text ? <p className="text-sm break-words whitespace-pre-line text-gray-800">{r.text}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function statusName(status: string): string {
  return isProblemStatus(status) ? t(problemStatusLabelKey(status)) : status;
}

type Department = { id: string; name: string; people: { id: string; name: string }[] };

function AssignForm({
  intent,
  version,
  departments,
  defaultLimit,
  errors,
}: {
  intent: "ASSIGN" | "REASSIGN";
  version: number;
  departments: Department[];
  defaultLimit: number | null;
  errors: Record<string, string[] | null | undefined>;
}) {
  const [departmentId, setDepartmentId] = useState("");
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const people = departments.find((d) => d.id === departmentId)?.people ?? [];
  const err = (field: string) => errors[field] ?? null;
  return (
    <Form method="post" className="mt-2 space-y-3 rounded-md bg-gray-50 p-3" data-testid={`form-${intent}`}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor={`${intent}-department`} className="label">
            {t("problems.fieldDepartment")}
          </label>
          <select id={`${intent}-department`} name="departmentId" className="input min-h-11" required value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)} aria-invalid={err("departmentId") ? true : undefined}>
            <option value="">{t("problems.choose")}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          {err("departmentId") ? <p className="field-error">{err("departmentId")?.join("；")}</p> : null}
        </div>
        <div>
          <label htmlFor={`${intent}-assignee`} className="label">
            {t("problems.fieldAssignee")}
          </label>
          <select id={`${intent}-assignee`} name="assigneeId" className="input min-h-11" disabled={!departmentId} aria-invalid={err("assigneeId") ? true : undefined}>
            <option value="">{t("problems.assigneeAny")}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {err("assigneeId") ? <p className="field-error">{err("assigneeId")?.join("；")}</p> : null}
        </div>
        <div>
          <label htmlFor={`${intent}-limit`} className="label">
            {t("problems.fieldLimit")}
          </label>
          <input
            id={`${intent}-limit`}
            name="limitWorkdays"
            type="number"
            inputMode="numeric"
            min={1}
            className="input min-h-11"
            defaultValue={defaultLimit ?? ""}
            placeholder={defaultLimit === null ? t("problems.keepDeadline") : undefined}
            aria-invalid={err("limitWorkdays") ? true : undefined}
          />
          {err("limitWorkdays") ? <p className="field-error">{err("limitWorkdays")?.join("；")}</p> : null}
        </div>
      </div>
      <TextArea label={intent === "REASSIGN" ? t("problems.reassignText") : t("problems.assignText")} name="text" required={intent === "REASSIGN"} rows={2} errors={err("text")} />
      <button type="submit" className="btn-primary min-h-11 px-6" disabled={busy}>
        {busy ? t("common.saving") : t(`landing.problemAction_${intent}`)}
      </button>
    </Form>
  );
}

function RespondForm({ errors }: { errors: string[] | null }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "RESPOND";
  return (
    <Form method="post" className="space-y-2 border-t border-gray-100 pt-3">
      <input type="hidden" name="intent" value="RESPOND" />
      <TextArea label={t("problems.respondText")} name="text" required errors={errors} />
      <button type="submit" className="btn-secondary min-h-11 px-6" disabled={busy}>
        {busy ? t("common.saving") : t("landing.problemAction_RESPOND")}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

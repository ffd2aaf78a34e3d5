// The project page (DESIGN §5): header with stage, 工作日 in stage and the warning colour with its
// reasons; actions (推进阶段, 编辑, 删除); tabs by ?tab= — 概览, 时间线 (transitions, follow-ups
// and field changes merged), 跟进记录 (list and the phone-friendly form), 选址 (SitesPanel),
// 签约与履约 (contracts and performance), 落地节点 (milestones), 到位资金 (funds in place), 问题
// (ProblemsPanel), 政策兑现 (IncentivesPanel), 变更记录 (audit rows); 领导批示 (InstructionsPanel)
// above the tabs on every tab. Only the open tab's data is loaded; the panels' forms post to
// their own action routes (/projects/:id/sites, /contracts, /milestones, /funds, /problems,
// /incentives, /instructions).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContractsPanel, contractsPanelData } from "#app/components/contracts-panel";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { FollowUpForm, type FollowUpEditing } from "#app/components/follow-up-form";
import { FundsPanel, fundsPanelData } from "#app/components/funds-panel";
import { IncentivesPanel } from "#app/components/incentives-panel";
import { InstructionsPanel } from "#app/components/instructions-panel";
import { MilestonesPanel, milestonesPanelData } from "#app/components/milestones-panel";
import { ProblemsPanel } from "#app/components/problems-panel";
import { SitesPanel } from "#app/components/sites-panel";
import { StageMoveDialog } from "#app/components/stage-move";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { newestFirst } from "#app/domain/projects";
import { stageLabelKey, isStageCode, isLadderStage } from "#app/domain/stages";
import { describeWarning, projectWarning, warningLabelKey, type WarningLevel } from "#app/domain/warnings";
import { shanghaiDay } from "#app/domain/workdays";
import { t, type MessageKey } from "#app/i18n";
import { changedFields, listChanges } from "#app/models/change-log.server";
import { listContractsForProject, performanceForProject } from "#app/models/contract.server";
import { deleteFollowUp, followUpParticipantOptions, listFollowUpsForProject, type FollowUpView } from "#app/models/follow-up.server";
import { fundsSummaryForProject } from "#app/models/funds.server";
import { listIncentivesForProject } from "#app/models/incentive.server";
import { listInstructionsForProject } from "#app/models/instruction.server";
import { getMechanism } from "#app/models/mechanism.server";
import { listMilestonesForProject, milestoneStageGap } from "#app/models/milestone.server";
import { listProblemsForProject } from "#app/models/problem.server";
import { deleteProject, getProjectForUser, namesForImages, type ProjectDetail } from "#app/models/project.server";
import { loadSitesForProject } from "#app/models/site.server";
import { stageMoveData } from "#app/models/stage.server";
import { requireUser } from "#app/utils/auth.server";
import { WarningDot } from "#app/components/warning-dot";
import { CountingStatusBadge } from "#app/components/cockpit/counting-status-badge";
import { getCountingStatus } from "#app/models/metrics.server";
import { now } from "#app/utils/clock";
import { formatDateTimeShort } from "#app/utils/datetime";
import { prisma } from "#app/utils/db.server";
import { hasPermission } from "#app/utils/permissions.server";
import { byFieldOrder, displayValue, projectFieldLabel } from "#app/utils/project-display";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.header.code ?? ""} ${data?.header.name ?? ""} - ${t("common.appName")}` }];

const TABS = ["overview", "timeline", "followUps", "sites", "contracts", "milestones", "funds", "problems", "incentives", "changes"] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Record<Tab, MessageKey> = {
  overview: "projects.tab_overview",
  timeline: "projects.tab_timeline",
  followUps: "projects.tab_followUps",
  sites: "landingPages.tab_sites",
  contracts: "landingPages.tab_contracts",
  milestones: "landingPages.tab_milestones",
  funds: "landingPages.tab_funds",
  problems: "landingPages.tab_problems",
  incentives: "landingPages.tab_incentives",
  changes: "projects.tab_changes",
};

const NOTICES = {
  created: "projects.notice_created",
  saved: "projects.notice_saved",
  moved: "projects.notice_moved",
  followUpSaved: "projects.notice_followUpSaved",
  followUpDeleted: "projects.notice_followUpDeleted",
  contractSaved: "landingPages.notice_contractSaved",
  contractDeleted: "landingPages.notice_contractDeleted",
  contractDeleteRefused: "landingPages.notice_contractDeleteRefused",
  conflict: "landingPages.notice_conflict",
  milestoneSaved: "landingPages.notice_milestoneSaved",
  fundsSaved: "landingPages.notice_fundsSaved",
  fundsDeleted: "landingPages.notice_fundsDeleted",
} as const satisfies Record<string, MessageKey>;
/** Notices that report a refusal rather than a success. */
const WARNING_NOTICES = new Set(["contractDeleteRefused", "conflict"]);

function noticeText(search: URLSearchParams): { text: string; warning: boolean } | null {
  const notice = search.get("notice") ?? "";
  if (!(notice in NOTICES)) return null;
  const moved = search.get("moved");
  if (notice === "milestoneSaved" && moved && isStageCode(moved) && isLadderStage(moved)) {
    return { text: t("landingPages.notice_milestoneMoved", { stage: t(stageLabelKey(moved)) }), warning: false };
  }
  return { text: t(NOTICES[notice as keyof typeof NOTICES]), warning: WARNING_NOTICES.has(notice) };
}

type Row = { label: string; value: string; href?: string };

function overviewSections(p: ProjectDetail) {
  const names: Record<string, string> = {};
  for (const m of p.members) names[m.user.id] = m.user.displayName;
  const member = (role: string) => p.members.filter((m) => m.role === role).map((m) => m.user.id);
  const person = (x: { displayName: string; title: string | null } | null) => (x ? (x.title ? `${x.displayName}（${x.title}）` : x.displayName) : t("projects.none"));
  const v = (field: string, value: unknown) => displayValue(field, value, names);
  const row = (field: string, value: unknown): Row => ({ label: projectFieldLabel(field), value: v(field, value) });
  const basics: Row[] = [
    row("code", p.code),
    { label: projectFieldLabel("companyId"), value: p.company.name, href: `/companies/${p.company.id}` },
    { label: projectFieldLabel("regionId"), value: p.region.name },
    { label: projectFieldLabel("chainId"), value: [p.chain?.name, p.link?.name].filter(Boolean).join(" · ") || t("projects.none") },
    row("nature", p.nature),
    row("plannedInvestment", p.plannedInvestment),
    row("isKey", p.isKey),
    row("description", p.description),
  ];
  const people: Row[] = [
    { label: projectFieldLabel("leadLeaderId"), value: person(p.leadLeader) },
    { label: projectFieldLabel("officerId"), value: person(p.officer) },
    row("responsibleUnit", p.responsibleUnit),
    { label: projectFieldLabel("taskForceIds"), value: member("TASK_FORCE").length ? v("taskForceIds", member("TASK_FORCE")) : t("projects.noMembers") },
    { label: projectFieldLabel("liaisonIds"), value: member("LIAISON").length ? v("liaisonIds", member("LIAISON")) : t("projects.noMembers") },
  ];
  const outcomes: Row[] = [row("expectedJobs", p.expectedJobs), row("povertyJobs", p.povertyJobs), row("expectedOutput", p.expectedOutput), row("expectedTax", p.expectedTax)];
  const contract: Row[] = [
    row("firstContactAt", p.firstContactAt),
    row("signedAt", p.signedAt),
    row("contractAmount", p.contractAmount),
    row("contractType", p.contractType),
    row("startedAt", p.startedAt),
    row("completedAt", p.completedAt),
    row("producedAt", p.producedAt),
    row("lastFollowUpAt", p.lastFollowUpAt),
    ...(p.holdReason ? [row("holdReason", p.holdReason)] : []),
    ...(p.terminateReason ? [row("terminateReason", p.terminateReason)] : []),
  ];
  return [
    { title: t("projects.sectionBasics"), rows: basics },
    { title: t("projects.sectionPeople"), rows: people },
    { title: t("projects.sectionOutcomes"), rows: outcomes },
    { title: t("projects.sectionContract"), rows: contract },
  ];
}

function followUpRows(list: FollowUpView[]) {
  return list.map((f) => ({
    id: f.id,
    version: f.version,
    date: shanghaiDay(f.date),
    kind: displayValue("kind", f.kind),
    author: f.author,
    summary: f.summary,
    nextAction: f.nextAction,
    nextActionDue: f.nextActionDue ? shanghaiDay(f.nextActionDue) : null,
    participants: f.participants.map((p) => ({ name: p.displayName, title: p.title, capacity: p.capacity ? displayValue("capacity", p.capacity) : null })),
    raw: {
      kind: f.kind,
      summary: f.summary,
      nextAction: f.nextAction ?? "",
      nextActionDue: f.nextActionDue ? shanghaiDay(f.nextActionDue) : "",
      participants: f.participants.map((p) => ({ userId: p.userId, capacity: p.capacity })),
    },
  }));
}

type ChangeRow = { field: string; label: string; from: string; to: string };

async function changeEntries(projectId: string) {
  const entries = await listChanges("Project", projectId);
  const names = await namesForImages(entries.flatMap((e) => [e.before ?? {}, e.after ?? {}]));
  return entries.map((e) => ({
    id: e.id,
    at: e.at,
    actorName: e.actorName,
    action: e.action,
    when: formatDateTimeShort(e.at),
    actionLabel: isKnownAction(e.action) ? t(`projects.changeAction_${e.action}`) : e.action,
    rows: changedFields(e.before, e.after)
      .filter((c) => c.field !== "id")
      .sort((a, b) => byFieldOrder(a.field, b.field))
      .map<ChangeRow>((c) => ({ field: c.field, label: projectFieldLabel(c.field), from: displayValue(c.field, c.from, names), to: displayValue(c.field, c.to, names) }))
      // An empty list and no value read the same ("—"): not a change worth a row.
      .filter((row) => row.from !== row.to),
  }));
}

const KNOWN_ACTIONS = ["CREATE", "UPDATE", "DELETE", "RESTORE", "MOVE_STAGE", "MERGE"] as const;
function isKnownAction(action: string): action is (typeof KNOWN_ACTIONS)[number] {
  return (KNOWN_ACTIONS as readonly string[]).includes(action);
}

type TimelineEntry = { key: string; at: Date; when: string; kind: "transition" | "followUp" | "change"; title: string; lines: string[]; actor: string | null };

async function timeline(projectId: string): Promise<TimelineEntry[]> {
  const [transitions, followUps, changes] = await Promise.all([
    prisma.stageTransition.findMany({
      where: { projectId },
      orderBy: { at: "desc" },
      take: 200,
      select: { id: true, fromStage: true, toStage: true, at: true, actorName: true, note: true, source: true },
    }),
    listFollowUpsForProject(projectId),
    changeEntries(projectId),
  ]);
  const stage = (code: string | null) => (code && isStageCode(code) ? t(stageLabelKey(code)) : (code ?? ""));
  return newestFirst<TimelineEntry>(
    transitions.map((x) => ({
      key: `t-${x.id}`,
      at: x.at,
      when: formatDateTimeShort(x.at),
      kind: "transition",
      title: x.fromStage ? t("projects.timelineTransition", { from: stage(x.fromStage), to: stage(x.toStage) }) : t("projects.timelineCreated", { to: stage(x.toStage) }),
      lines: [x.note ?? "", x.source === "IMPORT" || x.source === "SEED" ? t(`projects.timelineSource_${x.source}`) : ""].filter(Boolean),
      actor: x.actorName,
    })),
    followUps.map((f) => ({
      key: `f-${f.id}`,
      at: f.date,
      // A follow-up records a day, not a moment.
      when: shanghaiDay(f.date),
      kind: "followUp",
      title: t("projects.timelineFollowUp", { kind: displayValue("kind", f.kind) }),
      lines: [
        f.summary,
        f.participants.map((p) => (p.capacity ? `${p.displayName}（${displayValue("capacity", p.capacity)}）` : p.displayName)).join("、"),
        f.nextAction ? t("projects.followUpNextLine", { action: f.nextAction }) + (f.nextActionDue ? t("projects.followUpDueLine", { date: shanghaiDay(f.nextActionDue) }) : "") : "",
      ].filter(Boolean),
      actor: f.author,
    })),
    // Field edits, deletions and restores; creation and stage moves are the transitions above.
    changes
      .filter((c) => c.action === "UPDATE" || c.action === "DELETE" || c.action === "RESTORE")
      .map((c) => ({
        key: `c-${c.id}`,
        at: c.at,
        when: c.when,
        kind: "change",
        title:
          c.action === "DELETE"
            ? t("projects.timelineDeleted")
            : c.action === "RESTORE"
              ? t("projects.timelineRestored")
              : t("projects.timelineChange", { fields: c.rows.map((r) => r.label).join("、") }),
        lines: c.action === "UPDATE" ? c.rows.map((r) => `${r.label}：${r.from} → ${r.to}`) : [],
        actor: c.actorName,
      })),
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const project = await getProjectForUser(user, params.projectId ?? "");
  const search = new URL(request.url).searchParams;
  const tab: Tab = (TABS as readonly string[]).includes(search.get("tab") ?? "") ? (search.get("tab") as Tab) : "overview";
  const at = now();
  const config = await getMechanism();
  const warning = projectWarning({ stage: project.stage, stageEnteredAt: project.stageEnteredAt, lastFollowUpAt: project.lastFollowUpAt, isKey: project.isKey, now: at, config });
  const canWrite = hasPermission(user, "pipeline:write");
  const today = shanghaiDay(at);

  const header = {
    id: project.id,
    code: project.code,
    name: project.name,
    company: { id: project.company.id, name: project.company.name },
    region: project.region.name,
    stage: project.stage,
    stageLabel: t(stageLabelKey(project.stage)),
    isKey: project.isKey,
    version: project.version,
    daysInStage: warning.daysInStage,
    enteredAt: shanghaiDay(project.stageEnteredAt),
    warningLevel: warning.level as WarningLevel,
    warningLabel: t(warningLabelKey(warning.level)),
    // The days in stage stand next to the badge already.
    warningLines: describeWarning(warning)
      .filter((line) => line.key !== "pipeline.stageDaysInStage")
      .map((line) => t(line.key, line.params)),
  };

  let followUps: ReturnType<typeof followUpRows> | null = null;
  let followUpForm: { people: Awaited<ReturnType<typeof followUpParticipantOptions>>; editing: FollowUpEditing | null; today: string } | null = null;
  if (tab === "followUps") {
    followUps = followUpRows(await listFollowUpsForProject(project.id));
    if (canWrite) {
      const editId = search.get("edit");
      const edited = editId ? followUps.find((f) => f.id === editId) : undefined;
      const editing = edited ? { id: edited.id, version: edited.version, date: edited.date, ...edited.raw } : null;
      followUpForm = { people: await followUpParticipantOptions(project, editing?.participants.map((p) => p.userId)), editing, today };
    }
  }

  const sites = tab === "sites" ? await loadSitesForProject(user, project.id) : null;
  const editId = search.get("edit");
  let contracts: ReturnType<typeof contractsPanelData> | null = null;
  if (tab === "contracts") {
    const rows = await listContractsForProject(user, project.id);
    const perf = await performanceForProject(user, project.id, rows);
    contracts = contractsPanelData(rows, perf, { projectId: project.id, canWrite, today, editId, contractAmount: project.contractAmount });
  }
  let milestones: ReturnType<typeof milestonesPanelData> | null = null;
  if (tab === "milestones") {
    const rows = await listMilestonesForProject(user, project.id);
    milestones = milestonesPanelData(rows, { projectId: project.id, canWrite, today, now: at, stageGap: await milestoneStageGap(project, rows) });
  }
  const funds = tab === "funds" ? fundsPanelData(await fundsSummaryForProject(user, project.id), { projectId: project.id, canWrite, today, editId }) : null;
  const problems = tab === "problems" ? await listProblemsForProject(user, project.id) : null;
  const incentives = tab === "incentives" ? await listIncentivesForProject(user, project.id) : null;

  // Independent of each other and of the tab: on PostgreSQL their round trips overlap.
  const [move, countingStatus, instructions] = await Promise.all([
    canWrite ? stageMoveData(project) : null,
    getCountingStatus(project),
    listInstructionsForProject(user, project),
  ]);
  return json({
    header,
    tab,
    canWrite,
    currentUserId: user.id,
    notice: noticeText(search),
    move,
    countingStatus,
    instructions,
    overview: tab === "overview" ? overviewSections(project) : null,
    timeline: tab === "timeline" ? await timeline(project.id) : null,
    followUps,
    followUpForm,
    sites,
    contracts,
    milestones,
    funds,
    problems,
    incentives,
    changes: tab === "changes" ? await changeEntries(project.id) : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const projectId = params.projectId ?? "";
  const form = await request.formData();
  const meta = requestMeta(request);
  switch (form.get("intent")) {
    case "delete": {
      const version = Number(form.get("version"));
      try {
        await deleteProject(user, projectId, Number.isInteger(version) && version > 0 ? version : null, meta);
      } catch (error) {
        if (error instanceof VersionConflict) return json({ error: t("common.conflictBody") }, { status: 409 });
        throw error;
      }
      throw redirect(`/recycle-bin?notice=deleted&id=${projectId}`);
    }
    case "deleteFollowUp": {
      await getProjectForUser(user, projectId);
      await deleteFollowUp(user, String(form.get("followUpId") ?? ""), meta);
      throw redirect(`/projects/${projectId}?tab=followUps&notice=followUpDeleted`);
    }
    default:
      throw new Response(t("common.badRequestTitle"), { status: 400 });
  }
}

const WARNING_STYLE: Record<WarningLevel, string> = {
  NONE: "border-gray-200 bg-gray-50 text-gray-700",
  BLUE: "border-blue-200 bg-blue-50 text-blue-900",
  YELLOW: "border-yellow-300 bg-yellow-50 text-yellow-900",
  RED: "border-red-300 bg-red-50 text-red-800",
};

function Tabs({ projectId, tab }: { projectId: string; tab: Tab }) {
  return (
    <nav aria-label={t("projects.tabsLabel")} className="-mx-4 overflow-x-auto border-b border-gray-200 px-4 sm:mx-0 sm:px-0">
      <ul className="flex gap-1 whitespace-nowrap">
        {TABS.map((key) => (
          <li key={key}>
            <Link
              to={`/projects/${projectId}?tab=${key}`}
              aria-current={tab === key ? "page" : undefined}
              preventScrollReset
              className={`inline-flex min-h-11 items-center border-b-2 px-3 text-sm ${tab === key ? "border-red-700 font-semibold text-red-800" : "border-transparent text-gray-600 hover:text-gray-900"}`}
            >
              {t(TAB_LABELS[key])}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { header, tab } = data;
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/projects" className="text-blue-700 hover:underline">
          {t("projects.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{header.code}</span>
      </nav>
      {data.notice ? (
        <p
          className={`rounded-md px-3 py-2 text-sm ${data.notice.warning ? "bg-amber-50 text-amber-900" : "bg-green-50 text-green-800"}`}
          role={data.notice.warning ? "alert" : "status"}
          data-testid="notice"
        >
          {data.notice.text}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">
          {actionData.error}
        </p>
      ) : null}

      <header className="card space-y-3">
        <div className="flex flex-wrap items-center gap-2 text-sm text-gray-600">
          <span className="font-mono" data-testid="project-code">
            {header.code}
          </span>
          {header.isKey ? <span className="rounded bg-red-700 px-1.5 py-0.5 text-xs font-medium text-white">{t("projects.keyProject")}</span> : null}
        </div>
        <h1 className="text-xl font-semibold break-words sm:text-2xl" data-testid="project-name">
          {header.name}
        </h1>
        <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <div className="flex gap-1">
            <dt className="text-gray-500">{t("projects.field_companyId")}：</dt>
            <dd>
              <Link to={`/companies/${header.company.id}`} className="text-blue-700 hover:underline">
                {header.company.name}
              </Link>
            </dd>
          </div>
          <div className="flex gap-1">
            <dt className="text-gray-500">{t("projects.field_regionId")}：</dt>
            <dd>{header.region}</dd>
          </div>
        </dl>
        <div className="flex flex-wrap items-center gap-2">
          <span className="rounded-full bg-gray-900 px-3 py-1 text-sm font-medium text-white" data-testid="stage-badge" aria-label={`${t("projects.stageBadgeLabel")}：${header.stageLabel}`}>
            {header.stageLabel}
          </span>
          <span className="text-sm text-gray-700" title={t("projects.enteredAt", { date: header.enteredAt })}>
            {t("projects.daysInStage", { days: header.daysInStage })}
          </span>
        </div>
        <CountingStatusBadge status={data.countingStatus} />
        <div className={`rounded-md border px-3 py-2 text-sm ${WARNING_STYLE[header.warningLevel]}`} data-testid="warning" data-level={header.warningLevel}>
          <p className="flex items-center gap-2 font-medium">
            <WarningDot level={header.warningLevel} />
            {header.warningLabel}
          </p>
          <ul className="mt-1 list-inside list-disc">
            {header.warningLines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
        {data.canWrite && data.move ? (
          <div className="flex flex-wrap gap-2" role="group" aria-label={t("projects.actions")}>
            <StageMoveDialog move={data.move} projectName={header.name} />
            <Link to={`/projects/${header.id}/edit`} className="btn-secondary min-h-11">
              {t("projects.edit")}
            </Link>
            <ConfirmDialog
              label={t("projects.delete")}
              title={t("projects.deleteTitle")}
              message={t("projects.deleteConfirm", { name: header.name, code: header.code })}
              intent="delete"
              tone="danger"
            >
              <input type="hidden" name="version" value={header.version} />
            </ConfirmDialog>
          </div>
        ) : (
          <p className="text-sm text-gray-500">{t("projects.readOnlyNote")}</p>
        )}
      </header>

      <InstructionsPanel data={data.instructions} />

      <Tabs projectId={header.id} tab={tab} />

      {data.overview ? (
        <div className="grid gap-4 md:grid-cols-2">
          {data.overview.map((section) => (
            <section key={section.title} className="card" aria-label={section.title}>
              <h2 className="mb-2 font-medium">{section.title}</h2>
              <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
                {section.rows.map((row) => (
                  <div key={row.label} className="contents">
                    <dt className="text-gray-500">{row.label}</dt>
                    <dd className="break-words">
                      {row.href ? (
                        <Link to={row.href} className="text-blue-700 hover:underline">
                          {row.value}
                        </Link>
                      ) : (
                        row.value
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      ) : null}

      {data.timeline ? (
        data.timeline.length === 0 ? (
          <p className="card text-sm text-gray-500">{t("projects.timelineEmpty")}</p>
        ) : (
          <ol className="card space-y-4" data-testid="timeline">
            {data.timeline.map((entry) => (
              <li key={entry.key} className="relative border-l-2 border-gray-200 pl-4" data-kind={entry.kind}>
                <span
                  className={`absolute top-1.5 -left-[7px] size-3 rounded-full ${entry.kind === "transition" ? "bg-red-700" : entry.kind === "followUp" ? "bg-blue-600" : "bg-gray-400"}`}
                  aria-hidden="true"
                />
                <p className="text-xs text-gray-500">
                  <time dateTime={entry.at}>{entry.when}</time>
                  {entry.actor ? ` · ${entry.actor}` : ""}
                </p>
                <p className="font-medium">{entry.title}</p>
                {entry.lines.map((line, i) => (
                  <p key={i} className="text-sm break-words whitespace-pre-line text-gray-700">
                    {line}
                  </p>
                ))}
              </li>
            ))}
          </ol>
        )
      ) : null}

      {data.followUps ? (
        <div className={data.followUpForm ? "grid gap-4 lg:grid-cols-[1fr_minmax(0,28rem)]" : ""}>
          <section aria-label={t("projects.tab_followUps")} className="space-y-3 lg:order-1">
            {data.followUps.length === 0 ? <p className="card text-sm text-gray-500">{t("projects.followUpEmpty")}</p> : null}
            {data.followUps.map((f) => (
              <article key={f.id} className="card space-y-2" data-testid="follow-up">
                <header className="flex flex-wrap items-baseline gap-x-3 text-sm">
                  <span className="font-medium">{f.date}</span>
                  <span className="rounded bg-blue-50 px-1.5 py-0.5 text-blue-800">{f.kind}</span>
                  {f.author ? <span className="text-gray-500">{t("projects.followUpAuthor", { name: f.author })}</span> : null}
                </header>
                <p className="text-sm break-words whitespace-pre-line">{f.summary}</p>
                {f.participants.length ? (
                  <ul className="flex flex-wrap gap-1.5 text-xs">
                    {f.participants.map((p) => (
                      <li key={p.name} className="rounded-full border border-gray-200 px-2 py-0.5">
                        {p.name}
                        {p.capacity ? <span className="ml-1 font-medium text-red-800">· {p.capacity}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {f.nextAction ? (
                  <p className="text-sm text-gray-700">
                    {t("projects.followUpNextLine", { action: f.nextAction })}
                    {f.nextActionDue ? t("projects.followUpDueLine", { date: f.nextActionDue }) : ""}
                  </p>
                ) : null}
                {data.canWrite ? (
                  <div className="flex gap-2">
                    <Link to={`/projects/${header.id}?tab=followUps&edit=${f.id}`} className="btn-secondary min-h-10" preventScrollReset>
                      {t("common.edit")}
                    </Link>
                    <ConfirmDialog
                      label={t("projects.followUpDelete")}
                      title={t("projects.followUpDeleteTitle")}
                      message={t("projects.followUpDeleteConfirm", { date: f.date })}
                      intent="deleteFollowUp"
                      tone="danger"
                    >
                      <input type="hidden" name="followUpId" value={f.id} />
                    </ConfirmDialog>
                  </div>
                ) : null}
              </article>
            ))}
          </section>
          {data.followUpForm ? (
            <div className="lg:order-2">
              <FollowUpForm
                key={data.followUpForm.editing ? `${data.followUpForm.editing.id}-${data.followUpForm.editing.version}` : `new-${data.followUps.length}`}
                projectId={header.id}
                people={data.followUpForm.people}
                today={data.followUpForm.today}
                currentUserId={data.currentUserId}
                editing={data.followUpForm.editing}
              />
            </div>
          ) : null}
        </div>
      ) : null}

      {data.sites ? <SitesPanel data={data.sites} /> : null}
      {data.contracts ? <ContractsPanel data={data.contracts} /> : null}
      {data.milestones ? <MilestonesPanel data={data.milestones} /> : null}
      {data.funds ? <FundsPanel data={data.funds} /> : null}
      {data.problems ? <ProblemsPanel data={data.problems} /> : null}
      {data.incentives ? <IncentivesPanel data={data.incentives} /> : null}

      {data.changes ? (
        data.changes.length === 0 ? (
          <p className="card text-sm text-gray-500">{t("projects.changesEmpty")}</p>
        ) : (
          <ol className="space-y-3" data-testid="changes">
            {data.changes.map((entry) => (
              <li key={entry.id} className="card space-y-2">
                <p className="text-sm">
                  <span className="font-medium">{entry.actionLabel}</span>
                  <span className="text-gray-500">
                    {" "}
                    · {entry.when}
                    {entry.actorName ? ` · ${entry.actorName}` : ""}
                  </span>
                </p>
                {entry.rows.length ? (
                  <div className="overflow-x-auto">
                    <table className="data-table">
                      <thead>
                        <tr>
                          <th scope="col">{t("projects.changeField")}</th>
                          <th scope="col">{t("projects.changeFrom")}</th>
                          <th scope="col">{t("projects.changeTo")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {entry.rows.map((r) => (
                          <tr key={r.field}>
                            <th scope="row" className="font-normal">
                              {r.label}
                            </th>
                            <td className="break-words">{r.from}</td>
                            <td className="break-words">{r.to}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )
      ) : null}

      <footer className="flex flex-wrap gap-4 border-t border-gray-200 pt-3 text-sm">
        <Link to="/projects" className="text-blue-700 hover:underline">
          {t("projects.backToList")}
        </Link>
        <Link to="/recycle-bin" className="text-blue-700 hover:underline">
          {t("projects.recycleBinLink")}
        </Link>
      </footer>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { type ReactNode } from "react";
import { WarningDot } from "#app/components/warning-dot";
import { formatWan } from "#app/domain/money";
import { isStageCode, stageLabelKey } from "#app/domain/stages";
import { describeWarning } from "#app/domain/warnings";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { NEXT_ACTION_HORIZON_DAYS, cachedDesk, type DeskProject } from "#app/models/desk.server";
import { DeskInstructions } from "#app/components/instructions-panel";
import { getMechanism } from "#app/models/mechanism.server";
import { openInstructionsForUser } from "#app/models/instruction.server";
import { canSeeProblems, listProblems } from "#app/models/problem.server";
import { requireUser } from "#app/utils/auth.server";
import { regionTree } from "#app/utils/permissions.server";
import { prisma } from "#app/utils/db.server";

/**
 * A desk item as the page shows it: the project, its colour and why. In a section about one
 * clock the colour is that clock's; elsewhere the project's overall warning.
 */
function deskItem(p: DeskProject, clock: "stage" | "followUp" | null = null) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    regionName: p.regionName,
    stageName: isStageCode(p.stage) ? t(stageLabelKey(p.stage)) : p.stage,
    amount: formatWan(p.plannedInvestment),
    isKey: p.isKey,
    level: clock ? p.warning[clock].level : p.warning.level,
    lines: describeWarning(p.warning).map((line) => t(line.key, line.params)),
  };
}

async function deskData(user: Awaited<ReturnType<typeof requireUser>>) {
  const [desk, config] = await Promise.all([cachedDesk(user), getMechanism()]);
  if (!desk) return null;
  const yellowPercent = Math.round(config.warning.yellowRatio * 100);
  if (desk.kind === "leader") {
    return {
      kind: "leader" as const,
      yellowPercent,
      keyProjects: { total: desk.keyProjects.total, red: desk.keyProjects.red, items: desk.keyProjects.items.map((p) => deskItem(p)) },
      leadProjects: { total: desk.leadProjects.total, warned: desk.leadProjects.warned, items: desk.leadProjects.items.map((p) => deskItem(p)) },
      keyQuery: "key=1&warning=YELLOW&warning=RED",
      leadQuery: new URLSearchParams({ leader: user.id }).toString(),
    };
  }
  return {
    kind: "officer" as const,
    yellowPercent,
    mine: user.role === "COUNTY_OFFICER",
    listQuery: desk.listQuery,
    horizonDays: NEXT_ACTION_HORIZON_DAYS,
    stage: { total: desk.stage.total, red: desk.stage.red, items: desk.stage.items.map((p) => deskItem(p, "stage")) },
    followUp: { total: desk.followUp.total, red: desk.followUp.red, items: desk.followUp.items.map((p) => deskItem(p, "followUp")) },
    nextActions: {
      overdue: desk.nextActions.overdue,
      dueSoon: desk.nextActions.dueSoon,
      items: desk.nextActions.items.map((a) => ({ ...a, due: shanghaiDay(a.due) })),
    },
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [desk, instructions, problems, region] = await Promise.all([
    deskData(user),
    openInstructionsForUser(user),
    canSeeProblems(user) && user.role === "DEPT_STAFF" ? departmentInbox(user) : null,
    user.regionId ? regionTree().then((rows) => rows.find((r) => r.id === user.regionId)) : undefined,
  ]);
  const department = user.departmentId ? await prisma.department.findUnique({ where: { id: user.departmentId }, select: { name: true } }) : null;
  const intro =
    user.role === "ADMIN" ? t("shell.homeAdminIntro") : user.role === "AUDITOR" ? t("shell.homeAuditorIntro") : user.role === "DEPT_STAFF" ? t("shell.homeDeptIntro") : null;
  const scope = department
    ? department.name
    : user.role === "CITY_OFFICER" || region?.level === "CITY"
      ? t("shell.wholeCity")
      : user.role === "ADMIN" || user.role === "AUDITOR"
        ? t("shell.systemScope")
        : (region?.name ?? t("shell.noRegion"));
  return json({
    greeting: t("shell.homeGreeting", { name: user.displayName }),
    roleScope: t("shell.homeRoleScope", { role: t(`roles.${user.role}`), scope }),
    intro,
    desk,
    instructions,
    problems,
  });
}

/** Department staff's desk: their department's open problems, overdue first (问题交办). */
async function departmentInbox(user: Awaited<ReturnType<typeof requireUser>>) {
  const open = await listProblems(user, { status: ["PENDING", "IN_PROGRESS"], category: [], departmentId: null, regionId: null, level: [], q: null }, { skip: 0, take: 10 });
  return { total: open.total, overdue: open.overdue, rows: open.rows.map((r) => ({ id: r.id, code: r.code, title: r.title, projectName: r.project.name, deadline: r.deadline })) };
}

function DepartmentInbox({ inbox }: { inbox: { total: number; overdue: number; rows: { id: string; code: string; title: string; projectName: string; deadline: string | null }[] } }) {
  return (
    <section className="card space-y-2" aria-labelledby="dept-inbox">
      <h2 id="dept-inbox" className="font-semibold">
        {t("shell.deptInboxTitle", { total: inbox.total, overdue: inbox.overdue })}
      </h2>
      {inbox.rows.length === 0 ? (
        <p className="text-sm text-gray-500">{t("shell.homeNothingYet")}</p>
      ) : (
        <ul className="divide-y divide-gray-100 text-sm">
          {inbox.rows.map((r) => (
            <li key={r.id} className="py-1.5">
              <Link to={`/problems/${r.id}`} className="text-blue-700 hover:underline">
                {r.code} {r.title}
              </Link>
              <span className="ml-2 text-gray-500">{r.projectName}</span>
            </li>
          ))}
        </ul>
      )}
      <Link to="/problems" className="text-sm text-blue-700 hover:underline">
        {t("shell.deptInboxAll")}
      </Link>
    </section>
  );
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("shell.homeTitle")}</h1>
        <p className="mt-1 text-gray-600" data-testid="home-greeting">
          {data.greeting} · <span data-testid="home-role">{data.roleScope}</span>
        </p>
      </div>
      {data.intro ? <p className="card text-gray-700">{data.intro}</p> : null}
      <DeskInstructions data={data.instructions} />
      {data.problems ? <DepartmentInbox inbox={data.problems} /> : null}
      {data.desk?.kind === "officer" ? <OfficerDesk desk={data.desk} /> : null}
      {data.desk?.kind === "leader" ? <LeaderDesk desk={data.desk} /> : null}
    </div>
  );
}

type DeskData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["desk"]>;
type OfficerDeskData = Extract<DeskData, { kind: "officer" }>;
type LeaderDeskData = Extract<DeskData, { kind: "leader" }>;
type DeskItemData = OfficerDeskData["stage"]["items"][number];

function Count({ tone, children, testId }: { tone: "red" | "yellow" | "gray"; children: ReactNode; testId?: string }) {
  const style = { red: "bg-red-50 text-red-800", yellow: "bg-amber-50 text-amber-800", gray: "bg-gray-100 text-gray-700" }[tone];
  return (
    <span className={`rounded px-2 py-0.5 text-sm tabular-nums ${style}`} data-testid={testId}>
      {children}
    </span>
  );
}

function DeskSection({ title, intro, counts, more, children, testId }: { title: string; intro: string; counts: ReactNode; more?: string | null; children: ReactNode; testId: string }) {
  return (
    <section className="card space-y-3" aria-label={title} data-testid={testId}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 className="text-lg font-semibold">{title}</h2>
          <p className="text-sm text-gray-600">{intro}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {counts}
          {more ? (
            <Link to={more} className="text-sm text-blue-700 hover:underline">
              {t("lists.deskViewAll")}
            </Link>
          ) : null}
        </div>
      </div>
      {children}
    </section>
  );
}

function ProjectItems({ items }: { items: DeskItemData[] }) {
  if (items.length === 0) return <p className="text-sm text-gray-500">{t("lists.deskNothing")}</p>;
  return (
    <ul className="divide-y divide-gray-100">
      {items.map((item) => (
        <li key={item.id} className="flex items-start gap-2 py-2">
          <WarningDot level={item.level} className="mt-1.5" />
          <div className="min-w-0 flex-1">
            <Link to={`/projects/${item.id}`} className="font-medium text-blue-800 hover:underline">
              {item.name}
            </Link>
            <span className="ml-2 font-mono text-xs text-gray-500">{item.code}</span>
            {item.isKey ? <span className="ml-1 rounded bg-red-50 px-1 text-xs whitespace-nowrap text-red-700">{t("lists.keyBadge")}</span> : null}
            <p className="text-xs text-gray-600">
              {item.regionName} · {item.stageName} · {item.amount} · {item.lines.join("，")}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}

function OfficerDesk({ desk }: { desk: OfficerDeskData }) {
  const list = `/projects?${desk.listQuery}`;
  const summary = [
    { label: t("lists.deskStageTitle"), red: desk.stage.red, yellow: desk.stage.total - desk.stage.red },
    { label: t("lists.deskFollowUpTitle"), red: desk.followUp.red, yellow: desk.followUp.total - desk.followUp.red },
  ];
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3" aria-label={t("lists.deskSummaryLabel")} role="group">
        {summary.map((s) => (
          <div key={s.label} className="card">
            <p className="text-sm text-gray-600">{s.label}</p>
            <p className="mt-1 flex gap-2">
              <Count tone="red">{t("lists.deskCountRed", { count: s.red })}</Count>
              <Count tone="yellow">{t("lists.deskCountYellow", { count: s.yellow })}</Count>
            </p>
          </div>
        ))}
        <div className="card">
          <p className="text-sm text-gray-600">{t("lists.deskNextActionsTitle")}</p>
          <p className="mt-1 flex gap-2">
            <Count tone="red">{t("lists.deskCountOverdue", { count: desk.nextActions.overdue })}</Count>
            <Count tone="yellow">{t("lists.deskCountDueSoon", { count: desk.nextActions.dueSoon })}</Count>
          </p>
        </div>
      </div>
      <p className="text-sm text-gray-500">{desk.mine ? t("lists.deskScopeMine") : t("lists.deskScopeAll")}</p>
      <DeskSection
        testId="desk-stage"
        title={t("lists.deskStageTitle")}
        intro={t("lists.deskStageIntro", { percent: desk.yellowPercent })}
        counts={<Count tone="gray">{t("lists.deskCountTotal", { count: desk.stage.total })}</Count>}
        more={desk.stage.total > desk.stage.items.length ? list : null}
      >
        <ProjectItems items={desk.stage.items} />
      </DeskSection>
      <DeskSection
        testId="desk-follow-up"
        title={t("lists.deskFollowUpTitle")}
        intro={t("lists.deskFollowUpIntro")}
        counts={<Count tone="gray">{t("lists.deskCountTotal", { count: desk.followUp.total })}</Count>}
        more={desk.followUp.total > desk.followUp.items.length ? list : null}
      >
        <ProjectItems items={desk.followUp.items} />
      </DeskSection>
      <DeskSection
        testId="desk-next-actions"
        title={t("lists.deskNextActionsTitle")}
        intro={t("lists.deskNextActionsIntro", { days: desk.horizonDays })}
        counts={<Count tone="gray">{t("lists.deskCountTotal", { count: desk.nextActions.overdue + desk.nextActions.dueSoon })}</Count>}
      >
        {desk.nextActions.items.length === 0 ? (
          <p className="text-sm text-gray-500">{t("lists.deskNothing")}</p>
        ) : (
          <ul className="divide-y divide-gray-100">
            {desk.nextActions.items.map((a) => (
              <li key={a.followUpId} className="flex flex-wrap items-baseline gap-x-3 py-2">
                <span className={`text-sm tabular-nums ${a.overdue ? "font-medium text-red-700" : "text-amber-800"}`}>
                  {a.overdue ? `${t("lists.deskOverdue")} · ` : ""}
                  {t("lists.deskDue", { date: a.due })}
                </span>
                <span className="text-sm">{a.nextAction ?? <span className="text-gray-500">{t("lists.deskNoActionText")}</span>}</span>
                <Link to={`/projects/${a.project.id}`} className="text-sm text-blue-700 hover:underline">
                  {a.project.name}
                  <span className="ml-1 font-mono text-xs text-gray-500">{a.project.code}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </DeskSection>
    </div>
  );
}

function LeaderDesk({ desk }: { desk: LeaderDeskData }) {
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2" aria-label={t("lists.deskSummaryLabel")} role="group">
        <div className="card">
          <p className="text-sm text-gray-600">{t("lists.deskKeyTitle")}</p>
          <p className="mt-1 flex gap-2">
            <Count tone="red">{t("lists.deskCountRed", { count: desk.keyProjects.red })}</Count>
            <Count tone="yellow">{t("lists.deskCountYellow", { count: desk.keyProjects.total - desk.keyProjects.red })}</Count>
          </p>
        </div>
        <div className="card">
          <p className="text-sm text-gray-600">{t("lists.deskLeadTitle")}</p>
          <p className="mt-1 flex gap-2">
            <Count tone="gray">{t("lists.deskCountTotal", { count: desk.leadProjects.total })}</Count>
            <Count tone="yellow">{t("lists.deskCountWarned", { count: desk.leadProjects.warned })}</Count>
          </p>
        </div>
      </div>
      <DeskSection
        testId="desk-key"
        title={t("lists.deskKeyTitle")}
        intro={t("lists.deskKeyIntro")}
        counts={<Count tone="gray">{t("lists.deskCountTotal", { count: desk.keyProjects.total })}</Count>}
        more={desk.keyProjects.total > desk.keyProjects.items.length ? `/projects?${desk.keyQuery}` : null}
      >
        <ProjectItems items={desk.keyProjects.items} />
      </DeskSection>
      <DeskSection
        testId="desk-lead"
        title={t("lists.deskLeadTitle")}
        intro={t("lists.deskLeadIntro")}
        counts={<Count tone="gray">{t("lists.deskCountTotal", { count: desk.leadProjects.total })}</Count>}
        more={desk.leadProjects.total > desk.leadProjects.items.length ? `/projects?${desk.leadQuery}` : null}
      >
        <ProjectItems items={desk.leadProjects.items} />
      </DeskSection>
    </div>
  );
}

// 工作台 (DESIGN §5 "my desk"): what needs the user's attention now. Officers see the projects
// they answer for whose stage limit or follow-up cadence is running out or past (county
// officers: the projects they are the officer of; city officers: every project in their
// scope), and the next actions of follow-ups due within a few days or overdue. Leaders see the
// 重点 projects in their scope that carry a warning and the projects they 包抓.
// Counts come from the database through the warning cut-offs; lists are capped.
import { type StageCode } from "#app/domain/stages";
import { warningCutoffs } from "#app/domain/warning-cutoffs";
import { startOfShanghaiDay } from "#app/domain/workdays";
import { projectWarning, type ProjectWarning } from "#app/domain/warnings";
import { getMechanism } from "#app/models/mechanism.server";
import { followUpClockAtLeast, regionNames, stageClockAtLeast, warningLevelWhere } from "#app/models/project-list.server";
import { projectScopeWhere } from "#app/models/project.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { now } from "#app/utils/clock";
import { prisma, type Prisma } from "#app/utils/db.server";
import { type SessionUser } from "#app/utils/permissions.server";

/** Calendar days ahead in which a follow-up's next action counts as near-due. */
export const NEXT_ACTION_HORIZON_DAYS = 3;
const MS_PER_DAY = 86_400_000;

type Where = Prisma.ProjectWhereInput;

const DESK_PROJECT_SELECT = {
  id: true,
  code: true,
  name: true,
  stage: true,
  stageEnteredAt: true,
  lastFollowUpAt: true,
  isKey: true,
  plannedInvestment: true,
  regionId: true,
} as const satisfies Prisma.ProjectSelect;

type DeskProjectRow = Prisma.ProjectGetPayload<{ select: typeof DESK_PROJECT_SELECT }>;
export type DeskProject = DeskProjectRow & { regionName: string; warning: ProjectWarning };

export type DeskSection = { total: number; red: number; items: DeskProject[] };

export type NextActionItem = {
  followUpId: string;
  nextAction: string | null;
  due: Date;
  overdue: boolean;
  project: { id: string; code: string; name: string };
};

export type OfficerDesk = {
  kind: "officer";
  /** The query string of /projects that lists the same projects. */
  listQuery: string;
  stage: DeskSection;
  followUp: DeskSection;
  nextActions: { overdue: number; dueSoon: number; items: NextActionItem[] };
};

export type LeaderDesk = {
  kind: "leader";
  keyProjects: DeskSection;
  leadProjects: { total: number; warned: number; items: DeskProject[] };
};

export type Desk = OfficerDesk | LeaderDesk | null;

function withWarning(row: DeskProjectRow, config: MechanismConfig, at: Date, names: Map<string, string>): DeskProject {
  return {
    ...row,
    regionName: names.get(row.regionId) ?? "",
    warning: projectWarning({ stage: row.stage as StageCode, stageEnteredAt: row.stageEnteredAt, lastFollowUpAt: row.lastFollowUpAt, isKey: row.isKey, now: at, config }),
  };
}

/** Projects of `base` at yellow or worse: red ones first, then yellow ones, up to `take`. */
async function section(
  base: Where,
  yellow: Where,
  red: Where,
  orderBy: Prisma.ProjectOrderByWithRelationInput[],
  take: number,
  config: MechanismConfig,
  at: Date,
): Promise<DeskSection> {
  const redWhere: Where = { AND: [base, red] };
  const [names, total, redCount, redRows] = await Promise.all([
    regionNames(),
    prisma.project.count({ where: { AND: [base, yellow] } }),
    prisma.project.count({ where: redWhere }),
    prisma.project.findMany({ where: redWhere, orderBy, take, select: DESK_PROJECT_SELECT }),
  ]);
  const yellowRows =
    redRows.length < take && total > redCount
      ? await prisma.project.findMany({ where: { AND: [base, yellow, { NOT: red }] }, orderBy, take: take - redRows.length, select: DESK_PROJECT_SELECT })
      : [];
  return { total, red: redCount, items: [...redRows, ...yellowRows].map((r) => withWarning(r, config, at, names)) };
}

export async function getDesk(user: SessionUser, take = 10): Promise<Desk> {
  if (user.role === "COUNTY_OFFICER" || user.role === "CITY_OFFICER") return officerDesk(user, take);
  if (user.role === "LEADER") return leaderDesk(user, take);
  return null;
}

async function officerDesk(user: SessionUser, take: number): Promise<OfficerDesk> {
  const at = now();
  const config = await getMechanism();
  const cutoffs = warningCutoffs(config, at);
  const scope = await projectScopeWhere(user);
  const mine = user.role === "COUNTY_OFFICER";
  const base: Where = mine ? { AND: [scope, { officerId: user.id }] } : scope;
  const [stage, followUp, nextActions] = await Promise.all([
    section(base, stageClockAtLeast(cutoffs, "YELLOW"), stageClockAtLeast(cutoffs, "RED"), [{ stageEnteredAt: "asc" }, { code: "asc" }], take, config, at),
    section(
      base,
      followUpClockAtLeast(cutoffs, "YELLOW"),
      followUpClockAtLeast(cutoffs, "RED"),
      [{ lastFollowUpAt: { sort: "asc", nulls: "first" } }, { stageEnteredAt: "asc" }, { code: "asc" }],
      take,
      config,
      at,
    ),
    openNextActions(user, scope, config, at, take),
  ]);
  const listQuery = new URLSearchParams([...(mine ? [["officer", user.id]] : []), ["warning", "YELLOW"], ["warning", "RED"]]).toString();
  return { kind: "officer", listQuery, stage, followUp, nextActions };
}

/**
 * Next actions still open on the projects the user is the officer of: those written in each
 * project's latest follow-up (a later follow-up supersedes them) and due by the end of the
 * horizon. follow-up.server keeps Project.lastFollowUpAt equal to the date of the latest
 * follow-up. One query finds the follow-ups due in the window on the officer's projects (on
 * the nextActionDue index, a few hundred rows at most) with their project's lastFollowUpAt;
 * the latest ones are kept here. (It used to list the officer's projects first and then ask
 * for each one's latest follow-up by (projectId, date) in OR lists of 200 pairs: five large
 * statements whose compilation cost more than the rest of 工作台, docs/benchmarks.md.)
 * Actions overdue by more than the normal follow-up cadence are left out: their project
 * already shows as overdue for a follow-up.
 */
async function openNextActions(user: SessionUser, scope: Where, config: MechanismConfig, at: Date, take: number) {
  const startOfToday = startOfShanghaiDay(at);
  const horizonEnd = new Date(startOfToday.getTime() + (NEXT_ACTION_HORIZON_DAYS + 1) * MS_PER_DAY);
  const lookback = new Date(startOfToday.getTime() - config.followUpCadenceDays.normal * MS_PER_DAY);
  const due = await prisma.followUp.findMany({
    where: {
      deletedAt: null,
      nextActionDue: { not: null, gte: lookback, lt: horizonEnd },
      project: { is: { AND: [scope, { officerId: user.id }, { lastFollowUpAt: { not: null } }] } },
    },
    select: { id: true, projectId: true, date: true, nextAction: true, nextActionDue: true, project: { select: { code: true, name: true, lastFollowUpAt: true } } },
  });
  const latest = due.filter((f) => f.project.lastFollowUpAt !== null && f.date.getTime() === f.project.lastFollowUpAt.getTime());
  const items: NextActionItem[] = latest
    .sort((a, b) => (a.nextActionDue as Date).getTime() - (b.nextActionDue as Date).getTime() || a.id.localeCompare(b.id))
    .map((f) => ({
      followUpId: f.id,
      nextAction: f.nextAction,
      due: f.nextActionDue as Date,
      overdue: (f.nextActionDue as Date) < startOfToday,
      project: { id: f.projectId, code: f.project.code, name: f.project.name },
    }));
  const overdue = items.filter((i) => i.overdue).length;
  return { overdue, dueSoon: items.length - overdue, items: items.slice(0, take) };
}

async function leaderDesk(user: SessionUser, take: number): Promise<LeaderDesk> {
  const at = now();
  const config = await getMechanism();
  const cutoffs = warningCutoffs(config, at);
  const scope = await projectScopeWhere(user);
  const keyBase: Where = { AND: [scope, { isKey: true }] };
  const leadWhere: Where = { AND: [scope, { leadLeaderId: user.id }] };
  const warned = warningLevelWhere(cutoffs, ["YELLOW", "RED"]);
  const red = warningLevelWhere(cutoffs, ["RED"]);
  const order: Prisma.ProjectOrderByWithRelationInput[] = [{ stageEnteredAt: "asc" }, { code: "asc" }];
  const [names, keyProjects, leadTotal, leadWarned] = await Promise.all([
    regionNames(),
    section(keyBase, warned, red, order, take, config, at),
    prisma.project.count({ where: leadWhere }),
    section(leadWhere, warned, red, order, take, config, at),
  ]);
  // The 包抓 list shows every project, the warned ones first; fill up with the others.
  const calm =
    leadWarned.items.length < take
      ? await prisma.project.findMany({ where: { AND: [leadWhere, { NOT: warned }] }, orderBy: order, take: take - leadWarned.items.length, select: DESK_PROJECT_SELECT })
      : [];
  return {
    kind: "leader",
    keyProjects,
    leadProjects: { total: leadTotal, warned: leadWarned.total, items: [...leadWarned.items, ...calm.map((r) => withWarning(r, config, at, names))] },
  };
}

// 工作台 (DESIGN §5 "my desk"): what needs the user's attention now. Officers see the projects
// they answer for whose stage limit or follow-up cadence is running out or past (county
// officers: the projects they are the officer of; city officers: every project in their
// scope), and the next actions of follow-ups due within a few days or overdue. Leaders see the
// 重点 projects in their scope that carry a warning and the projects they 包抓.
// Counts come from the database through the warning cut-offs; lists are capped.
import { type StageCode } from "#app/domain/stages";
import { startOfShanghaiDay } from "#app/domain/workdays";
import { projectWarning, type ProjectWarning } from "#app/domain/warnings";
import { getMechanism } from "#app/models/mechanism.server";
import { followUpClockAtLeastSql, projectInScope, sqlContext, stageClockAtLeastSql, warningAtLeast, type Sql, type SqlContext } from "#app/models/metric-sql.server";
import { projectLineColumns, regionNames, type ProjectLine } from "#app/models/project-list.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { now } from "#app/utils/clock";
import { num, Prisma, prisma } from "#app/utils/db.server";
import { regionScope, type SessionUser } from "#app/utils/permissions.server";
import { versionedCache } from "#app/utils/versioned-cache.server";

/** Calendar days ahead in which a follow-up's next action counts as near-due. */
export const NEXT_ACTION_HORIZON_DAYS = 3;
const MS_PER_DAY = 86_400_000;
const sql = Prisma.sql;

export type DeskProject = ProjectLine & { regionName: string; warning: ProjectWarning };

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

function withWarning(row: ProjectLine, config: MechanismConfig, at: Date, names: Map<string, string>): DeskProject {
  return {
    ...row,
    regionName: names.get(row.regionId) ?? "",
    warning: projectWarning({ stage: row.stage as StageCode, stageEnteredAt: row.stageEnteredAt, lastFollowUpAt: row.lastFollowUpAt, isKey: row.isKey, now: at, config }),
  };
}

function projectsWhere(where: Sql, order: Sql, take: number): Promise<ProjectLine[]> {
  return prisma.$queryRaw<ProjectLine[]>`SELECT ${projectLineColumns} FROM "Project" p WHERE ${where} ORDER BY ${order} LIMIT ${take}`;
}

/**
 * The projects of `base`, red ones first, then yellow ones, then (with `all`) the others, each
 * group in `order`; up to `take` of them, with how many there are, how many are yellow or red
 * and how many red. The counts come from one pass over `base`; each group is read in `order`
 * up to what is still missing, which lets the database walk an index and stop early (sorting
 * all of a leader's 3 000 projects by level instead took four times as long on SQLite). SQL
 * through $queryRaw (ADR 014): the same statements as Prisma counts and findMany cost more to
 * compile than the database takes to answer them.
 */
async function rankedProjects(base: Sql, yellow: Sql, red: Sql, order: Sql, take: number, all = false) {
  const warned = sql`(${yellow} OR ${red})`;
  const [[counts], rows] = await Promise.all([
    prisma.$queryRaw<{ count: bigint; warned: bigint | null; red: bigint | null }[]>`
      SELECT COUNT(*) AS "count", SUM(CASE WHEN ${warned} THEN 1 ELSE 0 END) AS "warned", SUM(CASE WHEN ${red} THEN 1 ELSE 0 END) AS "red"
      FROM "Project" p WHERE ${base}`,
    projectsWhere(sql`${base} AND ${red}`, order, take),
  ]);
  const count = num(counts?.count);
  const total = num(counts?.warned);
  const redCount = num(counts?.red);
  if (rows.length < take && total > redCount) rows.push(...(await projectsWhere(sql`${base} AND ${warned} AND NOT ${red}`, order, take - rows.length)));
  if (all && rows.length < take && count > total) rows.push(...(await projectsWhere(sql`${base} AND NOT ${warned}`, order, take - rows.length)));
  return { count, total, red: redCount, rows };
}

async function section(base: Sql, yellow: Sql, red: Sql, order: Sql, take: number, config: MechanismConfig, at: Date): Promise<DeskSection> {
  const [names, ranked] = await Promise.all([regionNames(), rankedProjects(base, yellow, red, order, take)]);
  return { total: ranked.total, red: ranked.red, items: ranked.rows.map((r) => withWarning(r, config, at, names)) };
}

const BY_STAGE_CLOCK = sql`p."stageEnteredAt" ASC, p."code" ASC`;
const BY_FOLLOW_UP_CLOCK = sql`p."lastFollowUpAt" ASC NULLS FIRST, p."stageEnteredAt" ASC, p."code" ASC`;

/** How long a computed 工作台 is served without a data change: what moves with time alone is at most this old. */
export const DESK_CACHE_MS = 60_000;
const cache = versionedCache<Desk>({ maxAgeMs: DESK_CACHE_MS, maxEntries: 1_000 });

/**
 * getDesk for the home page, kept per user while the data version is unchanged (ADR 009): it is
 * every signed-in user's landing page, and a city leader's reads its warning counts over thousands
 * of projects (about 7 ms of SQL on the ×10 city, docs/benchmarks.md). Any audited change, the
 * user's own included, makes the next visit compute it again.
 */
export function cachedDesk(user: SessionUser, take = 10): Promise<Desk> {
  return cache.get(`${user.id}|${user.role}|${user.regionId ?? ""}|${take}`, now(), () => getDesk(user, take));
}

async function getDesk(user: SessionUser, take = 10): Promise<Desk> {
  if (user.role === "COUNTY_OFFICER" || user.role === "CITY_OFFICER") return officerDesk(user, take);
  if (user.role === "LEADER") return leaderDesk(user, take);
  return null;
}

async function officerDesk(user: SessionUser, take: number): Promise<OfficerDesk> {
  const at = now();
  const config = await getMechanism();
  const ctx = sqlContext(config, at);
  const scope = projectInScope(await regionScope(user));
  const mine = user.role === "COUNTY_OFFICER";
  const base = mine ? sql`${scope} AND p."officerId" = ${user.id}` : scope;
  const [stage, followUp, nextActions] = await Promise.all([
    section(base, stageClockAtLeastSql(ctx, "YELLOW"), stageClockAtLeastSql(ctx, "RED"), BY_STAGE_CLOCK, take, config, at),
    section(base, followUpClockAtLeastSql(ctx, "YELLOW"), followUpClockAtLeastSql(ctx, "RED"), BY_FOLLOW_UP_CLOCK, take, config, at),
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
type DueRow = { id: string; projectId: string; date: Date; nextAction: string | null; nextActionDue: Date; code: string; name: string; lastFollowUpAt: Date | null };

async function openNextActions(user: SessionUser, scope: Sql, config: MechanismConfig, at: Date, take: number) {
  const startOfToday = startOfShanghaiDay(at);
  const horizonEnd = new Date(startOfToday.getTime() + (NEXT_ACTION_HORIZON_DAYS + 1) * MS_PER_DAY);
  const lookback = new Date(startOfToday.getTime() - config.followUpCadenceDays.normal * MS_PER_DAY);
  const due = await prisma.$queryRaw<DueRow[]>`
    SELECT f."id" AS "id", f."projectId" AS "projectId", f."date" AS "date", f."nextAction" AS "nextAction", f."nextActionDue" AS "nextActionDue",
           p."code" AS "code", p."name" AS "name", p."lastFollowUpAt" AS "lastFollowUpAt"
    FROM "FollowUp" f JOIN "Project" p ON p."id" = f."projectId"
    WHERE f."deletedAt" IS NULL AND f."nextActionDue" IS NOT NULL AND f."nextActionDue" >= ${lookback} AND f."nextActionDue" < ${horizonEnd}
      AND ${scope} AND p."officerId" = ${user.id} AND p."lastFollowUpAt" IS NOT NULL`;
  const latest = due.filter((f) => f.lastFollowUpAt !== null && f.date.getTime() === f.lastFollowUpAt.getTime());
  const items: NextActionItem[] = latest
    .sort((a, b) => a.nextActionDue.getTime() - b.nextActionDue.getTime() || a.id.localeCompare(b.id))
    .map((f) => ({
      followUpId: f.id,
      nextAction: f.nextAction,
      due: f.nextActionDue,
      overdue: f.nextActionDue < startOfToday,
      project: { id: f.projectId, code: f.code, name: f.name },
    }));
  const overdue = items.filter((i) => i.overdue).length;
  return { overdue, dueSoon: items.length - overdue, items: items.slice(0, take) };
}

async function leaderDesk(user: SessionUser, take: number): Promise<LeaderDesk> {
  const at = now();
  const config = await getMechanism();
  const ctx: SqlContext = sqlContext(config, at);
  const scope = projectInScope(await regionScope(user));
  const warned = warningAtLeast(ctx, "YELLOW");
  const red = warningAtLeast(ctx, "RED");
  // The 包抓 list shows every project, the warned ones first, filled up with the others.
  const [names, keyProjects, lead] = await Promise.all([
    regionNames(),
    section(sql`${scope} AND p."isKey" = TRUE`, warned, red, BY_STAGE_CLOCK, take, config, at),
    rankedProjects(sql`${scope} AND p."leadLeaderId" = ${user.id}`, warned, red, BY_STAGE_CLOCK, take, true),
  ]);
  return {
    kind: "leader",
    keyProjects,
    leadProjects: { total: lead.count, warned: lead.total, items: lead.rows.map((r) => withWarning(r, config, at, names)) },
  };
}

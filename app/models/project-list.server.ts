// The project table and the kanban board (DESIGN §5): filters, sorting and paging done by the
// database, scope inside every `where`. Warning levels are computed per shown row with
// projectWarning(); filtering on them goes through the date cut-offs of
// app/domain/warning-cutoffs.ts, so no list ever loads every project to colour it.
import { ladderStages, stageDefinition, type StageCode } from "#app/domain/stages";
import { warningCutoffs, type ClockCutoffs, type WarningCutoffs } from "#app/domain/warning-cutoffs";
import { WARNING_LEVELS, projectWarning, type ProjectWarning, type WarningLevel } from "#app/domain/warnings";
import { getMechanism } from "#app/models/mechanism.server";
import { metricProjectIds, sqlContext, type SqlContext } from "#app/models/metric-sql.server";
import { projectScopeWhere } from "#app/models/project.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type DayRange, type ProjectFilters, type ProjectSortKey } from "#app/schemas/project-list";
import { now } from "#app/utils/clock";
import { Prisma, prisma } from "#app/utils/db.server";
import { type ListParams } from "#app/utils/list-params";
import { regionScope, type SessionUser } from "#app/utils/permissions.server";
import { containsText } from "#app/utils/text-search.server";

type Where = Prisma.ProjectWhereInput;

// ───────────────────────────── warning levels in SQL ─────────────────────────────

type Threshold = keyof ClockCutoffs;

// Each predicate below mirrors a function of warning-cutoffs.ts (stageClockReached,
// followUpClockReached, levelFromCutoffs) and is two-valued in SQL: nullable columns are guarded with
// `not: null`, so NOT(...) of it never drops a row through NULL logic.

function stageClockWhere(cutoffs: WarningCutoffs, threshold: Threshold): Where {
  // Stages with the same time limit share a cut-off: one term per cut-off, not per stage (a
  // smaller predicate is compiled faster, docs/benchmarks.md).
  const byCutoff = new Map<number, StageCode[]>();
  for (const c of cutoffs.stageClocks) {
    const at = c[threshold].getTime();
    byCutoff.set(at, [...(byCutoff.get(at) ?? []), c.stage]);
  }
  return {
    OR: [...byCutoff].map(([at, stages]) => (stages.length === 1 ? { stage: stages[0]!, stageEnteredAt: { lt: new Date(at) } } : { stage: { in: stages }, stageEnteredAt: { lt: new Date(at) } })),
  };
}

function followUpClockWhere(cutoffs: WarningCutoffs, threshold: Threshold): Where {
  const since = (cut: Date): Where => ({
    OR: [{ lastFollowUpAt: { not: null, lt: cut } }, { lastFollowUpAt: null, stageEnteredAt: { lt: cut } }],
  });
  return {
    stage: { in: cutoffs.followUpStages },
    OR: [
      { AND: [{ isKey: true }, since(cutoffs.followUp.key[threshold])] },
      { AND: [{ isKey: false }, since(cutoffs.followUp.normal[threshold])] },
    ],
  };
}

/** Projects whose stage clock alone has reached yellow (or red, with "redBefore"). */
export function stageClockAtLeast(cutoffs: WarningCutoffs, level: "YELLOW" | "RED"): Where {
  return stageClockWhere(cutoffs, level === "RED" ? "redBefore" : "yellowBefore");
}

/** Projects whose follow-up cadence alone has reached yellow (due soon) or red (overdue). */
export function followUpClockAtLeast(cutoffs: WarningCutoffs, level: "YELLOW" | "RED"): Where {
  return followUpClockWhere(cutoffs, level === "RED" ? "redBefore" : "yellowBefore");
}

function atLeast(cutoffs: WarningCutoffs, level: WarningLevel): Where | null {
  switch (level) {
    case "NONE":
      return null; // everything
    case "BLUE": {
      const clocked = [...new Set([...cutoffs.stageClocks.map((c) => c.stage), ...cutoffs.followUpStages])];
      return { stage: { in: clocked } };
    }
    case "YELLOW":
    case "RED":
      return { OR: [stageClockAtLeast(cutoffs, level), followUpClockAtLeast(cutoffs, level)] };
  }
}

/**
 * Projects whose warning level (the worse of the two clocks) is one of `levels`. The levels are
 * nested (a red clock has passed its yellow cut-off too), so a run of consecutive levels is
 * one range: "at least its lowest, and not at least the level above its highest". YELLOW + RED
 * is then just "at least YELLOW", a third of the predicate a term per level gives; Prisma's
 * query compiler spends time in proportion to the predicate's size (docs/benchmarks.md).
 */
export function warningLevelWhere(cutoffs: WarningCutoffs, levels: readonly WarningLevel[]): Where {
  const runs: { from: number; to: number }[] = [];
  WARNING_LEVELS.forEach((level, i) => {
    if (!levels.includes(level)) return;
    const last = runs[runs.length - 1];
    if (last && last.to === i - 1) last.to = i;
    else runs.push({ from: i, to: i });
  });
  const ranges = runs.map(({ from, to }): Where => {
    const lowest = atLeast(cutoffs, WARNING_LEVELS[from]!);
    const nextLevel = WARNING_LEVELS[to + 1];
    const above = nextLevel ? atLeast(cutoffs, nextLevel) : null;
    return { AND: [lowest ?? {}, above ? { NOT: above } : {}] };
  });
  return ranges.length === 1 ? ranges[0]! : { OR: ranges };
}

// ───────────────────────────── filters ─────────────────────────────

function dayRangeWhere(range: DayRange | undefined): Prisma.DateTimeNullableFilter | undefined {
  if (!range) return undefined;
  return { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) };
}

/** Text search on name, code and the pinyin search key (秦巴绒趣 ← `qbrq`, `qinba`). */
export function projectTextWhere(q: string): Where {
  const lowered = q.normalize("NFKC").trim().toLowerCase();
  const compact = lowered.replace(/\s+/gu, "");
  return {
    OR: [
      { name: containsText(q.trim()) },
      { code: containsText(q.trim()) },
      { searchKey: { contains: lowered } },
      ...(compact !== lowered ? [{ searchKey: { contains: compact } }] : []),
    ],
  };
}

// Regions are a short, rarely edited list: kept for a minute (as the scope's region tree is)
// instead of a join or a lookup query on every list, card and desk request.
type RegionRow = { id: string; name: string; parentId: string | null };
const REGION_CACHE_MS = 60_000;
let regionCache: { at: number; rows: RegionRow[]; names: Map<string, string> } | null = null;

async function regions() {
  if (regionCache && Date.now() - regionCache.at < REGION_CACHE_MS) return regionCache;
  const rows = await prisma.region.findMany({ select: { id: true, name: true, parentId: true } });
  regionCache = { at: Date.now(), rows, names: new Map(rows.map((r) => [r.id, r.name])) };
  return regionCache;
}

/** Region id → name, for rows that carry only `regionId`. */
export async function regionNames(): Promise<Map<string, string>> {
  return (await regions()).names;
}

async function regionAndDescendants(regionId: string): Promise<string[]> {
  const { rows } = await regions();
  const ids = [regionId];
  for (let i = 0; i < ids.length; i++) for (const r of rows) if (r.parentId === ids[i]) ids.push(r.id);
  return ids;
}

/**
 * The `where` of the filters alone (scope is added by the callers). A cockpit metric filter
 * keeps the ids its SQL rule selects (metric-sql.server.ts), read with the request's clock.
 */
export async function projectFilterWhere(filters: ProjectFilters, cutoffs: WarningCutoffs, metricContext?: SqlContext): Promise<Where> {
  const and: Where[] = [];
  const regionIds = filters.regionId ? await regionAndDescendants(filters.regionId) : null;
  if (regionIds) and.push({ regionId: { in: regionIds } });
  if (filters.metric) {
    if (!metricContext) throw new Error("projectFilterWhere: a metric filter needs the mechanism and the clock");
    and.push({ id: { in: await metricProjectIds(filters.metric, metricContext, regionIds) } });
  }
  if (filters.chainId) and.push({ chainId: filters.chainId });
  if (filters.linkId) and.push({ linkId: filters.linkId });
  if (filters.stages) and.push({ stage: { in: filters.stages } });
  if (filters.leadLeaderId) and.push({ leadLeaderId: filters.leadLeaderId });
  if (filters.officerId) and.push({ officerId: filters.officerId });
  if (filters.isKey !== undefined) and.push({ isKey: filters.isKey });
  if (filters.amountMin !== undefined) and.push({ plannedInvestment: { gte: filters.amountMin } });
  if (filters.amountMax !== undefined) and.push({ plannedInvestment: { lte: filters.amountMax } });
  const created = dayRangeWhere(filters.created);
  if (created) and.push({ createdAt: created as Prisma.DateTimeFilter });
  const signed = dayRangeWhere(filters.signed);
  if (signed) and.push({ signedAt: { not: null, ...signed } });
  const entered = dayRangeWhere(filters.stageEntered);
  if (entered) and.push({ stageEnteredAt: entered as Prisma.DateTimeFilter });
  if (filters.warnings) and.push(warningLevelWhere(cutoffs, filters.warnings));
  if (filters.q) and.push(projectTextWhere(filters.q));
  return { AND: and };
}

// ───────────────────────────── rows ─────────────────────────────

// Prisma selects the page's ids with the filters' `where` (one definition of each filter, shared
// with the board and the exports); the rows and every name they show are then ONE raw JOIN: a
// raw query skips Prisma's query compiler, and the names need no statement of their own.

type ProjectRowData = {
  id: string;
  code: string;
  name: string;
  stage: string;
  stageEnteredAt: Date;
  lastFollowUpAt: Date | null;
  isKey: boolean;
  plannedInvestment: number;
  signedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  regionId: string;
  leadLeaderId: string | null;
  officerId: string | null;
  company: { id: string; name: string };
  chain: { name: string } | null;
};
export type ProjectListRow = ProjectRowData & {
  regionName: string;
  leadLeaderName: string | null;
  officerName: string | null;
  warning: ProjectWarning;
};

type RawListRow = Omit<ProjectRowData, "company" | "chain"> & {
  companyId: string;
  companyName: string;
  chainName: string | null;
  regionName: string;
  leadLeaderName: string | null;
  officerName: string | null;
};

/** The rows of `ids` with their names, in the order of `ids` (ids not found are left out). */
async function listRowsByIds(ids: readonly string[], config: MechanismConfig, at: Date): Promise<ProjectListRow[]> {
  if (ids.length === 0) return [];
  const found = await prisma.$queryRaw<RawListRow[]>`
    SELECT p."id" AS "id", p."code" AS "code", p."name" AS "name", p."stage" AS "stage", p."stageEnteredAt" AS "stageEnteredAt",
      p."lastFollowUpAt" AS "lastFollowUpAt", p."isKey" AS "isKey", p."plannedInvestment" AS "plannedInvestment", p."signedAt" AS "signedAt",
      p."createdAt" AS "createdAt", p."updatedAt" AS "updatedAt", p."version" AS "version", p."regionId" AS "regionId",
      p."leadLeaderId" AS "leadLeaderId", p."officerId" AS "officerId", p."companyId" AS "companyId", co."name" AS "companyName",
      ch."name" AS "chainName", r."name" AS "regionName", ll."displayName" AS "leadLeaderName", o."displayName" AS "officerName"
    FROM "Project" p
    JOIN "Company" co ON co."id" = p."companyId"
    JOIN "Region" r ON r."id" = p."regionId"
    LEFT JOIN "IndustryChain" ch ON ch."id" = p."chainId"
    LEFT JOIN "User" ll ON ll."id" = p."leadLeaderId"
    LEFT JOIN "User" o ON o."id" = p."officerId"
    WHERE p."id" IN (${Prisma.join([...ids])})`;
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const { companyId, companyName, chainName, ...row } = r;
    return [{ ...withWarning(row, config, at), company: { id: companyId, name: companyName }, chain: chainName === null ? null : { name: chainName } }];
  });
}

function withWarning<T extends Pick<ProjectRowData, "stage" | "stageEnteredAt" | "lastFollowUpAt" | "isKey">>(row: T, config: MechanismConfig, at: Date) {
  return {
    ...row,
    warning: projectWarning({
      stage: row.stage as StageCode,
      stageEnteredAt: row.stageEnteredAt,
      lastFollowUpAt: row.lastFollowUpAt,
      isKey: row.isKey,
      now: at,
      config,
    }),
  };
}

type SortDir = "asc" | "desc";

function orderByFor(sort: Exclude<ProjectSortKey, "stage">, dir: SortDir): Prisma.ProjectOrderByWithRelationInput[] {
  const primary: Prisma.ProjectOrderByWithRelationInput = (() => {
    switch (sort) {
      case "code":
        return { code: dir };
      case "name":
        return { name: dir };
      case "region":
        return { region: { sortOrder: dir } };
      case "amount":
        return { plannedInvestment: dir };
      // Days in stage: the longest first is the earliest entry first.
      case "stageEnteredAt":
        return { stageEnteredAt: dir };
      // Never followed up counts as the oldest, on both databases.
      case "lastFollowUpAt":
        return { lastFollowUpAt: { sort: dir, nulls: dir === "asc" ? "first" : "last" } };
      case "updatedAt":
        return { updatedAt: dir };
    }
  })();
  return sort === "code" ? [primary] : [primary, { code: "asc" }];
}

/** The scope of the user plus the filters: what both the table and the board show. */
async function listWhere(user: SessionUser, filters: ProjectFilters, cutoffs: WarningCutoffs, metricContext: SqlContext): Promise<Where> {
  const [scope, filter] = await Promise.all([projectScopeWhere(user), projectFilterWhere(filters, cutoffs, metricContext)]);
  return { AND: [scope, filter] };
}

/** The `where` of the project list for these filters, read now: exports use the same rows as the table. */
export async function projectListWhere(user: SessionUser, filters: ProjectFilters): Promise<Where> {
  const at = now();
  const config = await getMechanism();
  return listWhere(user, filters, warningCutoffs(config, at), sqlContext(config, at));
}

export type ProjectListResult = { total: number; rows: ProjectListRow[] };

export async function listProjects(
  user: SessionUser,
  filters: ProjectFilters,
  list: Pick<ListParams<ProjectSortKey>, "sort" | "dir" | "skip" | "pageSize">,
): Promise<ProjectListResult> {
  const at = now();
  const config = await getMechanism();
  const cutoffs = warningCutoffs(config, at);
  const where = await listWhere(user, filters, cutoffs, sqlContext(config, at));
  if (list.sort === "stage") return pageByStageOrder(where, list, config, at);
  const [total, page] = await Promise.all([
    prisma.project.count({ where }),
    prisma.project.findMany({ where, orderBy: orderByFor(list.sort, list.dir), skip: list.skip, take: list.pageSize, select: { id: true } }),
  ]);
  return { total, rows: await listRowsByIds(page.map((r) => r.id), config, at) };
}

/** Stages in the configured order (unknown codes last, by code). */
function stageComparator(config: MechanismConfig) {
  const orderOf = (stage: string) => stageDefinition(config, stage as StageCode)?.order ?? Number.MAX_SAFE_INTEGER;
  return (a: string, b: string) => orderOf(a) - orderOf(b) || a.localeCompare(b);
}

/**
 * Every project id of the list for these filters, in the table's order (a stage sort keeps code
 * order within a stage, as the table does): an export reads the rows by id, batch after batch,
 * in the order and membership of this one read.
 */
export async function orderedProjectIds(user: SessionUser, filters: ProjectFilters, order: { sort: ProjectSortKey; dir: SortDir }): Promise<string[]> {
  const at = now();
  const config = await getMechanism();
  const where = await listWhere(user, filters, warningCutoffs(config, at), sqlContext(config, at));
  if (order.sort !== "stage") {
    return (await prisma.project.findMany({ where, orderBy: orderByFor(order.sort, order.dir), select: { id: true } })).map((r) => r.id);
  }
  const rows = await prisma.project.findMany({ where, orderBy: { code: "asc" }, select: { id: true, stage: true } });
  const byStage = stageComparator(config);
  const sign = order.dir === "desc" ? -1 : 1;
  return rows.sort((a, b) => sign * byStage(a.stage, b.stage)).map((r) => r.id); // stable: code order within a stage
}

/**
 * Sorting by the configured stage order, which the database does not know: count per stage,
 * then read the page as slices of the stages it spans (usually one or two queries).
 */
async function pageByStageOrder(
  where: Where,
  list: Pick<ListParams<ProjectSortKey>, "dir" | "skip" | "pageSize">,
  config: MechanismConfig,
  at: Date,
): Promise<ProjectListResult> {
  const groups = await prisma.project.groupBy({ by: ["stage"], where, _count: { _all: true } });
  const byStage = stageComparator(config);
  const sorted = groups.map((g) => ({ stage: g.stage, count: g._count._all })).sort((a, b) => byStage(a.stage, b.stage));
  if (list.dir === "desc") sorted.reverse();
  const total = sorted.reduce((sum, g) => sum + g.count, 0);

  const slices: { stage: string; skip: number; take: number }[] = [];
  let offset = 0;
  for (const group of sorted) {
    const start = Math.max(list.skip - offset, 0);
    const end = Math.min(list.skip + list.pageSize - offset, group.count);
    if (start < end) slices.push({ stage: group.stage, skip: start, take: end - start });
    offset += group.count;
  }
  const parts = await Promise.all(
    slices.map((s) =>
      prisma.project.findMany({ where: { AND: [where, { stage: s.stage }] }, orderBy: { code: "asc" }, skip: s.skip, take: s.take, select: { id: true } }),
    ),
  );
  return { total, rows: await listRowsByIds(parts.flat().map((r) => r.id), config, at) };
}

// ───────────────────────────── kanban ─────────────────────────────

const CARD_SELECT = {
  id: true,
  code: true,
  name: true,
  stage: true,
  stageEnteredAt: true,
  lastFollowUpAt: true,
  isKey: true,
  plannedInvestment: true,
  version: true,
  regionId: true,
} as const satisfies Prisma.ProjectSelect;

export type KanbanCard = Prisma.ProjectGetPayload<{ select: typeof CARD_SELECT }> & { regionName: string; warning: ProjectWarning };
export type KanbanColumn = { stage: StageCode; total: number; cards: KanbanCard[] };

/** Stages the board shows: the ladder in its configured order, then 暂缓 (终止 stays off it). */
export function kanbanStages(config: MechanismConfig): StageCode[] {
  return [...ladderStages(config).map((s) => s.code), "ON_HOLD"];
}

/**
 * One column per stage with at most `cap` cards, the longest in their stage first (the ones
 * whose clock runs out soonest), and the column's full count for "查看全部 N 个".
 */
export async function kanbanColumns(user: SessionUser, filters: ProjectFilters, cap: number): Promise<KanbanColumn[]> {
  const at = now();
  const config = await getMechanism();
  const cutoffs = warningCutoffs(config, at);
  const stages = kanbanStages(config).filter((s) => !filters.stages || filters.stages.includes(s));
  const where = await listWhere(user, filters, cutoffs, sqlContext(config, at));
  const [names, groups, ...cards] = await Promise.all([
    regionNames(),
    prisma.project.groupBy({ by: ["stage"], where: { AND: [where, { stage: { in: stages } }] }, _count: { _all: true } }),
    ...stages.map((stage) =>
      prisma.project.findMany({
        where: { AND: [where, { stage }] },
        orderBy: [{ stageEnteredAt: "asc" }, { code: "asc" }],
        take: cap,
        select: CARD_SELECT,
      }),
    ),
  ]);
  const counts = new Map(groups.map((g) => [g.stage, g._count._all]));
  return stages.map((stage, i) => ({
    stage,
    total: counts.get(stage) ?? 0,
    cards: (cards[i] ?? []).map((c) => ({ ...withWarning(c, config, at), regionName: names.get(c.regionId) ?? "" })),
  }));
}

// ───────────────────────────── filter options ─────────────────────────────

export type Option = { value: string; label: string };

type OptionRow = { kind: "region" | "chain" | "leader" | "officer"; id: string; label: string; detail: string | null };

/**
 * What the filter bar offers: regions in the user's scope, chains, leaders and officers — one
 * raw statement, each list in its own order (ROW_NUMBER over the order the list is shown in).
 */
export async function projectListOptions(user: SessionUser) {
  const scope = await regionScope(user);
  const inScope = (column: Prisma.Sql) => (scope === null ? Prisma.sql`1 = 1` : scope.length === 0 ? Prisma.sql`1 = 0` : Prisma.sql`${column} IN (${Prisma.join([...scope])})`);
  const rows = await prisma.$queryRaw<OptionRow[]>`
    SELECT "kind", "id", "label", "detail" FROM (
      SELECT 'region' AS "kind", 1 AS "part", r."id" AS "id", r."name" AS "label", CAST(NULL AS TEXT) AS "detail", ROW_NUMBER() OVER (ORDER BY r."sortOrder") AS "ord"
        FROM "Region" r WHERE ${inScope(Prisma.sql`r."id"`)}
      UNION ALL
      SELECT 'chain', 2, ic."id", ic."name", NULL, ROW_NUMBER() OVER (ORDER BY ic."sortOrder")
        FROM "IndustryChain" ic WHERE ic."deletedAt" IS NULL
      UNION ALL
      SELECT 'leader', 3, u."id", u."displayName", u."title", ROW_NUMBER() OVER (ORDER BY u."displayName")
        FROM "User" u WHERE u."role" = 'LEADER' AND u."disabled" = FALSE
      UNION ALL
      SELECT 'officer', 4, u."id", u."displayName", ur."name", ROW_NUMBER() OVER (ORDER BY u."displayName")
        FROM "User" u LEFT JOIN "Region" ur ON ur."id" = u."regionId"
        WHERE u."disabled" = FALSE AND (u."role" = 'CITY_OFFICER' OR (u."role" = 'COUNTY_OFFICER' AND ${inScope(Prisma.sql`u."regionId"`)}))
    ) o ORDER BY "part", "ord"`;
  const of = (kind: OptionRow["kind"]): Option[] =>
    rows.filter((r) => r.kind === kind).map((r) => ({ value: r.id, label: r.detail ? `${r.label}（${r.detail}）` : r.label }));
  return { regions: of("region"), chains: of("chain"), leaders: of("leader"), officers: of("officer") };
}

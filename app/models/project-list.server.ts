// The project table and the kanban board (DESIGN §5): filters, sorting and paging done by the
// database, scope inside every `where`. Warning levels are computed per shown row with
// projectWarning(); filtering on them goes through the date cut-offs of
// app/domain/warning-cutoffs.ts, so no list ever loads every project to colour it.
//
// The list's reads are raw SQL (issue #7): the filters are ONE condition on the project row `p`
// (listCondition), which the table, the board, the ledger and funds exports all query with, and
// the names a row shows are JOINed instead of read by separate statements. Prisma's query
// compiler cost more than these queries themselves (ADR 014). The Prisma `where` of the text
// search stays for the global search.
import { ladderStages, stagesInOrder, type StageCode } from "#app/domain/stages";
import { clockedStages } from "#app/domain/warning-cutoffs";
import { WARNING_LEVELS, projectWarning, type ProjectWarning, type WarningLevel } from "#app/domain/warnings";
import { getMechanism } from "#app/models/mechanism.server";
import { dateSql, inList, metricProjectIds, numberSql, projectColumns, projectInScope, regionFilter, sqlContext, warningAtLeast, type Sql, type SqlContext } from "#app/models/metric-sql.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type DayRange, type ProjectFilters, type ProjectSortKey } from "#app/schemas/project-list";
import { now } from "#app/utils/clock";
import { isPostgres } from "#app/utils/database-url";
import { num, Prisma, prisma } from "#app/utils/db.server";
import { type ListOrder, type ListParams } from "#app/utils/list-params";
import { regionScope, regionTree, type SessionUser } from "#app/utils/permissions.server";
import { containsText, containsTextSql } from "#app/utils/text-search.server";

const sql = Prisma.sql;
const join = Prisma.join;

type Where = Prisma.ProjectWhereInput;

// ───────────────────────────── warning levels in SQL ─────────────────────────────

/** Projects whose warning is at least `level` (YELLOW and RED through metric-sql's warningAtLeast). */
function atLeastSql(ctx: SqlContext, level: WarningLevel): Sql | null {
  switch (level) {
    case "NONE":
      return null;
    case "BLUE":
      return inList(sql`p."stage"`, clockedStages(ctx.cutoffs));
    case "YELLOW":
    case "RED":
      return warningAtLeast(ctx, level);
  }
}

/**
 * The levels as ranges of consecutive levels. The levels are nested (a red clock has passed its
 * yellow cut-off too), so a run of consecutive levels is one range: "at least its lowest, and not
 * at least the level above its highest". YELLOW + RED is then just "at least YELLOW", a third of
 * the predicate a term per level gives.
 */
function levelRanges(levels: readonly WarningLevel[]): { lowest: WarningLevel; above: WarningLevel | undefined }[] {
  const runs: { from: number; to: number }[] = [];
  WARNING_LEVELS.forEach((level, i) => {
    if (!levels.includes(level)) return;
    const last = runs[runs.length - 1];
    if (last && last.to === i - 1) last.to = i;
    else runs.push({ from: i, to: i });
  });
  return runs.map(({ from, to }) => ({ lowest: WARNING_LEVELS[from]!, above: WARNING_LEVELS[to + 1] }));
}

/** Projects whose warning level (the worse of the two clocks) is one of `levels`, on the project row `p` (every term is two-valued, so NOT is safe). */
function warningLevelSql(ctx: SqlContext, levels: readonly WarningLevel[]): Sql {
  const ranges = levelRanges(levels).map(({ lowest, above }) => {
    const from = atLeastSql(ctx, lowest);
    const to = above ? atLeastSql(ctx, above) : null;
    return sql`(${from ?? sql`1 = 1`} AND ${to ? sql`NOT ${to}` : sql`1 = 1`})`;
  });
  return ranges.length === 0 ? sql`1 = 0` : sql`(${join(ranges, " OR ")})`;
}

// ───────────────────────────── filters ─────────────────────────────

/**
 * `column IN (ids)` with the ids as ONE bound value (a JSON array on SQLite, an array on
 * PostgreSQL): a cockpit drill can select thousands of projects, and the list's statement holds
 * its condition twice (the page and the total).
 */
function idIn(column: Sql, ids: readonly string[]): Sql {
  return isPostgres() ? sql`${column} = ANY(${[...ids]})` : sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/** What the text search compares: the text as typed, and the pinyin search key's forms. */
function searchTerms(q: string): { text: string; keys: string[] } {
  const lowered = q.normalize("NFKC").trim().toLowerCase();
  const compact = lowered.replace(/\s+/gu, "");
  return { text: q.trim(), keys: compact !== lowered ? [lowered, compact] : [lowered] };
}

/** Text search on name, code and the pinyin search key (秦巴绒趣 ← `qbrq`, `qinba`). */
export function projectTextWhere(q: string): Where {
  const { text, keys } = searchTerms(q);
  return { OR: [{ name: containsText(text) }, { code: containsText(text) }, ...keys.map((key) => ({ searchKey: { contains: key } }))] };
}

/** projectTextWhere in SQL (the same LIKE patterns Prisma sends: % and _ in the text are not escaped). */
function projectTextSql(q: string): Sql {
  const { text, keys } = searchTerms(q);
  return sql`(${join([containsTextSql(sql`p."name"`, text), containsTextSql(sql`p."code"`, text), ...keys.map((key) => sql`p."searchKey" LIKE ${`%${key}%`}`)], " OR ")})`;
}

// Regions are a short, rarely edited list: the scope's cached region tree (regionTree) instead
// of a join or a lookup query on every list, card and desk request.
const namesOf = new WeakMap<readonly { id: string; name: string }[], Map<string, string>>();

/** Region id → name, for rows that carry only `regionId`. */
export async function regionNames(): Promise<Map<string, string>> {
  const rows = await regionTree();
  let names = namesOf.get(rows);
  if (!names) namesOf.set(rows, (names = new Map(rows.map((r) => [r.id, r.name]))));
  return names;
}

async function regionAndDescendants(regionId: string): Promise<string[]> {
  const rows = await regionTree();
  const ids = [regionId];
  for (let i = 0; i < ids.length; i++) for (const r of rows) if (r.parentId === ids[i]) ids.push(r.id);
  return ids;
}

/** A day range on a date column (`to` exclusive); a NULL date is in no range. */
function dayRangeSql(column: Sql, range: DayRange): Sql[] {
  return [...(range.from ? [sql`${column} >= ${dateSql(range.from)}`] : []), ...(range.to ? [sql`${column} < ${dateSql(range.to)}`] : [])];
}

/**
 * The filters alone, as a condition on the project row `p` (scope is added by listCondition). A
 * cockpit metric filter keeps the ids its SQL rule selects (metric-sql.server.ts), read once with
 * the request's clock: some rules are costly subqueries, and the ids are then used twice.
 */
async function projectFilterSql(filters: ProjectFilters, ctx: SqlContext): Promise<Sql[]> {
  const and: Sql[] = [];
  const regionIds = filters.regionId ? await regionAndDescendants(filters.regionId) : null;
  if (regionIds) and.push(regionFilter(regionIds));
  if (filters.metric) and.push(idIn(sql`p."id"`, await metricProjectIds(filters.metric, ctx, regionIds)));
  if (filters.chainId) and.push(sql`p."chainId" = ${filters.chainId}`);
  if (filters.linkId) and.push(sql`p."linkId" = ${filters.linkId}`);
  if (filters.stages) and.push(inList(sql`p."stage"`, filters.stages));
  if (filters.leadLeaderId) and.push(sql`p."leadLeaderId" = ${filters.leadLeaderId}`);
  if (filters.officerId) and.push(sql`p."officerId" = ${filters.officerId}`);
  if (filters.isKey !== undefined) and.push(filters.isKey ? sql`p."isKey" = TRUE` : sql`p."isKey" = FALSE`);
  if (filters.amountMin !== undefined) and.push(sql`p."plannedInvestment" >= ${filters.amountMin}`);
  if (filters.amountMax !== undefined) and.push(sql`p."plannedInvestment" <= ${filters.amountMax}`);
  if (filters.created) and.push(...dayRangeSql(sql`p."createdAt"`, filters.created));
  if (filters.signed) and.push(sql`p."signedAt" IS NOT NULL`, ...dayRangeSql(sql`p."signedAt"`, filters.signed));
  if (filters.stageEntered) and.push(...dayRangeSql(sql`p."stageEnteredAt"`, filters.stageEntered));
  if (filters.warnings) and.push(warningLevelSql(ctx, filters.warnings));
  if (filters.q) and.push(projectTextSql(filters.q));
  return and;
}

/** The list for a user: the scope (not deleted, in the user's regions) and the filters, on `p`. */
async function listCondition(user: SessionUser, filters: ProjectFilters, ctx: SqlContext): Promise<Sql> {
  const [scope, filter] = await Promise.all([regionScope(user), projectFilterSql(filters, ctx)]);
  return join([projectInScope(scope), ...filter], " AND ");
}

/**
 * The list's condition on the project row `p` for these filters, read now, for the exports: an
 * export holds exactly the rows the table shows.
 */
export async function projectListCondition(user: SessionUser, filters: ProjectFilters): Promise<Sql> {
  const config = await getMechanism();
  return listCondition(user, filters, sqlContext(config, now()));
}

async function countWhere(condition: Sql): Promise<number> {
  const [row] = await prisma.$queryRaw<{ n: unknown }[]>`SELECT COUNT(*) AS "n" FROM "Project" p WHERE ${condition}`;
  return num(row?.n);
}

/** How many projects the list for these filters holds. */
export async function countProjectList(user: SessionUser, filters: ProjectFilters): Promise<number> {
  return countWhere(await projectListCondition(user, filters));
}

// ───────────────────────────── rows ─────────────────────────────

/** What a project's row, card or desk line shows and colours by (projectWarning reads the clocks). */
export type ProjectLine = {
  id: string;
  code: string;
  name: string;
  stage: string;
  stageEnteredAt: Date;
  lastFollowUpAt: Date | null;
  isKey: boolean;
  plannedInvestment: number;
  regionId: string;
};

const PROJECT_LINE_COLUMNS = ["id", "code", "name", "stage", "stageEnteredAt", "lastFollowUpAt", "isKey", "plannedInvestment", "regionId"] as const satisfies readonly (keyof ProjectLine)[];

/** A ProjectLine's columns of the project row `p`. */
export const projectLineColumns = projectColumns(PROJECT_LINE_COLUMNS);

type ProjectRowData = ProjectLine & {
  signedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
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
  chainId: string | null;
  chainName: string | null;
  regionName: string;
  leadLeaderName: string | null;
  officerName: string | null;
  total: unknown;
};

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

/**
 * The table's order on `p`. Ties by code; a stage sort is the configured stage order (unknown
 * codes last, by code) and code order within a stage, in either direction.
 */
function orderSql(sort: ProjectSortKey, dir: SortDir, config: MechanismConfig): Sql {
  const d = Prisma.raw(dir === "asc" ? "ASC" : "DESC");
  const primary = (() => {
    switch (sort) {
      case "code":
        return null;
      case "name":
        return sql`p."name" ${d}`;
      case "region":
        return sql`(SELECT r."sortOrder" FROM "Region" r WHERE r."id" = p."regionId") ${d}`;
      case "stage": {
        const stages = stagesInOrder(config);
        const position = stages.map((s, i) => sql`WHEN ${s.code} THEN ${numberSql(i)}`);
        return sql`CASE p."stage" ${join(position, " ")} ELSE ${numberSql(stages.length)} END ${d}, p."stage" ${d}`;
      }
      case "amount":
        return sql`p."plannedInvestment" ${d}`;
      // Days in stage: the longest first is the earliest entry first.
      case "stageEnteredAt":
        return sql`p."stageEnteredAt" ${d}`;
      // Never followed up counts as the oldest, on both databases.
      case "lastFollowUpAt":
        return dir === "asc" ? sql`p."lastFollowUpAt" ASC NULLS FIRST` : sql`p."lastFollowUpAt" DESC NULLS LAST`;
      case "updatedAt":
        return sql`p."updatedAt" ${d}`;
    }
  })();
  return primary ? sql`${primary}, p."code" ASC` : sql`p."code" ${d}`;
}

// The row's own columns.
const rowColumns = projectColumns([...PROJECT_LINE_COLUMNS, "signedAt", "createdAt", "updatedAt", "version", "leadLeaderId", "officerId", "companyId", "chainId"]);

export type ProjectListResult = { total: number; rows: ProjectListRow[] };

/**
 * One page of the table and the list's total in one statement:
 * - the page's codes are sorted and cut first: every order ends with the unique code, and for the
 *   default order within stages the index on (stage, deletedAt, updatedAt, code) holds all of it,
 *   so PostgreSQL reads 50 rows, not 2 239;
 * - its rows are then read by code, their names by scalar subqueries: as five joins they cost
 *   PostgreSQL 2 ms of planning on every request, as subqueries 0.5 ms;
 * - the total is an uncorrelated subquery, which both databases evaluate once (a COUNT(*) OVER ()
 *   made SQLite materialise every row: 4× slower).
 */
export async function listProjects(
  user: SessionUser,
  filters: ProjectFilters,
  list: Pick<ListParams<ProjectSortKey>, "sort" | "dir" | "skip" | "pageSize">,
): Promise<ProjectListResult> {
  const at = now();
  const config = await getMechanism();
  const condition = await listCondition(user, filters, sqlContext(config, at));
  const order = orderSql(list.sort, list.dir, config);
  const found = await prisma.$queryRaw<RawListRow[]>(
    sql`SELECT ${rowColumns}, (SELECT COUNT(*) FROM "Project" p WHERE ${condition}) AS "total",
          (SELECT co."name" FROM "Company" co WHERE co."id" = p."companyId") AS "companyName",
          (SELECT ch."name" FROM "IndustryChain" ch WHERE ch."id" = p."chainId") AS "chainName",
          (SELECT r."name" FROM "Region" r WHERE r."id" = p."regionId") AS "regionName",
          (SELECT u."displayName" FROM "User" u WHERE u."id" = p."leadLeaderId") AS "leadLeaderName",
          (SELECT u."displayName" FROM "User" u WHERE u."id" = p."officerId") AS "officerName"
        FROM (SELECT p."code" AS "code" FROM "Project" p WHERE ${condition} ORDER BY ${order} LIMIT ${list.pageSize} OFFSET ${list.skip}) page
        JOIN "Project" p ON p."code" = page."code"
        ORDER BY ${order}`,
  );
  // A page past the end has no row to carry the total.
  const total = found[0] ? num(found[0].total) : list.skip > 0 ? await countWhere(condition) : 0;
  const rows = found.map(({ companyId, companyName, chainId: _chainId, chainName, total: _total, ...row }) => ({
    ...withWarning(row, config, at),
    company: { id: companyId, name: companyName },
    chain: chainName === null ? null : { name: chainName },
  }));
  return { total, rows };
}

/**
 * Every project id of the list for these filters, in the table's order: an export reads the rows
 * by id, batch after batch, in the order and membership of this one read.
 */
export async function orderedProjectIds(user: SessionUser, filters: ProjectFilters, order: ListOrder<ProjectSortKey>): Promise<string[]> {
  const config = await getMechanism();
  const condition = await listCondition(user, filters, sqlContext(config, now()));
  const rows = await prisma.$queryRaw<{ id: string }[]>(sql`SELECT p."id" AS "id" FROM "Project" p WHERE ${condition} ORDER BY ${orderSql(order.sort, order.dir, config)}`);
  return rows.map((r) => r.id);
}

// ───────────────────────────── kanban ─────────────────────────────

export type KanbanCard = ProjectLine & {
  version: number;
  regionName: string;
  warning: ProjectWarning;
};
export type KanbanColumn = { stage: StageCode; total: number; cards: KanbanCard[] };

/** Stages the board shows: the ladder in its configured order, then 暂缓 (终止 stays off it). */
export function kanbanStages(config: MechanismConfig): StageCode[] {
  return [...ladderStages(config).map((s) => s.code), "ON_HOLD"];
}

const CARD_COLUMNS = projectColumns([...PROJECT_LINE_COLUMNS, "version"]);

/**
 * One column per stage with at most `cap` cards, the longest in their stage first (the ones
 * whose clock runs out soonest; `cap` ≥ 1), and the column's full count for "查看全部 N 个" — one statement:
 * a LIMIT per stage (a ROW_NUMBER over every project sorted the whole list: 2–4× slower) and
 * the counts of one GROUP BY.
 */
export async function kanbanColumns(user: SessionUser, filters: ProjectFilters, cap: number): Promise<KanbanColumn[]> {
  const at = now();
  const config = await getMechanism();
  const stages = kanbanStages(config).filter((s) => !filters.stages || filters.stages.includes(s));
  if (stages.length === 0) return [];
  const condition = await listCondition(user, filters, sqlContext(config, at));
  const firstCards = stages.map(
    (stage) => sql`SELECT * FROM (SELECT ${CARD_COLUMNS} FROM "Project" p WHERE ${condition} AND p."stage" = ${stage} ORDER BY p."stageEnteredAt" ASC, p."code" ASC LIMIT ${numberSql(cap)}) s`,
  );
  const found = await prisma.$queryRaw<(Omit<KanbanCard, "warning"> & { total: unknown })[]>(
    sql`SELECT k.*, r."name" AS "regionName", n."total" AS "total"
        FROM (${join(firstCards, " UNION ALL ")}) k
        JOIN "Region" r ON r."id" = k."regionId"
        JOIN (SELECT p."stage" AS "stage", COUNT(*) AS "total" FROM "Project" p WHERE ${condition} AND ${inList(sql`p."stage"`, stages)} GROUP BY p."stage") n ON n."stage" = k."stage"
        ORDER BY k."stage", k."stageEnteredAt", k."code"`,
  );
  return stages.map((stage) => {
    const inStage = found.filter((c) => c.stage === stage);
    return { stage, total: num(inStage[0]?.total), cards: inStage.map(({ total: _total, ...card }) => withWarning(card, config, at)) };
  });
}

// ───────────────────────────── filter options ─────────────────────────────

export type Option = { value: string; label: string };

type OptionRow = { kind: "region" | "chain" | "leader" | "officer"; id: string; label: string; detail: string | null };

/**
 * What the filter bar offers: regions in the user's scope, chains, leaders and officers — one
 * raw statement, each list in its own order (a number for regions and chains, a name for people).
 */
export async function projectListOptions(user: SessionUser) {
  const scope = await regionScope(user);
  const inScope = (column: Sql) => (scope === null ? sql`1 = 1` : inList(column, scope));
  const rows = await prisma.$queryRaw<OptionRow[]>`
    SELECT 'region' AS "kind", 1 AS "part", r."id" AS "id", r."name" AS "label", CAST(NULL AS TEXT) AS "detail", r."sortOrder" AS "n", CAST(NULL AS TEXT) AS "t"
      FROM "Region" r WHERE ${inScope(sql`r."id"`)}
    UNION ALL
    SELECT 'chain', 2, ic."id", ic."name", NULL, ic."sortOrder", NULL
      FROM "IndustryChain" ic WHERE ic."deletedAt" IS NULL
    UNION ALL
    SELECT 'leader', 3, u."id", u."displayName", u."title", NULL, u."displayName"
      FROM "User" u WHERE u."role" = 'LEADER' AND u."disabled" = FALSE
    UNION ALL
    SELECT 'officer', 4, u."id", u."displayName", (SELECT ur."name" FROM "Region" ur WHERE ur."id" = u."regionId"), NULL, u."displayName"
      FROM "User" u WHERE u."disabled" = FALSE AND (u."role" = 'CITY_OFFICER' OR (u."role" = 'COUNTY_OFFICER' AND ${inScope(sql`u."regionId"`)}))
    ORDER BY "part", "n", "t"`;
  const of = (kind: OptionRow["kind"]): Option[] =>
    rows.filter((r) => r.kind === kind).map((r) => ({ value: r.id, label: r.detail ? `${r.label}（${r.detail}）` : r.label }));
  return { regions: of("region"), chains: of("chain"), leaders: of("leader"), officers: of("officer") };
}

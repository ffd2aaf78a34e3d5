// The metrics' rules in SQL (the rules themselves and why: app/domain/metrics.ts). Each metric
// is ONE predicate over a project row `p`; the cockpit counts with it (SUM(CASE WHEN …) per
// region, app/models/metrics.server.ts) and the project list filters with it (metricProjectIds),
// so a number and the list it links to cannot disagree. The entity counts (funds, problems,
// follow-ups, incentives, instructions) are built from the same condition fragments as the
// EXISTS of their drill predicates.
//
// Plain SQL that SQLite and PostgreSQL both run: quoted identifiers, CASE, COALESCE, EXISTS,
// `||`, TRUE/FALSE; dates are bound as parameters (both adapters bind a Date in the column's own
// format) and only ever compared with columns, never placed where PostgreSQL could not infer
// their type. No date arithmetic in SQL: cut-offs are computed here, in the product's calendar.
import { type CompanyTag } from "#app/domain/company-name";
import { type FundsSource } from "#app/domain/contract-performance";
import { IN_TALKS_STAGES, OUTBOUND_KINDS, nonWorkdayRuns, type CountingRules, type Period } from "#app/domain/metrics";
import { type Capacity } from "#app/domain/projects";
import { warningCutoffs, workdayCutoff, type WarningCutoffs } from "#app/domain/warning-cutoffs";
import { startOfShanghaiDay } from "#app/domain/workdays";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type MetricDrill } from "#app/schemas/metric-drill";
import { isPostgres } from "#app/utils/database-url";
import { Prisma, prisma, type DbTx } from "#app/utils/db.server";
import { type RegionScope } from "#app/utils/permissions.server";

export type Sql = Prisma.Sql;
const sql = Prisma.sql;
const join = Prisma.join;
const raw = Prisma.raw;

/** What every predicate of one request reads: the rules in force and the request's clock. */
export type SqlContext = {
  rules: CountingRules;
  now: Date;
  /** 00:00 today, Shanghai. */
  today: Date;
  /** Problems 办理中 and instructions unanswered with a deadline day before this are overdue (red). */
  overdueBefore: Date;
  /** The warning cut-offs (warning-cutoffs.ts): stage clocks and follow-up cadence. */
  cutoffs: WarningCutoffs;
};

export function sqlContext(config: MechanismConfig, now: Date): SqlContext {
  return {
    rules: config.countingRules,
    now,
    today: startOfShanghaiDay(now),
    overdueBefore: workdayCutoff(now, 1),
    cutoffs: warningCutoffs(config, now),
  };
}

const FALSE = sql`1 = 0`;

/**
 * An instant as an SQL literal in the column's own storage format (SQLite keeps ISO text with
 * "+00:00", PostgreSQL a UTC timestamp). Literals, not parameters: a cockpit query compares
 * against hundreds of cut-offs and the driver's cost per bound date dwarfs the query itself.
 * Safe to inline — the text is made here from a Date, never from input.
 */
export function dateSql(date: Date): Sql {
  const iso = date.toISOString().slice(0, 23);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/.test(iso)) throw new RangeError(`Not a date: ${String(date)}`);
  return raw(isPostgres() ? `'${iso.replace("T", " ")}'` : `'${iso}+00:00'`);
}

function list(values: readonly (string | number)[]): Sql {
  return values.length === 0 ? sql`(NULL)` : sql`(${join([...values])})`;
}

/**
 * A column compared without its index. SQLite has no table statistics here, and for a
 * condition that keeps most of a table it walks an index and fetches every row by rowid — five
 * to seven times slower than reading the table (measured on the ×10 dataset); a unary `+` makes
 * it read the table. PostgreSQL plans with statistics and gets the column as it is.
 */
export function scanColumn(column: string): Sql {
  return raw(isPostgres() ? column : `+${column}`);
}

/** A finite number as an SQL literal (the rules' thresholds; see dateSql for why literals). */
export function numberSql(value: number): Sql {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  return raw(String(value));
}

function codeOf(code: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new RangeError(`Not a code: ${code}`);
  return code;
}

/** A code of the product's own (stage, milestone kind, tag) as an SQL literal. */
function codeSql(code: string): Sql {
  return raw(`'${codeOf(code)}'`);
}

function codes(values: readonly string[]): Sql {
  return values.length === 0 ? sql`(NULL)` : sql`(${join(values.map(codeSql), ", ")})`;
}

function between(column: string, period: Period): Sql {
  return sql`(${raw(column)} >= ${dateSql(period.from)} AND ${raw(column)} < ${dateSql(period.to)})`;
}

/** `between` on a column read without its index (see scanColumn). */
function scanBetween(column: string, period: Period): Sql {
  return sql`(${scanColumn(column)} >= ${dateSql(period.from)} AND ${scanColumn(column)} < ${dateSql(period.to)})`;
}

/** A subquery's date in the period (a NULL falls out of a WHERE and a CASE WHEN alike). */
function inRange(value: Sql, period: Period): Sql {
  return sql`${value} BETWEEN ${dateSql(period.from)} AND ${dateSql(new Date(period.to.getTime() - 1))}`;
}

function and(...parts: (Sql | null | undefined | false)[]): Sql {
  const kept = parts.filter((p): p is Sql => !!p);
  return kept.length === 0 ? sql`1 = 1` : sql`(${join(kept, " AND ")})`;
}

function or(parts: Sql[]): Sql {
  return parts.length === 0 ? FALSE : sql`(${join(parts, " OR ")})`;
}

/** `column IN (values)`, the values bound; none gives false rather than NULL, so NOT of it holds. */
export function inList(column: Sql, values: readonly string[]): Sql {
  return values.length === 0 ? FALSE : sql`${column} IN ${list(values)}`;
}

/** `p."regionId" IN (…)`; null: every region. */
export function regionFilter(regionIds: readonly string[] | null): Sql {
  return regionIds === null ? sql`1 = 1` : inList(sql`p."regionId"`, regionIds);
}

/** Columns of the project row `p`, each under its own name (names from the code, never input). */
export function projectColumns(names: readonly string[]): Sql {
  for (const name of names) if (!/^[A-Za-z]+$/.test(name)) throw new RangeError(`Not a column: ${name}`);
  return raw(names.map((name) => `p."${name}" AS "${name}"`).join(", "));
}

// ───────────────────────────── project predicates ─────────────────────────────

export const alive = sql`p."deletedAt" IS NULL`;

/** Project `p` is in the user's scope: projectScopeWhere of project.server.ts, in SQL. */
export function projectInScope(scope: RegionScope): Sql {
  return and(alive, regionFilter(scope));
}
/** 统计金额: the contract amount, else the planned investment (万元). */
export const amount = sql`COALESCE(p."contractAmount", p."plannedInvestment")`;

/** 计入统计: not deleted, not 终止, amount at the threshold or above. */
export function counted(ctx: SqlContext): Sql {
  return sql`(p."deletedAt" IS NULL AND p."stage" <> 'TERMINATED' AND ${amount} >= ${numberSql(ctx.rules.minAmountWan)})`;
}

// Predicates test the row's own dates first: most rows fail there, and SQLite stops at the first
// false term of an AND (a cockpit query evaluates ~50 of them for every project).

export function signedIn(ctx: SqlContext, period: Period): Sql {
  return and(between(`p."signedAt"`, period), counted(ctx));
}

// The facts the counting rules read beyond the project row, as scalar subqueries on one project:
// each is an index lookup by projectId, and inside CASE WHEN … AND … it is only evaluated for the
// rows whose cheap conditions (counted, dates on the row) already hold.
const FORMAL_AT = sql`(SELECT MIN(c."signedAt") FROM "Contract" c WHERE c."projectId" = p."id" AND c."deletedAt" IS NULL AND c."type" = 'FORMAL')`;
const REGISTERED_AT = sql`(SELECT m."actualAt" FROM "Milestone" m WHERE m."projectId" = p."id" AND m."kind" = 'REGISTERED' AND m."localCompanyUscc" IS NOT NULL AND m."localCompanyUscc" <> '')`;
const AT_CAPACITY_AT = sql`(SELECT m."actualAt" FROM "Milestone" m WHERE m."projectId" = p."id" AND m."kind" = 'AT_CAPACITY')`;
const FIRST_PENDING_PLAN = sql`(SELECT MIN(m."plannedAt") FROM "Milestone" m WHERE m."projectId" = p."id" AND m."actualAt" IS NULL)`;

/** A nullable date before `at`, as a two-valued condition (safe under NOT): COALESCE to a sentinel. */
function dateBefore(value: Sql, at: Date): Sql {
  return sql`COALESCE(${value} < ${dateSql(at)}, FALSE)`;
}

function formalContract(at?: Date): Sql {
  return at ? dateBefore(FORMAL_AT, at) : sql`${FORMAL_AT} IS NOT NULL`;
}

/** A landing milestone planned before today and not reached (milestoneStatus OVERDUE). */
function milestoneOverdue(ctx: SqlContext): Sql {
  return dateBefore(FIRST_PENDING_PLAN, ctx.today);
}

/**
 * Landed in the period: every condition the countingRules require met before its end, and the
 * last of them on or after its start (so not landed before it). The conditions on the row are
 * checked first; the contract and milestone lookups only run for the rows they leave.
 */
function landedIn(ctx: SqlContext, period: Period): Sql {
  const r = ctx.rules;
  const after = (value: Sql) => sql`COALESCE(${value} >= ${dateSql(period.from)}, FALSE)`;
  // Row dates first, then "one condition on or after the start" (the row's dates usually answer
  // it), then the lookups that must be before the end.
  return and(
    dateBefore(sql`p."signedAt"`, period.to),
    r.landedRequiresStart && dateBefore(sql`p."startedAt"`, period.to),
    or([
      after(sql`p."signedAt"`),
      ...(r.landedRequiresStart ? [after(sql`p."startedAt"`)] : []),
      ...(r.landedRequiresFormalContract ? [after(FORMAL_AT)] : []),
      ...(r.landedRequiresLocalCompany ? [after(REGISTERED_AT)] : []),
    ]),
    r.landedRequiresFormalContract && formalContract(period.to),
    r.landedRequiresLocalCompany && dateBefore(REGISTERED_AT, period.to),
  );
}

/**
 * Landed as of every recorded fact — countingStatus().landed of the project page: counted,
 * signed, and each condition the countingRules require recorded (the chain map's "landed
 * company"). The same fragments as landedIn, without a period.
 */
export function landedNow(ctx: SqlContext): Sql {
  const r = ctx.rules;
  return and(
    sql`p."signedAt" IS NOT NULL`,
    r.landedRequiresStart && sql`p."startedAt" IS NOT NULL`,
    counted(ctx),
    r.landedRequiresFormalContract && formalContract(),
    r.landedRequiresLocalCompany && sql`${REGISTERED_AT} IS NOT NULL`,
  );
}

/**
 * The companies with a landed project (landedNow) in `regionIds` (null: all), as a subquery
 * of company ids — the chain map counts with it and the company list's `landed` filter keeps it.
 */
export function landedCompanyIds(ctx: SqlContext, regionIds: readonly string[] | null): Sql {
  return sql`SELECT DISTINCT p."companyId" AS "companyId" FROM "Project" p WHERE ${landedNow(ctx)} AND ${regionFilter(regionIds)}`;
}

/**
 * Company `co` has a landed project (landedNow) in `regionIds` (null: all): a lookup by
 * companyId per company, for a few companies (the chain map's 链主). For a whole table join
 * landedCompanyIds instead; the join under a selective filter was planned as a nested loop on
 * PostgreSQL (the tag filter estimated at 2 rows, 2 475 real) and took 250 ms on the ×10 set.
 */
export function hasLandedProject(ctx: SqlContext, regionIds: readonly string[] | null): Sql {
  return sql`EXISTS (SELECT 1 FROM "Project" p WHERE p."companyId" = co."id" AND ${landedNow(ctx)} AND ${regionFilter(regionIds)})`;
}

function fundsIn(period: Period, source?: FundsSource): Sql {
  return sql`EXISTS (SELECT 1 FROM "FundsInPlace" f WHERE f."projectId" = p."id" AND ${fundsCondition(period, source)})`;
}

/** Funds entries received in the period (of one source). */
export function fundsCondition(period: Period, source?: FundsSource): Sql {
  return and(sql`${scanColumn(`f."deletedAt"`)} IS NULL`, scanBetween(`f."receivedAt"`, period), source && sql`f."source" = ${source}`);
}

function targetChain(): Sql {
  return sql`EXISTS (SELECT 1 FROM "IndustryChain" ic WHERE ic."id" = p."chainId" AND ic."isTarget" = TRUE AND ic."deletedAt" IS NULL)`;
}

function companyTagged(tag: CompanyTag): Sql {
  return sql`EXISTS (SELECT 1 FROM "Company" co WHERE co."id" = p."companyId" AND (',' || co."tags" || ',') LIKE ${raw(`'%,${codeOf(tag)},%'`)})`;
}

export function inTalksLarge(ctx: SqlContext): Sql {
  return sql`(p."deletedAt" IS NULL AND p."stage" IN ${codes(IN_TALKS_STAGES)} AND p."plannedInvestment" >= ${numberSql(ctx.rules.largeInTalksWan)})`;
}

/** A live project whose stage clock is red. */
export function stageOverdue(ctx: SqlContext): Sql {
  return and(alive, stageClockAtLeastSql(ctx, "RED"));
}

/** The stage clock has reached `level` (stageClockAtLeast of the project list, in SQL). */
export function stageClockAtLeastSql(ctx: SqlContext, level: "YELLOW" | "RED"): Sql {
  const key = level === "RED" ? "redBefore" : "yellowBefore";
  return or(ctx.cutoffs.stageClocks.map((clock) => sql`(p."stage" = ${codeSql(clock.stage)} AND p."stageEnteredAt" < ${dateSql(clock[key])})`));
}

/** The follow-up cadence has reached `level` (followUpClockAtLeast of the project list, in SQL). */
export function followUpClockAtLeastSql(ctx: SqlContext, level: "YELLOW" | "RED"): Sql {
  const key = level === "RED" ? "redBefore" : "yellowBefore";
  const c = ctx.cutoffs;
  const since = (cut: Date) => sql`((p."lastFollowUpAt" IS NOT NULL AND p."lastFollowUpAt" < ${dateSql(cut)}) OR (p."lastFollowUpAt" IS NULL AND p."stageEnteredAt" < ${dateSql(cut)}))`;
  return c.followUpStages.length
    ? sql`(p."stage" IN ${codes(c.followUpStages)} AND ((p."isKey" = TRUE AND ${since(c.followUp.key[key])}) OR (p."isKey" = FALSE AND ${since(c.followUp.normal[key])})))`
    : FALSE;
}

/**
 * The project's warning has reached `level` (the project list's stageClockAtLeast OR
 * followUpClockAtLeast, from the same cut-offs), as a two-valued condition.
 */
export function warningAtLeast(ctx: SqlContext, level: "YELLOW" | "RED"): Sql {
  return sql`(${stageClockAtLeastSql(ctx, level)} OR ${followUpClockAtLeastSql(ctx, level)})`;
}

// ───────────────────────────── entity conditions ─────────────────────────────
// Their columns are compared through scanColumn: inside a drill's correlated EXISTS the lookup
// must go by projectId (SQLite otherwise took the deadline/date index and read every problem for
// every project — 30 s for one list), and in the aggregates the whole table is read anyway.

/** Follow-up `fu` of the period, not deleted. */
export function followUpIn(period: Period): Sql {
  return and(sql`fu."deletedAt" IS NULL`, between(`fu."date"`, period));
}

/** Participant `fp` acting in a 四个亲自 capacity (this one, this person). */
export function engagedCondition(capacity?: Capacity, participantId?: string): Sql {
  return and(sql`fp."capacity" IS NOT NULL`, capacity && sql`fp."capacity" = ${capacity}`, participantId ? sql`fp."userId" = ${participantId}` : null);
}

/** Follow-up `fu` is an outbound trip and participant `fp` (user `u`) a leader on it. */
export function outboundCondition(participantId?: string): Sql {
  return and(sql`fu."kind" IN ${codes(OUTBOUND_KINDS)}`, sql`u."role" = 'LEADER'`, participantId ? sql`fp."userId" = ${participantId}` : null);
}

/** Problem `pr` due in the period: deadline day in it and over (before today). */
export function problemDue(ctx: SqlContext, period: Period): Sql {
  const end = new Date(Math.min(period.to.getTime(), ctx.today.getTime()));
  return and(sql`${scanColumn(`pr."deletedAt"`)} IS NULL`, sql`${scanColumn(`pr."deadlineAt"`)} >= ${dateSql(period.from)}`, sql`${scanColumn(`pr."deadlineAt"`)} < ${dateSql(end)}`);
}

/**
 * Problem `pr` resolved on time (problemResolvedOnTime; the same condition in two parts as
 * resolvedOnTimeByRuns of app/domain/metrics.ts): on or before its deadline day, or later but
 * within the run of non-workdays that follows it (a weekend, a holiday). Deadlines are 00:00 of
 * their day (problemDeadline), so "on or before the day" is "before deadline + 1 day".
 */
export function problemOnTime(ctx: SqlContext, period: Period): Sql {
  const end = new Date(Math.min(period.to.getTime(), ctx.today.getTime()));
  const sameDay = isPostgres() ? sql`pr."resolvedAt" < pr."deadlineAt" + INTERVAL '1 day'` : sql`julianday(pr."resolvedAt") < julianday(pr."deadlineAt") + 1`;
  const afterHolidays = nonWorkdayRuns(period.from, end).map(
    (r) => sql`(pr."resolvedAt" >= ${dateSql(r.from)} AND pr."resolvedAt" < ${dateSql(r.to)} AND ${scanColumn(`pr."deadlineAt"`)} >= ${dateSql(r.dayBefore)})`,
  );
  return and(sql`pr."resolvedAt" IS NOT NULL`, or([sameDay, ...afterHolidays]));
}

/** Problem `pr` 办理中 past its deadline day (the /problems list's 逾期 tab). `byIndex` for a short list ordered by deadline. */
export function problemOverdue(ctx: SqlContext, byIndex = false): Sql {
  const c = byIndex ? raw : scanColumn;
  return sql`(${c(`pr."deletedAt"`)} IS NULL AND ${c(`pr."status"`)} = 'IN_PROGRESS' AND ${c(`pr."deadlineAt"`)} < ${dateSql(ctx.overdueBefore)})`;
}

/** Incentive `i` not paid in full after its due day (incentiveState OVERDUE). */
export function incentiveOverdue(ctx: SqlContext, byIndex = false): Sql {
  const c = byIndex ? raw : scanColumn;
  return sql`(${c(`i."deletedAt"`)} IS NULL AND ${c(`i."settled"`)} = FALSE AND i."cancelledAt" IS NULL AND ${c(`i."dueAt"`)} < ${dateSql(ctx.today)})`;
}

/** Instruction `ins` with a recipient still to reply after its reply deadline (instructionClock overdue). */
export function instructionOverdue(ctx: SqlContext, byIndex = false): Sql {
  const c = byIndex ? raw : scanColumn;
  return sql`(${c(`ins."deletedAt"`)} IS NULL AND ${c(`ins."replyDueAt"`)} < ${dateSql(ctx.overdueBefore)} AND EXISTS (SELECT 1 FROM "InstructionRecipient" ir WHERE ir."instructionId" = ins."id" AND ir."repliedAt" IS NULL))`;
}

// ───────────────────────────── drills ─────────────────────────────

function needPeriod(drill: MetricDrill): Period {
  if (!drill.period) throw new Error(`Metric ${drill.metric} needs a period`);
  return drill.period;
}

/** The projects a metric counts, as a predicate on the project row `p`. */
export function drillPredicate(drill: MetricDrill, ctx: SqlContext): Sql {
  switch (drill.metric) {
    case "SIGNED":
      return and(signedIn(ctx, needPeriod(drill)), drill.band !== undefined && sql`${amount} >= ${numberSql(drill.band)}`);
    case "FORMAL_SIGNED":
      return and(signedIn(ctx, needPeriod(drill)), formalContract());
    case "HONOURED":
      return and(signedIn(ctx, needPeriod(drill)), formalContract(), sql`NOT ${milestoneOverdue(ctx)}`);
    case "SIGNED_STARTED":
      return and(signedIn(ctx, needPeriod(drill)), sql`(p."startedAt" IS NOT NULL AND p."startedAt" < ${dateSql(needPeriod(drill).to)})`);
    case "SIGNED_COMPLETED":
      return and(signedIn(ctx, needPeriod(drill)), sql`(p."completedAt" IS NOT NULL AND p."completedAt" < ${dateSql(needPeriod(drill).to)})`);
    case "SIGNED_FUNDED": {
      const period = needPeriod(drill);
      return and(signedIn(ctx, period), sql`EXISTS (SELECT 1 FROM "FundsInPlace" f WHERE f."projectId" = p."id" AND ${scanColumn(`f."deletedAt"`)} IS NULL AND f."receivedAt" < ${dateSql(period.to)})`);
    }
    case "STARTED":
      return and(between(`p."startedAt"`, needPeriod(drill)), counted(ctx));
    case "PRODUCED":
      return and(between(`p."producedAt"`, needPeriod(drill)), counted(ctx));
    case "AT_CAPACITY":
      return and(sql`p."signedAt" IS NOT NULL`, counted(ctx), inRange(AT_CAPACITY_AT, needPeriod(drill)));
    case "LANDED":
      return and(sql`p."signedAt" IS NOT NULL`, counted(ctx), landedIn(ctx, needPeriod(drill)));
    case "NEW_FIRMS":
      return and(sql`p."signedAt" IS NOT NULL`, counted(ctx), inRange(REGISTERED_AT, needPeriod(drill)));
    case "FUNDED":
      return and(counted(ctx), fundsIn(needPeriod(drill), drill.source));
    case "TARGET_CHAIN":
      return and(signedIn(ctx, needPeriod(drill)), targetChain());
    case "INVESTOR":
      return drill.tag ? and(signedIn(ctx, needPeriod(drill)), companyTagged(drill.tag)) : FALSE;
    case "ENGAGED":
      return and(
        alive,
        sql`EXISTS (SELECT 1 FROM "FollowUp" fu JOIN "FollowUpParticipant" fp ON fp."followUpId" = fu."id" WHERE fu."projectId" = p."id" AND ${followUpIn(needPeriod(drill))} AND ${engagedCondition(drill.capacity, drill.participantId)})`,
      );
    case "OUTBOUND":
      return and(
        alive,
        sql`EXISTS (SELECT 1 FROM "FollowUp" fu JOIN "FollowUpParticipant" fp ON fp."followUpId" = fu."id" JOIN "User" u ON u."id" = fp."userId" WHERE fu."projectId" = p."id" AND ${followUpIn(needPeriod(drill))} AND ${outboundCondition(drill.participantId)})`,
      );
    case "PROBLEMS_DUE":
      return and(alive, sql`EXISTS (SELECT 1 FROM "Problem" pr WHERE pr."projectId" = p."id" AND ${problemDue(ctx, needPeriod(drill))})`);
    case "PROBLEMS_ON_TIME":
      return and(
        alive,
        sql`EXISTS (SELECT 1 FROM "Problem" pr WHERE pr."projectId" = p."id" AND ${problemDue(ctx, needPeriod(drill))} AND ${problemOnTime(ctx, needPeriod(drill))})`,
      );
    case "IN_TALKS_LARGE":
      return inTalksLarge(ctx);
    case "STAGE_OVERDUE":
      return stageOverdue(ctx);
    case "INCENTIVE_OVERDUE":
      return and(alive, sql`EXISTS (SELECT 1 FROM "Incentive" i WHERE i."projectId" = p."id" AND ${incentiveOverdue(ctx)})`);
    case "INSTRUCTION_OVERDUE":
      return and(alive, sql`EXISTS (SELECT 1 FROM "Instruction" ins WHERE ins."projectId" = p."id" AND ${instructionOverdue(ctx)})`);
  }
}

/** `SUM(CASE WHEN predicate THEN value ELSE 0 END) AS "alias"`. */
export function sumWhen(predicate: Sql, alias: string, value: Sql = sql`1`): Sql {
  if (!/^[a-z][a-zA-Z0-9_]*$/.test(alias)) throw new Error(`Bad column alias ${alias}`);
  return sql`SUM(CASE WHEN ${predicate} THEN ${value} ELSE 0 END) AS ${raw(`"${alias}"`)}`;
}

/**
 * The ids of the projects a drill selects, within `regionIds` (null: all; the caller adds the
 * user's scope). For the project list's `metric` filter.
 */
export async function metricProjectIds(drill: MetricDrill, ctx: SqlContext, regionIds: readonly string[] | null, db: DbTx = prisma): Promise<string[]> {
  const query = sql`SELECT p."id" AS "id" FROM "Project" p WHERE ${drillPredicate(drill, ctx)} AND ${regionFilter(regionIds)}`;
  const rows = db === prisma ? await aggregate<{ id: string }>(query) : await db.$queryRaw<{ id: string }[]>(query);
  return rows.map((r) => r.id);
}

/**
 * Runs a cockpit aggregate. On PostgreSQL inside a transaction with JIT off: these queries carry
 * dozens of CASE terms, the planner's cost estimate passes the JIT thresholds, and compiling
 * them took 1.7 s for a query that runs in 40 ms (×10 dataset, PostgreSQL 15).
 */
export async function aggregate<T>(query: Sql): Promise<T[]> {
  if (!isPostgres()) return prisma.$queryRaw<T[]>(query);
  const [, rows] = await prisma.$transaction([prisma.$executeRawUnsafe("SET LOCAL jit = off"), prisma.$queryRaw<T[]>(query)]);
  return rows;
}


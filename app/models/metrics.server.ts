// The metrics of DESIGN §6 per region and period (definitions: app/domain/metrics.ts), computed
// by the database in a handful of aggregate queries — one pass over the projects, one over the
// funds, one over the problems … each grouped by region — so the cockpit stays fast on a city of
// 10 000 projects. Every number comes with the link to the list that shows the records behind it
// and the total that list will show (`listTotal`), which is what the integration test checks.
//
// Scope: every query is limited to the user's regions (regionScope), as every list is.
// Nothing is cached: the numbers change with every save and with the day (overdue, 序时进度).
//
// The monthly bulletin and the ledger export read the same functions: regionMetrics() for a
// period's table by county, metricTrends(), overdueLists(), inTalksLargeProjects().
import { FUNDS_SOURCES, type FundsSource } from "#app/domain/contract-performance";
import { type CompanyTag } from "#app/domain/company-name";
import {
  INVESTOR_TAGS,
  countingStatus,
  rate,
  recentMonths,
  type CountingStatus,
  type InvestorTag,
  type Period,
  type TargetMetric,
} from "#app/domain/metrics";
import { CAPACITIES, type Capacity } from "#app/domain/projects";
import { STAGE_CODES, isStageCode, type StageCode } from "#app/domain/stages";
import { projectWarning, type WarningLevel } from "#app/domain/warnings";
import { getMechanism } from "#app/models/mechanism.server";
import { projectScopeWhere, type ProjectDetail } from "#app/models/project.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { metricDrillParams, type MetricDrill } from "#app/schemas/metric-drill";
import { now as clockNow } from "#app/utils/clock";
import { num, Prisma, prisma } from "#app/utils/db.server";

type Sql = Prisma.Sql;
import { regionScope, type RegionScope, type SessionUser } from "#app/utils/permissions.server";
import {
  aggregate,
  alive,
  amount,
  counted,
  dateSql,
  drillPredicate,
  followUpIn,
  incentiveOverdue,
  instructionOverdue,
  outboundCondition,
  problemDue,
  problemOnTime,
  numberSql,
  problemOverdue,
  regionFilter,
  scanColumn,
  warningAtLeast,
  signedIn,
  sqlContext,
  stageOverdue,
  sumWhen,
  type SqlContext,
} from "./metric-sql.server";

const sql = Prisma.sql;
const join = Prisma.join;
const raw = Prisma.raw;

// ───────────────────────────── figures and links ─────────────────────────────

/** A number as the cockpit shows it: its value, the list it links to and that list's total. */
export type Figure = { value: number; listTotal: number; href: string };
/** A rate with the two figures it divides. */
export type RateFigure = { rate: number | null; numerator: Figure; denominator: Figure };

/** `/projects?metric=…&periodFrom=…&region=…`: the projects a metric counts. */
export function drillHref(drill: MetricDrill, regionId: string | null): string {
  const params = metricDrillParams(drill);
  if (regionId) params.set("region", regionId);
  return `/projects?${params.toString()}`;
}

/** A plain project-list link (filters of the list itself), e.g. `{ stage: "SIGNED" }`. */
export function listHref(filters: Record<string, string>, regionId: string | null): string {
  const params = new URLSearchParams(filters);
  if (regionId) params.set("region", regionId);
  return `/projects?${params.toString()}`;
}

/** The /problems list of overdue problems (its 逾期 tab). */
export function overdueProblemsHref(regionId: string | null): string {
  const params = new URLSearchParams({ level: "RED" });
  if (regionId) params.set("region", regionId);
  return `/problems?${params.toString()}`;
}

function figure(value: number, listTotal: number, href: string): Figure {
  return { value, listTotal, href };
}

function rateOf(numerator: Figure, denominator: Figure): RateFigure {
  return { rate: rate(numerator.value, denominator.value), numerator, denominator };
}

// ───────────────────────────── regions ─────────────────────────────

export type ScopeRegion = { id: string; name: string; level: string; sortOrder: number };
export type ScopeUnits = {
  /** The regions reported one by one: the city's counties and parks, or the user's own county. */
  units: ScopeRegion[];
  /** Region id → the unit it rolls up to (a park inside a county counts for the county). */
  unitOf: Map<string, string>;
  /** The region ids of the scope (null: all), for every query's `where`. */
  regionIds: string[] | null;
  /** The name of the scope as a heading says it (安康市, 汉阴县). */
  scopeName: string;
  /** The highest regions of the scope (the city, or the county): where its own targets are set. */
  scopeRegionIds: string[];
  scope: RegionScope;
};

export async function scopeUnits(user: SessionUser): Promise<ScopeUnits> {
  const [scope, rows] = await Promise.all([
    regionScope(user),
    prisma.region.findMany({ select: { id: true, name: true, level: true, parentId: true, sortOrder: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
  ]);
  const inScope = (id: string) => scope === null || scope.includes(id);
  const visible = rows.filter((r) => inScope(r.id));
  // The units are the children of the highest regions in scope; a county user's county is its own unit.
  const tops = visible.filter((r) => !r.parentId || !inScope(r.parentId));
  const units = tops.flatMap((top) => (top.level === "CITY" ? visible.filter((r) => r.parentId === top.id) : [top]));
  const unitIds = new Set(units.map((u) => u.id));
  const parent = new Map(rows.map((r) => [r.id, r.parentId]));
  const unitOf = new Map<string, string>();
  for (const r of visible) {
    for (let id: string | null | undefined = r.id; id; id = parent.get(id)) {
      if (unitIds.has(id)) {
        unitOf.set(r.id, id);
        break;
      }
    }
  }
  return {
    units: units.map(({ id, name, level, sortOrder }) => ({ id, name, level, sortOrder })),
    unitOf,
    regionIds: scope === null ? null : [...scope],
    scopeName: tops.map((t) => t.name).join("、"),
    scopeRegionIds: tops.map((t) => t.id),
    scope,
  };
}

type Grouped = Map<string, Record<string, number>>;

/** Rows grouped by regionId → the same sums by unit, and the scope's total under "". */
function rollUp(rows: Record<string, unknown>[], unitOf: Map<string, string>): Grouped {
  const out: Grouped = new Map();
  const add = (key: string, row: Record<string, unknown>) => {
    const target = out.get(key) ?? {};
    for (const [k, v] of Object.entries(row)) if (k !== "regionId") target[k] = (target[k] ?? 0) + num(v);
    out.set(key, target);
  };
  for (const row of rows) {
    add("", row);
    const unit = unitOf.get(String(row.regionId));
    if (unit) add(unit, row);
  }
  return out;
}

// ───────────────────────────── metrics by region ─────────────────────────────

export type RegionMetrics = {
  /** null: the whole scope. */
  regionId: string | null;
  regionName: string;
  signed: Figure;
  signedAmount: Figure;
  /** One per countingRules.sizeBandsWan, cumulative (≥1亿 includes ≥5亿). */
  bands: { minWan: number; count: Figure; amount: Figure }[];
  /** 履约率: honoured ÷ signed with a 正式合同. */
  performance: RateFigure;
  /** 开工率 / 竣工率 of the period's signings. */
  startRate: RateFigure;
  completionRate: RateFigure;
  /** 资金到位率: funds in place of the period's signings ÷ their amounts. */
  fundsRate: RateFigure;
  started: Figure;
  produced: Figure;
  output: Figure;
  jobs: Figure;
  atCapacity: Figure;
  landed: Figure;
  newFirms: Figure;
  funds: Figure;
  fundsBySource: Record<FundsSource, Figure>;
  /** 产业契合度: signed in a target chain ÷ signed. */
  chainFit: RateFigure;
  investors: Record<InvestorTag, Figure>;
  inTalksLarge: Figure;
  stageOverdue: Figure;
  keyProjects: Figure;
  /** 重点项目 whose warning is red / yellow (the list's warning filter). */
  keyRed: Figure;
  keyYellow: Figure;
  /** 诉求办理率: problems resolved on time ÷ problems due (values count problems; the links list their projects). */
  problemRate: RateFigure;
  problemsOverdue: Figure;
  incentivesOverdue: Figure;
  instructionsOverdue: Figure;
  /** The target metrics' values, for targets and the ranking. */
  targetValues: Record<TargetMetric, number>;
  /** The same at the previous cut-off (last month), when one was asked for. */
  previousTargetValues: Record<TargetMetric, number> | null;
};

export type RegionMetricsReport = {
  period: Period;
  units: RegionMetrics[];
  total: RegionMetrics;
  scopeName: string;
  scopeRegionIds: string[];
  config: MechanismConfig;
  now: Date;
};

const SIGNED_BAND_COLUMNS = (i: number) => [`band${i}N`, `band${i}A`];

type Bit = { key: string; predicate: Sql; sums?: Partial<Record<"a" | "j" | "o", string>> };

/**
 * The project-row measures as bits: each project row gets one number whose bits say which
 * metrics count it, and the database groups the rows by region and that number (a few hundred
 * groups), summing amount, jobs and output. Each predicate is evaluated once per row, and the
 * ones that imply "signed in the period" only for the rows that are (they sit under that test).
 */
function projectBits(ctx: SqlContext, period: Period, previous: Period | null): { guarded: { guard: Sql; bits: Bit[] }[]; bits: Bit[] } {
  const p = (drill: Omit<MetricDrill, "period">) => drillPredicate({ ...drill, period }, ctx);
  const signed: Bit[] = [
    { key: "signedN", predicate: p({ metric: "SIGNED" }), sums: { a: "signedA" } },
    ...ctx.rules.sizeBandsWan.map((band, i) => {
      const [n, a] = SIGNED_BAND_COLUMNS(i) as [string, string];
      return { key: n, predicate: p({ metric: "SIGNED", band }), sums: { a } };
    }),
    { key: "formalN", predicate: p({ metric: "FORMAL_SIGNED" }) },
    { key: "honouredN", predicate: p({ metric: "HONOURED" }) },
    { key: "signedStartedN", predicate: p({ metric: "SIGNED_STARTED" }) },
    { key: "signedCompletedN", predicate: p({ metric: "SIGNED_COMPLETED" }) },
    { key: "targetChainN", predicate: p({ metric: "TARGET_CHAIN" }) },
    ...INVESTOR_TAGS.map((tag) => ({ key: `investor${tag}`, predicate: p({ metric: "INVESTOR", tag }) })),
  ];
  const bits: Bit[] = [
    { key: "startedN", predicate: p({ metric: "STARTED" }) },
    { key: "producedN", predicate: p({ metric: "PRODUCED" }), sums: { j: "producedJobs", o: "producedOutput" } },
    { key: "landedN", predicate: p({ metric: "LANDED" }) },
    { key: "inTalksLargeN", predicate: drillPredicate({ metric: "IN_TALKS_LARGE" }, ctx) },
    { key: "stageOverdueN", predicate: stageOverdue(ctx) },
    { key: "keyN", predicate: sql`p."isKey" = TRUE` },
    { key: "keyRedN", predicate: sql`p."isKey" = TRUE AND ${warningAtLeast(ctx, "RED")}` },
    { key: "keyYellowN", predicate: sql`p."isKey" = TRUE AND ${warningAtLeast(ctx, "YELLOW")} AND NOT ${warningAtLeast(ctx, "RED")}` },
  ];
  const guarded = [{ guard: signedIn(ctx, period), bits: signed }];
  if (previous) {
    const q = (drill: Omit<MetricDrill, "period">) => drillPredicate({ ...drill, period: previous }, ctx);
    guarded.push({
      guard: signedIn(ctx, previous),
      bits: [
        { key: "prevSignedN", predicate: q({ metric: "SIGNED" }), sums: { a: "prevSignedA" } },
        { key: "prevLargeN", predicate: q({ metric: "SIGNED", band: ctx.rules.sizeBandsWan[0] ?? 0 }) },
      ],
    });
    bits.push(
      { key: "prevStartedN", predicate: q({ metric: "STARTED" }) },
      { key: "prevProducedN", predicate: q({ metric: "PRODUCED" }), sums: { j: "prevJobs", o: "prevOutput" } },
    );
  }
  return { guarded, bits };
}

async function projectAggregates(ctx: SqlContext, period: Period, previous: Period | null, regionIds: string[] | null) {
  const { guarded, bits } = projectBits(ctx, period, previous);
  const all: Bit[] = [];
  const term = (bit: Bit) => {
    const value = 2 ** all.length;
    all.push(bit);
    return sql`(CASE WHEN ${bit.predicate} THEN ${numberSql(value)} ELSE 0 END)`;
  };
  const parts = [
    ...guarded.map((g) => sql`(CASE WHEN ${g.guard} THEN ${join(g.bits.map(term), " + ")} ELSE 0 END)`),
    ...bits.map(term),
  ];
  if (all.length > 30) throw new Error("Too many metric bits for one integer");
  const groups = await aggregate<{ regionId: string; mask: unknown; n: unknown; a: unknown; j: unknown; o: unknown }>(sql`
    SELECT p."regionId" AS "regionId", ${join(parts, " + ")} AS "mask", COUNT(*) AS "n", SUM(${amount}) AS "a",
      SUM(COALESCE(p."expectedJobs", 0)) AS "j", SUM(COALESCE(p."expectedOutput", 0)) AS "o"
    FROM "Project" p WHERE ${alive} AND ${regionFilter(regionIds)} GROUP BY p."regionId", 2`);
  const byRegion = new Map<string, Record<string, number>>();
  for (const g of groups) {
    const row = byRegion.get(g.regionId) ?? { regionId: 0 };
    const mask = num(g.mask);
    all.forEach((bit, i) => {
      if (Math.floor(mask / 2 ** i) % 2 !== 1) return;
      row[bit.key] = (row[bit.key] ?? 0) + num(g.n);
      if (bit.sums?.a) row[bit.sums.a] = (row[bit.sums.a] ?? 0) + num(g.a);
      if (bit.sums?.j) row[bit.sums.j] = (row[bit.sums.j] ?? 0) + num(g.j);
      if (bit.sums?.o) row[bit.sums.o] = (row[bit.sums.o] ?? 0) + num(g.o);
    });
    byRegion.set(g.regionId, row);
  }
  return [...byRegion.entries()].map(([regionId, row]) => ({ ...row, regionId }));
}

/**
 * 新增企业 and 达效 from their milestones (one per project and kind), read by the milestone
 * index on kind and date: the NEW_FIRMS and AT_CAPACITY predicates seen from the other side.
 */
async function milestoneAggregates(ctx: SqlContext, period: Period, previous: Period | null, regionIds: string[] | null) {
  const registered = sql`m."kind" = 'REGISTERED' AND m."localCompanyUscc" IS NOT NULL AND m."localCompanyUscc" <> ''`;
  const inPrevious = previous ? sql`m."actualAt" >= ${dateSql(previous.from)} AND m."actualAt" < ${dateSql(previous.to)}` : sql`1 = 0`;
  return aggregate<Record<string, unknown>>(sql`SELECT p."regionId" AS "regionId",
      ${sumWhen(registered, "newFirmsN")}, ${sumWhen(sql`m."kind" = 'AT_CAPACITY'`, "atCapacityN")}, ${sumWhen(sql`${registered} AND ${inPrevious}`, "prevNewFirmsN")}
    FROM "Milestone" m CROSS JOIN "Project" p
    WHERE m."kind" IN ('REGISTERED', 'AT_CAPACITY') AND m."actualAt" >= ${dateSql(period.from)} AND m."actualAt" < ${dateSql(period.to)}
      AND p."id" = m."projectId" AND p."signedAt" IS NOT NULL AND ${counted(ctx)} AND ${regionFilter(regionIds)}
    GROUP BY p."regionId"`);
}

/**
 * Funds of counted projects: in the period (by source), of the period's signings (everything
 * received before its end), and in the previous cut-off. Summed per project from one read of
 * the funds table, then joined to the projects.
 */
async function fundsAggregates(ctx: SqlContext, period: Period, previous: Period | null, regionIds: string[] | null) {
  const inPeriod = sql`(f."receivedAt" >= ${dateSql(period.from)} AND f."receivedAt" < ${dateSql(period.to)})`;
  const inPrevious = previous ? sql`(f."receivedAt" >= ${dateSql(previous.from)} AND f."receivedAt" < ${dateSql(previous.to)})` : sql`1 = 0`;
  const bySource = (s: string) => sql`${inPeriod} AND f."source" = ${raw(`'${s}'`)}`;
  const inner = [
    sumWhen(inPeriod, "ipA", sql`f."amountWan"`),
    sumWhen(inPeriod, "ipN"),
    sumWhen(inPrevious, "ppA", sql`f."amountWan"`),
    ...FUNDS_SOURCES.flatMap((s) => [sumWhen(bySource(s), `s${s}A`, sql`f."amountWan"`), sumWhen(bySource(s), `s${s}N`)]),
  ];
  const signed = signedIn(ctx, period);
  const outer = [
    sql`SUM(y."ipA") AS "fundsA"`,
    sql`SUM(CASE WHEN y."ipN" > 0 THEN 1 ELSE 0 END) AS "fundsP"`,
    sql`SUM(CASE WHEN ${signed} THEN y."allA" ELSE 0 END) AS "signedFundsA"`,
    sql`SUM(CASE WHEN ${signed} THEN 1 ELSE 0 END) AS "signedFundsP"`,
    sql`SUM(y."ppA") AS "prevFundsA"`,
    ...FUNDS_SOURCES.flatMap((s) => [raw(`SUM(y."s${s}A") AS "src${s}A"`), raw(`SUM(CASE WHEN y."s${s}N" > 0 THEN 1 ELSE 0 END) AS "src${s}P"`)]),
  ];
  return aggregate<Record<string, unknown>>(sql`SELECT p."regionId" AS "regionId", ${join(outer, ", ")}
    FROM (
      SELECT f."projectId" AS "pid", SUM(f."amountWan") AS "allA", ${join(inner, ", ")}
      FROM "FundsInPlace" f
      WHERE ${scanColumn(`f."deletedAt"`)} IS NULL AND ${scanColumn(`f."receivedAt"`)} < ${dateSql(period.to)}
      GROUP BY f."projectId"
    ) y CROSS JOIN "Project" p
    WHERE p."id" = y."pid" AND ${counted(ctx)} AND ${regionFilter(regionIds)}
    GROUP BY p."regionId"`);
}

/** Problems: due and resolved on time in the period, and overdue now — per project from one read of the problems, then by region. */
async function problemAggregates(ctx: SqlContext, period: Period, regionIds: string[] | null) {
  const due = problemDue(ctx, period);
  return aggregate<Record<string, unknown>>(sql`SELECT p."regionId" AS "regionId",
      SUM(y."dueN") AS "dueN", SUM(y."onTimeN") AS "onTimeN", SUM(y."overdueN") AS "overdueN",
      SUM(CASE WHEN y."dueN" > 0 THEN 1 ELSE 0 END) AS "dueP",
      SUM(CASE WHEN y."onTimeN" > 0 THEN 1 ELSE 0 END) AS "onTimeP"
    FROM (
      SELECT pr."projectId" AS "pid", ${sumWhen(due, "dueN")}, ${sumWhen(sql`${due} AND ${problemOnTime(ctx, period)}`, "onTimeN")}, ${sumWhen(problemOverdue(ctx), "overdueN")}
      FROM "Problem" pr
      WHERE ${scanColumn(`pr."deletedAt"`)} IS NULL AND (${due} OR ${problemOverdue(ctx)})
      GROUP BY pr."projectId"
    ) y CROSS JOIN "Project" p
    WHERE p."id" = y."pid" AND ${alive} AND ${regionFilter(regionIds)}
    GROUP BY p."regionId"`);
}

/** Overdue incentive payments and unanswered instructions, now. */
async function supervisionAggregates(ctx: SqlContext, regionIds: string[] | null) {
  return aggregate<Record<string, unknown>>(sql`SELECT p."regionId" AS "regionId", COUNT(*) AS "incentivesN", COUNT(DISTINCT i."projectId") AS "incentivesP", 0 AS "instructionsN", 0 AS "instructionsP"
      FROM "Incentive" i JOIN "Project" p ON p."id" = i."projectId"
      WHERE ${incentiveOverdue(ctx)} AND ${alive} AND ${regionFilter(regionIds)} GROUP BY p."regionId"
    UNION ALL
    SELECT p."regionId" AS "regionId", 0 AS "incentivesN", 0 AS "incentivesP", COUNT(*) AS "instructionsN", COUNT(DISTINCT ins."projectId") AS "instructionsP"
      FROM "Instruction" ins JOIN "Project" p ON p."id" = ins."projectId"
      WHERE ${instructionOverdue(ctx)} AND ${alive} AND ${regionFilter(regionIds)} GROUP BY p."regionId"`);
}

function targetValuesOf(g: Record<string, number>, prefix: "" | "prev"): Record<TargetMetric, number> {
  const v = (name: string) => g[prefix ? `prev${name[0]?.toUpperCase()}${name.slice(1)}` : name] ?? 0;
  return {
    SIGNED_COUNT: v("signedN"),
    SIGNED_AMOUNT: roundWan(v("signedA")),
    LARGE_PROJECTS: prefix ? v("largeN") : (g.band0N ?? 0),
    FUNDS_IN_PLACE: roundWan(prefix ? (g.prevFundsA ?? 0) : (g.fundsA ?? 0)),
    STARTED: v("startedN"),
    PRODUCED: v("producedN"),
    NEW_FIRMS: v("newFirmsN"),
    OUTPUT: roundWan(prefix ? (g.prevOutput ?? 0) : (g.producedOutput ?? 0)),
    JOBS: prefix ? (g.prevJobs ?? 0) : (g.producedJobs ?? 0),
  };
}

function roundWan(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function regionMetricsOf(g: Record<string, number>, regionId: string | null, regionName: string, ctx: SqlContext, period: Period, withPrevious: boolean): RegionMetrics {
  const at = (drill: Omit<MetricDrill, "period">) => drillHref({ ...drill, period }, regionId);
  const count = (key: string, drill: Omit<MetricDrill, "period">) => figure(g[key] ?? 0, g[key] ?? 0, at(drill));
  const signed = count("signedN", { metric: "SIGNED" });
  const signedAmount = figure(roundWan(g.signedA ?? 0), signed.listTotal, signed.href);
  const formal = count("formalN", { metric: "FORMAL_SIGNED" });
  const funds = figure(roundWan(g.fundsA ?? 0), g.fundsP ?? 0, at({ metric: "FUNDED" }));
  const produced = count("producedN", { metric: "PRODUCED" });
  const problemsDue = figure(g.dueN ?? 0, g.dueP ?? 0, at({ metric: "PROBLEMS_DUE" }));
  const problemsOnTime = figure(g.onTimeN ?? 0, g.onTimeP ?? 0, at({ metric: "PROBLEMS_ON_TIME" }));
  const snapshot = (key: string, drill: MetricDrill) => figure(g[key] ?? 0, g[key] ?? 0, drillHref(drill, regionId));
  return {
    regionId,
    regionName,
    signed,
    signedAmount,
    bands: ctx.rules.sizeBandsWan.map((minWan, i) => {
      const [n, a] = SIGNED_BAND_COLUMNS(i) as [string, string];
      const c = count(n, { metric: "SIGNED", band: minWan });
      return { minWan, count: c, amount: figure(roundWan(g[a] ?? 0), c.listTotal, c.href) };
    }),
    performance: rateOf(count("honouredN", { metric: "HONOURED" }), formal),
    startRate: rateOf(count("signedStartedN", { metric: "SIGNED_STARTED" }), signed),
    completionRate: rateOf(count("signedCompletedN", { metric: "SIGNED_COMPLETED" }), signed),
    fundsRate: rateOf(figure(roundWan(g.signedFundsA ?? 0), g.signedFundsP ?? 0, at({ metric: "SIGNED_FUNDED" })), signedAmount),
    started: count("startedN", { metric: "STARTED" }),
    produced,
    output: figure(roundWan(g.producedOutput ?? 0), produced.listTotal, produced.href),
    jobs: figure(g.producedJobs ?? 0, produced.listTotal, produced.href),
    atCapacity: count("atCapacityN", { metric: "AT_CAPACITY" }),
    landed: count("landedN", { metric: "LANDED" }),
    newFirms: count("newFirmsN", { metric: "NEW_FIRMS" }),
    funds,
    fundsBySource: Object.fromEntries(FUNDS_SOURCES.map((s) => [s, figure(roundWan(g[`src${s}A`] ?? 0), g[`src${s}P`] ?? 0, at({ metric: "FUNDED", source: s }))])) as Record<FundsSource, Figure>,
    chainFit: rateOf(count("targetChainN", { metric: "TARGET_CHAIN" }), signed),
    investors: Object.fromEntries(INVESTOR_TAGS.map((tag) => [tag, count(`investor${tag}`, { metric: "INVESTOR", tag: tag as CompanyTag })])) as Record<InvestorTag, Figure>,
    inTalksLarge: snapshot("inTalksLargeN", { metric: "IN_TALKS_LARGE" }),
    stageOverdue: snapshot("stageOverdueN", { metric: "STAGE_OVERDUE" }),
    keyProjects: figure(g.keyN ?? 0, g.keyN ?? 0, listHref({ key: "1" }, regionId)),
    keyRed: figure(g.keyRedN ?? 0, g.keyRedN ?? 0, `${listHref({ key: "1" }, regionId)}&warning=RED`),
    keyYellow: figure(g.keyYellowN ?? 0, g.keyYellowN ?? 0, `${listHref({ key: "1" }, regionId)}&warning=YELLOW`),
    problemRate: rateOf(problemsOnTime, problemsDue),
    problemsOverdue: figure(g.overdueN ?? 0, g.overdueN ?? 0, overdueProblemsHref(regionId)),
    incentivesOverdue: figure(g.incentivesN ?? 0, g.incentivesP ?? 0, drillHref({ metric: "INCENTIVE_OVERDUE" }, regionId)),
    instructionsOverdue: figure(g.instructionsN ?? 0, g.instructionsP ?? 0, drillHref({ metric: "INSTRUCTION_OVERDUE" }, regionId)),
    targetValues: targetValuesOf(g, ""),
    previousTargetValues: withPrevious ? targetValuesOf(g, "prev") : null,
  };
}

/**
 * Every metric of the period for each unit of the user's scope (the city's counties and parks,
 * or the county itself) and for the whole scope. `previous`: also the target metrics over that
 * period (the ranking's "last month").
 */
export async function regionMetrics(user: SessionUser, opts: { period: Period; previous?: Period | null; now?: Date; config?: MechanismConfig }): Promise<RegionMetricsReport> {
  const at = opts.now ?? clockNow();
  const [config, scope] = await Promise.all([opts.config ?? getMechanism(), scopeUnits(user)]);
  const ctx = sqlContext(config, at);
  const previous = opts.previous ?? null;
  const ids = scope.regionIds;
  const none = ids !== null && ids.length === 0;
  const [projects, funds, problems, supervision] = none
    ? [[], [], [], []]
    : [
        [...(await projectAggregates(ctx, opts.period, previous, ids)), ...(await milestoneAggregates(ctx, opts.period, previous, ids))],
        await fundsAggregates(ctx, opts.period, previous, ids),
        await problemAggregates(ctx, opts.period, ids),
        await supervisionAggregates(ctx, ids),
      ];
  const grouped = rollUp([...projects, ...funds, ...problems, ...supervision], scope.unitOf);
  const of = (key: string) => grouped.get(key) ?? {};
  return {
    period: opts.period,
    units: scope.units.map((u) => regionMetricsOf(of(u.id), u.id, u.name, ctx, opts.period, previous !== null)),
    total: regionMetricsOf(of(""), null, scope.scopeName, ctx, opts.period, previous !== null),
    scopeName: scope.scopeName,
    scopeRegionIds: scope.scopeRegionIds,
    config,
    now: at,
  };
}

// ───────────────────────────── the pipeline: stages and chains ─────────────────────────────

export type FunnelStage = { stage: StageCode; count: Figure; amount: Figure };

/** Projects by stage now (count, planned investment), each linking to the list of that stage. */
export async function stageFunnel(user: SessionUser): Promise<FunnelStage[]> {
  const where = await projectScopeWhere(user);
  const groups = await prisma.project.groupBy({ by: ["stage"], where, _count: { _all: true }, _sum: { plannedInvestment: true } });
  return STAGE_CODES.map((stage) => {
    const g = groups.find((x) => x.stage === stage);
    const count = figure(g?._count._all ?? 0, g?._count._all ?? 0, listHref({ stage }, null));
    return { stage, count, amount: figure(roundWan(g?._sum.plannedInvestment ?? 0), count.listTotal, count.href) };
  });
}

export type ChainRow = { chainId: string; name: string; isTarget: boolean; projects: Figure; signed: Figure; signedAmount: Figure };

/** Projects by industry chain: all (not deleted), and signed in the period with their amount. */
export async function chainBreakdown(user: SessionUser, period: Period, opts: { now?: Date; config?: MechanismConfig } = {}): Promise<ChainRow[]> {
  const [config, scope] = await Promise.all([opts.config ?? getMechanism(), regionScope(user)]);
  const ctx = sqlContext(config, opts.now ?? clockNow());
  const ids = scope === null ? null : [...scope];
  if (ids !== null && ids.length === 0) return [];
  const [rows, chains] = await Promise.all([
    aggregate<Record<string, unknown>>(sql`SELECT p."chainId" AS "chainId", COUNT(*) AS "n", ${sumWhen(signedIn(ctx, period), "signedN")}, ${sumWhen(signedIn(ctx, period), "signedA", amount)}
      FROM "Project" p WHERE ${alive} AND p."chainId" IS NOT NULL AND ${regionFilter(ids)} GROUP BY p."chainId"`),
    prisma.industryChain.findMany({ where: { deletedAt: null }, orderBy: { sortOrder: "asc" }, select: { id: true, name: true, isTarget: true } }),
  ]);
  const byId = new Map(rows.map((r) => [String(r.chainId), r]));
  return chains
    .map((c) => {
      const r = byId.get(c.id) ?? {};
      const signed = figure(num(r.signedN), num(r.signedN), drillHref({ metric: "SIGNED", period }, null) + `&chain=${encodeURIComponent(c.id)}`);
      return {
        chainId: c.id,
        name: c.name,
        isTarget: c.isTarget,
        projects: figure(num(r.n), num(r.n), listHref({ chain: c.id }, null)),
        signed,
        signedAmount: figure(roundWan(num(r.signedA)), signed.listTotal, signed.href),
      };
    })
    .filter((c) => c.projects.value > 0);
}

// ───────────────────────────── monthly trends ─────────────────────────────

export type TrendMonth = { month: string; signed: Figure; signedAmount: Figure; funds: Figure; started: Figure; produced: Figure };

/** The last `months` months (this one included): signings, funds, starts, production. */
export async function metricTrends(user: SessionUser, opts: { months?: number; now?: Date; config?: MechanismConfig } = {}): Promise<TrendMonth[]> {
  const at = opts.now ?? clockNow();
  const [config, scope] = await Promise.all([opts.config ?? getMechanism(), regionScope(user)]);
  const ctx = sqlContext(config, at);
  const months = recentMonths(at, opts.months ?? 12);
  const ids = scope === null ? null : [...scope];
  const first = months[0]?.period.from ?? at;
  const last = months[months.length - 1]?.period.to ?? at;
  const empty = ids !== null && ids.length === 0;
  // Each series is one pass grouped by month: the month is found once per row (a CASE over the
  // month starts), and the rows are those of the drill predicate over the whole window, so a
  // month's count is its drill's count.
  const window: Period = { from: first, to: last };
  const monthOf = (column: string) =>
    sql`CASE ${join(
      months.slice(1).map(({ period }, i) => sql`WHEN ${raw(column)} < ${dateSql(period.from)} THEN ${numberSql(i)}`),
      " ",
    )} ELSE ${numberSql(months.length - 1)} END`;
  const series = (name: string, column: string, metric: "SIGNED" | "STARTED" | "PRODUCED") =>
    sql`SELECT ${raw(`'${name}'`)} AS "series", ${monthOf(column)} AS "m", COUNT(*) AS "n", SUM(${amount}) AS "a" FROM "Project" p
      WHERE ${alive} AND ${regionFilter(ids)} AND ${drillPredicate({ metric, period: window }, ctx)} GROUP BY 2`;
  const grouped = new Map<string, { n: number; a: number }>();
  const fundsByMonth = new Map<number, { a: number; p: number }>();
  if (!empty) {
    const rows = await aggregate<{ series: string; m: unknown; n: unknown; a: unknown }>(sql`${series("S", `p."signedAt"`, "SIGNED")}
      UNION ALL ${series("T", `p."startedAt"`, "STARTED")} UNION ALL ${series("P", `p."producedAt"`, "PRODUCED")}`);
    for (const r of rows) grouped.set(`${r.series}${num(r.m)}`, { n: num(r.n), a: num(r.a) });
    // Funds: summed per project and month from one read of the funds table, then kept for counted projects.
    const funds = await aggregate<{ m: unknown; a: unknown; p: unknown }>(sql`SELECT y."m" AS "m", SUM(y."a") AS "a", COUNT(*) AS "p" FROM (
        SELECT f."projectId" AS "pid", ${monthOf(`f."receivedAt"`)} AS "m", SUM(f."amountWan") AS "a" FROM "FundsInPlace" f
        WHERE ${scanColumn(`f."deletedAt"`)} IS NULL AND ${scanColumn(`f."receivedAt"`)} >= ${dateSql(first)} AND ${scanColumn(`f."receivedAt"`)} < ${dateSql(last)}
        GROUP BY f."projectId", 2
      ) y CROSS JOIN "Project" p WHERE p."id" = y."pid" AND ${counted(ctx)} AND ${regionFilter(ids)} GROUP BY y."m"`);
    for (const r of funds) fundsByMonth.set(num(r.m), { a: num(r.a), p: num(r.p) });
  }
  const p: Record<string, number> = {};
  const f: Record<string, number> = {};
  months.forEach((_, i) => {
    p[`s${i}`] = grouped.get(`S${i}`)?.n ?? 0;
    p[`a${i}`] = grouped.get(`S${i}`)?.a ?? 0;
    p[`st${i}`] = grouped.get(`T${i}`)?.n ?? 0;
    p[`pr${i}`] = grouped.get(`P${i}`)?.n ?? 0;
    f[`f${i}`] = fundsByMonth.get(i)?.a ?? 0;
    f[`fp${i}`] = fundsByMonth.get(i)?.p ?? 0;
  });
  const v = (row: Record<string, unknown>, key: string) => num(row[key]);
  return months.map(({ month, period }, i) => {
    const signedHref = drillHref({ metric: "SIGNED", period }, null);
    return {
      month,
      signed: figure(v(p, `s${i}`), v(p, `s${i}`), signedHref),
      signedAmount: figure(roundWan(v(p, `a${i}`)), v(p, `s${i}`), signedHref),
      funds: figure(roundWan(v(f, `f${i}`)), v(f, `fp${i}`), drillHref({ metric: "FUNDED", period }, null)),
      started: figure(v(p, `st${i}`), v(p, `st${i}`), drillHref({ metric: "STARTED", period }, null)),
      produced: figure(v(p, `pr${i}`), v(p, `pr${i}`), drillHref({ metric: "PRODUCED", period }, null)),
    };
  });
}

// ───────────────────────────── 四个亲自 and outbound trips ─────────────────────────────

export type PersonEngagement = { userId: string; name: string; participations: Figure; trips: Figure };
export type Engagement = {
  participations: Figure;
  byCapacity: Record<Capacity, Figure>;
  trips: Figure;
  byPerson: PersonEngagement[];
};

/** 四个亲自 participations (by capacity and by person) and leaders' outbound trips in the period. */
export async function leaderEngagement(user: SessionUser, period: Period): Promise<Engagement> {
  const scope = await regionScope(user);
  const ids = scope === null ? null : [...scope];
  // Driven from the participants (few carry a capacity or are leaders) rather than from the
  // follow-ups: one pass, materialised, then counted five ways.
  const rows =
    ids !== null && ids.length === 0
      ? []
      : await aggregate<{ key: string; n: unknown; projects: unknown; followUps: unknown }>(sql`WITH x AS MATERIALIZED (
          SELECT fp."userId" AS "userId", fp."capacity" AS "capacity", fu."id" AS "fid", fu."projectId" AS "pid",
            CASE WHEN ${outboundCondition()} THEN 1 ELSE 0 END AS "trip"
          FROM "FollowUpParticipant" fp CROSS JOIN "User" u CROSS JOIN "FollowUp" fu CROSS JOIN "Project" p
          WHERE u."id" = fp."userId" AND (fp."capacity" IS NOT NULL OR u."role" = 'LEADER')
            AND fu."id" = fp."followUpId" AND ${followUpIn(period)} AND p."id" = fu."projectId" AND ${alive} AND ${regionFilter(ids)}
        )
        SELECT k."key" AS "key", COUNT(*) AS "n", COUNT(DISTINCT k."pid") AS "projects", COUNT(DISTINCT k."fid") AS "followUps" FROM (
          SELECT 'all' AS "key", x."pid", x."fid" FROM x WHERE x."capacity" IS NOT NULL
          UNION ALL SELECT 'cap:' || x."capacity", x."pid", x."fid" FROM x WHERE x."capacity" IS NOT NULL
          UNION ALL SELECT 'person:' || x."userId", x."pid", x."fid" FROM x WHERE x."capacity" IS NOT NULL
          UNION ALL SELECT 'trip', x."pid", x."fid" FROM x WHERE x."trip" = 1
          UNION ALL SELECT 'tripLeader:' || x."userId", x."pid", x."fid" FROM x WHERE x."trip" = 1
        ) k GROUP BY k."key"`);
  const byKey = new Map(rows.map((r) => [r.key, { n: num(r.n), projects: num(r.projects), followUps: num(r.followUps) }]));
  const at = (drill: Omit<MetricDrill, "period">) => drillHref({ ...drill, period }, null);
  const personIds = [...byKey.keys()].filter((k) => k.startsWith("person:") || k.startsWith("tripLeader:")).map((k) => k.slice(k.indexOf(":") + 1));
  const people = personIds.length ? await prisma.user.findMany({ where: { id: { in: [...new Set(personIds)] } }, select: { id: true, displayName: true, title: true } }) : [];
  const all = byKey.get("all");
  const trips = byKey.get("trip");
  return {
    participations: figure(all?.n ?? 0, all?.projects ?? 0, at({ metric: "ENGAGED" })),
    byCapacity: Object.fromEntries(
      CAPACITIES.map((c) => {
        const g = byKey.get(`cap:${c}`);
        return [c, figure(g?.n ?? 0, g?.projects ?? 0, at({ metric: "ENGAGED", capacity: c }))];
      }),
    ) as Record<Capacity, Figure>,
    trips: figure(trips?.followUps ?? 0, trips?.projects ?? 0, at({ metric: "OUTBOUND" })),
    byPerson: people
      .map((u) => {
        const e = byKey.get(`person:${u.id}`);
        const t = byKey.get(`tripLeader:${u.id}`);
        return {
          userId: u.id,
          name: u.title ? `${u.displayName}（${u.title}）` : u.displayName,
          participations: figure(e?.n ?? 0, e?.projects ?? 0, at({ metric: "ENGAGED", participantId: u.id })),
          trips: figure(t?.n ?? 0, t?.projects ?? 0, at({ metric: "OUTBOUND", participantId: u.id })),
        };
      })
      .sort((a, b) => b.participations.value + b.trips.value - (a.participations.value + a.trips.value) || a.name.localeCompare(b.name, "zh-CN")),
  };
}

// ───────────────────────────── lists: key projects, 在谈, overdue ─────────────────────────────

export type KeyProjectItem = { id: string; code: string; name: string; regionName: string; stage: StageCode; amountWan: number; warning: WarningLevel; daysInStage: number; daysLeft: number | null; followUpOverdue: boolean };
/** 重点项目 (亿元以上 or marked) with a red or yellow warning, red first, the longest in their stage first. */
export async function keyProjectsWithWarnings(user: SessionUser, opts: { take?: number; now?: Date; config?: MechanismConfig; regionNames: Map<string, string> }): Promise<KeyProjectItem[]> {
  const at = opts.now ?? clockNow();
  const [config, scope] = await Promise.all([opts.config ?? getMechanism(), regionScope(user)]);
  const ctx = sqlContext(config, at);
  const ids = scope === null ? null : [...scope];
  if (ids !== null && ids.length === 0) return [];
  const take = opts.take ?? 8;
  const rows = await aggregate<{ id: string; code: string; name: string; regionId: string; stage: string; stageEnteredAt: Date | string; lastFollowUpAt: Date | string | null; amountWan: unknown; red: unknown }>(sql`
    SELECT p."id" AS "id", p."code" AS "code", p."name" AS "name", p."regionId" AS "regionId", p."stage" AS "stage", p."stageEnteredAt" AS "stageEnteredAt",
      p."lastFollowUpAt" AS "lastFollowUpAt", p."plannedInvestment" AS "amountWan", CASE WHEN ${warningAtLeast(ctx, "RED")} THEN 1 ELSE 0 END AS "red"
    FROM "Project" p WHERE ${alive} AND p."isKey" = TRUE AND ${regionFilter(ids)} AND ${warningAtLeast(ctx, "YELLOW")}
    ORDER BY "red" DESC, p."stageEnteredAt" ASC, p."code" ASC LIMIT ${numberSql(take)}`);
  return rows
    .filter((r) => isStageCode(r.stage))
    .map((r) => {
      const w = projectWarning({ stage: r.stage as StageCode, stageEnteredAt: new Date(r.stageEnteredAt), lastFollowUpAt: r.lastFollowUpAt ? new Date(r.lastFollowUpAt) : null, isKey: true, now: at, config });
      return {
        id: r.id,
        code: r.code,
        name: r.name,
        regionName: opts.regionNames.get(r.regionId) ?? "",
        stage: r.stage as StageCode,
        amountWan: num(r.amountWan),
        warning: w.level,
        daysInStage: w.daysInStage,
        daysLeft: w.daysLeft,
        followUpOverdue: w.followUp.overdue,
      };
    });
}

export type InTalksItem = {
  id: string;
  code: string;
  name: string;
  regionName: string;
  stage: StageCode;
  amountWan: number;
  lastFollowUp: { date: Date; kind: string; summary: string; nextAction: string | null } | null;
};

/** 在谈 projects at or above countingRules.largeInTalksWan, largest first, with their latest follow-up. */
export async function inTalksLargeProjects(user: SessionUser, opts: { take?: number; now?: Date; config?: MechanismConfig; regionNames: Map<string, string> }): Promise<InTalksItem[]> {
  const [config, scope] = await Promise.all([opts.config ?? getMechanism(), regionScope(user)]);
  const ctx = sqlContext(config, opts.now ?? clockNow());
  const ids = scope === null ? null : [...scope];
  if (ids !== null && ids.length === 0) return [];
  const take = opts.take ?? 10;
  const rows = await aggregate<
    { id: string; code: string; name: string; regionId: string; stage: string; amountWan: unknown; fuDate: Date | string | null; kind: string | null; summary: string | null; nextAction: string | null }>(sql`SELECT p."id" AS "id", p."code" AS "code", p."name" AS "name", p."regionId" AS "regionId", p."stage" AS "stage", p."plannedInvestment" AS "amountWan",
      fu."date" AS "fuDate", fu."kind" AS "kind", fu."summary" AS "summary", fu."nextAction" AS "nextAction"
    FROM "Project" p LEFT JOIN "FollowUp" fu ON fu."projectId" = p."id" AND fu."deletedAt" IS NULL AND fu."date" = p."lastFollowUpAt"
    WHERE ${drillPredicate({ metric: "IN_TALKS_LARGE" }, ctx)} AND ${regionFilter(ids)}
    ORDER BY p."plannedInvestment" DESC, p."code" ASC LIMIT ${take * 2}`);
  const seen = new Set<string>();
  const items: InTalksItem[] = [];
  for (const r of rows) {
    if (seen.has(r.id) || !isStageCode(r.stage)) continue;
    seen.add(r.id);
    items.push({
      id: r.id,
      code: r.code,
      name: r.name,
      regionName: opts.regionNames.get(r.regionId) ?? "",
      stage: r.stage,
      amountWan: num(r.amountWan),
      lastFollowUp: r.fuDate && r.kind ? { date: new Date(r.fuDate), kind: r.kind, summary: r.summary ?? "", nextAction: r.nextAction } : null,
    });
  }
  return items.slice(0, take);
}

export type OverdueItem = { kind: "STAGE" | "PROBLEM" | "INCENTIVE" | "INSTRUCTION"; id: string; label: string; dueAt: Date; projectId: string; projectCode: string; projectName: string; regionName: string };

/** The oldest overdue items of each kind (stage clocks, problems, incentive payments, instructions). */
export async function overdueLists(user: SessionUser, opts: { take?: number; now?: Date; config?: MechanismConfig; regionNames: Map<string, string> }): Promise<Record<OverdueItem["kind"], OverdueItem[]>> {
  const [config, scope] = await Promise.all([opts.config ?? getMechanism(), regionScope(user)]);
  const ctx = sqlContext(config, opts.now ?? clockNow());
  const ids = scope === null ? null : [...scope];
  const take = opts.take ?? 5;
  const rows =
    ids !== null && ids.length === 0
      ? []
      : await aggregate<{ kind: OverdueItem["kind"]; id: string; label: string; dueAt: Date | string; projectId: string; projectCode: string; projectName: string; regionId: string }>(sql`
    SELECT * FROM (SELECT 'STAGE' AS "kind", p."id" AS "id", p."stage" AS "label", p."stageEnteredAt" AS "dueAt", p."id" AS "projectId", p."code" AS "projectCode", p."name" AS "projectName", p."regionId" AS "regionId"
      FROM "Project" p WHERE ${stageOverdue(ctx)} AND ${regionFilter(ids)} ORDER BY p."stageEnteredAt" ASC, p."code" ASC LIMIT ${take}) a
    UNION ALL SELECT * FROM (SELECT 'PROBLEM' AS "kind", pr."id", pr."title", pr."deadlineAt", p."id", p."code", p."name", p."regionId"
      FROM "Problem" pr JOIN "Project" p ON p."id" = pr."projectId" WHERE ${problemOverdue(ctx, true)} AND ${alive} AND ${regionFilter(ids)} ORDER BY pr."deadlineAt" ASC, pr."id" ASC LIMIT ${take}) b
    UNION ALL SELECT * FROM (SELECT 'INCENTIVE' AS "kind", i."id", i."item", i."dueAt", p."id", p."code", p."name", p."regionId"
      FROM "Incentive" i JOIN "Project" p ON p."id" = i."projectId" WHERE ${incentiveOverdue(ctx, true)} AND ${alive} AND ${regionFilter(ids)} ORDER BY i."dueAt" ASC, i."id" ASC LIMIT ${take}) c
    UNION ALL SELECT * FROM (SELECT 'INSTRUCTION' AS "kind", ins."id", ins."text", ins."replyDueAt", p."id", p."code", p."name", p."regionId"
      FROM "Instruction" ins JOIN "Project" p ON p."id" = ins."projectId" WHERE ${instructionOverdue(ctx, true)} AND ${alive} AND ${regionFilter(ids)} ORDER BY ins."replyDueAt" ASC, ins."id" ASC LIMIT ${take}) d`);
  const out: Record<OverdueItem["kind"], OverdueItem[]> = { STAGE: [], PROBLEM: [], INCENTIVE: [], INSTRUCTION: [] };
  for (const r of rows) {
    out[r.kind].push({ ...r, dueAt: new Date(r.dueAt), regionName: opts.regionNames.get(r.regionId) ?? "" });
  }
  return out;
}

export type DepartmentOverdue = { departmentId: string | null; departmentName: string | null; problems: number };

/** Overdue problems (诉求) of the scope by the department they are assigned to, most first (the 通报's 按部门). */
export async function overdueProblemsByDepartment(user: SessionUser, opts: { now?: Date; config?: MechanismConfig } = {}): Promise<DepartmentOverdue[]> {
  const [config, scope] = await Promise.all([opts.config ?? getMechanism(), regionScope(user)]);
  const ctx = sqlContext(config, opts.now ?? clockNow());
  const ids = scope === null ? null : [...scope];
  if (ids !== null && ids.length === 0) return [];
  const rows = await aggregate<{ departmentId: string | null; departmentName: string | null; n: number | bigint | string }>(sql`
    SELECT pr."departmentId" AS "departmentId", d."name" AS "departmentName", COUNT(*) AS "n"
      FROM "Problem" pr JOIN "Project" p ON p."id" = pr."projectId" LEFT JOIN "Department" d ON d."id" = pr."departmentId"
      WHERE ${problemOverdue(ctx, true)} AND ${alive} AND ${regionFilter(ids)}
      GROUP BY pr."departmentId", d."name"`);
  return rows
    .map((r) => ({ departmentId: r.departmentId, departmentName: r.departmentName, problems: num(r.n) }))
    .sort((a, b) => b.problems - a.problems || (a.departmentName ?? "").localeCompare(b.departmentName ?? "", "zh-CN"));
}

// ───────────────────────────── one project's 统计口径 ─────────────────────────────

export type CountingStatusView = CountingStatus & { landedRules: { formalContract: boolean; localCompany: boolean; start: boolean } };

/**
 * Whether, and why (not), a project enters the statistics — for its page (DESIGN §6 "a project
 * that fails a rule shows why it is not counted"). Of the project the page has loaded through
 * getProjectForUser (in scope, not deleted); one statement reads its formal contracts and its
 * 注册 milestone (at most one per project).
 */
export async function getCountingStatus(
  project: Pick<ProjectDetail, "id" | "stage" | "plannedInvestment" | "contractAmount" | "signedAt" | "startedAt">,
): Promise<CountingStatusView> {
  const [config, rows] = await Promise.all([
    getMechanism(),
    prisma.$queryRaw<{ formalSignedAt: Date | null; registeredAt: Date | null; localCompanyUscc: string | null }[]>(sql`
      SELECT c."signedAt" AS "formalSignedAt", m."actualAt" AS "registeredAt", m."localCompanyUscc" AS "localCompanyUscc"
      FROM "Project" p
      LEFT JOIN "Contract" c ON c."projectId" = p."id" AND c."deletedAt" IS NULL AND c."type" = 'FORMAL'
      LEFT JOIN "Milestone" m ON m."projectId" = p."id" AND m."kind" = 'REGISTERED'
      WHERE p."id" = ${project.id}`),
  ]);
  const registered = rows.find((r) => r.registeredAt && r.localCompanyUscc);
  const rules = config.countingRules;
  return {
    ...countingStatus(
      {
        deleted: false,
        stage: project.stage,
        plannedInvestment: project.plannedInvestment,
        contractAmount: project.contractAmount,
        signedAt: project.signedAt,
        startedAt: project.startedAt,
        formalContractDates: rows.flatMap((r) => (r.formalSignedAt ? [r.formalSignedAt] : [])),
        registeredAt: registered?.registeredAt ?? null,
      },
      rules,
    ),
    landedRules: { formalContract: rules.landedRequiresFormalContract, localCompany: rules.landedRequiresLocalCompany, start: rules.landedRequiresStart },
  };
}

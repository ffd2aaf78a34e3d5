// The assessment metrics of DESIGN §6 and their 统计口径 (counting rules), as pure rules.
//
// The product computes the cockpit's numbers in SQL (app/models/metric-sql.server.ts), one
// aggregate pass per table, because a cockpit on 10 000 projects cannot load them. This file is
// the same rules read one project at a time: countingStatus() says on the project page whether
// and why a project is counted, computeMetrics() is the reference the unit tests check by hand
// and the integration tests hold the SQL equal to. A rule changed here must change there.
//
// Definitions (every one per region and period [from, to), Asia/Shanghai days):
// - 计入统计 counted: not deleted, not 终止, and its amount — the contract amount, else the
//   planned investment — at least countingRules.minAmountWan. Landing statistics count only
//   counted projects. A project belongs to the region that first reported it (Project.regionId:
//   reassigning it moves it, it is never counted twice).
// - 签约 signed in the period: counted and signedAt in the period; 签约额 the sum of the
//   amounts; size bands: amount ≥ each of countingRules.sizeBandsWan (cumulative: ≥1亿 includes
//   ≥5亿).
// - 履约率: of the counted projects signed in the period that hold a 正式合同, those with no
//   landing milestone overdue (a planned date passed without the actual date). The per-亩
//   promises are judged on the project page (contract-performance.ts): the yearly tax and jobs
//   they need are not recorded, so they cannot enter a rate.
// - 开工率 / 竣工率 of new signings: of the projects signed in the period, those started
//   (completed) before the period's end.
// - 到位资金: funds received in the period by counted projects, by source; 资金到位率: the funds
//   received before the period's end by the projects signed in it ÷ their amounts.
// - 新开工 / 投产: startedAt / producedAt in the period; 达效: the AT_CAPACITY milestone reached in
//   the period; 新增企业: a local company registered (REGISTERED milestone with its USCC) in the
//   period — both landing facts of a signed project; 新增产值 / 新增就业: the expected output /
//   jobs of the projects that went into production in the period (actual figures are not
//   recorded).
// - 落地 landed: signed, and — as countingRules say — a 正式合同, a registered local company,
//   a recorded start. It lands on the day the last condition is met, so "landed in the period"
//   is landed by its end and not by its start.
// - 在谈 large: in LEAD…NEGOTIATION with planned investment ≥ countingRules.largeInTalksWan (now).
// - 产业契合度: the share of the projects signed in the period whose chain is a target chain.
// - 500强/上市/链主 investors: projects signed in the period whose company carries the tag.
// - 四个亲自: follow-ups in the period whose participants carry a capacity, counted per
//   participation (by capacity and by person).
// - 外出招商 leaders' outbound trips: follow-ups of kind 拜访 VISIT or 考察 INSPECTION (the
//   delegation goes to the firm; 来访 INBOUND is the firm coming to us) with at least one
//   participant whose role is LEADER; a trip counts once however many leaders went, and once
//   for each leader in the by-leader count.
// - 诉求办理率: problems whose deadline day fell in the period and is over (before today)
//   = due; of those, resolved on time (problemResolvedOnTime: 办结 before the first workday after
//   the deadline day) ÷ due. Problems count for every project, whatever its amount.
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type CompanyTag } from "./company-name";
import { FUNDS_SOURCES, type FundsSource } from "./contract-performance";
import { type Capacity } from "./projects";
import { type StageCode } from "./stages";
import { addWorkdays, isWorkday, shanghaiDay, startOfShanghaiDay } from "./workdays";

export type CountingRules = MechanismConfig["countingRules"];

const DAY_MS = 86_400_000;

// ───────────────────────────── periods ─────────────────────────────

/** [from, to): instants at 00:00 Asia/Shanghai. */
export type Period = { from: Date; to: Date };

export function yearPeriod(year: number): Period {
  return { from: startOfShanghaiDay(`${year}-01-01`), to: startOfShanghaiDay(`${year + 1}-01-01`) };
}

/** `YYYY-MM` → that Shanghai calendar month. */
export function monthPeriod(month: string): Period {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
  return { from: startOfShanghaiDay(`${month}-01`), to: startOfShanghaiDay(`${next}-01`) };
}

/** The Shanghai calendar month before the one `at` falls in, as `YYYY-MM` (the default 月度通报). */
export function lastMonth(at: Date): string {
  const [year, month] = shanghaiDay(at).split("-").map(Number) as [number, number];
  const index = year * 12 + (month - 1) - 1;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The period's first and last day (inclusive), as a URL or a heading writes them. */
export function periodDays(period: Period): { from: string; to: string } {
  return { from: shanghaiDay(period.from), to: shanghaiDay(new Date(period.to.getTime() - 1)) };
}

/** The Shanghai year of an instant. */
export function shanghaiYear(at: Date): number {
  return Number(shanghaiDay(at).slice(0, 4));
}

/** The last `n` calendar months up to and including the month of `now`, oldest first. */
export function recentMonths(now: Date, n: number): { month: string; period: Period }[] {
  const [year, month] = shanghaiDay(now).split("-").map(Number) as [number, number];
  const months: { month: string; period: Period }[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const index = year * 12 + (month - 1) - i;
    const label = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
    months.push({ month: label, period: monthPeriod(label) });
  }
  return months;
}

/**
 * 序时进度: the share of the year gone by (today included), so a target's progress reads
 * against the calendar: 1 for a past year, 0 for a future one.
 */
export function scheduleShare(year: number, now: Date): number {
  const { from, to } = yearPeriod(year);
  if (now.getTime() < from.getTime()) return 0;
  if (now.getTime() >= to.getTime()) return 1;
  const daysGone = Math.round((startOfShanghaiDay(now).getTime() - from.getTime()) / DAY_MS) + 1;
  return daysGone / Math.round((to.getTime() - from.getTime()) / DAY_MS);
}

/**
 * Where the ranking stood "last month": the year's period cut at the start of the current
 * month. Null when there is no such point — a January, or a year that is not the current one.
 */
export function previousCutoff(year: number, now: Date): Period | null {
  if (shanghaiYear(now) !== year) return null;
  const monthStart = startOfShanghaiDay(`${shanghaiDay(now).slice(0, 7)}-01`);
  const { from } = yearPeriod(year);
  if (monthStart.getTime() <= from.getTime()) return null;
  return { from, to: monthStart };
}

export function inPeriod(date: Date | null | undefined, period: Period): boolean {
  return !!date && date.getTime() >= period.from.getTime() && date.getTime() < period.to.getTime();
}

function before(date: Date | null | undefined, at: Date): boolean {
  return !!date && date.getTime() < at.getTime();
}

/** a ÷ b, or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

// ───────────────────────────── the project's facts ─────────────────────────────

/** What the counting rules read of one project (one row of the SQL's joins). */
export type ProjectFacts = {
  id: string;
  regionId: string;
  deleted: boolean;
  stage: StageCode;
  plannedInvestment: number;
  contractAmount: number | null;
  signedAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  producedAt: Date | null;
  isKey: boolean;
  expectedJobs: number | null;
  expectedOutput: number | null;
  /** Signing dates of its 正式合同 (contracts not deleted). */
  formalContractDates: Date[];
  /** Actual date of the REGISTERED milestone when it carries the local company's USCC. */
  registeredAt: Date | null;
  /** Actual date of the AT_CAPACITY milestone. */
  atCapacityAt: Date | null;
  /** Planned dates of the milestones not reached yet. */
  pendingMilestonePlans: Date[];
  chainIsTarget: boolean;
  companyTags: readonly CompanyTag[];
  funds: readonly { receivedAt: Date; amountWan: number; source: FundsSource }[];
};

/** The amount the counting rules weigh: the contract's, else the planned investment (万元). */
export function statisticalAmount(p: Pick<ProjectFacts, "contractAmount" | "plannedInvestment">): number {
  return p.contractAmount ?? p.plannedInvestment;
}

export const COUNTING_REASONS = ["DELETED", "TERMINATED", "BELOW_THRESHOLD"] as const;
export type CountingReason = (typeof COUNTING_REASONS)[number];

/** Why a project has not landed in the statistics' sense, in the order the bureau checks. */
export const LANDED_MISSING = ["NOT_SIGNED", "NO_FORMAL_CONTRACT", "NO_LOCAL_COMPANY", "NOT_STARTED"] as const;
export type LandedMissing = (typeof LANDED_MISSING)[number];

export function isCounted(p: Pick<ProjectFacts, "deleted" | "stage" | "contractAmount" | "plannedInvestment">, rules: CountingRules): boolean {
  return !p.deleted && p.stage !== "TERMINATED" && statisticalAmount(p) >= rules.minAmountWan;
}

type LandingFacts = Pick<ProjectFacts, "signedAt" | "formalContractDates" | "registeredAt" | "startedAt">;

/** The landing conditions not met by the instant `at` (all recorded facts when omitted). */
export function landedMissing(p: LandingFacts, rules: CountingRules, at?: Date): LandedMissing[] {
  const has = (date: Date | null | undefined) => !!date && (at === undefined || before(date, at));
  const missing: LandedMissing[] = [];
  if (!has(p.signedAt)) missing.push("NOT_SIGNED");
  if (rules.landedRequiresFormalContract && !p.formalContractDates.some(has)) missing.push("NO_FORMAL_CONTRACT");
  if (rules.landedRequiresLocalCompany && !has(p.registeredAt)) missing.push("NO_LOCAL_COMPANY");
  if (rules.landedRequiresStart && !has(p.startedAt)) missing.push("NOT_STARTED");
  return missing;
}

export function landedBy(p: LandingFacts, rules: CountingRules, at: Date): boolean {
  return landedMissing(p, rules, at).length === 0;
}

export type CountingStatus = {
  /** Counted in the statistics at all. */
  counted: boolean;
  reasons: CountingReason[];
  amountWan: number;
  minAmountWan: number;
  /** Landed in the statistics' sense (counted and nothing missing). */
  landed: boolean;
  landedMissing: LandedMissing[];
};

/** Whether, and why (not), a project enters the statistics — what its page says. */
export function countingStatus(p: LandingFacts & Pick<ProjectFacts, "deleted" | "stage" | "contractAmount" | "plannedInvestment">, rules: CountingRules): CountingStatus {
  const reasons: CountingReason[] = [];
  if (p.deleted) reasons.push("DELETED");
  if (p.stage === "TERMINATED") reasons.push("TERMINATED");
  const amountWan = statisticalAmount(p);
  if (amountWan < rules.minAmountWan) reasons.push("BELOW_THRESHOLD");
  const missing = landedMissing(p, rules);
  return { counted: reasons.length === 0, reasons, amountWan, minAmountWan: rules.minAmountWan, landed: reasons.length === 0 && missing.length === 0, landedMissing: missing };
}

// ───────────────────────────── problems, follow-ups ─────────────────────────────

/**
 * The instant before which a problem due on `deadline`'s day counts as resolved on time: the
 * start of the first workday after that day. Equivalent to problemResolvedOnTime() (no workday
 * between the deadline day and the resolution day), and a constant per deadline day, which is
 * what lets SQL count it.
 */
export function onTimeCutoff(deadline: Date): Date {
  return addWorkdays(deadline, 1);
}

/**
 * The runs of consecutive non-workdays (weekends, holidays) that a problem due in [from, to)
 * can be resolved in and still be on time: every maximal run that starts after `from` and no
 * later than the day after the period. `dayBefore` is the last workday before the run.
 */
export function nonWorkdayRuns(from: Date, to: Date): { from: Date; to: Date; dayBefore: Date }[] {
  const runs: { from: Date; to: Date; dayBefore: Date }[] = [];
  const last = startOfShanghaiDay(to).getTime() + DAY_MS;
  let day = startOfShanghaiDay(from).getTime() + DAY_MS;
  while (day <= last) {
    if (isWorkday(new Date(day))) {
      day += DAY_MS;
      continue;
    }
    const start = day;
    while (!isWorkday(new Date(day))) day += DAY_MS;
    runs.push({ from: new Date(start), to: new Date(day), dayBefore: new Date(start - DAY_MS) });
  }
  return runs;
}

/**
 * problemResolvedOnTime in the shape the SQL counts it: resolved on or before the deadline day,
 * or within a run of non-workdays that begins the day after the deadline day (or contains it).
 */
export function resolvedOnTimeByRuns(deadline: Date, resolvedAt: Date, runs: readonly { from: Date; to: Date; dayBefore: Date }[]): boolean {
  if (resolvedAt.getTime() < deadline.getTime() + DAY_MS) return true;
  return runs.some((r) => resolvedAt.getTime() >= r.from.getTime() && resolvedAt.getTime() < r.to.getTime() && deadline.getTime() >= r.dayBefore.getTime());
}

export type ProblemFacts = {
  projectId: string;
  deleted: boolean;
  status: string;
  assignedAt: Date | null;
  deadlineAt: Date | null;
  resolvedAt: Date | null;
};

/** Due in the period: its deadline day in the period and already over at `now`. */
export function isProblemDue(pr: ProblemFacts, period: Period, now: Date): boolean {
  return !pr.deleted && inPeriod(pr.deadlineAt, { from: period.from, to: new Date(Math.min(period.to.getTime(), startOfShanghaiDay(now).getTime())) });
}

export function isResolvedOnTime(pr: ProblemFacts): boolean {
  return !!pr.resolvedAt && !!pr.deadlineAt && before(pr.resolvedAt, onTimeCutoff(pr.deadlineAt));
}

/** The follow-up kinds that take the delegation to the firm (外出招商). */
export const OUTBOUND_KINDS = ["VISIT", "INSPECTION"] as const;

export type FollowUpFacts = {
  id: string;
  projectId: string;
  deleted: boolean;
  kind: string;
  date: Date;
  participants: readonly { userId: string; capacity: Capacity | null; isLeader: boolean }[];
};

export function isOutboundTrip(f: Pick<FollowUpFacts, "kind" | "participants">): boolean {
  return (OUTBOUND_KINDS as readonly string[]).includes(f.kind) && f.participants.some((x) => x.isLeader);
}

// ───────────────────────────── target metrics ─────────────────────────────

/** The metrics a city sets annual targets on (DESIGN §4 Target; the "235" plan). */
export const TARGET_METRICS = ["SIGNED_COUNT", "SIGNED_AMOUNT", "LARGE_PROJECTS", "FUNDS_IN_PLACE", "STARTED", "PRODUCED", "NEW_FIRMS", "OUTPUT", "JOBS"] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** Units: 个 projects, 家 firms, 人 people, 万元 money. */
export const TARGET_METRIC_UNITS: Record<TargetMetric, "COUNT" | "FIRMS" | "PEOPLE" | "WAN"> = {
  SIGNED_COUNT: "COUNT",
  SIGNED_AMOUNT: "WAN",
  LARGE_PROJECTS: "COUNT",
  FUNDS_IN_PLACE: "WAN",
  STARTED: "COUNT",
  PRODUCED: "COUNT",
  NEW_FIRMS: "FIRMS",
  OUTPUT: "WAN",
  JOBS: "PEOPLE",
};

export function isTargetMetric(value: unknown): value is TargetMetric {
  return typeof value === "string" && (TARGET_METRICS as readonly string[]).includes(value);
}

// ───────────────────────────── the reference computation ─────────────────────────────

export const INVESTOR_TAGS = ["FORTUNE500", "LISTED", "CHAIN_LEADER"] as const satisfies readonly CompanyTag[];
export type InvestorTag = (typeof INVESTOR_TAGS)[number];

export type MetricValues = {
  signed: { count: number; amountWan: number };
  bands: { minWan: number; count: number; amountWan: number }[];
  performance: { honoured: number; formalSigned: number };
  startRate: { started: number; signed: number };
  completionRate: { completed: number; signed: number };
  started: number;
  produced: number;
  output: number;
  jobs: number;
  atCapacity: number;
  landed: number;
  newFirms: number;
  funds: { totalWan: number; projects: number; bySource: Record<FundsSource, { amountWan: number; projects: number }> };
  fundsRate: { inPlaceWan: number; contractedWan: number; projects: number };
  targetChain: { inTarget: number; signed: number };
  investors: Record<InvestorTag, number>;
  inTalksLarge: number;
  problems: { due: number; onTime: number };
  engagement: { participations: number; byCapacity: Record<Capacity, number>; byPerson: Record<string, number> };
  trips: { count: number; byLeader: Record<string, number> };
};

/** The value of each target metric among the metric values. */
export function targetMetricValue(values: MetricValues, metric: TargetMetric): number {
  switch (metric) {
    case "SIGNED_COUNT":
      return values.signed.count;
    case "SIGNED_AMOUNT":
      return values.signed.amountWan;
    case "LARGE_PROJECTS":
      return values.bands[0]?.count ?? 0;
    case "FUNDS_IN_PLACE":
      return values.funds.totalWan;
    case "STARTED":
      return values.started;
    case "PRODUCED":
      return values.produced;
    case "NEW_FIRMS":
      return values.newFirms;
    case "OUTPUT":
      return values.output;
    case "JOBS":
      return values.jobs;
  }
}

/** 万元 summed to the 元, so float noise never shows. */
function addWan(a: number, b: number): number {
  return Math.round((a + b) * 10_000) / 10_000;
}

/**
 * Every metric of one period over a set of records (the projects already narrowed to a region
 * and scope). The reference for the SQL; it reads every record, so the product never calls it
 * on a whole city.
 */
export function computeMetrics(
  data: { projects: readonly ProjectFacts[]; problems: readonly ProblemFacts[]; followUps: readonly FollowUpFacts[] },
  period: Period,
  config: Pick<MechanismConfig, "countingRules">,
  now: Date,
): MetricValues {
  const rules = config.countingRules;
  const today = startOfShanghaiDay(now);
  const counted = data.projects.filter((p) => isCounted(p, rules));
  const signed = counted.filter((p) => inPeriod(p.signedAt, period));
  const sumAmount = (list: readonly ProjectFacts[]) => list.reduce((total, p) => addWan(total, statisticalAmount(p)), 0);
  const formalSigned = signed.filter((p) => p.formalContractDates.length > 0);
  const produced = counted.filter((p) => inPeriod(p.producedAt, period));

  const bySource = Object.fromEntries(FUNDS_SOURCES.map((s) => [s, { amountWan: 0, projects: 0 }])) as MetricValues["funds"]["bySource"];
  let fundsTotal = 0;
  let fundedProjects = 0;
  for (const p of counted) {
    const entries = p.funds.filter((f) => inPeriod(f.receivedAt, period));
    if (entries.length > 0) fundedProjects += 1;
    for (const source of FUNDS_SOURCES) {
      const mine = entries.filter((f) => f.source === source);
      if (mine.length > 0) bySource[source].projects += 1;
      for (const f of mine) {
        bySource[source].amountWan = addWan(bySource[source].amountWan, f.amountWan);
        fundsTotal = addWan(fundsTotal, f.amountWan);
      }
    }
  }
  let inPlace = 0;
  let fundedSigned = 0;
  for (const p of signed) {
    const entries = p.funds.filter((f) => before(f.receivedAt, period.to));
    if (entries.length > 0) fundedSigned += 1;
    for (const f of entries) inPlace = addWan(inPlace, f.amountWan);
  }

  const projectIds = new Set(data.projects.filter((p) => !p.deleted).map((p) => p.id));
  const due = data.problems.filter((pr) => projectIds.has(pr.projectId) && isProblemDue(pr, period, now));
  const followUps = data.followUps.filter((f) => !f.deleted && projectIds.has(f.projectId) && inPeriod(f.date, period));
  const byCapacity: Record<Capacity, number> = { RECRUIT: 0, MEET: 0, COORDINATE: 0, SUPERVISE: 0 };
  const byPerson: Record<string, number> = {};
  let participations = 0;
  const byLeader: Record<string, number> = {};
  let trips = 0;
  for (const f of followUps) {
    for (const x of f.participants) {
      if (!x.capacity) continue;
      participations += 1;
      byCapacity[x.capacity] += 1;
      byPerson[x.userId] = (byPerson[x.userId] ?? 0) + 1;
    }
    if (isOutboundTrip(f)) {
      trips += 1;
      for (const x of f.participants) if (x.isLeader) byLeader[x.userId] = (byLeader[x.userId] ?? 0) + 1;
    }
  }

  return {
    signed: { count: signed.length, amountWan: sumAmount(signed) },
    bands: rules.sizeBandsWan.map((minWan) => {
      const inBand = signed.filter((p) => statisticalAmount(p) >= minWan);
      return { minWan, count: inBand.length, amountWan: sumAmount(inBand) };
    }),
    performance: {
      formalSigned: formalSigned.length,
      honoured: formalSigned.filter((p) => !p.pendingMilestonePlans.some((planned) => before(planned, today))).length,
    },
    startRate: { signed: signed.length, started: signed.filter((p) => before(p.startedAt, period.to)).length },
    completionRate: { signed: signed.length, completed: signed.filter((p) => before(p.completedAt, period.to)).length },
    started: counted.filter((p) => inPeriod(p.startedAt, period)).length,
    produced: produced.length,
    output: produced.reduce((total, p) => addWan(total, p.expectedOutput ?? 0), 0),
    jobs: produced.reduce((total, p) => total + (p.expectedJobs ?? 0), 0),
    atCapacity: counted.filter((p) => p.signedAt !== null && inPeriod(p.atCapacityAt, period)).length,
    landed: counted.filter((p) => landedBy(p, rules, period.to) && !landedBy(p, rules, period.from)).length,
    newFirms: counted.filter((p) => p.signedAt !== null && inPeriod(p.registeredAt, period)).length,
    funds: { totalWan: fundsTotal, projects: fundedProjects, bySource },
    fundsRate: { inPlaceWan: inPlace, contractedWan: sumAmount(signed), projects: fundedSigned },
    targetChain: { signed: signed.length, inTarget: signed.filter((p) => p.chainIsTarget).length },
    investors: Object.fromEntries(INVESTOR_TAGS.map((tag) => [tag, signed.filter((p) => p.companyTags.includes(tag)).length])) as Record<InvestorTag, number>,
    inTalksLarge: data.projects.filter((p) => !p.deleted && isInTalks(p.stage) && p.plannedInvestment >= rules.largeInTalksWan).length,
    problems: { due: due.length, onTime: due.filter(isResolvedOnTime).length },
    engagement: { participations, byCapacity, byPerson },
    trips: { count: trips, byLeader },
  };
}

/** 在谈: the negotiation half before 签约. */
export const IN_TALKS_STAGES = ["LEAD", "FIRST_CONTACT", "SITE_VISIT", "NEGOTIATION"] as const satisfies readonly StageCode[];

export function isInTalks(stage: StageCode): boolean {
  return (IN_TALKS_STAGES as readonly string[]).includes(stage);
}

// Contract performance after signing (DESIGN §4 Contract/Milestone/FundsInPlace, §6, §7.3):
// what the contracts promised — 投资强度 (万元/亩), 亩均税收 (万元/亩/年), a 达产 deadline,
// jobs — against what the project has achieved, and 资金到位率 with its monthly series. Money is
// in 万元 throughout; sums are rounded to the 元 (4 decimals of 万元) so float noise never shows.
import { type MessageKey } from "#app/i18n";
import { calendarDaysBetween, isLaterDay, shanghaiDay } from "./workdays";

export const CONTRACT_TYPES = ["FRAMEWORK", "FORMAL", "SUPPLEMENT"] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const MILESTONE_KINDS = ["REGISTERED", "SITE_DELIVERED", "STARTED", "COMPLETED", "PRODUCING", "AT_CAPACITY"] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** 本地 / 市外 (in the province) / 省外 / 外资. */
export const FUNDS_SOURCES = ["LOCAL", "OUT_OF_CITY", "OUT_OF_PROVINCE", "FOREIGN"] as const;
export type FundsSource = (typeof FUNDS_SOURCES)[number];

export function isContractType(value: unknown): value is ContractType {
  return typeof value === "string" && (CONTRACT_TYPES as readonly string[]).includes(value);
}
export function isMilestoneKind(value: unknown): value is MilestoneKind {
  return typeof value === "string" && (MILESTONE_KINDS as readonly string[]).includes(value);
}
export function isFundsSource(value: unknown): value is FundsSource {
  return typeof value === "string" && (FUNDS_SOURCES as readonly string[]).includes(value);
}
export function milestoneLabelKey(kind: MilestoneKind): MessageKey {
  return `landing.milestone_${kind}`;
}
export function fundsSourceLabelKey(source: FundsSource): MessageKey {
  return `landing.fundsSource_${source}`;
}

/** The stage a landing milestone's actual date puts the project in (落地 needs registration and the site). */
export const MILESTONE_STAGE = {
  REGISTERED: "LANDED",
  SITE_DELIVERED: "LANDED",
  STARTED: "CONSTRUCTION",
  COMPLETED: "COMPLETED",
  PRODUCING: "PRODUCTION",
  AT_CAPACITY: "AT_CAPACITY",
} as const satisfies Record<MilestoneKind, string>;

/** The project date field a milestone's actual date is (one truth: entering 在建 records the start, and so on). */
export const MILESTONE_PROJECT_FIELD = {
  STARTED: "startedAt",
  COMPLETED: "completedAt",
  PRODUCING: "producedAt",
} as const satisfies Partial<Record<MilestoneKind, string>>;

// ───────────────────────────── money ─────────────────────────────

/** 万元 rounded to the 元. */
export function roundWan(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function sumWan(values: readonly number[]): number {
  return roundWan(values.reduce((total, v) => total + Math.round(v * 10_000), 0) / 10_000);
}

/** a ÷ b, or null when b is missing or not positive (no rate without a base). */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || !Number.isFinite(a)) return null;
  if (b === null || b === undefined || !Number.isFinite(b) || b <= 0) return null;
  return a / b;
}

// ───────────────────────────── contracts in force ─────────────────────────────

export type ContractTerms = {
  id: string;
  type: ContractType;
  signedAt: Date;
  amountWan: number | null;
  investmentIntensityWanPerMu: number | null;
  taxPerMuWan: number | null;
  capacityDeadline: Date | null;
  promisedJobs: number | null;
  /** Land the contract grants, 亩; the base of both per-亩 figures. */
  landMu: number | null;
};

export type TermsInForce = {
  /** 签约额 in force: the latest 正式合同's amount plus later 补充协议 amounts; a 框架协议's only when nothing formal exists. */
  amountWan: number | null;
  investmentIntensityWanPerMu: number | null;
  taxPerMuWan: number | null;
  capacityDeadline: Date | null;
  promisedJobs: number | null;
  landMu: number | null;
  /** Whether a 正式合同 exists (统计口径: landed requires one). */
  hasFormalContract: boolean;
};

type Obligation = "investmentIntensityWanPerMu" | "taxPerMuWan" | "capacityDeadline" | "promisedJobs" | "landMu";

/**
 * What a project's contracts promise taken together. Each obligation is the value of the latest
 * contract that states it, a 框架协议 counting only when no formal or supplementary contract
 * does; a supplement that is silent on a term leaves it as it was.
 */
export function termsInForce(contracts: readonly ContractTerms[]): TermsInForce {
  const ordered = [...contracts].sort((a, b) => a.signedAt.getTime() - b.signedAt.getTime());
  const binding = ordered.filter((c) => c.type !== "FRAMEWORK");
  const framework = ordered.filter((c) => c.type === "FRAMEWORK");

  const latestFormal = [...binding].reverse().find((c) => c.type === "FORMAL");
  let amountWan: number | null = null;
  if (latestFormal) {
    const supplements = binding.filter((c) => c.type === "SUPPLEMENT" && c.signedAt.getTime() >= latestFormal.signedAt.getTime());
    amountWan = sumWan([latestFormal.amountWan ?? 0, ...supplements.map((c) => c.amountWan ?? 0)]);
    if (latestFormal.amountWan === null && supplements.every((c) => c.amountWan === null)) amountWan = null;
  } else {
    amountWan = [...framework].reverse().find((c) => c.amountWan !== null)?.amountWan ?? null;
  }

  const latestStating = <K extends Obligation>(key: K): ContractTerms[K] | null => {
    const states = (c: ContractTerms) => c[key] !== null && c[key] !== undefined;
    return [...binding].reverse().find(states)?.[key] ?? [...framework].reverse().find(states)?.[key] ?? null;
  };
  return {
    amountWan,
    investmentIntensityWanPerMu: latestStating("investmentIntensityWanPerMu"),
    taxPerMuWan: latestStating("taxPerMuWan"),
    capacityDeadline: latestStating("capacityDeadline"),
    promisedJobs: latestStating("promisedJobs"),
    landMu: latestStating("landMu"),
    hasFormalContract: binding.some((c) => c.type === "FORMAL"),
  };
}

// ───────────────────────────── performance ─────────────────────────────

/**
 * MET: at or above the promise; BEHIND: below it once it is due; PENDING: below it but not due
 * yet; UNKNOWN: nothing promised, or nothing recorded to compare.
 */
export const PERFORMANCE_STATUSES = ["MET", "BEHIND", "PENDING", "UNKNOWN"] as const;
export type PerformanceStatus = (typeof PERFORMANCE_STATUSES)[number];

export type MetricPerformance = {
  promised: number | null;
  achieved: number | null;
  /** achieved ÷ promised; null without both. */
  ratio: number | null;
  status: PerformanceStatus;
};

export type CapacityPerformance = {
  promised: Date | null;
  achieved: Date | null;
  /** MET: reached on or before the deadline; LATE: reached after it; BEHIND: past it and not reached; PENDING: not due yet. */
  status: "MET" | "LATE" | "BEHIND" | "PENDING" | "UNKNOWN";
  /** Calendar days past the deadline (late or still behind), else 0. */
  daysLate: number;
};

export type ContractPerformance = {
  investmentIntensity: MetricPerformance;
  taxPerMu: MetricPerformance;
  jobs: MetricPerformance;
  capacity: CapacityPerformance;
  fundsInPlaceRate: number | null;
  /** The lines a project page shows as flags, one per metric behind. */
  flags: { metric: "INVESTMENT_INTENSITY" | "TAX_PER_MU" | "JOBS" | "CAPACITY"; message: MessageKey }[];
  behind: boolean;
};

export type Achieved = {
  /** Investment made so far, 万元 (fixed-asset investment where recorded, else funds in place). */
  investedWan: number | null;
  /** Land actually used, 亩; the contract's land when not recorded. */
  landMu: number | null;
  /** Tax paid over the last twelve months, 万元. */
  annualTaxWan: number | null;
  jobs: number | null;
  /** Actual date of the 达产 milestone. */
  atCapacityAt: Date | null;
  /** Cumulative funds in place, 万元. */
  fundsInPlaceWan: number;
};

/** 投资强度 (万元/亩): invested ÷ land. */
export function investmentIntensity(investedWan: number | null | undefined, landMu: number | null | undefined): number | null {
  return ratio(investedWan, landMu);
}

/** 亩均税收 (万元/亩): annual tax ÷ land. */
export function taxPerMu(annualTaxWan: number | null | undefined, landMu: number | null | undefined): number | null {
  return ratio(annualTaxWan, landMu);
}

/** 资金到位率: cumulative funds in place ÷ contract amount; may pass 1. */
export function fundsInPlaceRate(fundsInPlaceWan: number, contractAmountWan: number | null | undefined): number | null {
  return ratio(fundsInPlaceWan, contractAmountWan);
}

/**
 * Promised vs achieved. The per-亩 figures and jobs are promised for 达产, so they are judged
 * (BEHIND) once the 达产 deadline has passed or capacity was reached, and only shown in
 * progress before that. A project is behind on 达产 the day after the deadline without it.
 */
export function contractPerformance(terms: TermsInForce, achieved: Achieved, now: Date): ContractPerformance {
  const land = achieved.landMu ?? terms.landMu;
  const capacity = capacityPerformance(terms.capacityDeadline, achieved.atCapacityAt, now);
  const due = capacity.status !== "PENDING" && capacity.status !== "UNKNOWN";
  const dueOrReached = due || achieved.atCapacityAt !== null;

  const investmentIntensityPerf = metric(terms.investmentIntensityWanPerMu, investmentIntensity(achieved.investedWan, land), dueOrReached);
  const taxPerMuPerf = metric(terms.taxPerMuWan, taxPerMu(achieved.annualTaxWan, land), dueOrReached);
  const jobs = metric(terms.promisedJobs, achieved.jobs, dueOrReached);

  const flags: ContractPerformance["flags"] = [];
  if (investmentIntensityPerf.status === "BEHIND") flags.push({ metric: "INVESTMENT_INTENSITY", message: "landing.perfIntensityBehind" });
  if (taxPerMuPerf.status === "BEHIND") flags.push({ metric: "TAX_PER_MU", message: "landing.perfTaxPerMuBehind" });
  if (jobs.status === "BEHIND") flags.push({ metric: "JOBS", message: "landing.perfJobsBehind" });
  if (capacity.status === "BEHIND") flags.push({ metric: "CAPACITY", message: "landing.perfCapacityBehind" });
  if (capacity.status === "LATE") flags.push({ metric: "CAPACITY", message: "landing.perfCapacityLate" });

  return {
    investmentIntensity: investmentIntensityPerf,
    taxPerMu: taxPerMuPerf,
    jobs,
    capacity,
    fundsInPlaceRate: fundsInPlaceRate(achieved.fundsInPlaceWan, terms.amountWan),
    flags,
    behind: flags.length > 0,
  };
}

function metric(promised: number | null, achieved: number | null, due: boolean): MetricPerformance {
  const r = ratio(achieved, promised);
  if (promised === null || achieved === null) return { promised, achieved, ratio: r, status: "UNKNOWN" };
  if (achieved >= promised) return { promised, achieved, ratio: r, status: "MET" };
  return { promised, achieved, ratio: r, status: due ? "BEHIND" : "PENDING" };
}

export function capacityPerformance(deadline: Date | null, reachedAt: Date | null, now: Date): CapacityPerformance {
  if (!deadline) return { promised: null, achieved: reachedAt, status: "UNKNOWN", daysLate: 0 };
  if (reachedAt) {
    return isLaterDay(reachedAt, deadline)
      ? { promised: deadline, achieved: reachedAt, status: "LATE", daysLate: calendarDaysBetween(deadline, reachedAt) }
      : { promised: deadline, achieved: reachedAt, status: "MET", daysLate: 0 };
  }
  return isLaterDay(now, deadline)
    ? { promised: deadline, achieved: null, status: "BEHIND", daysLate: calendarDaysBetween(deadline, now) }
    : { promised: deadline, achieved: null, status: "PENDING", daysLate: 0 };
}

// ───────────────────────────── funds in place ─────────────────────────────

export type FundsEntry = { date: Date; amountWan: number; source: FundsSource };

export type FundsMonth = {
  /** Shanghai calendar month, `YYYY-MM`. */
  month: string;
  amountWan: number;
  cumulativeWan: number;
  bySource: Record<FundsSource, number>;
};

/** Cumulative funds in place, 万元, optionally up to and including a day. */
export function totalFundsInPlace(entries: readonly FundsEntry[], until?: Date): number {
  const last = until ? shanghaiDay(until) : null;
  return sumWan(entries.filter((e) => last === null || shanghaiDay(e.date) <= last).map((e) => e.amountWan));
}

/** Funds by source, 万元 (DESIGN §6 splits 市外/省外/外资). */
export function fundsBySource(entries: readonly FundsEntry[]): Record<FundsSource, number> {
  const bySource = emptyBySource();
  for (const source of FUNDS_SOURCES) bySource[source] = sumWan(entries.filter((e) => e.source === source).map((e) => e.amountWan));
  return bySource;
}

/**
 * Funds month by month on the Shanghai calendar, every month from `from` (default: the first
 * entry's) to `to` (default: the last entry's) present even when nothing arrived, with the
 * cumulative total including everything before `from`.
 */
export function monthlyFunds(entries: readonly FundsEntry[], range: { from?: Date; to?: Date } = {}): FundsMonth[] {
  if (entries.length === 0 && (!range.from || !range.to)) return [];
  const monthOf = (d: Date) => shanghaiDay(d).slice(0, 7);
  const months = entries.map((e) => monthOf(e.date)).sort();
  const first = range.from ? monthOf(range.from) : (months[0] as string);
  const last = range.to ? monthOf(range.to) : (months[months.length - 1] as string);
  if (first > last) return [];

  const series: FundsMonth[] = [];
  let cumulative = entries.filter((e) => monthOf(e.date) < first).reduce((total, e) => total + Math.round(e.amountWan * 10_000), 0);
  for (let month = first; month <= last; month = nextMonth(month)) {
    const inMonth = entries.filter((e) => monthOf(e.date) === month);
    const amountUnits = inMonth.reduce((total, e) => total + Math.round(e.amountWan * 10_000), 0);
    cumulative += amountUnits;
    series.push({ month, amountWan: amountUnits / 10_000, cumulativeWan: cumulative / 10_000, bySource: fundsBySource(inMonth) });
  }
  return series;
}

function nextMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
}

function emptyBySource(): Record<FundsSource, number> {
  return { LOCAL: 0, OUT_OF_CITY: 0, OUT_OF_PROVINCE: 0, FOREIGN: 0 };
}

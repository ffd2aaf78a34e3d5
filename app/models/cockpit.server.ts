// 领导驾驶舱 (DESIGN §5, issue 5 item 3): one screen of the user's scope for a year — the metrics
// by county, targets with live progress, the county ranking with its change since last month
// and the 红黑榜 (app/domain/ranking.ts), the funnel by stage, chains, monthly trends, key
// projects, 在谈 5亿+, overdue lists and leader engagement. Every number is a Figure: value, the
// list it links to, and that list's total.
import { previousCutoff, scheduleShare, yearPeriod, type TargetMetric, TARGET_METRICS } from "#app/domain/metrics";
import { rankChange, rankRegions, redBlackList, type ListReason } from "#app/domain/ranking";
import { getMechanism } from "#app/models/mechanism.server";
import { regionNames } from "#app/models/project-list.server";
import { now as clockNow } from "#app/utils/clock";
import { versionedCache } from "#app/utils/versioned-cache.server";
import { regionScope, type SessionUser } from "#app/utils/permissions.server";
import {
  chainBreakdown,
  inTalksLargeProjects,
  keyProjectsWithWarnings,
  leaderEngagement,
  metricTrends,
  overdueLists,
  regionMetrics,
  stageFunnel,
  type Figure,
  type RegionMetrics,
} from "./metrics.server";
import { targetValues, targetsForYear } from "./target.server";

/** The figure of a target metric among a region's metrics (what its progress bar links to). */
export function targetFigure(m: RegionMetrics, metric: TargetMetric): Figure {
  switch (metric) {
    case "SIGNED_COUNT":
      return m.signed;
    case "SIGNED_AMOUNT":
      return m.signedAmount;
    case "LARGE_PROJECTS":
      return m.bands[0]?.count ?? m.signed;
    case "FUNDS_IN_PLACE":
      return m.funds;
    case "STARTED":
      return m.started;
    case "PRODUCED":
      return m.produced;
    case "NEW_FIRMS":
      return m.newFirms;
    case "OUTPUT":
      return m.output;
    case "JOBS":
      return m.jobs;
  }
}

export type TargetProgress = { metric: TargetMetric; target: number; actual: Figure; progress: number };

export type RankingRow = {
  regionId: string;
  regionName: string;
  rank: number;
  /** Places gained since last month (positive: up); null without a previous ranking. */
  change: number | null;
  score: number;
  metrics: RegionMetrics;
};

export type CockpitData = Awaited<ReturnType<typeof cockpitData>>;

/** `until`: cut the year's period there (a monthly bulletin: the year up to that month's end). */
export async function cockpitData(user: SessionUser, opts: { year: number; now?: Date; until?: Date }) {
  const at = opts.now ?? clockNow();
  const config = await getMechanism();
  const year = yearPeriod(opts.year);
  const period = opts.until && opts.until.getTime() < year.to.getTime() ? { from: year.from, to: opts.until } : year;
  const previous = previousCutoff(opts.year, at);
  const names = await regionNames();
  const common = { now: at, config, regionNames: names };
  const report = await regionMetrics(user, { period, previous, now: at, config });
  const [funnel, chains, trends, engagement, keyProjects, inTalks, overdue] = await Promise.all([
    stageFunnel(user),
    chainBreakdown(user, period, common),
    metricTrends(user, common),
    leaderEngagement(user, period),
    keyProjectsWithWarnings(user, common),
    inTalksLargeProjects(user, common),
    overdueLists(user, common),
  ]);

  // Targets of the scope's own region (the city, or the county) and of each unit.
  const scopeRegionId = report.scopeRegionIds.length === 1 ? (report.scopeRegionIds[0] ?? null) : null;
  const regionIds = [...report.units.map((u) => u.regionId as string), ...(scopeRegionId ? [scopeRegionId] : [])];
  const targets = await targetsForYear(opts.year, regionIds);
  const schedule = scheduleShare(opts.year, at);
  const scopeTargets = scopeRegionId ? targetValues(targets, scopeRegionId) : {};
  const progress: TargetProgress[] = TARGET_METRICS.filter((m) => scopeTargets[m] !== undefined).map((metric) => {
    const target = scopeTargets[metric] ?? 0;
    const actual = targetFigure(report.total, metric);
    return { metric, target, actual, progress: target > 0 ? actual.value / target : 0 };
  });

  // The ranking is among the units of the scope; one county alone is not ranked.
  const rankable = report.units.length > 1;
  const ranked = rankable ? rankRegions(report.units.map((u) => ({ regionId: u.regionId as string, actual: u.targetValues, targets: targetValues(targets, u.regionId as string) })), config.cockpit) : [];
  const before = rankable && previous
    ? new Map(rankRegions(report.units.map((u) => ({ regionId: u.regionId as string, actual: u.previousTargetValues ?? {}, targets: targetValues(targets, u.regionId as string) })), config.cockpit).map((r) => [r.regionId, r.rank]))
    : null;
  const byId = new Map(report.units.map((u) => [u.regionId as string, u]));
  const unitOrder = new Map(report.units.map((u, i) => [u.regionId as string, i]));
  const ranking: RankingRow[] = ranked
    .map((r) => ({ regionId: r.regionId, regionName: byId.get(r.regionId)?.regionName ?? "", rank: r.rank, change: rankChange(r.rank, before?.get(r.regionId)), score: r.score, metrics: byId.get(r.regionId) as RegionMetrics }))
    .sort((a, b) => a.rank - b.rank || (unitOrder.get(a.regionId) ?? 0) - (unitOrder.get(b.regionId) ?? 0));
  const lists = rankable
    ? redBlackList(ranked, new Map(report.units.map((u) => [u.regionId as string, { problems: u.problemsOverdue.value, incentives: u.incentivesOverdue.value }])), schedule, config.cockpit)
    : { red: [], black: [] };
  const named = (entries: { regionId: string; reasons: ListReason[] }[]) => entries.map((e) => ({ ...e, regionName: byId.get(e.regionId)?.regionName ?? "" }));

  return {
    year: opts.year,
    now: at,
    period,
    schedule,
    scopeName: report.scopeName,
    config,
    report,
    targets: { progress },
    ranking,
    hasPreviousRanking: before !== null,
    redBlack: { red: named(lists.red), black: named(lists.black) },
    funnel,
    chains,
    trends,
    engagement,
    keyProjects: { total: report.total.keyProjects, red: report.total.keyRed, yellow: report.total.keyYellow, items: keyProjects },
    inTalks,
    overdue,
  };
}

// ───────────────────────── cached for the page (ADR 009) ─────────────────────────

/**
 * How long computed cockpit numbers are served without a data change: what moves with time alone
 * (overdue by now, days in stage, the schedule share) is at most this old on the page.
 */
export const COCKPIT_CACHE_MS = 60_000;
const cache = versionedCache<CockpitData>({ maxAgeMs: COCKPIT_CACHE_MS, maxEntries: 64 });

/**
 * cockpitData for the /cockpit page, computed once per scope and year and served again while the
 * data version (bumped by every audited data change, on any instance) is unchanged and the entry
 * is younger than COCKPIT_CACHE_MS. The numbers depend on the user only through the region scope,
 * so users with one scope share an entry; concurrent requests share one computation.
 */
export async function cachedCockpitData(user: SessionUser, opts: { year: number; now?: Date }): Promise<CockpitData> {
  const at = opts.now ?? clockNow();
  const scope = await regionScope(user);
  const key = `${opts.year}|${scope === null ? "*" : [...scope].sort().join(",")}`;
  return cache.get(key, at, () => cockpitData(user, { year: opts.year, now: at }));
}

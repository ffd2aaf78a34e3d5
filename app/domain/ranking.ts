// 比学赶超: the county ranking and the 红黑榜 of the cockpit (DESIGN §2 定期调度、通报、督查考核).
// Pure; the weights, the cap and the list rules come from the mechanism (config.cockpit), so a
// city changes how it ranks its counties without a release.
//
// Score: for each ranking metric, the completion — actual ÷ the county's target for the year,
// capped at `completionCap` so one runaway metric cannot carry a county; without a target, the
// actual ÷ the best county's actual (relative standing) — weighted and averaged, ×100.
// Ties share a rank (1, 2, 2, 4). The rank change is last month's rank minus this one: +2 means
// up two places.
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type TargetMetric } from "./metrics";

export type CockpitRules = MechanismConfig["cockpit"];

export type RankingInput = {
  regionId: string;
  actual: Partial<Record<TargetMetric, number>>;
  targets: Partial<Record<TargetMetric, number>>;
};

export type RankedRegion = {
  regionId: string;
  /** 0–100 × completionCap. */
  score: number;
  rank: number;
  /** Completion per ranking metric (0–completionCap), and whether it was read against a target. */
  completion: { metric: TargetMetric; value: number; againstTarget: boolean }[];
};

/** Competition ranking of the regions by score, highest first; equal scores share a rank. */
export function rankRegions(rows: readonly RankingInput[], rules: CockpitRules): RankedRegion[] {
  const { metrics, completionCap } = rules.ranking;
  const best = new Map<TargetMetric, number>(metrics.map((m) => [m.metric, Math.max(0, ...rows.map((r) => r.actual[m.metric] ?? 0))]));
  const totalWeight = metrics.reduce((sum, m) => sum + m.weight, 0);
  const scored = rows.map((row) => {
    const completion = metrics.map((m) => {
      const actual = row.actual[m.metric] ?? 0;
      const target = row.targets[m.metric];
      if (target !== undefined && target > 0) return { metric: m.metric, value: Math.min(actual / target, completionCap), againstTarget: true };
      const top = best.get(m.metric) ?? 0;
      return { metric: m.metric, value: top > 0 ? actual / top : 0, againstTarget: false };
    });
    const weighted = metrics.reduce((sum, m, i) => sum + m.weight * (completion[i]?.value ?? 0), 0);
    return { regionId: row.regionId, score: roundScore(totalWeight > 0 ? (weighted / totalWeight) * 100 : 0), completion };
  });
  const ordered = [...scored].sort((a, b) => b.score - a.score);
  return ordered.map((row) => ({ ...row, rank: 1 + ordered.filter((other) => other.score > row.score).length }));
}

function roundScore(score: number): number {
  return Math.round(score * 10) / 10;
}

/** Places gained since the previous ranking (positive: up); null without one. */
export function rankChange(current: number, previous: number | null | undefined): number | null {
  return previous === null || previous === undefined ? null : previous - current;
}

export type ListReason =
  | { kind: "TOP"; rank: number }
  | { kind: "BOTTOM"; rank: number }
  | { kind: "BOTTOM_BEHIND_SCHEDULE"; rank: number; score: number; schedulePercent: number }
  | { kind: "OVERDUE_PROBLEMS"; count: number }
  | { kind: "OVERDUE_INCENTIVES"; count: number };

export type RedBlackEntry = { regionId: string; reasons: ListReason[] };

/**
 * 红黑榜. Black: among the last `blackBottomN` of the ranking and behind 序时进度 (score below
 * schedule × blackBelowScheduleRatio), or holding at least `blackOverdueProblems` overdue
 * problems or `blackOverdueIncentives` overdue incentive payments (0 turns a rule off). Red:
 * among the first `redTopN`, at or ahead of 序时进度 × redMinScheduleRatio, and not black (with few
 * counties the first half at most, and the last half at most for the bottom).
 * 序时进度 only applies to a county with a target among the ranking metrics: a score made of
 * relative standings (no targets) is not a completion, so there the rank alone decides.
 * `schedule` is the share of the year gone (0–1).
 */
export function redBlackList(
  ranked: readonly RankedRegion[],
  overdue: ReadonlyMap<string, { problems: number; incentives: number }>,
  schedule: number,
  rules: CockpitRules,
): { red: RedBlackEntry[]; black: RedBlackEntry[] } {
  const r = rules.redBlackList;
  const n = ranked.length;
  // With few counties the two ends would overlap: the top takes at most half, the bottom the rest.
  const topN = Math.min(r.redTopN, Math.ceil(n / 2));
  const bottomN = Math.min(r.blackBottomN, Math.floor(n / 2));
  const schedulePercent = Math.round(schedule * 1000) / 10;
  const black: RedBlackEntry[] = [];
  const red: RedBlackEntry[] = [];
  const byRank = [...ranked].sort((a, b) => a.rank - b.rank || a.regionId.localeCompare(b.regionId));
  for (const row of byRank) {
    const reasons: ListReason[] = [];
    const againstTargets = row.completion.some((c) => c.againstTarget);
    const bottom = bottomN > 0 && row.rank > n - bottomN;
    if (bottom && !againstTargets) reasons.push({ kind: "BOTTOM", rank: row.rank });
    else if (bottom && row.score < schedulePercent * r.blackBelowScheduleRatio) {
      reasons.push({ kind: "BOTTOM_BEHIND_SCHEDULE", rank: row.rank, score: row.score, schedulePercent });
    }
    const o = overdue.get(row.regionId) ?? { problems: 0, incentives: 0 };
    if (r.blackOverdueProblems > 0 && o.problems >= r.blackOverdueProblems) reasons.push({ kind: "OVERDUE_PROBLEMS", count: o.problems });
    if (r.blackOverdueIncentives > 0 && o.incentives >= r.blackOverdueIncentives) reasons.push({ kind: "OVERDUE_INCENTIVES", count: o.incentives });
    if (reasons.length > 0) {
      black.push({ regionId: row.regionId, reasons });
      continue;
    }
    if (row.rank <= topN && row.score > 0 && (!againstTargets || row.score >= schedulePercent * r.redMinScheduleRatio)) {
      red.push({ regionId: row.regionId, reasons: [{ kind: "TOP", rank: row.rank }] });
    }
  }
  return { red, black };
}

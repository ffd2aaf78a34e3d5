// 产业链图谱 (chain map, issue 5 item 4): the pure rules of the map. Which link is a gap (补链),
// which companies are its targets and in what order. The counting itself is SQL
// (app/models/chain-map.server.ts); "landed" is the counting rules' own (countingStatus of
// app/domain/metrics.ts, landedNow of app/models/metric-sql.server.ts), never restated here.
//
// Definitions (ADR 012):
// - A company belongs to the link it is tagged with (Company.linkId); a project to its own
//   link (Project.linkId). Companies are the scope's own (owning region in scope, as the
//   company list's 本辖区), projects those in the scope's regions.
// - A landed company: one with at least one project in the scope that has landed in the
//   statistics' sense (counted, signed, and the formal contract, local company and start the
//   counting rules require).
// - A gap (补链): a live link with no landed company in the scope, whether or not companies are
//   tagged to it yet.
// - Targets of a gap: the scope's companies tagged to the link that have not landed — on a gap
//   that is all of them. 链主 first (the firms a chain is built around), then the furthest
//   stage any of their projects in the scope has reached (洽谈 before 首谈 before none yet; a
//   project 暂缓 counts below every active stage, 终止 below having no project at all), then
//   name.
import { LADDER_STAGES, isStageCode, type StageCode } from "./stages";

/** How many targets a gap lists before its "更多" link to the full company list. */
export const GAP_TARGET_CAP = 5;

/** How many 链主 a link names before the count alone stands for the rest. */
export const LEADER_NAME_CAP = 6;

/** A link with no landed company in the scope is a gap to fill (补链). */
export function isGap(link: { landedCompanies: number }): boolean {
  return link.landedCompanies === 0;
}

/**
 * How far a stage is along, for ranking targets: the ladder in order (线索 lowest, 达效
 * highest) above 暂缓, above having no project (0), above 终止.
 */
export function stageRank(stage: StageCode | null): number {
  if (stage === null) return 0;
  if (stage === "TERMINATED") return -1;
  if (stage === "ON_HOLD") return 1;
  return 2 + LADDER_STAGES.indexOf(stage);
}

/** The furthest of a company's project stages (unknown codes ignored); null without projects. */
export function furthestStage(stages: readonly (string | null)[]): StageCode | null {
  let best: StageCode | null = null;
  for (const stage of stages) {
    if (!isStageCode(stage)) continue;
    if (best === null || stageRank(stage) > stageRank(best)) best = stage;
  }
  return best;
}

export type GapTarget = { id: string; name: string; chainLeader: boolean; stage: StageCode | null };

const collator = new Intl.Collator("zh-CN");

/** The order targets are listed in: 链主 first, then the furthest stage, then name, then id. */
export function compareTargets(a: GapTarget, b: GapTarget): number {
  if (a.chainLeader !== b.chainLeader) return a.chainLeader ? -1 : 1;
  const byStage = stageRank(b.stage) - stageRank(a.stage);
  if (byStage !== 0) return byStage;
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The first `cap` targets in listing order, and how many there are in all. */
export function pickTargets<T extends GapTarget>(targets: readonly T[], cap = GAP_TARGET_CAP): { shown: T[]; total: number } {
  return { shown: [...targets].sort(compareTargets).slice(0, cap), total: targets.length };
}

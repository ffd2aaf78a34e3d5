// 安商稳商 (DESIGN §7.6): landed firms are visited on a cadence; a visit records red flags
// (停产/半停产, 欠薪, 裁员, 欠缴水电, 经营异常) and may find an expansion (增资扩产) lead that
// becomes a new project for the same company. The cadence and the stages that call for visits
// are the mechanism's; which flags are grave is fixed here, because the alerts depend on it.
import { type MessageKey } from "#app/i18n";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type StageCode } from "./stages";
import { clockLevel, worstLevel, type WarningLevel } from "./warnings";
import { calendarDaysBetween } from "./workdays";

export const RED_FLAGS = ["STOPPED", "PARTIAL_STOP", "WAGE_ARREARS", "LAYOFFS", "UTILITY_ARREARS", "ABNORMAL"] as const;
export type RedFlag = (typeof RED_FLAGS)[number];

/** 停产 and 欠薪 threaten the firm and its workers at once: red; the others yellow. */
const FLAG_LEVEL: Record<RedFlag, Extract<WarningLevel, "YELLOW" | "RED">> = {
  STOPPED: "RED",
  WAGE_ARREARS: "RED",
  PARTIAL_STOP: "YELLOW",
  LAYOFFS: "YELLOW",
  UTILITY_ARREARS: "YELLOW",
  ABNORMAL: "YELLOW",
};

export function isRedFlag(value: unknown): value is RedFlag {
  return typeof value === "string" && (RED_FLAGS as readonly string[]).includes(value);
}
export function redFlagLabelKey(flag: RedFlag): MessageKey {
  return `landing.redFlag_${flag}`;
}
export function redFlagLevel(flag: RedFlag): Extract<WarningLevel, "YELLOW" | "RED"> {
  return FLAG_LEVEL[flag];
}

/** Flags stored comma-separated (as company tags are); unknown codes dropped, order canonical, each once. */
export function parseRedFlags(stored: string | null | undefined): RedFlag[] {
  const codes = new Set((stored ?? "").split(",").map((code) => code.trim()));
  return RED_FLAGS.filter((flag) => codes.has(flag));
}
export function formatRedFlags(flags: readonly RedFlag[]): string {
  return RED_FLAGS.filter((flag) => flags.includes(flag)).join(",");
}

/** 停产 and 半停产 describe one state: a visit cannot report both. */
export function redFlagsError(flags: readonly RedFlag[]): MessageKey | null {
  return flags.includes("STOPPED") && flags.includes("PARTIAL_STOP") ? "landing.redFlagsStopBoth" : null;
}

export type AftercareVisitSnapshot = { id: string; visitedAt: Date; flags: readonly RedFlag[] };

export type CurrentRedFlags = {
  /** The flags of the latest visit: a flag a later visit no longer reports is cleared. */
  flags: RedFlag[];
  level: WarningLevel;
  /** For each current flag, the first visit of the unbroken run of visits reporting it. */
  since: Partial<Record<RedFlag, Date>>;
  latestVisitId: string | null;
};

export function currentRedFlags(visits: readonly AftercareVisitSnapshot[]): CurrentRedFlags {
  const ordered = [...visits].sort((a, b) => b.visitedAt.getTime() - a.visitedAt.getTime());
  const latest = ordered[0];
  if (!latest) return { flags: [], level: "NONE", since: {}, latestVisitId: null };
  const flags = RED_FLAGS.filter((flag) => latest.flags.includes(flag));
  const since: Partial<Record<RedFlag, Date>> = {};
  for (const flag of flags) {
    let first = latest.visitedAt;
    for (const visit of ordered) {
      if (!visit.flags.includes(flag)) break;
      first = visit.visitedAt;
    }
    since[flag] = first;
  }
  return { flags, level: worstLevel(...flags.map(redFlagLevel)), since, latestVisitId: latest.id };
}

export function needsAftercare(stage: StageCode, config: MechanismConfig): boolean {
  return config.aftercare.stages.includes(stage);
}

export type AftercareVisitClock = {
  level: WarningLevel;
  cadenceDays: number | null;
  /** Calendar days since the last visit, or since the firm entered aftercare when never visited. */
  daysSince: number;
  daysLeft: number | null;
  overdue: boolean;
};

/**
 * The visit cadence (calendar days, key firms more often), coloured like the follow-up clock:
 * yellow from the configured share of the cadence, red once it has passed.
 */
export function aftercareVisitClock(args: {
  stage: StageCode;
  isKey: boolean;
  lastVisitAt: Date | null;
  /** When the firm entered an aftercare stage (e.g. the 投产 date). */
  since: Date;
  now: Date;
  config: MechanismConfig;
}): AftercareVisitClock {
  const daysSince = Math.max(0, calendarDaysBetween(args.lastVisitAt ?? args.since, args.now));
  if (!needsAftercare(args.stage, args.config)) return { level: "NONE", cadenceDays: null, daysSince, daysLeft: null, overdue: false };
  const cadence = args.isKey ? args.config.aftercare.visitCadenceDays.key : args.config.aftercare.visitCadenceDays.normal;
  return {
    level: clockLevel(daysSince, cadence, args.config.warning.yellowRatio),
    cadenceDays: cadence,
    daysSince,
    daysLeft: cadence - daysSince,
    overdue: daysSince > cadence,
  };
}

export type ExpansionProjectDraft = {
  companyId: string;
  regionId: string;
  name: string;
  nature: "EXPANSION";
  stage: "LEAD";
  plannedInvestment: number | null;
  chainId: string | null;
  linkId: string | null;
  /** The project the lead came from, for the link between the two. */
  sourceProjectId: string;
  description: string | null;
};

/**
 * 增资扩产 in one click: a new LEAD project for the same company, in the same region and
 * chain as the project whose aftercare visit found it.
 */
export function expansionProjectDraft(args: {
  project: { id: string; name: string; companyId: string; regionId: string; chainId: string | null; linkId: string | null };
  visit: { expansionNote: string | null; expansionAmountWan: number | null };
  suffix: string;
}): ExpansionProjectDraft {
  return {
    companyId: args.project.companyId,
    regionId: args.project.regionId,
    name: `${args.project.name}${args.suffix}`,
    nature: "EXPANSION",
    stage: "LEAD",
    plannedInvestment: args.visit.expansionAmountWan,
    chainId: args.project.chainId,
    linkId: args.project.linkId,
    sourceProjectId: args.project.id,
    description: args.visit.expansionNote?.trim() || null,
  };
}

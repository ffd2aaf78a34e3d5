// Escalation colours (DESIGN §2, §7.2): a running clock is blue, turns yellow once the
// configured share of its limit is used, and red past the limit. Two clocks run on a project:
// time in the current stage (工作日, limit per stage) and time since the last follow-up
// (calendar days, cadence by 重点 or not). The worse of the two is the project's colour.
import { type MessageKey, type MessageParams } from "#app/i18n";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { stageDefinition, type StageCode } from "./stages";
import { calendarDaysBetween, workdaysBetween } from "./workdays";

export const WARNING_LEVELS = ["NONE", "BLUE", "YELLOW", "RED"] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export function warningLabelKey(level: WarningLevel): MessageKey {
  return `pipeline.warning_${level}`;
}

export function worstLevel(...levels: WarningLevel[]): WarningLevel {
  return levels.reduce<WarningLevel>(
    (worst, level) => (WARNING_LEVELS.indexOf(level) > WARNING_LEVELS.indexOf(worst) ? level : worst),
    "NONE",
  );
}

/**
 * Units used from which a clock of `limit` units is yellow. Rounded up to a whole unit, with
 * the float noise of ratio × limit removed first (0.7 × 10 is 7.000000000000001).
 */
export function yellowThreshold(limit: number, yellowRatio: number): number {
  return Math.ceil(Number((limit * yellowRatio).toFixed(6)));
}

/** The colour of a running clock: `used` units of `limit`; the limit's last unit is still yellow. */
export function clockLevel(used: number, limit: number, yellowRatio: number): Exclude<WarningLevel, "NONE"> {
  if (used > limit) return "RED";
  if (used >= yellowThreshold(limit, yellowRatio)) return "YELLOW";
  return "BLUE";
}

export type StageClock = {
  level: WarningLevel;
  limitWorkdays: number | null;
  /** 工作日 since the day the stage was entered (that day not counted). */
  daysInStage: number;
  /** 工作日 left before the limit; negative once overdue; null when the stage has no limit. */
  daysLeft: number | null;
};

export function stageClock(args: { stage: StageCode; stageEnteredAt: Date; now: Date; config: MechanismConfig }): StageClock {
  const limit = stageDefinition(args.config, args.stage)?.limitWorkdays ?? null;
  const daysInStage = Math.max(0, workdaysBetween(args.stageEnteredAt, args.now));
  if (limit === null) return { level: "NONE", limitWorkdays: null, daysInStage, daysLeft: null };
  return {
    level: clockLevel(daysInStage, limit, args.config.warning.yellowRatio),
    limitWorkdays: limit,
    daysInStage,
    daysLeft: limit - daysInStage,
  };
}

export type FollowUpClock = {
  level: WarningLevel;
  cadenceDays: number | null;
  /** Calendar days since the last follow-up, or since the stage was entered when there is none. */
  daysSince: number;
  /** Calendar days until a follow-up is due; negative once overdue; null when none is required. */
  daysLeft: number | null;
  overdue: boolean;
};

export function followUpCadenceDays(isKey: boolean, config: MechanismConfig): number {
  return isKey ? config.followUpCadenceDays.key : config.followUpCadenceDays.normal;
}

export function followUpClock(args: {
  stage: StageCode;
  isKey: boolean;
  lastFollowUpAt: Date | null;
  stageEnteredAt: Date;
  now: Date;
  config: MechanismConfig;
}): FollowUpClock {
  const since = args.lastFollowUpAt ?? args.stageEnteredAt;
  const daysSince = Math.max(0, calendarDaysBetween(since, args.now));
  if (!stageDefinition(args.config, args.stage)?.followUpRequired) {
    return { level: "NONE", cadenceDays: null, daysSince, daysLeft: null, overdue: false };
  }
  const cadence = followUpCadenceDays(args.isKey, args.config);
  return {
    level: clockLevel(daysSince, cadence, args.config.warning.yellowRatio),
    cadenceDays: cadence,
    daysSince,
    daysLeft: cadence - daysSince,
    overdue: daysSince > cadence,
  };
}

export type ProjectWarningInput = {
  stage: StageCode;
  stageEnteredAt: Date;
  lastFollowUpAt: Date | null;
  isKey: boolean;
  now: Date;
  config: MechanismConfig;
};

export type ProjectWarning = {
  level: WarningLevel;
  stage: StageClock;
  followUp: FollowUpClock;
  /** 工作日 in the current stage. */
  daysInStage: number;
  /** 工作日 left in the current stage (negative once overdue; null without a limit). */
  daysLeft: number | null;
};

export function projectWarning(input: ProjectWarningInput): ProjectWarning {
  const stage = stageClock(input);
  const followUp = followUpClock(input);
  return {
    level: worstLevel(stage.level, followUp.level),
    stage,
    followUp,
    daysInStage: stage.daysInStage,
    daysLeft: stage.daysLeft,
  };
}

export type WarningMessage = { key: MessageKey; params?: MessageParams };

/** The lines a project header shows under its colour, e.g. "本阶段已超时 3 个工作日". */
export function describeWarning(warning: ProjectWarning): WarningMessage[] {
  const lines: WarningMessage[] = [{ key: "pipeline.stageDaysInStage", params: { days: warning.daysInStage } }];
  const left = warning.stage.daysLeft;
  if (left === null) lines.push({ key: "pipeline.stageNoLimit" });
  else if (left > 0) lines.push({ key: "pipeline.stageDaysLeft", params: { days: left } });
  else if (left === 0) lines.push({ key: "pipeline.stageDueToday" });
  else lines.push({ key: "pipeline.stageOverdueBy", params: { days: -left } });

  const due = warning.followUp.daysLeft;
  if (due === null) return lines;
  if (due > 0) lines.push({ key: "pipeline.followUpDueIn", params: { days: due } });
  else if (due === 0) lines.push({ key: "pipeline.followUpDueToday" });
  else lines.push({ key: "pipeline.followUpOverdueBy", params: { days: -due } });
  return lines;
}

// The warning colours of app/domain/warnings.ts turned around for databases: instead of
// reading each project's clocks, work out once per request the dates before which a clock is
// yellow or red, so a list of 10 000 projects can filter on its warning level in SQL (DESIGN §8
// performance). Both clocks only ever get worse as their start date moves back, so every
// threshold "at least n units used" is one "started before" cut-off.
//
// levelFromCutoffs() evaluates the very comparisons a database query makes; the unit tests
// hold it equal to projectWarning() across holidays and 调休, which is what makes the SQL
// filter trustworthy.
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type StageCode } from "./stages";
import { worstLevel, yellowThreshold, type WarningLevel } from "./warnings";
import { addWorkdays, isWorkday, startOfShanghaiDay } from "./workdays";

const MS_PER_DAY = 86_400_000;

/** A clock is yellow when it started before `yellowBefore`, red when before `redBefore`. */
export type ClockCutoffs = { yellowBefore: Date; redBefore: Date };

export type WarningCutoffs = {
  /** Stages with a time limit, each with the stageEnteredAt cut-offs of its limit. */
  stageClocks: ({ stage: StageCode } & ClockCutoffs)[];
  /** Stages in which the follow-up cadence runs. */
  followUpStages: StageCode[];
  /**
   * Cut-offs on the follow-up clock's start: the last follow-up, or the day the stage was
   * entered when there has been none. By 重点 or not, as the cadence differs.
   */
  followUp: { key: ClockCutoffs; normal: ClockCutoffs };
};

/**
 * The start of the earliest day a stage clock may have started on and still show fewer than
 * `n` 工作日 at `now` (n ≥ 1): entered before it, the clock shows n or more. The workdays
 * counted are those after the entry day up to and including today, so the cut-off is the n-th
 * workday counting back from today (today first, if it is a workday).
 */
export function workdayCutoff(now: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`A workday cut-off needs n ≥ 1, got ${n}`);
  return addWorkdays(now, isWorkday(now) ? -(n - 1) : -n);
}

/** The same for a clock in calendar days: started before it, at least `n` days have passed. */
export function calendarDayCutoff(now: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`A day cut-off needs n ≥ 1, got ${n}`);
  return new Date(startOfShanghaiDay(now).getTime() - (n - 1) * MS_PER_DAY);
}

function clockCutoffs(limit: number, yellowRatio: number, cutoff: (n: number) => Date): ClockCutoffs {
  // Yellow from yellowThreshold(limit) units used; red once more than `limit` are used.
  return { yellowBefore: cutoff(yellowThreshold(limit, yellowRatio)), redBefore: cutoff(limit + 1) };
}

/**
 * Every cut-off is 00:00 of some day, so they depend on the day of `now` alone: kept per
 * configuration for the last day asked. Each list and 工作台 request asks, and walking back a
 * stage's limit workday by workday is the costly part (0.2 ms of a 9 ms page).
 */
const lastAsked = new WeakMap<MechanismConfig, { day: number; cutoffs: WarningCutoffs }>();

export function warningCutoffs(config: MechanismConfig, now: Date): WarningCutoffs {
  const day = startOfShanghaiDay(now).getTime();
  const kept = lastAsked.get(config);
  if (kept?.day === day) return kept.cutoffs;
  const cutoffs = computeCutoffs(config, now);
  lastAsked.set(config, { day, cutoffs });
  return cutoffs;
}

function computeCutoffs(config: MechanismConfig, now: Date): WarningCutoffs {
  const ratio = config.warning.yellowRatio;
  const stageClocks = config.stages
    .filter((s) => s.limitWorkdays !== null)
    .map((s) => ({ stage: s.code, ...clockCutoffs(s.limitWorkdays as number, ratio, (n) => workdayCutoff(now, n)) }));
  const byDays = (n: number) => calendarDayCutoff(now, n);
  return {
    stageClocks,
    followUpStages: config.stages.filter((s) => s.followUpRequired).map((s) => s.code),
    followUp: {
      key: clockCutoffs(config.followUpCadenceDays.key, ratio, byDays),
      normal: clockCutoffs(config.followUpCadenceDays.normal, ratio, byDays),
    },
  };
}

export type CutoffProject = {
  stage: string;
  stageEnteredAt: Date;
  lastFollowUpAt: Date | null;
  isKey: boolean;
};

type Threshold = keyof ClockCutoffs;

/** Whether the stage clock has reached the threshold: the comparison a query makes. */
export function stageClockReached(cutoffs: WarningCutoffs, project: CutoffProject, threshold: Threshold): boolean {
  const clock = cutoffs.stageClocks.find((c) => c.stage === project.stage);
  return !!clock && project.stageEnteredAt < clock[threshold];
}

/** Whether the follow-up clock has reached the threshold. */
export function followUpClockReached(cutoffs: WarningCutoffs, project: CutoffProject, threshold: Threshold): boolean {
  if (!cutoffs.followUpStages.includes(project.stage as StageCode)) return false;
  const cut = (project.isKey ? cutoffs.followUp.key : cutoffs.followUp.normal)[threshold];
  return (project.lastFollowUpAt ?? project.stageEnteredAt) < cut;
}

/** Stages on which a clock runs (a stage limit or a follow-up cadence): their projects are at least BLUE. */
export function clockedStages(cutoffs: WarningCutoffs): StageCode[] {
  return [...new Set([...cutoffs.stageClocks.map((c) => c.stage), ...cutoffs.followUpStages])];
}

/** The project's warning level read from the cut-offs; equals projectWarning(...).level. */
export function levelFromCutoffs(cutoffs: WarningCutoffs, project: CutoffProject): WarningLevel {
  const clockLevel = (reached: (t: Threshold) => boolean, runs: boolean): WarningLevel =>
    !runs ? "NONE" : reached("redBefore") ? "RED" : reached("yellowBefore") ? "YELLOW" : "BLUE";
  return worstLevel(
    clockLevel((t) => stageClockReached(cutoffs, project, t), cutoffs.stageClocks.some((c) => c.stage === project.stage)),
    clockLevel((t) => followUpClockReached(cutoffs, project, t), cutoffs.followUpStages.includes(project.stage as StageCode)),
  );
}

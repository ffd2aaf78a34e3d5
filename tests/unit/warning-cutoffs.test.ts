import {
  calendarDayCutoff,
  clockedStages,
  levelFromCutoffs,
  warningCutoffs,
  workdayCutoff,
  type CutoffProject,
} from "#app/domain/warning-cutoffs";
import { STAGE_CODES, type StageCode } from "#app/domain/stages";
import { followUpClock, projectWarning, stageClock } from "#app/domain/warnings";
import { calendarDaysBetween, workdaysBetween } from "#app/domain/workdays";
import { DEFAULT_MECHANISM, type MechanismConfig } from "#app/schemas/mechanism";

const config = DEFAULT_MECHANISM;

function at(day: string, time = "10:00"): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

// A small deterministic generator (mulberry32), so a failure names a reproducible case.
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("workday cut-offs", () => {
  // From warnings.test.ts: entered Fri 2025-09-26, LEAD is yellow (16 工作日) on Oct 24. Counting
  // back from Oct 24, the 16th workday is Sun Sep 28 (a 调休 make-up day).
  test("the n-th workday counting back from a workday, today included", () => {
    expect(workdayCutoff(at("2025-10-24"), 16)).toEqual(at("2025-09-28", "00:00"));
    expect(workdayCutoff(at("2025-10-24"), 1)).toEqual(at("2025-10-24", "00:00"));
  });

  test("from a holiday, the count starts at the workday before it", () => {
    // 2025-10-05 is in the 国庆 break; Sep 30 is the last workday before it.
    expect(workdayCutoff(at("2025-10-05"), 1)).toEqual(at("2025-09-30", "00:00"));
    expect(workdayCutoff(at("2025-10-05"), 3)).toEqual(at("2025-09-28", "00:00"));
  });

  test.each([1, 2, 5, 16, 21, 61, 251])("entered before the cut-off ⇔ at least %i 工作日 used", (n) => {
    const next = random(n);
    for (let i = 0; i < 300; i++) {
      // now anywhere in 2025-09 … 2026-03 (国庆, 元旦, 春节 and their 调休 days)
      const now = new Date(at("2025-09-01").getTime() + Math.floor(next() * 200 * 86_400_000));
      const entered = new Date(now.getTime() - Math.floor(next() * 400 * 86_400_000));
      const used = Math.max(0, workdaysBetween(entered, now));
      expect(entered < workdayCutoff(now, n), `${entered.toISOString()} → ${now.toISOString()}`).toBe(used >= n);
    }
  });

  test("calendar-day cut-offs count Shanghai days, whatever the time of day", () => {
    expect(calendarDayCutoff(at("2026-03-15", "23:59"), 1)).toEqual(at("2026-03-15", "00:00"));
    expect(calendarDayCutoff(at("2026-03-15", "00:01"), 8)).toEqual(at("2026-03-08", "00:00"));
    const next = random(7);
    for (let i = 0; i < 500; i++) {
      const now = new Date(at("2026-01-01").getTime() + Math.floor(next() * 90 * 86_400_000));
      const since = new Date(now.getTime() - Math.floor(next() * 60 * 86_400_000));
      const n = 1 + Math.floor(next() * 40);
      expect(since < calendarDayCutoff(now, n)).toBe(calendarDaysBetween(since, now) >= n);
    }
  });

  test("n must be a whole number of at least 1", () => {
    expect(() => workdayCutoff(at("2026-01-05"), 0)).toThrow(RangeError);
    expect(() => calendarDayCutoff(at("2026-01-05"), 1.5)).toThrow(RangeError);
  });
});

describe("warningCutoffs", () => {
  test("one stage clock per stage with a limit; follow-up stages from the configuration", () => {
    const cutoffs = warningCutoffs(config, at("2026-03-16"));
    const limited = config.stages.filter((s) => s.limitWorkdays !== null).map((s) => s.code);
    expect(cutoffs.stageClocks.map((c) => c.stage)).toEqual(limited);
    expect(cutoffs.followUpStages).not.toContain("AT_CAPACITY");
    expect(cutoffs.followUpStages).not.toContain("ON_HOLD");
    for (const clock of cutoffs.stageClocks) expect(clock.redBefore < clock.yellowBefore).toBe(true);
    // 重点 every 7 days: yellow from ceil(0.8 × 7) = 6 days, red from 8.
    expect(cutoffs.followUp.key).toEqual({ yellowBefore: at("2026-03-11", "00:00"), redBefore: at("2026-03-09", "00:00") });
    expect(cutoffs.followUp.normal.redBefore).toEqual(at("2026-02-14", "00:00"));
  });

  test("kept for the day: two times of one Shanghai day give that day's cut-offs, the next day its own", () => {
    const morning = warningCutoffs(config, at("2026-03-16", "00:05"));
    expect(warningCutoffs(config, at("2026-03-16", "23:55"))).toBe(morning);
    // A copy of the configuration is computed afresh: the kept answer is the right one.
    expect(warningCutoffs(structuredClone(config), at("2026-03-16", "23:55"))).toEqual(morning);
    const nextDay = warningCutoffs(config, at("2026-03-17", "00:05"));
    expect(nextDay).toEqual(warningCutoffs(structuredClone(config), at("2026-03-17", "09:00")));
    expect(nextDay.followUp.key.redBefore > morning.followUp.key.redBefore).toBe(true);
  });

  test("a stage is clocked exactly when projectWarning gives its projects a level above NONE", () => {
    const now = at("2026-03-16");
    const clocked = clockedStages(warningCutoffs(config, now));
    for (const stage of STAGE_CODES) {
      // Just entered and just followed up: the lowest level a clock gives, BLUE.
      const level = projectWarning({ stage, stageEnteredAt: now, lastFollowUpAt: now, isKey: false, now, config }).level;
      expect(clocked.includes(stage), stage).toBe(level !== "NONE");
    }
    expect(clocked).not.toContain("ON_HOLD");
  });

  function agreeWithProjectWarning(cfg: MechanismConfig, seed: number) {
    const next = random(seed);
    const stages: (StageCode | "UNKNOWN")[] = [...STAGE_CODES, "UNKNOWN"];
    for (let i = 0; i < 2000; i++) {
      const now = new Date(at("2025-09-20").getTime() + Math.floor(next() * 200 * 86_400_000));
      const cutoffs = warningCutoffs(cfg, now);
      const stageEnteredAt = new Date(now.getTime() - Math.floor(next() * 500 * 86_400_000) + 3_600_000);
      const lastFollowUpAt = next() < 0.25 ? null : new Date(now.getTime() - Math.floor(next() * 60 * 86_400_000));
      const project: CutoffProject = {
        stage: stages[Math.floor(next() * stages.length)]!,
        stageEnteredAt,
        lastFollowUpAt,
        isKey: next() < 0.4,
      };
      const expected = projectWarning({ ...project, stage: project.stage as StageCode, now, config: cfg }).level;
      expect(levelFromCutoffs(cutoffs, project), JSON.stringify({ ...project, now })).toBe(expected);
    }
  }

  test("the level read from cut-offs equals projectWarning, default profile", () => {
    agreeWithProjectWarning(config, 42);
  });

  test("…and with a tuned profile (short limits, other ratio and cadence)", () => {
    const tuned: MechanismConfig = {
      ...config,
      warning: { yellowRatio: 0.5 },
      followUpCadenceDays: { key: 3, normal: 10 },
      stages: config.stages.map((s) => (s.limitWorkdays === null ? s : { ...s, limitWorkdays: Math.max(1, Math.round(s.limitWorkdays / 10)) })),
    };
    agreeWithProjectWarning(tuned, 99);
  });

  test("the stage and follow-up parts agree with their own clocks", () => {
    const now = at("2026-02-24"); // the first workday after 春节 2026
    const cutoffs = warningCutoffs(config, now);
    const entered = at("2026-01-26");
    const clock = stageClock({ stage: "FIRST_CONTACT", stageEnteredAt: entered, now, config });
    const limit = cutoffs.stageClocks.find((c) => c.stage === "FIRST_CONTACT")!;
    expect(entered < limit.yellowBefore).toBe(clock.level === "YELLOW" || clock.level === "RED");
    const follow = followUpClock({ stage: "LEAD", isKey: true, lastFollowUpAt: at("2026-02-16"), stageEnteredAt: entered, now, config });
    expect(follow.level).toBe("RED");
    expect(at("2026-02-16") < cutoffs.followUp.key.redBefore).toBe(true);
  });
});

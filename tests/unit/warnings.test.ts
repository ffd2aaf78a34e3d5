import { t } from "#app/i18n";
import {
  clockLevel,
  describeWarning,
  followUpClock,
  projectWarning,
  stageClock,
  warningLabelKey,
  worstLevel,
  yellowThreshold,
  type ProjectWarningInput,
} from "#app/domain/warnings";
import { DEFAULT_MECHANISM, type MechanismConfig } from "#app/schemas/mechanism";

const config = DEFAULT_MECHANISM;

function at(day: string, time = "10:00"): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

// LEAD has a 20-workday limit and yellow starts at 0.8 × 20 = 16 in the default profile.
// Entered on Fri 2025-09-26, the workdays that follow are (国庆 Oct 1–8 off, Sep 28 and Oct 11
// worked): Sep 28 = 1, 29 = 2, 30 = 3, Oct 9 = 4, 10 = 5, 11 = 6, 13 = 7, 14 = 8, 15 = 9,
// 16 = 10, 17 = 11, 20 = 12, 21 = 13, 22 = 14, 23 = 15, 24 = 16, 27 = 17, 28 = 18, 29 = 19,
// 30 = 20, 31 = 21. Counting weekdays only would put Oct 23 at 19.
const LEAD_ENTERED = at("2025-09-26", "16:00");

function leadClockOn(day: string) {
  return stageClock({ stage: "LEAD", stageEnteredAt: LEAD_ENTERED, now: at(day), config });
}

describe("stage clock in 工作日", () => {
  test.each([
    ["2025-09-26", "BLUE", 0, 20], // the day it was entered
    ["2025-10-08", "BLUE", 3, 17], // holidays do not count
    ["2025-10-23", "BLUE", 15, 5],
    ["2025-10-24", "YELLOW", 16, 4], // exactly 0.8 of the limit
    ["2025-10-26", "YELLOW", 16, 4], // the weekend adds nothing
    ["2025-10-30", "YELLOW", 20, 0], // the last day of the limit
    ["2025-10-31", "RED", 21, -1], // past the limit
  ] as const)("on %s: %s, %i days in stage, %i left", (day, level, daysInStage, daysLeft) => {
    expect(leadClockOn(day)).toEqual({ level, limitWorkdays: 20, daysInStage, daysLeft });
  });

  test("a stage without a limit has no clock but still counts its days", () => {
    const clock = stageClock({ stage: "AT_CAPACITY", stageEnteredAt: LEAD_ENTERED, now: at("2025-10-31"), config });
    expect(clock).toEqual({ level: "NONE", limitWorkdays: null, daysInStage: 21, daysLeft: null });
  });

  test("a clock read before its start (clock skew) shows 0 days", () => {
    expect(leadClockOn("2025-09-25").daysInStage).toBe(0);
  });

  test("limit and ratio come from the configuration", () => {
    const tight: MechanismConfig = {
      ...config,
      warning: { yellowRatio: 0.5 },
      stages: config.stages.map((s) => (s.code === "LEAD" ? { ...s, limitWorkdays: 10 } : s)),
    };
    const on = (day: string) => stageClock({ stage: "LEAD", stageEnteredAt: LEAD_ENTERED, now: at(day), config: tight }).level;
    // yellow from 5 of 10: Oct 9 is day 4, Oct 10 day 5, Oct 16 day 10, Oct 17 day 11.
    expect([on("2025-10-09"), on("2025-10-10"), on("2025-10-16"), on("2025-10-17")]).toEqual(["BLUE", "YELLOW", "YELLOW", "RED"]);
  });
});

describe("clock colours at their thresholds", () => {
  test("yellow from ratio × limit, rounded up to a whole unit", () => {
    expect(yellowThreshold(20, 0.8)).toBe(16);
    expect(yellowThreshold(7, 0.8)).toBe(6); // 5.6
    expect(yellowThreshold(30, 0.8)).toBe(24);
    expect(yellowThreshold(10, 0.7)).toBe(7); // 0.7 × 10 is 7.000000000000001 in floating point
    expect(yellowThreshold(3, 0.1)).toBe(1);
  });

  test.each([
    [0, "BLUE"],
    [15, "BLUE"],
    [16, "YELLOW"],
    [20, "YELLOW"],
    [21, "RED"],
  ] as const)("%i of 20 at 0.8 → %s", (used, level) => {
    expect(clockLevel(used, 20, 0.8)).toBe(level);
  });

  test("6 of 10 at 0.7 is blue, 7 is yellow", () => {
    expect(clockLevel(6, 10, 0.7)).toBe("BLUE");
    expect(clockLevel(7, 10, 0.7)).toBe("YELLOW");
  });

  test("worst wins", () => {
    expect(worstLevel()).toBe("NONE");
    expect(worstLevel("BLUE", "NONE")).toBe("BLUE");
    expect(worstLevel("YELLOW", "BLUE")).toBe("YELLOW");
    expect(worstLevel("BLUE", "RED", "YELLOW")).toBe("RED");
  });
});

describe("follow-up cadence in calendar days", () => {
  const base = { stage: "NEGOTIATION", stageEnteredAt: at("2025-09-01"), config } as const;

  // Key projects every 7 days: yellow from ceil(5.6) = 6 days, red after 7.
  test.each([
    ["2025-10-06", "BLUE", 5, 2, false],
    ["2025-10-07", "YELLOW", 6, 1, false],
    ["2025-10-08", "YELLOW", 7, 0, false], // due today, not yet overdue
    ["2025-10-09", "RED", 8, -1, true],
  ] as const)("key project, last follow-up Oct 1, on %s: %s", (day, level, daysSince, daysLeft, overdue) => {
    const clock = followUpClock({ ...base, isKey: true, lastFollowUpAt: at("2025-10-01", "15:00"), now: at(day) });
    expect(clock).toEqual({ level, cadenceDays: 7, daysSince, daysLeft, overdue });
  });

  // Other projects every 30 days: yellow from 24 days, red after 30.
  test.each([
    ["2025-10-24", "BLUE", 23],
    ["2025-10-25", "YELLOW", 24],
    ["2025-10-31", "YELLOW", 30],
    ["2025-11-01", "RED", 31],
  ] as const)("normal project, last follow-up Oct 1, on %s: %s", (day, level, daysSince) => {
    const clock = followUpClock({ ...base, isKey: false, lastFollowUpAt: at("2025-10-01"), now: at(day) });
    expect(clock.level).toBe(level);
    expect(clock.daysSince).toBe(daysSince);
    expect(clock.cadenceDays).toBe(30);
  });

  test("days are Shanghai calendar days: 23:59 to 00:01 is one day", () => {
    const clock = followUpClock({ ...base, isKey: true, lastFollowUpAt: at("2025-10-01", "23:59"), now: at("2025-10-02", "00:01") });
    expect(clock.daysSince).toBe(1);
  });

  test("without any follow-up the clock runs from stage entry", () => {
    const clock = followUpClock({ ...base, stageEnteredAt: at("2025-10-01"), isKey: true, lastFollowUpAt: null, now: at("2025-10-09") });
    expect(clock).toMatchObject({ level: "RED", daysSince: 8, overdue: true });
  });

  test("stages that need no follow-up (暂缓, 终止, 达效 by default) have no cadence", () => {
    for (const stage of ["ON_HOLD", "TERMINATED", "AT_CAPACITY"] as const) {
      const clock = followUpClock({ ...base, stage, isKey: true, lastFollowUpAt: at("2025-01-01"), now: at("2025-10-09") });
      expect(clock).toMatchObject({ level: "NONE", cadenceDays: null, daysLeft: null, overdue: false });
    }
  });

  test("cadences come from the configuration", () => {
    const weekly: MechanismConfig = { ...config, followUpCadenceDays: { key: 3, normal: 14 } };
    const clock = followUpClock({ ...base, config: weekly, isKey: false, lastFollowUpAt: at("2025-10-01"), now: at("2025-10-16") });
    expect(clock).toMatchObject({ cadenceDays: 14, level: "RED", overdue: true });
  });
});

describe("projectWarning combines both clocks, worst wins", () => {
  const input: ProjectWarningInput = {
    stage: "LEAD",
    stageEnteredAt: LEAD_ENTERED,
    lastFollowUpAt: at("2025-10-20"),
    isKey: true,
    now: at("2025-10-24"),
    config,
  };

  test("stage yellow, follow-up blue → yellow, with days in stage and days left", () => {
    const warning = projectWarning(input);
    expect(warning.level).toBe("YELLOW");
    expect(warning.stage.level).toBe("YELLOW");
    expect(warning.followUp.level).toBe("BLUE");
    expect(warning.daysInStage).toBe(16);
    expect(warning.daysLeft).toBe(4);
  });

  test("stage blue, follow-up overdue → red", () => {
    const warning = projectWarning({ ...input, now: at("2025-10-08"), lastFollowUpAt: at("2025-09-30") });
    expect([warning.stage.level, warning.followUp.level, warning.level]).toEqual(["BLUE", "RED", "RED"]);
  });

  test("stage overdue, follow-up recent → red", () => {
    const warning = projectWarning({ ...input, now: at("2025-10-31"), lastFollowUpAt: at("2025-10-30") });
    expect([warning.stage.level, warning.followUp.level, warning.level]).toEqual(["RED", "BLUE", "RED"]);
  });

  test("a terminated project has no warning", () => {
    const warning = projectWarning({ ...input, stage: "TERMINATED", lastFollowUpAt: null });
    expect(warning.level).toBe("NONE");
    expect(warning.daysLeft).toBeNull();
  });

  test("described for the project header", () => {
    const lines = describeWarning(projectWarning(input)).map(({ key, params }) => t(key, params));
    expect(lines).toEqual(["本阶段已 16 个工作日", "本阶段时限剩余 4 个工作日", "3 天内须跟进"]);
    const late = describeWarning(projectWarning({ ...input, now: at("2025-10-31"), lastFollowUpAt: at("2025-10-24") }));
    expect(late.map(({ key, params }) => t(key, params))).toEqual(["本阶段已 21 个工作日", "本阶段已超时 1 个工作日", "今日须跟进"]);
    const held = describeWarning(projectWarning({ ...input, stage: "ON_HOLD" }));
    expect(held.map(({ key, params }) => t(key, params))).toEqual(["本阶段已 16 个工作日", "本阶段不设时限"]);
  });

  test("colour names", () => {
    expect((["NONE", "BLUE", "YELLOW", "RED"] as const).map((level) => t(warningLabelKey(level)))).toEqual([
      "无预警",
      "蓝色预警",
      "黄色预警",
      "红色预警",
    ]);
  });
});

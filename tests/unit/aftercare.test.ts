import {
  aftercareVisitClock,
  currentRedFlags,
  expansionProjectDraft,
  formatRedFlags,
  needsAftercare,
  parseRedFlags,
  redFlagLevel,
  redFlagsError,
} from "#app/domain/aftercare";
import { instructionClock, instructionReplyDeadline, isInstructionOpenFor, unansweredRecipients } from "#app/domain/instructions";
import { DEFAULT_MECHANISM, type MechanismConfig } from "#app/schemas/mechanism";

const config = DEFAULT_MECHANISM;

function at(day: string, time = "10:00"): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

describe("red flags", () => {
  test("stored comma-separated: unknown codes dropped, canonical order, each once", () => {
    expect(parseRedFlags("LAYOFFS, STOPPED,NOPE,LAYOFFS")).toEqual(["STOPPED", "LAYOFFS"]);
    expect(parseRedFlags(null)).toEqual([]);
    expect(formatRedFlags(["UTILITY_ARREARS", "WAGE_ARREARS"])).toBe("WAGE_ARREARS,UTILITY_ARREARS");
  });

  test("停产 and 欠薪 are red, the others yellow", () => {
    expect((["STOPPED", "WAGE_ARREARS"] as const).map(redFlagLevel)).toEqual(["RED", "RED"]);
    expect((["PARTIAL_STOP", "LAYOFFS", "UTILITY_ARREARS", "ABNORMAL"] as const).map(redFlagLevel)).toEqual(["YELLOW", "YELLOW", "YELLOW", "YELLOW"]);
  });

  test("停产 and 半停产 cannot both be reported", () => {
    expect(redFlagsError(["STOPPED", "PARTIAL_STOP"])).toBe("landing.redFlagsStopBoth");
    expect(redFlagsError(["STOPPED", "LAYOFFS"])).toBeNull();
  });

  test("the latest visit's flags are current; each since the start of its unbroken run", () => {
    const visits = [
      { id: "v1", visitedAt: at("2026-01-10"), flags: ["LAYOFFS" as const] },
      { id: "v2", visitedAt: at("2026-02-10"), flags: [] },
      { id: "v3", visitedAt: at("2026-03-10"), flags: ["LAYOFFS" as const, "UTILITY_ARREARS" as const] },
      { id: "v4", visitedAt: at("2026-04-10"), flags: ["LAYOFFS" as const, "WAGE_ARREARS" as const] },
    ];
    expect(currentRedFlags([...visits].reverse())).toEqual({
      flags: ["WAGE_ARREARS", "LAYOFFS"],
      level: "RED",
      since: { WAGE_ARREARS: at("2026-04-10"), LAYOFFS: at("2026-03-10") },
      latestVisitId: "v4",
    });
    expect(currentRedFlags([...visits, { id: "v5", visitedAt: at("2026-05-10"), flags: [] }]).flags).toEqual([]);
    expect(currentRedFlags([])).toEqual({ flags: [], level: "NONE", since: {}, latestVisitId: null });
  });
});

describe("visit cadence", () => {
  const since = at("2026-01-01");
  const clock = (day: string, isKey = false, lastVisitAt: Date | null = null, c: MechanismConfig = config) =>
    aftercareVisitClock({ stage: "PRODUCTION", isKey, lastVisitAt, since, now: at(day), config: c });

  test("which stages are visited is the mechanism's", () => {
    expect(needsAftercare("PRODUCTION", config)).toBe(true);
    expect(needsAftercare("AT_CAPACITY", config)).toBe(true);
    expect(needsAftercare("CONSTRUCTION", config)).toBe(false);
    expect(aftercareVisitClock({ stage: "CONSTRUCTION", isKey: true, lastVisitAt: null, since, now: at("2026-12-01"), config }).level).toBe("NONE");
  });

  test("others every 90 days: yellow from 72 (80 %), red after 90", () => {
    expect(clock("2026-03-13").daysSince).toBe(71);
    expect([clock("2026-03-13").level, clock("2026-03-14").level, clock("2026-04-01").level, clock("2026-04-02").level]).toEqual([
      "BLUE",
      "YELLOW",
      "YELLOW",
      "RED",
    ]);
    expect(clock("2026-04-02")).toMatchObject({ cadenceDays: 90, daysSince: 91, daysLeft: -1, overdue: true });
  });

  test("key firms every 30 days, counted from the last visit", () => {
    const visited = at("2026-03-01");
    expect(clock("2026-03-31", true, visited)).toMatchObject({ level: "YELLOW", daysSince: 30, overdue: false });
    expect(clock("2026-04-01", true, visited)).toMatchObject({ level: "RED", daysSince: 31, overdue: true });
  });
});

describe("增资扩产 lead", () => {
  test("a new LEAD project for the same company, region and chain, linked to its source", () => {
    const draft = expansionProjectDraft({
      project: { id: "p1", name: "秦巴绒趣毛绒玩具", companyId: "co1", regionId: "county-a", chainId: "ch", linkId: "ln" },
      visit: { expansionNote: " 拟新增两条生产线 ", expansionAmountWan: 8_000 },
      suffix: "增资扩产项目",
    });
    expect(draft).toEqual({
      companyId: "co1",
      regionId: "county-a",
      name: "秦巴绒趣毛绒玩具增资扩产项目",
      nature: "EXPANSION",
      stage: "LEAD",
      plannedInvestment: 8_000,
      chainId: "ch",
      linkId: "ln",
      sourceProjectId: "p1",
      description: "拟新增两条生产线",
    });
  });
});

describe("leader instructions", () => {
  const issuedAt = at("2025-09-26", "16:00");

  test("the reply deadline: the leader's own, or instructionReplyWorkdays 工作日 across holidays", () => {
    // Sep 28 (Sun, worked), 29, 30, Oct 9, Oct 10.
    expect(instructionReplyDeadline(issuedAt, config)).toEqual(at("2025-10-10", "00:00"));
    expect(instructionReplyDeadline(issuedAt, config, at("2025-10-20"))).toEqual(at("2025-10-20"));
  });

  test("open for each recipient until that recipient replies", () => {
    const recipients = [
      { recipientId: "u1", repliedAt: at("2025-09-29") },
      { recipientId: "u2", repliedAt: null },
    ];
    expect(unansweredRecipients(recipients)).toEqual(["u2"]);
    expect(isInstructionOpenFor(recipients, "u1")).toBe(false);
    expect(isInstructionOpenFor(recipients, "u2")).toBe(true);
  });

  test("the reply clock runs in 工作日 and stops when everyone has replied", () => {
    const replyDueAt = instructionReplyDeadline(issuedAt, config);
    const open = [{ recipientId: "u1", repliedAt: null }];
    const on = (day: string) => instructionClock({ issuedAt, replyDueAt, recipients: open, now: at(day), config });
    // limit 5, yellow from 4 (0.8 × 5): Oct 9 is day 4, Oct 10 day 5, Sat Oct 11 (调休) day 6.
    expect([on("2025-09-30").level, on("2025-10-08").level, on("2025-10-09").level, on("2025-10-10").level, on("2025-10-11").level]).toEqual([
      "BLUE",
      "BLUE",
      "YELLOW",
      "YELLOW",
      "RED",
    ]);
    const answered = instructionClock({ issuedAt, replyDueAt, recipients: [{ recipientId: "u1", repliedAt: at("2025-10-20") }], now: at("2025-10-30"), config });
    expect(answered).toMatchObject({ level: "NONE", overdue: false });
  });
});

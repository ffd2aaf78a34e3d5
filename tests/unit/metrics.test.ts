// The metrics of DESIGN §6 and their 统计口径 on a fixed fixture. Every expected number below is
// worked out by hand in the comment next to it, not by the code under test.
import {
  computeMetrics,
  countingStatus,
  isResolvedOnTime,
  landedMissing,
  lastMonth,
  monthPeriod,
  nonWorkdayRuns,
  onTimeCutoff,
  resolvedOnTimeByRuns,
  periodDays,
  previousCutoff,
  recentMonths,
  scheduleShare,
  yearPeriod,
  type FollowUpFacts,
  type ProblemFacts,
  type ProjectFacts,
} from "#app/domain/metrics";
import { problemResolvedOnTime } from "#app/domain/problem-status";
import { startOfShanghaiDay } from "#app/domain/workdays";
import { DEFAULT_MECHANISM } from "#app/schemas/mechanism";

/** 00:00 Shanghai of a day. */
const d = (day: string) => startOfShanghaiDay(day);
/** A Shanghai wall-clock time, e.g. "2026-03-09 10:00". */
const at = (text: string) => new Date(`${text.replace(" ", "T")}:00+08:00`);

// Tuesday 24 November 2026, noon in Shanghai.
const NOW = at("2026-11-24 12:00");
const YEAR = yearPeriod(2026);
const RULES = DEFAULT_MECHANISM.countingRules; // 1000万 threshold; bands 1亿, 5亿, 10亿; 在谈 ≥ 5亿; all three landing conditions

function project(id: string, facts: Partial<ProjectFacts>): ProjectFacts {
  return {
    id,
    regionId: "hanyin",
    deleted: false,
    stage: "SIGNED",
    plannedInvestment: 0,
    contractAmount: null,
    signedAt: null,
    startedAt: null,
    completedAt: null,
    producedAt: null,
    isKey: false,
    expectedJobs: null,
    expectedOutput: null,
    formalContractDates: [],
    registeredAt: null,
    atCapacityAt: null,
    pendingMilestonePlans: [],
    chainIsTarget: false,
    companyTags: [],
    funds: [],
    ...facts,
  };
}

const PROJECTS: ProjectFacts[] = [
  // p1: signed in March, 1.2亿, formal contract, local company registered in April, started in May:
  // landed in 2026. Its next milestone is planned for December (not overdue). Target chain, 500强.
  project("p1", {
    stage: "CONSTRUCTION",
    plannedInvestment: 10_000,
    contractAmount: 12_000,
    signedAt: d("2026-03-10"),
    formalContractDates: [d("2026-03-10")],
    registeredAt: d("2026-04-01"),
    startedAt: d("2026-05-01"),
    pendingMilestonePlans: [d("2026-12-01")],
    chainIsTarget: true,
    companyTags: ["FORTUNE500"],
    funds: [
      { receivedAt: d("2026-04-10"), amountWan: 3_000, source: "OUT_OF_PROVINCE" },
      { receivedAt: d("2026-06-10"), amountWan: 1_000, source: "LOCAL" },
    ],
  }),
  // p2: signed in July, 6亿, only a 框架协议; listed 链主 company; foreign funds.
  project("p2", {
    stage: "SIGNED",
    plannedInvestment: 60_000,
    contractAmount: 60_000,
    signedAt: d("2026-07-01"),
    companyTags: ["LISTED", "CHAIN_LEADER"],
    funds: [{ receivedAt: d("2026-08-01"), amountWan: 6_000, source: "FOREIGN" }],
  }),
  // p3: signed, registered and started in 2025 (landed then), 15亿; completed and in production in
  // 2026; its 达效 milestone was planned for 1 Oct 2026 and has slipped.
  project("p3", {
    stage: "PRODUCTION",
    plannedInvestment: 150_000,
    contractAmount: 150_000,
    signedAt: d("2025-11-01"),
    formalContractDates: [d("2025-11-01")],
    registeredAt: d("2025-11-20"),
    startedAt: d("2025-12-01"),
    completedAt: d("2026-06-01"),
    producedAt: d("2026-09-01"),
    pendingMilestonePlans: [d("2026-10-01")],
    expectedJobs: 200,
    expectedOutput: 80_000,
    funds: [
      { receivedAt: d("2025-12-15"), amountWan: 20_000, source: "OUT_OF_CITY" },
      { receivedAt: d("2026-02-01"), amountWan: 30_000, source: "OUT_OF_CITY" },
    ],
  }),
  // p4: 800万 — under the 1000万 threshold: out of every landing statistic, tags and funds included.
  project("p4", {
    stage: "LANDED",
    plannedInvestment: 800,
    contractAmount: 800,
    signedAt: d("2026-02-15"),
    formalContractDates: [d("2026-02-15")],
    companyTags: ["FORTUNE500"],
    funds: [{ receivedAt: d("2026-03-01"), amountWan: 200, source: "LOCAL" }],
  }),
  // p5: signed in April, then 终止. p6: signed in May, then deleted.
  project("p5", { stage: "TERMINATED", plannedInvestment: 20_000, contractAmount: 20_000, signedAt: d("2026-04-20") }),
  project("p6", { deleted: true, plannedInvestment: 30_000, contractAmount: 30_000, signedAt: d("2026-05-05") }),
  // p7, p8: 在谈 at 7亿 and exactly 5亿; p9 at 4亿 is below the line.
  project("p7", { stage: "NEGOTIATION", plannedInvestment: 70_000 }),
  project("p8", { stage: "LEAD", plannedInvestment: 50_000 }),
  project("p9", { stage: "SITE_VISIT", plannedInvestment: 40_000 }),
  // p10: 5000万, the whole ladder within 2026 (signed Jan, registered Feb, started Mar, completed
  // Aug, producing Oct, 达效 10 Nov); a milestone planned for 20 Nov is not done: not honoured.
  project("p10", {
    stage: "AT_CAPACITY",
    plannedInvestment: 5_000,
    contractAmount: 5_000,
    signedAt: d("2026-01-20"),
    formalContractDates: [d("2026-01-20")],
    registeredAt: d("2026-02-01"),
    startedAt: d("2026-03-01"),
    completedAt: d("2026-08-01"),
    producedAt: d("2026-10-01"),
    atCapacityAt: d("2026-11-10"),
    pendingMilestonePlans: [d("2026-11-20")],
    expectedJobs: 50,
    expectedOutput: 6_000,
    chainIsTarget: true,
    funds: [{ receivedAt: d("2026-02-10"), amountWan: 2_000, source: "LOCAL" }],
  }),
  // p12: signed in June with a formal contract that states no amount: counted on its planned 3000万.
  project("p12", { stage: "SIGNED", plannedInvestment: 3_000, contractAmount: null, signedAt: d("2026-06-15"), formalContractDates: [d("2026-06-15")], companyTags: ["TOP20"] }),
];

function problem(projectId: string, facts: Partial<ProblemFacts>): ProblemFacts {
  return { projectId, deleted: false, status: "IN_PROGRESS", assignedAt: d("2026-01-05"), deadlineAt: null, resolvedAt: null, ...facts };
}

const PROBLEMS: ProblemFacts[] = [
  // Due Friday 6 March, resolved Saturday 7 March: no workday in between — on time.
  problem("p1", { status: "RESOLVED", deadlineAt: d("2026-03-06"), resolvedAt: at("2026-03-07 09:00") }),
  // Same deadline, resolved Monday 9 March: late.
  problem("p2", { status: "CLOSED", deadlineAt: d("2026-03-06"), resolvedAt: at("2026-03-09 10:00") }),
  // Due Wednesday 30 September; 1–7 October is the National Day holiday: resolved on the 7th is on time.
  problem("p3", { status: "RESOLVED", deadlineAt: d("2026-09-30"), resolvedAt: at("2026-10-07 15:00") }),
  // Due 10 December: not due yet.
  problem("p10", { deadlineAt: d("2026-12-10") }),
  // The project is deleted: not counted.
  problem("p6", { deadlineAt: d("2026-05-01") }),
  // A project under the threshold still has its problems counted: due 11 May, unresolved.
  problem("p4", { deadlineAt: d("2026-05-11") }),
  // Deleted problem.
  problem("p12", { deleted: true, deadlineAt: d("2026-04-01") }),
  // Due in 2025.
  problem("p7", { deadlineAt: d("2025-12-31") }),
  // Due today: the deadline day is not over, so not due yet (though already resolved).
  problem("p1", { status: "RESOLVED", deadlineAt: d("2026-11-24"), resolvedAt: at("2026-11-20 10:00") }),
];

const L1 = (capacity: FollowUpFacts["participants"][number]["capacity"]) => ({ userId: "L1", capacity, isLeader: true });
const L2 = (capacity: FollowUpFacts["participants"][number]["capacity"]) => ({ userId: "L2", capacity, isLeader: true });
const O1 = { userId: "O1", capacity: null, isLeader: false };

const FOLLOW_UPS: FollowUpFacts[] = [
  { id: "f1", projectId: "p1", deleted: false, kind: "VISIT", date: d("2026-04-01"), participants: [L1("RECRUIT"), O1] }, // 1 participation; a trip (L1)
  { id: "f2", projectId: "p2", deleted: false, kind: "INSPECTION", date: d("2026-05-01"), participants: [L1("MEET"), L2("COORDINATE")] }, // 2; one trip, two leaders
  { id: "f3", projectId: "p3", deleted: false, kind: "INBOUND", date: d("2026-06-01"), participants: [L2("SUPERVISE")] }, // 1; 来访 is no trip
  { id: "f4", projectId: "p7", deleted: false, kind: "VISIT", date: d("2026-07-01"), participants: [O1] }, // no leader: nothing
  { id: "f5", projectId: "p1", deleted: false, kind: "PHONE", date: d("2025-12-01"), participants: [L1("RECRUIT")] }, // 2025
  { id: "f6", projectId: "p6", deleted: false, kind: "VISIT", date: d("2026-03-01"), participants: [L1("RECRUIT")] }, // deleted project
  { id: "f7", projectId: "p8", deleted: true, kind: "VISIT", date: d("2026-03-02"), participants: [L1("MEET")] }, // deleted follow-up
];

describe("computeMetrics on the fixture (2026, as of 24 Nov 2026)", () => {
  const m = computeMetrics({ projects: PROJECTS, problems: PROBLEMS, followUps: FOLLOW_UPS }, YEAR, { countingRules: RULES }, NOW);

  test("签约: counted projects signed in 2026 — p1, p2, p10, p12 (p4 under 1000万, p5 终止, p6 deleted, p3 signed 2025)", () => {
    // 12000 + 60000 + 5000 + 3000 (p12: no contract amount, planned investment)
    expect(m.signed).toEqual({ count: 4, amountWan: 80_000 });
  });

  test("签约 by size band, cumulative: ≥1亿 p1+p2, ≥5亿 p2, ≥10亿 none", () => {
    expect(m.bands).toEqual([
      { minWan: 10_000, count: 2, amountWan: 72_000 },
      { minWan: 50_000, count: 1, amountWan: 60_000 },
      { minWan: 100_000, count: 0, amountWan: 0 },
    ]);
  });

  test("履约率: formal contracts among the signings p1, p10, p12; p10 has a milestone overdue", () => {
    expect(m.performance).toEqual({ formalSigned: 3, honoured: 2 });
  });

  test("开工率 and 竣工率 of the 2026 signings: started p1, p10; completed p10", () => {
    expect(m.startRate).toEqual({ signed: 4, started: 2 });
    expect(m.completionRate).toEqual({ signed: 4, completed: 1 });
  });

  test("新开工, 投产, 达效, 新增企业 in 2026", () => {
    expect(m.started).toBe(2); // p1 (May), p10 (March); p3 started in 2025
    expect(m.produced).toBe(2); // p3 (September), p10 (October)
    expect(m.output).toBe(86_000); // 80000 + 6000
    expect(m.jobs).toBe(250); // 200 + 50
    expect(m.atCapacity).toBe(1); // p10
    expect(m.newFirms).toBe(2); // p1 (April), p10 (February); p3 registered in 2025
  });

  test("落地 in 2026: p1 and p10 met all three conditions this year; p3 had by 2025; p2 lacks all three", () => {
    expect(m.landed).toBe(2);
  });

  test("到位资金 in 2026 by source, counted projects only (p4's 200 out)", () => {
    // p1 3000 省外 + 1000 本地, p2 6000 外资, p3 30000 市外 (its 2025 entry out), p10 2000 本地
    expect(m.funds.totalWan).toBe(42_000);
    expect(m.funds.projects).toBe(4);
    expect(m.funds.bySource).toEqual({
      LOCAL: { amountWan: 3_000, projects: 2 },
      OUT_OF_CITY: { amountWan: 30_000, projects: 1 },
      OUT_OF_PROVINCE: { amountWan: 3_000, projects: 1 },
      FOREIGN: { amountWan: 6_000, projects: 1 },
    });
  });

  test("资金到位率 of the 2026 signings: (4000 + 6000 + 2000 + 0) ÷ 80000", () => {
    expect(m.fundsRate).toEqual({ inPlaceWan: 12_000, contractedWan: 80_000, projects: 3 });
  });

  test("产业契合度, 500强/上市/链主 among the 2026 signings", () => {
    expect(m.targetChain).toEqual({ signed: 4, inTarget: 2 }); // p1, p10
    expect(m.investors).toEqual({ FORTUNE500: 1, LISTED: 1, CHAIN_LEADER: 1 }); // p1; p2; p2 (p4 is not counted)
  });

  test("在谈 ≥ 5亿: p7 (7亿) and p8 (exactly 5亿), not p9 (4亿)", () => {
    expect(m.inTalksLarge).toBe(2);
  });

  test("诉求办理率: 4 due (6 Mar ×2, 30 Sep, 11 May), 2 on time (the Saturday and the National Day ones)", () => {
    expect(m.problems).toEqual({ due: 4, onTime: 2 });
  });

  test("四个亲自: 4 participations, one per capacity; L1 2, L2 2", () => {
    expect(m.engagement).toEqual({ participations: 4, byCapacity: { RECRUIT: 1, MEET: 1, COORDINATE: 1, SUPERVISE: 1 }, byPerson: { L1: 2, L2: 2 } });
  });

  test("外出招商: 2 trips (f1 拜访, f2 考察; f3 来访 is not one); L1 went on both, L2 on one", () => {
    expect(m.trips).toEqual({ count: 2, byLeader: { L1: 2, L2: 1 } });
  });
});

describe("统计口径 of one project (what its page says)", () => {
  const byId = (id: string) => PROJECTS.find((p) => p.id === id) as ProjectFacts;

  test("a landed project is counted and landed", () => {
    expect(countingStatus(byId("p1"), RULES)).toEqual({ counted: true, reasons: [], amountWan: 12_000, minAmountWan: 1_000, landed: true, landedMissing: [] });
  });

  test("under the threshold: not counted, with both amounts", () => {
    expect(countingStatus(byId("p4"), RULES)).toMatchObject({ counted: false, reasons: ["BELOW_THRESHOLD"], amountWan: 800, minAmountWan: 1_000, landed: false });
  });

  test("终止 and deleted projects are not counted", () => {
    expect(countingStatus(byId("p5"), RULES).reasons).toEqual(["TERMINATED"]);
    expect(countingStatus(byId("p6"), RULES).reasons).toEqual(["DELETED"]);
  });

  test("signed on a 框架协议 only: counted, not landed, with every missing condition", () => {
    expect(countingStatus(byId("p2"), RULES)).toMatchObject({ counted: true, landed: false, landedMissing: ["NO_FORMAL_CONTRACT", "NO_LOCAL_COMPANY", "NOT_STARTED"] });
    expect(countingStatus(byId("p7"), RULES).landedMissing).toEqual(["NOT_SIGNED", "NO_FORMAL_CONTRACT", "NO_LOCAL_COMPANY", "NOT_STARTED"]);
  });

  test("the landing conditions follow the configuration", () => {
    const relaxed = { ...RULES, landedRequiresLocalCompany: false, landedRequiresStart: false };
    expect(landedMissing(byId("p2"), relaxed)).toEqual(["NO_FORMAL_CONTRACT"]);
    expect(landedMissing(byId("p12"), relaxed)).toEqual([]);
    expect(countingStatus(byId("p4"), { ...RULES, minAmountWan: 500 }).counted).toBe(true);
  });

  test("landing by a date: p1 had not landed on 1 May 2026 (started that day), had on 2 May", () => {
    expect(landedMissing(byId("p1"), RULES, d("2026-05-01"))).toEqual(["NOT_STARTED"]);
    expect(landedMissing(byId("p1"), RULES, d("2026-05-02"))).toEqual([]);
  });
});

describe("on time (诉求按期办结)", () => {
  test("the cut-off is the first workday after the deadline day", () => {
    expect(onTimeCutoff(d("2026-03-06"))).toEqual(d("2026-03-09")); // Friday → Monday
    expect(onTimeCutoff(d("2026-09-30"))).toEqual(d("2026-10-08")); // before National Day
    expect(onTimeCutoff(d("2026-10-09"))).toEqual(d("2026-10-10")); // Saturday 10 Oct is a 调休 workday
  });

  test("the non-workday runs after a period's deadline days: 中秋, National Day with its 调休, a weekend", () => {
    const runs = nonWorkdayRuns(d("2026-09-24"), d("2026-10-12"));
    expect(runs).toEqual([
      { from: d("2026-09-25"), to: d("2026-09-28"), dayBefore: d("2026-09-24") }, // 中秋节 Friday 25 Sep, then the weekend
      { from: d("2026-10-01"), to: d("2026-10-08"), dayBefore: d("2026-09-30") }, // 1–7 Oct
      { from: d("2026-10-11"), to: d("2026-10-12"), dayBefore: d("2026-10-10") }, // Sat 10 Oct is worked
    ]);
  });

  test("agrees with problemResolvedOnTime for every deadline and resolution day around National Day, in both shapes", () => {
    const runs = nonWorkdayRuns(d("2026-09-24"), d("2026-10-14"));
    for (let dd = 0; dd < 20; dd++) {
      const deadline = new Date(d("2026-09-24").getTime() + dd * 86_400_000);
      for (let rd = -2; rd < 15; rd++) {
        const resolvedAt = new Date(deadline.getTime() + rd * 86_400_000 + 10 * 3_600_000);
        const facts = { status: "RESOLVED" as const, assignedAt: d("2026-09-01"), deadlineAt: deadline, resolvedAt };
        const expected = problemResolvedOnTime(facts, DEFAULT_MECHANISM);
        expect(isResolvedOnTime({ ...facts, projectId: "x", deleted: false }), `${deadline.toISOString()} ${resolvedAt.toISOString()}`).toBe(expected);
        expect(resolvedOnTimeByRuns(deadline, resolvedAt, runs), `runs: ${deadline.toISOString()} ${resolvedAt.toISOString()}`).toBe(expected);
      }
    }
  });
});

describe("periods", () => {
  test("a year and a month are Shanghai calendar ranges", () => {
    expect(YEAR).toEqual({ from: new Date("2025-12-31T16:00:00Z"), to: new Date("2026-12-31T16:00:00Z") });
    expect(periodDays(YEAR)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(periodDays(monthPeriod("2026-02"))).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(periodDays(monthPeriod("2026-12"))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });

  test("last month is the Shanghai calendar month before, across the new year", () => {
    expect(lastMonth(new Date("2026-11-24T12:00:00Z"))).toBe("2026-10");
    expect(lastMonth(new Date("2026-01-05T12:00:00Z"))).toBe("2025-12");
    // 2026-03-31 17:00 UTC is already 1 April in Shanghai.
    expect(lastMonth(new Date("2026-03-31T17:00:00Z"))).toBe("2026-03");
  });

  test("the last twelve months end with the current one", () => {
    const months = recentMonths(NOW, 12).map((m) => m.month);
    expect(months[0]).toBe("2025-12");
    expect(months[11]).toBe("2026-11");
    expect(months).toHaveLength(12);
  });

  test("序时进度 on 24 November 2026: 328 of 365 days", () => {
    expect(scheduleShare(2026, NOW)).toBeCloseTo(328 / 365, 10); // Jan–Oct 304 days + 24
    expect(scheduleShare(2025, NOW)).toBe(1);
    expect(scheduleShare(2027, NOW)).toBe(0);
  });

  test("last month's cut-off is the start of this month, within this year only", () => {
    expect(previousCutoff(2026, NOW)).toEqual({ from: d("2026-01-01"), to: d("2026-11-01") });
    expect(previousCutoff(2026, at("2026-01-15 10:00"))).toBeNull();
    expect(previousCutoff(2025, NOW)).toBeNull();
  });
});

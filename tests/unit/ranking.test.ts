// County ranking and 红黑榜 with the default rules (weights 签约额 30, 到位资金 30, 新开工 20,
// 投产 20; completion capped at 120 %). Scores are worked out by hand in the comments.
import { rankChange, rankRegions, redBlackList } from "#app/domain/ranking";
import { DEFAULT_MECHANISM, parseMechanism } from "#app/schemas/mechanism";

const RULES = DEFAULT_MECHANISM.cockpit;

const ROWS = [
  // A, against its targets: 签约额 120000/100000 = 1.2; 到位 25000/50000 = 0.5; 开工 15/10 = 1.5 → 1.2 (cap);
  // 投产 5/5 = 1. Score = (30×1.2 + 30×0.5 + 20×1.2 + 20×1) ÷ 100 × 100 = 95.
  { regionId: "A", actual: { SIGNED_AMOUNT: 120_000, FUNDS_IN_PLACE: 25_000, STARTED: 15, PRODUCED: 5 }, targets: { SIGNED_AMOUNT: 100_000, FUNDS_IN_PLACE: 50_000, STARTED: 10, PRODUCED: 5 } },
  // B, no targets: against the best county — 60000/120000 = 0.5; 40000/40000 = 1; 4/15; 2/5 = 0.4.
  // Score = 15 + 30 + 5.333… + 8 = 58.33 → 58.3.
  { regionId: "B", actual: { SIGNED_AMOUNT: 60_000, FUNDS_IN_PLACE: 40_000, STARTED: 4, PRODUCED: 2 }, targets: {} },
  // C, a target on 签约额 only: 50000/50000 = 1 → 30; 到位 10000/40000 = 0.25 → 7.5; nothing else. Score 37.5.
  { regionId: "C", actual: { SIGNED_AMOUNT: 50_000, FUNDS_IN_PLACE: 10_000, STARTED: 0, PRODUCED: 0 }, targets: { SIGNED_AMOUNT: 50_000 } },
];

describe("rankRegions", () => {
  test("scores and ranks by hand", () => {
    const ranked = rankRegions(ROWS, RULES);
    expect(ranked.map((r) => [r.regionId, r.score, r.rank])).toEqual([
      ["A", 95, 1],
      ["B", 58.3, 2],
      ["C", 37.5, 3],
    ]);
    expect(ranked[0]?.completion.find((c) => c.metric === "STARTED")).toEqual({ metric: "STARTED", value: 1.2, againstTarget: true });
    expect(ranked[1]?.completion.every((c) => !c.againstTarget)).toBe(true);
  });

  test("equal scores share a rank and the next rank is skipped", () => {
    const ranked = rankRegions([...ROWS, { ...ROWS[2]!, regionId: "D" }, { regionId: "E", actual: {}, targets: {} }], RULES);
    expect(ranked.map((r) => [r.regionId, r.rank])).toEqual([
      ["A", 1],
      ["B", 2],
      ["C", 3],
      ["D", 3],
      ["E", 5],
    ]);
  });

  test("rank change: last month's rank minus this month's", () => {
    expect(rankChange(2, 5)).toBe(3);
    expect(rankChange(4, 1)).toBe(-3);
    expect(rankChange(3, 3)).toBe(0);
    expect(rankChange(3, null)).toBeNull();
  });
});

describe("redBlackList", () => {
  const ranked = rankRegions(ROWS, RULES);

  test("at 序时进度 50 %: A (95) and B (no targets: rank alone) red — three counties, so the top two; C last, with a target, 37.5 < 50: black", () => {
    const lists = redBlackList(ranked, new Map(), 0.5, RULES);
    expect(lists.red.map((e) => e.regionId)).toEqual(["A", "B"]);
    expect(lists.black).toEqual([{ regionId: "C", reasons: [{ kind: "BOTTOM_BEHIND_SCHEDULE", rank: 3, score: 37.5, schedulePercent: 50 }] }]);
  });

  test("five overdue problems put B on the black list and off the red one; three overdue incentive payments do the same to A", () => {
    const lists = redBlackList(ranked, new Map([["B", { problems: 5, incentives: 2 }], ["A", { problems: 4, incentives: 3 }]]), 0.5, RULES);
    expect(lists.red).toEqual([]);
    expect(lists.black.map((e) => [e.regionId, e.reasons.map((r) => r.kind)])).toEqual([
      ["A", ["OVERDUE_INCENTIVES"]],
      ["B", ["OVERDUE_PROBLEMS"]],
      ["C", ["BOTTOM_BEHIND_SCHEDULE"]],
    ]);
  });

  test("at 序时进度 96 %, A (95) with targets is behind and not red; B without targets stays red; a rule at 0 is off", () => {
    const rules = { ...RULES, redBlackList: { ...RULES.redBlackList, blackOverdueProblems: 0 } };
    const lists = redBlackList(ranked, new Map([["A", { problems: 9, incentives: 0 }]]), 0.96, rules);
    expect(lists.red.map((e) => e.regionId)).toEqual(["B"]);
    // Three counties: the top is the first two, the bottom the last one.
    expect(lists.black.map((e) => [e.regionId, e.reasons[0]?.kind])).toEqual([["C", "BOTTOM_BEHIND_SCHEDULE"]]);
  });

  test("without targets anywhere the lists are the first and last three of seven by rank", () => {
    const rows = ["a", "b", "c", "d", "e", "f", "g"].map((id, i) => ({ regionId: id, actual: { SIGNED_AMOUNT: 70 - i * 10, FUNDS_IN_PLACE: 70 - i * 10, STARTED: 7 - i, PRODUCED: 7 - i }, targets: {} }));
    const lists = redBlackList(rankRegions(rows, RULES), new Map(), 0.9, RULES);
    expect(lists.red.map((e) => e.regionId)).toEqual(["a", "b", "c"]);
    expect(lists.black.map((e) => e.regionId)).toEqual(["e", "f", "g"]);
  });
});

describe("cockpit rules in the mechanism", () => {
  test("a stored configuration without them gets the defaults", () => {
    const parsed = parseMechanism({});
    expect(parsed.ok && parsed.config.cockpit).toEqual(DEFAULT_MECHANISM.cockpit);
  });

  test("weights, cap and list sizes are validated", () => {
    const bad = parseMechanism({ cockpit: { ranking: { metrics: [{ metric: "SIGNED_AMOUNT", weight: 1 }, { metric: "SIGNED_AMOUNT", weight: 2 }], completionCap: 0.5 }, redBlackList: { redTopN: -1 } } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.path).sort()).toEqual(["cockpit.ranking.completionCap", "cockpit.ranking.metrics", "cockpit.redBlackList.redTopN"]);
    const good = parseMechanism({ cockpit: { ranking: { metrics: [{ metric: "NEW_FIRMS", weight: 1 }] } } });
    expect(good.ok && good.config.cockpit.ranking).toEqual({ metrics: [{ metric: "NEW_FIRMS", weight: 1 }], completionCap: 1.2 });
  });
});

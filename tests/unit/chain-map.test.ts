// The chain map's pure rules (app/domain/chain-map.ts): what a gap is, how far a company's
// projects are along, and the order and cap of a gap's target companies. Expected orders are
// written out by hand.
import { readCompanyFilters } from "#app/schemas/company";
import { GAP_TARGET_CAP, compareTargets, furthestStage, isGap, pickTargets, stageRank, type GapTarget } from "#app/domain/chain-map";

describe("isGap", () => {
  test("a link is a gap exactly when no company on it has landed", () => {
    expect(isGap({ landedCompanies: 0 })).toBe(true);
    expect(isGap({ landedCompanies: 1 })).toBe(false);
    expect(isGap({ landedCompanies: 12 })).toBe(false);
  });
});

describe("stageRank and furthestStage", () => {
  test("the ladder climbs from 线索 to 达效, above 暂缓, above no project, above 终止", () => {
    expect(stageRank("TERMINATED")).toBe(-1);
    expect(stageRank(null)).toBe(0);
    expect(stageRank("ON_HOLD")).toBe(1);
    expect(stageRank("LEAD")).toBe(2);
    expect(stageRank("NEGOTIATION")).toBe(5);
    expect(stageRank("SIGNED")).toBe(6);
    expect(stageRank("AT_CAPACITY")).toBe(11);
  });

  test("a company's furthest stage among its projects", () => {
    expect(furthestStage([])).toBeNull();
    // A LEFT JOIN row without a project gives a null stage.
    expect(furthestStage([null])).toBeNull();
    expect(furthestStage(["LEAD", "NEGOTIATION", "FIRST_CONTACT"])).toBe("NEGOTIATION");
    expect(furthestStage(["ON_HOLD", "LEAD"])).toBe("LEAD");
    expect(furthestStage(["TERMINATED", "ON_HOLD"])).toBe("ON_HOLD");
    expect(furthestStage(["TERMINATED"])).toBe("TERMINATED");
    expect(furthestStage(["CONSTRUCTION", "SIGNED", null])).toBe("CONSTRUCTION");
    expect(furthestStage(["NOT_A_STAGE", "SITE_VISIT"])).toBe("SITE_VISIT");
  });
});

describe("targets", () => {
  const t = (id: string, name: string, chainLeader: boolean, stage: GapTarget["stage"]): GapTarget => ({ id, name, chainLeader, stage });
  const all = [
    t("1", "乙公司", false, "LEAD"),
    t("2", "甲公司", false, "NEGOTIATION"),
    t("3", "丙公司", true, null),
    t("4", "丁公司", false, null),
    t("5", "戊公司", false, "TERMINATED"),
    t("6", "己公司", true, "SITE_VISIT"),
    t("7", "庚公司", false, "ON_HOLD"),
    t("8", "甲公司", false, "NEGOTIATION"),
  ];

  test("链主 first, then the furthest stage, then name (pinyin order), then id", () => {
    // 链主: 己 (考察) before 丙 (no project). Others: 洽谈 甲(2), 甲(8) — same name, by id; 线索 乙;
    // 暂缓 庚; no project 丁; 终止 戊.
    expect([...all].sort(compareTargets).map((x) => x.id)).toEqual(["6", "3", "2", "8", "1", "7", "4", "5"]);
  });

  test("the first five are shown and the total counts them all", () => {
    expect(GAP_TARGET_CAP).toBe(5);
    const picked = pickTargets(all);
    expect(picked.total).toBe(8);
    expect(picked.shown.map((x) => x.id)).toEqual(["6", "3", "2", "8", "1"]);
    expect(pickTargets(all.slice(0, 2), 5)).toEqual({ shown: [all[1], all[0]], total: 2 });
    expect(pickTargets([])).toEqual({ shown: [], total: 0 });
  });

  test("pinyin order of names: 丙 bing < 丁 ding < 乙 yi", () => {
    const names = [t("a", "乙", false, null), t("b", "丁", false, null), t("c", "丙", false, null)];
    expect(names.sort(compareTargets).map((x) => x.name)).toEqual(["丙", "丁", "乙"]);
  });
});

describe("the company list's landed filter, as the map links to it", () => {
  test("landed=1 and landed=0 choose landed or not; anything else no filter", () => {
    const read = (query: string) => readCompanyFilters(new URLSearchParams(query));
    expect(read("chain=c&link=k&own=1&landed=1")).toMatchObject({ chainId: "c", linkId: "k", ownScope: true, landed: true });
    expect(read("landed=0").landed).toBe(false);
    expect(read("landed=yes").landed).toBeUndefined();
    expect(read("").landed).toBeUndefined();
  });
});

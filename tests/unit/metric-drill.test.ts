// The project list's cockpit filter read from the URL: what a cockpit link writes is read back
// the same, and what does not parse is no filter (like every other list filter).
import { yearPeriod } from "#app/domain/metrics";
import { drillLabel, metricDrillParams, readMetricDrill, withoutDrill } from "#app/schemas/metric-drill";
import { PROJECT_FILTER_PARAMS, activeFilterCount, readProjectFilters } from "#app/schemas/project-list";

const read = (query: string) => readMetricDrill(new URLSearchParams(query));

describe("metric drill in the URL", () => {
  test("a cockpit link reads back as the drill it was written from", () => {
    const drills = [
      { metric: "SIGNED", period: yearPeriod(2026), band: 50_000 },
      { metric: "FUNDED", period: yearPeriod(2026), source: "FOREIGN" },
      { metric: "INVESTOR", period: yearPeriod(2026), tag: "CHAIN_LEADER" },
      { metric: "ENGAGED", period: yearPeriod(2026), capacity: "MEET", participantId: "u1" },
      { metric: "IN_TALKS_LARGE" },
    ] as const;
    for (const drill of drills) expect(read(metricDrillParams(drill).toString())).toEqual(drill);
    expect(metricDrillParams({ metric: "SIGNED", period: yearPeriod(2026) }).toString()).toBe("metric=SIGNED&periodFrom=2026-01-01&periodTo=2026-12-31");
  });

  test("what does not parse is no filter", () => {
    expect(read("metric=NOPE&periodFrom=2026-01-01&periodTo=2026-12-31")).toBeUndefined();
    expect(read("metric=SIGNED")).toBeUndefined(); // a period metric without its period
    expect(read("metric=SIGNED&periodFrom=2026-02-30&periodTo=2026-12-31")).toBeUndefined();
    expect(read("metric=SIGNED&periodFrom=2026-12-31&periodTo=2026-01-01")).toBeUndefined();
    expect(read("metric=INVESTOR&periodFrom=2026-01-01&periodTo=2026-12-31&tag=RICH")).toBeUndefined();
    // Parameters of another metric are ignored rather than refused.
    expect(read("metric=STARTED&periodFrom=2026-01-01&periodTo=2026-01-31&band=5&source=LOCAL")).toEqual({ metric: "STARTED", period: { from: new Date("2026-01-01T00:00:00+08:00"), to: new Date("2026-02-01T00:00:00+08:00") } });
  });

  test("the project list reads it next to its own filters and keeps it in saved views", () => {
    const filters = readProjectFilters(new URLSearchParams("metric=LANDED&periodFrom=2026-01-01&periodTo=2026-12-31&region=r1"));
    expect(filters.metric?.metric).toBe("LANDED");
    expect(filters.regionId).toBe("r1");
    expect(activeFilterCount(filters)).toBe(2);
    expect(PROJECT_FILTER_PARAMS).toEqual(expect.arrayContaining(["metric", "periodFrom", "periodTo", "band", "source", "tag", "capacity", "participant"]));
  });

  test("the banner says what is shown, and clearing keeps the list's own filters", () => {
    expect(drillLabel({ metric: "SIGNED", period: yearPeriod(2026), band: 10_000 })).toBe("签约额 1亿元以上的签约项目（2026-01-01 至 2026-12-31）");
    expect(drillLabel({ metric: "STAGE_OVERDUE" })).toBe("阶段超时（红色）的项目");
    expect(withoutDrill(new URLSearchParams("metric=SIGNED&periodFrom=2026-01-01&periodTo=2026-12-31&region=r1&page=3"))).toBe("?region=r1");
  });
});

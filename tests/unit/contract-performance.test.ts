import {
  capacityPerformance,
  contractPerformance,
  fundsBySource,
  fundsInPlaceRate,
  investmentIntensity,
  monthlyFunds,
  taxPerMu,
  termsInForce,
  totalFundsInPlace,
  type Achieved,
  type ContractTerms,
  type FundsEntry,
} from "#app/domain/contract-performance";

function at(day: string, time = "10:00"): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

function contract(overrides: Partial<ContractTerms> & Pick<ContractTerms, "id" | "type" | "signedAt">): ContractTerms {
  return {
    amountWan: null,
    investmentIntensityWanPerMu: null,
    taxPerMuWan: null,
    capacityDeadline: null,
    promisedJobs: null,
    landMu: null,
    ...overrides,
  };
}

describe("arithmetic", () => {
  test("投资强度 = invested ÷ land (万元/亩), 亩均税收 = annual tax ÷ land", () => {
    expect(investmentIntensity(15_000, 50)).toBe(300);
    expect(taxPerMu(1_000, 50)).toBe(20);
  });

  test("no figure without a positive base", () => {
    expect(investmentIntensity(15_000, 0)).toBeNull();
    expect(investmentIntensity(15_000, null)).toBeNull();
    expect(investmentIntensity(null, 50)).toBeNull();
    expect(taxPerMu(1_000, -5)).toBeNull();
  });

  test("资金到位率 = funds in place ÷ contract amount, and may pass 100 %", () => {
    expect(fundsInPlaceRate(3_000, 10_000)).toBe(0.3);
    expect(fundsInPlaceRate(12_000, 10_000)).toBe(1.2);
    expect(fundsInPlaceRate(0, 10_000)).toBe(0);
    expect(fundsInPlaceRate(3_000, null)).toBeNull();
    expect(fundsInPlaceRate(3_000, 0)).toBeNull();
  });
});

describe("terms in force across several contracts", () => {
  const framework = contract({ id: "f", type: "FRAMEWORK", signedAt: at("2025-03-01"), amountWan: 50_000, promisedJobs: 800, landMu: 120 });
  const formal = contract({
    id: "c",
    type: "FORMAL",
    signedAt: at("2025-06-01"),
    amountWan: 30_000,
    investmentIntensityWanPerMu: 300,
    taxPerMuWan: 20,
    capacityDeadline: at("2027-06-30"),
    landMu: 100,
  });
  const supplement = contract({ id: "s", type: "SUPPLEMENT", signedAt: at("2026-01-10"), amountWan: 5_000, capacityDeadline: at("2027-12-31") });

  test("a 框架协议 alone gives what it states", () => {
    expect(termsInForce([framework])).toMatchObject({ amountWan: 50_000, promisedJobs: 800, landMu: 120, hasFormalContract: false });
  });

  test("the 正式合同 overrides the framework; a term only the framework states still counts", () => {
    expect(termsInForce([framework, formal])).toEqual({
      amountWan: 30_000,
      investmentIntensityWanPerMu: 300,
      taxPerMuWan: 20,
      capacityDeadline: at("2027-06-30"),
      promisedJobs: 800,
      landMu: 100,
      hasFormalContract: true,
    });
  });

  test("a later 补充协议 adds its amount and replaces only the terms it states, in any input order", () => {
    expect(termsInForce([supplement, formal, framework])).toMatchObject({
      amountWan: 35_000,
      capacityDeadline: at("2027-12-31"),
      investmentIntensityWanPerMu: 300,
    });
  });

  test("a supplement before the latest formal contract is superseded by it", () => {
    const newFormal = contract({ id: "c2", type: "FORMAL", signedAt: at("2026-03-01"), amountWan: 40_000 });
    expect(termsInForce([formal, supplement, newFormal]).amountWan).toBe(40_000);
  });

  test("no contracts, no terms", () => {
    expect(termsInForce([])).toEqual({
      amountWan: null,
      investmentIntensityWanPerMu: null,
      taxPerMuWan: null,
      capacityDeadline: null,
      promisedJobs: null,
      landMu: null,
      hasFormalContract: false,
    });
  });
});

describe("达产 date promised vs actual", () => {
  const deadline = at("2026-09-30", "00:00");

  test.each([
    ["before the deadline, not reached", null, "2026-09-29", "PENDING", 0],
    ["on the deadline day, not reached", null, "2026-09-30", "PENDING", 0],
    ["the day after, not reached", null, "2026-10-01", "BEHIND", 1],
    ["reached on the deadline day", "2026-09-30", "2026-12-01", "MET", 0],
    ["reached three days late", "2026-10-03", "2026-12-01", "LATE", 3],
  ] as const)("%s → %s", (_label, reached, now, status, daysLate) => {
    const result = capacityPerformance(deadline, reached ? at(reached, "23:00") : null, at(now, "23:30"));
    expect(result.status).toBe(status);
    expect(result.daysLate).toBe(daysLate);
  });

  test("no deadline promised: unknown", () => {
    expect(capacityPerformance(null, null, at("2026-10-01")).status).toBe("UNKNOWN");
  });
});

describe("contractPerformance", () => {
  const terms = termsInForce([
    contract({
      id: "c",
      type: "FORMAL",
      signedAt: at("2025-06-01"),
      amountWan: 30_000,
      investmentIntensityWanPerMu: 300,
      taxPerMuWan: 20,
      capacityDeadline: at("2026-09-30"),
      promisedJobs: 500,
      landMu: 100,
    }),
  ]);
  const achieved: Achieved = { investedWan: 25_000, landMu: null, annualTaxWan: 1_500, jobs: 420, atCapacityAt: null, fundsInPlaceWan: 25_000 };

  test("before the 达产 deadline the shortfalls are progress, not flags", () => {
    const perf = contractPerformance(terms, achieved, at("2026-06-01"));
    expect(perf.investmentIntensity).toEqual({ promised: 300, achieved: 250, ratio: 250 / 300, status: "PENDING" });
    expect(perf.taxPerMu).toEqual({ promised: 20, achieved: 15, ratio: 0.75, status: "PENDING" });
    expect(perf.jobs).toMatchObject({ promised: 500, achieved: 420, status: "PENDING" });
    expect(perf.fundsInPlaceRate).toBeCloseTo(25_000 / 30_000, 10);
    expect(perf.flags).toEqual([]);
    expect(perf.behind).toBe(false);
  });

  test("past the deadline without 达产, every shortfall is flagged", () => {
    const perf = contractPerformance(terms, achieved, at("2026-10-01"));
    expect(perf.flags.map((f) => f.metric)).toEqual(["INVESTMENT_INTENSITY", "TAX_PER_MU", "JOBS", "CAPACITY"]);
    expect(perf.flags.map((f) => f.message)).toEqual([
      "landing.perfIntensityBehind",
      "landing.perfTaxPerMuBehind",
      "landing.perfJobsBehind",
      "landing.perfCapacityBehind",
    ]);
    expect(perf.behind).toBe(true);
  });

  test("reached on time and at the promise: nothing flagged; exactly the promise is met", () => {
    const met: Achieved = { ...achieved, investedWan: 30_000, annualTaxWan: 2_000, jobs: 500, atCapacityAt: at("2026-09-15") };
    const perf = contractPerformance(terms, met, at("2026-12-01"));
    expect([perf.investmentIntensity.status, perf.taxPerMu.status, perf.jobs.status, perf.capacity.status]).toEqual(["MET", "MET", "MET", "MET"]);
    expect(perf.behind).toBe(false);
  });

  test("reached early but short of the promise: judged at once", () => {
    const perf = contractPerformance(terms, { ...achieved, atCapacityAt: at("2026-05-01") }, at("2026-06-01"));
    expect(perf.jobs.status).toBe("BEHIND");
    expect(perf.capacity.status).toBe("MET");
  });

  test("reached late is flagged as late", () => {
    const perf = contractPerformance(terms, { ...achieved, investedWan: 30_000, annualTaxWan: 2_000, jobs: 500, atCapacityAt: at("2026-11-01") }, at("2026-12-01"));
    expect(perf.flags).toEqual([{ metric: "CAPACITY", message: "landing.perfCapacityLate" }]);
  });

  test("land actually used overrides the contract's", () => {
    const perf = contractPerformance(terms, { ...achieved, landMu: 80 }, at("2026-06-01"));
    expect(perf.investmentIntensity.achieved).toBe(312.5);
  });

  test("nothing recorded: unknown, never behind", () => {
    const perf = contractPerformance(terms, { investedWan: null, landMu: null, annualTaxWan: null, jobs: null, atCapacityAt: null, fundsInPlaceWan: 0 }, at("2027-01-01"));
    expect([perf.investmentIntensity.status, perf.taxPerMu.status, perf.jobs.status]).toEqual(["UNKNOWN", "UNKNOWN", "UNKNOWN"]);
    expect(perf.flags.map((f) => f.metric)).toEqual(["CAPACITY"]);
  });
});

describe("funds in place", () => {
  const entries: FundsEntry[] = [
    { date: at("2026-01-31", "23:30"), amountWan: 1_000.1, source: "OUT_OF_PROVINCE" }, // late evening, still January in Shanghai
    { date: new Date("2026-01-31T16:30:00Z"), amountWan: 0.2, source: "LOCAL" }, // Feb 1 00:30 in Shanghai
    { date: at("2026-04-15"), amountWan: 2_000, source: "FOREIGN" },
    { date: at("2026-04-20"), amountWan: 500.7, source: "OUT_OF_PROVINCE" },
  ];

  test("cumulative totals are exact to the 元", () => {
    expect(totalFundsInPlace(entries)).toBe(3_501);
    expect(totalFundsInPlace(entries, at("2026-04-15"))).toBe(3_000.3);
    expect(0.1 + 0.2).not.toBe(0.3); // the noise the rounding removes
  });

  test("by source", () => {
    expect(fundsBySource(entries)).toEqual({ LOCAL: 0.2, OUT_OF_CITY: 0, OUT_OF_PROVINCE: 1_500.8, FOREIGN: 2_000 });
  });

  test("monthly series by Shanghai month, empty months included", () => {
    expect(monthlyFunds(entries).map((m) => [m.month, m.amountWan, m.cumulativeWan])).toEqual([
      ["2026-01", 1_000.1, 1_000.1],
      ["2026-02", 0.2, 1_000.3],
      ["2026-03", 0, 1_000.3],
      ["2026-04", 2_500.7, 3_501],
    ]);
    expect(monthlyFunds(entries)[3]?.bySource).toEqual({ LOCAL: 0, OUT_OF_CITY: 0, OUT_OF_PROVINCE: 500.7, FOREIGN: 2_000 });
  });

  test("a range starts with everything before it in the cumulative total, and crosses the year", () => {
    const series = monthlyFunds(entries, { from: at("2026-03-01"), to: at("2026-05-31") });
    expect(series.map((m) => [m.month, m.cumulativeWan])).toEqual([
      ["2026-03", 1_000.3],
      ["2026-04", 3_501],
      ["2026-05", 3_501],
    ]);
    expect(monthlyFunds([], { from: at("2025-11-01"), to: at("2026-02-01") }).map((m) => m.month)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  test("no entries and no range: no series", () => {
    expect(monthlyFunds([])).toEqual([]);
  });
});

// The one-truth rules between landing records and the project row: what the contracts make of
// 签约, the stage the actual milestone dates reach, and a milestone's status.
import { type ContractTerms } from "#app/domain/contract-performance";
import { milestoneStatus, signingFromContracts, stageReachedByMilestones } from "#app/domain/landing-truth";

const at = (day: string) => new Date(`${day}T00:00:00+08:00`);

function contract(overrides: Partial<ContractTerms>): ContractTerms {
  return {
    id: Math.random().toString(36).slice(2),
    type: "FORMAL",
    signedAt: at("2026-01-10"),
    amountWan: null,
    investmentIntensityWanPerMu: null,
    taxPerMuWan: null,
    capacityDeadline: null,
    promisedJobs: null,
    landMu: null,
    ...overrides,
  };
}

describe("signingFromContracts", () => {
  test("no contract: nothing signed", () => {
    expect(signingFromContracts([])).toEqual({ signedAt: null, contractAmount: null, contractType: null });
  });

  test("a 框架协议 alone: its date, amount and type", () => {
    expect(signingFromContracts([contract({ type: "FRAMEWORK", amountWan: 5_000 })])).toEqual({ signedAt: at("2026-01-10"), contractAmount: 5_000, contractType: "FRAMEWORK" });
  });

  test("框架协议 then 正式合同 and a 补充协议: the earliest date, the formal amount plus the supplement, FORMAL", () => {
    const signing = signingFromContracts([
      contract({ type: "SUPPLEMENT", signedAt: at("2026-06-01"), amountWan: 1_200 }),
      contract({ type: "FORMAL", signedAt: at("2026-03-01"), amountWan: 8_000 }),
      contract({ type: "FRAMEWORK", signedAt: at("2026-01-10"), amountWan: 6_000 }),
    ]);
    expect(signing).toEqual({ signedAt: at("2026-01-10"), contractAmount: 9_200, contractType: "FORMAL" });
  });

  test("a 补充协议 alone has no amount in force", () => {
    expect(signingFromContracts([contract({ type: "SUPPLEMENT", amountWan: 300 })])).toEqual({ signedAt: at("2026-01-10"), contractAmount: null, contractType: "SUPPLEMENT" });
  });
});

describe("stageReachedByMilestones", () => {
  test("落地 needs both registration and the site", () => {
    expect(stageReachedByMilestones({})).toBeNull();
    expect(stageReachedByMilestones({ REGISTERED: at("2026-02-01") })).toBeNull();
    expect(stageReachedByMilestones({ REGISTERED: at("2026-02-01"), SITE_DELIVERED: at("2026-02-10") })).toBe("LANDED");
  });

  test("the furthest actual date decides, whatever came before", () => {
    expect(stageReachedByMilestones({ STARTED: at("2026-03-01") })).toBe("CONSTRUCTION");
    expect(stageReachedByMilestones({ STARTED: at("2026-03-01"), COMPLETED: null, PRODUCING: at("2026-09-01") })).toBe("PRODUCTION");
    expect(stageReachedByMilestones({ AT_CAPACITY: at("2027-03-01"), REGISTERED: at("2026-02-01") })).toBe("AT_CAPACITY");
  });
});

describe("milestoneStatus", () => {
  const now = at("2026-05-10");
  test("done, overdue from the day after the plan, planned, nothing", () => {
    expect(milestoneStatus(at("2026-04-01"), at("2026-04-20"), now)).toBe("DONE");
    expect(milestoneStatus(at("2026-05-09"), null, now)).toBe("OVERDUE");
    expect(milestoneStatus(at("2026-05-10"), null, now)).toBe("PLANNED");
    expect(milestoneStatus(null, null, now)).toBe("NONE");
  });
});

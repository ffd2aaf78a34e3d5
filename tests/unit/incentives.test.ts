import { incentiveState } from "#app/domain/incentives";
import { DEFAULT_MECHANISM, type MechanismConfig } from "#app/schemas/mechanism";

const config = DEFAULT_MECHANISM;

function at(day: string, time = "10:00"): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

const due = at("2026-06-30", "00:00");

describe("incentive status", () => {
  test.each([
    ["nothing paid, weeks before", 0, "2026-06-01", "PROMISED", false],
    ["nothing paid, 10 days before: due soon", 0, "2026-06-20", "PROMISED", true],
    ["nothing paid, 11 days before: not yet", 0, "2026-06-19", "PROMISED", false],
    ["part paid, on the due day", 400, "2026-06-30", "PARTIAL", true],
    ["part paid, the day after", 400, "2026-07-01", "OVERDUE", false],
    ["nothing paid, late in the evening of the due day", 0, "2026-06-30", "PROMISED", true],
    ["fully paid after the due day", 1_000, "2026-08-01", "PAID", false],
    ["overpaid", 1_200, "2026-08-01", "PAID", false],
  ] as const)("%s → %s", (_label, paid, now, status, dueSoon) => {
    const state = incentiveState({ promisedWan: 1_000, paidWan: paid, dueAt: due }, at(now, "23:30"), config);
    expect(state.status).toBe(status);
    expect(state.dueSoon).toBe(dueSoon);
  });

  test("the numbers behind the status", () => {
    expect(incentiveState({ promisedWan: 1_000, paidWan: 400, dueAt: due }, at("2026-07-03"), config)).toEqual({
      status: "OVERDUE",
      outstandingWan: 600,
      daysToDue: -3,
      dueSoon: false,
      daysOverdue: 3,
    });
    expect(incentiveState({ promisedWan: 0.3, paidWan: 0.1 + 0.2, dueAt: due }, at("2026-07-03"), config).status).toBe("PAID");
  });

  test("without a due date it is never overdue", () => {
    expect(incentiveState({ promisedWan: 1_000, paidWan: null, dueAt: null }, at("2030-01-01"), config)).toEqual({
      status: "PROMISED",
      outstandingWan: 1_000,
      daysToDue: null,
      dueSoon: false,
      daysOverdue: 0,
    });
  });

  test("a cancelled item is neither due nor overdue", () => {
    const state = incentiveState({ promisedWan: 1_000, paidWan: 0, dueAt: due, cancelledAt: at("2026-05-01") }, at("2026-08-01"), config);
    expect(state).toMatchObject({ status: "CANCELLED", outstandingWan: 0, dueSoon: false, daysOverdue: 0 });
  });

  test("the due-soon window is the mechanism's", () => {
    const wide: MechanismConfig = { ...config, incentiveDueSoonDays: 30 };
    expect(incentiveState({ promisedWan: 1, paidWan: 0, dueAt: due }, at("2026-05-31"), wide).dueSoon).toBe(true);
    expect(incentiveState({ promisedWan: 1, paidWan: 0, dueAt: due }, at("2026-05-30"), wide).dueSoon).toBe(false);
  });
});

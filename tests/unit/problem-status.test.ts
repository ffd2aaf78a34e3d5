import {
  planProblemMove,
  problemActionsFor,
  problemClock,
  problemDeadline,
  problemEscalation,
  problemResolvedOnTime,
  problemSidesOf,
  type ProblemActor,
  type ProblemForRules,
  type ProblemStatus,
} from "#app/domain/problem-status";
import { type Role } from "#app/domain/roles";
import { DEFAULT_MECHANISM, type MechanismConfig } from "#app/schemas/mechanism";

const config = DEFAULT_MECHANISM;

function at(day: string, time = "10:00"): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

const county = (regionScope: string[] = ["county-a", "park-a1"]): ProblemActor & { id: string } => ({
  id: "u-county",
  role: "COUNTY_OFFICER",
  regionScope,
  departmentId: null,
});
const city: ProblemActor & { id: string } = { id: "u-city", role: "CITY_OFFICER", regionScope: null, departmentId: null };
const zrzy: ProblemActor & { id: string } = { id: "u-zrzy", role: "DEPT_STAFF", regionScope: [], departmentId: "dept-zrzy" };
const fgw: ProblemActor & { id: string } = { id: "u-fgw", role: "DEPT_STAFF", regionScope: [], departmentId: "dept-fgw" };
const other = (role: Role): ProblemActor & { id: string } => ({ id: `u-${role}`, role, regionScope: null, departmentId: null });

function problem(status: ProblemStatus, departmentId: string | null = status === "PENDING" ? null : "dept-zrzy"): ProblemForRules {
  return { status, reportingRegionId: "park-a1", departmentId };
}

describe("who stands on which side", () => {
  test("the reporting side: an officer whose scope holds the reporting region", () => {
    expect(problemSidesOf(county(), problem("IN_PROGRESS"))).toEqual(["REPORTING"]);
    expect(problemSidesOf(county(["county-b"]), problem("IN_PROGRESS"))).toEqual([]);
  });

  test("the city bureau is the city and, for every region, the reporting side", () => {
    expect(problemSidesOf(city, problem("IN_PROGRESS"))).toEqual(["CITY", "REPORTING"]);
  });

  test("department staff only for their own department's problems", () => {
    expect(problemSidesOf(zrzy, problem("IN_PROGRESS"))).toEqual(["DEPARTMENT"]);
    expect(problemSidesOf(fgw, problem("IN_PROGRESS"))).toEqual([]);
    expect(problemSidesOf({ ...zrzy, departmentId: null }, problem("PENDING"))).toEqual([]);
  });

  test.each<Role>(["LEADER", "ADMIN", "AUDITOR"])("%s stands on no side, even with every region in scope", (role) => {
    expect(problemSidesOf(other(role), problem("RESOLVED"))).toEqual([]);
  });
});

describe("which moves each side may make", () => {
  test.each<[string, ProblemActor, ProblemStatus, string[]]>([
    ["county, 待交办", county(), "PENDING", ["ASSIGN"]],
    ["county, 办理中", county(), "IN_PROGRESS", ["REASSIGN", "RESPOND"]],
    ["county, 已办结", county(), "RESOLVED", ["RESPOND", "CLOSE", "REJECT_CLOSURE"]],
    ["county, 已销号", county(), "CLOSED", []],
    ["city, 已办结", city, "RESOLVED", ["RESPOND", "CLOSE", "REJECT_CLOSURE"]],
    ["department, 办理中", zrzy, "IN_PROGRESS", ["RETURN", "RESPOND", "RESOLVE"]],
    ["department, 已办结", zrzy, "RESOLVED", ["RESPOND"]],
    ["another department, 办理中", fgw, "IN_PROGRESS", []],
    ["another county, 已办结", county(["county-b"]), "RESOLVED", []],
    ["leader, 已办结", other("LEADER"), "RESOLVED", []],
  ])("%s", (_label, actor, status, actions) => {
    expect(problemActionsFor(actor, problem(status))).toEqual(actions);
  });
});

describe("planProblemMove", () => {
  const now = at("2025-09-26", "16:00");

  test("交办 sets the department, the clock and a deadline of problemLimitWorkdays 工作日", () => {
    const plan = planProblemMove({
      actor: county(),
      problem: problem("PENDING"),
      action: "ASSIGN",
      input: { departmentId: "dept-zrzy", assigneeId: "u-zrzy" },
      config,
      now,
    });
    // 20 工作日 after Fri 26 Sep 2025 across 国庆 (Oct 1–8 off, Sun 28 Sep and Sat 11 Oct worked) is Thu 30 Oct.
    expect(plan).toEqual({
      ok: true,
      action: "ASSIGN",
      from: "PENDING",
      to: "IN_PROGRESS",
      side: "REPORTING",
      text: null,
      updates: {
        status: "IN_PROGRESS",
        departmentId: "dept-zrzy",
        assigneeId: "u-zrzy",
        assignedAt: now,
        departmentAssignedAt: now,
        deadlineAt: at("2025-10-30", "00:00"),
        resolvedAt: null,
      },
    });
  });

  test("交办 needs a department; a custom limit must be a whole number of 工作日", () => {
    const result = planProblemMove({ actor: city, problem: problem("PENDING"), action: "ASSIGN", input: { limitWorkdays: 2.5 }, config, now });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: "departmentId", message: "landing.problemDepartmentRequired" },
        { field: "limitWorkdays", message: "landing.problemLimitInvalid" },
      ],
    });
  });

  test("a custom limit replaces the configured one", () => {
    const plan = planProblemMove({ actor: city, problem: problem("PENDING"), action: "ASSIGN", input: { departmentId: "d", limitWorkdays: 3 }, config, now: at("2025-09-30") });
    // Tue 30 Sep + 3 工作日: Oct 9, Oct 10, Sat Oct 11 (调休).
    expect(plan.ok && plan.updates.deadlineAt).toEqual(at("2025-10-11", "00:00"));
  });

  test("办结 by the assigned department needs the result", () => {
    expect(planProblemMove({ actor: zrzy, problem: problem("IN_PROGRESS"), action: "RESOLVE", config, now })).toEqual({
      ok: false,
      errors: [{ field: "reason", message: "landing.problemResultRequired" }],
    });
    const plan = planProblemMove({ actor: zrzy, problem: problem("IN_PROGRESS"), action: "RESOLVE", input: { text: "已完成供地手续" }, config, now });
    expect(plan).toMatchObject({ ok: true, to: "RESOLVED", side: "DEPARTMENT", text: "已完成供地手续", updates: { status: "RESOLVED", resolvedAt: now } });
  });

  test("销号 is refused for the department itself, with the rule in words", () => {
    const result = planProblemMove({ actor: zrzy, problem: problem("RESOLVED"), action: "CLOSE", input: { text: "已解决" }, config, now });
    expect(result).toEqual({ ok: false, errors: [{ field: "action", message: "landing.problemDepartmentCannotClose" }] });
    const reject = planProblemMove({ actor: zrzy, problem: problem("RESOLVED"), action: "REJECT_CLOSURE", input: { text: "x" }, config, now });
    expect(reject).toEqual({ ok: false, errors: [{ field: "action", message: "landing.problemDepartmentCannotClose" }] });
  });

  test("销号 by the reporting side or the city, after verification", () => {
    expect(planProblemMove({ actor: county(), problem: problem("RESOLVED"), action: "CLOSE", config, now })).toEqual({
      ok: false,
      errors: [{ field: "reason", message: "landing.problemVerificationRequired" }],
    });
    const plan = planProblemMove({ actor: county(), problem: problem("RESOLVED"), action: "CLOSE", input: { text: "企业确认已解决" }, config, now });
    expect(plan).toMatchObject({ ok: true, to: "CLOSED", side: "REPORTING", updates: { status: "CLOSED", closedAt: now, closedById: "u-county" } });
    const byCity = planProblemMove({ actor: city, problem: problem("RESOLVED"), action: "CLOSE", input: { text: "核实无误" }, config, now });
    expect(byCity).toMatchObject({ ok: true, side: "CITY" });
  });

  test("销号 only from 已办结", () => {
    const result = planProblemMove({ actor: city, problem: problem("IN_PROGRESS"), action: "CLOSE", input: { text: "x" }, config, now });
    expect(result).toEqual({ ok: false, errors: [{ field: "action", message: "landing.problemActionNotNow", params: { status: "IN_PROGRESS" } }] });
  });

  test("a rejected closure goes back to 办理中 with a reason, the clock running on", () => {
    expect(planProblemMove({ actor: county(), problem: problem("RESOLVED"), action: "REJECT_CLOSURE", config, now })).toMatchObject({
      ok: false,
      errors: [{ field: "reason", message: "landing.problemReasonRequiredReject" }],
    });
    const plan = planProblemMove({ actor: county(), problem: problem("RESOLVED"), action: "REJECT_CLOSURE", input: { text: "企业反映仍未通电" }, config, now });
    expect(plan).toEqual({
      ok: true,
      action: "REJECT_CLOSURE",
      from: "RESOLVED",
      to: "IN_PROGRESS",
      side: "REPORTING",
      text: "企业反映仍未通电",
      updates: { status: "IN_PROGRESS", resolvedAt: null, closureRejectedAt: now },
    });
  });

  test("改派 to another department keeps the deadline unless a new limit is given", () => {
    const keep = planProblemMove({ actor: city, problem: problem("IN_PROGRESS"), action: "REASSIGN", input: { departmentId: "dept-fgw", text: "属发改职责" }, config, now });
    expect(keep).toMatchObject({ ok: true, updates: { departmentId: "dept-fgw", departmentAssignedAt: now } });
    expect(keep.ok && "deadlineAt" in keep.updates).toBe(false);
    const same = planProblemMove({ actor: city, problem: problem("IN_PROGRESS"), action: "REASSIGN", input: { departmentId: "dept-zrzy", text: "x" }, config, now });
    expect(same).toEqual({ ok: false, errors: [{ field: "departmentId", message: "landing.problemSameDepartment" }] });
  });

  test("退回 by the department returns it to 待交办 and clears the assignment", () => {
    const plan = planProblemMove({ actor: zrzy, problem: problem("IN_PROGRESS"), action: "RETURN", input: { text: "非本部门职责" }, config, now });
    expect(plan).toMatchObject({
      ok: true,
      to: "PENDING",
      updates: { status: "PENDING", departmentId: null, assigneeId: null, assignedAt: null, deadlineAt: null },
    });
  });

  test("a leader cannot move a problem; another department cannot answer it", () => {
    expect(planProblemMove({ actor: other("LEADER"), problem: problem("IN_PROGRESS"), action: "RESPOND", input: { text: "x" }, config, now })).toEqual({
      ok: false,
      errors: [{ field: "action", message: "landing.problemActionNotYours" }],
    });
    expect(planProblemMove({ actor: fgw, problem: problem("IN_PROGRESS"), action: "RESOLVE", input: { text: "x" }, config, now }).ok).toBe(false);
  });

  test("答复 keeps the status", () => {
    const plan = planProblemMove({ actor: zrzy, problem: problem("IN_PROGRESS"), action: "RESPOND", input: { text: "正在办理" }, config, now });
    expect(plan).toEqual({ ok: true, action: "RESPOND", from: "IN_PROGRESS", to: "IN_PROGRESS", side: "DEPARTMENT", text: "正在办理", updates: { status: "IN_PROGRESS" } });
  });
});

describe("deadlines and overdue levels in 工作日", () => {
  const assignedAt = at("2025-09-26", "16:00");
  const deadlineAt = problemDeadline(assignedAt, config);
  const clockOn = (day: string) => problemClock({ status: "IN_PROGRESS", assignedAt, deadlineAt, resolvedAt: null }, at(day), config);

  test("the default limit comes from the mechanism", () => {
    expect(deadlineAt).toEqual(at("2025-10-30", "00:00"));
    const tight: MechanismConfig = { ...config, problemLimitWorkdays: 5 };
    // Sep 28 (Sun, worked) 1, Sep 29 2, Sep 30 3, Oct 9 4, Oct 10 5.
    expect(problemDeadline(assignedAt, tight)).toEqual(at("2025-10-10", "00:00"));
  });

  test.each([
    ["2025-09-26", "BLUE", 0, 20],
    ["2025-10-08", "BLUE", 3, 17], // 国庆 adds nothing
    ["2025-10-23", "BLUE", 15, 5],
    ["2025-10-24", "YELLOW", 16, 4], // 80 % of 20
    ["2025-10-30", "YELLOW", 20, 0], // the deadline day is still yellow
    ["2025-10-31", "RED", 21, -1],
  ] as const)("on %s: %s, %i used, %i left", (day, level, used, left) => {
    expect(clockOn(day)).toEqual({ level, limitWorkdays: 20, usedWorkdays: used, daysLeft: left, overdue: level === "RED", stopped: false });
  });

  test("春节 stops the clock: a 2-day limit across the holiday", () => {
    const assigned = at("2026-02-13"); // Fri; Sat Feb 14 is worked, 春节 Feb 15–23 off
    const deadline = problemDeadline(assigned, config, 2); // Feb 14, Feb 24; yellow from 2 (0.8 × 2 rounded up)
    expect(deadline).toEqual(at("2026-02-24", "00:00"));
    const level = (day: string) => problemClock({ status: "IN_PROGRESS", assignedAt: assigned, deadlineAt: deadline, resolvedAt: null }, at(day), config).level;
    expect([level("2026-02-14"), level("2026-02-20"), level("2026-02-24"), level("2026-02-25")]).toEqual(["BLUE", "BLUE", "YELLOW", "RED"]);
  });

  test("a problem whose deadline falls on the last day before 国庆 stays yellow through the holiday", () => {
    const assigned = at("2025-09-29");
    const deadline = problemDeadline(assigned, config, 1); // Sep 30
    const level = (day: string) => problemClock({ status: "IN_PROGRESS", assignedAt: assigned, deadlineAt: deadline, resolvedAt: null }, at(day), config).level;
    expect([level("2025-09-30"), level("2025-10-05"), level("2025-10-08"), level("2025-10-09")]).toEqual(["YELLOW", "YELLOW", "YELLOW", "RED"]);
  });

  test("待交办 has no clock", () => {
    expect(problemClock({ status: "PENDING", assignedAt: null, deadlineAt: null, resolvedAt: null }, at("2025-12-01"), config)).toEqual({
      level: "NONE",
      limitWorkdays: null,
      usedWorkdays: 0,
      daysLeft: null,
      overdue: false,
      stopped: false,
    });
  });

  test("the clock stops at 办结: no colour, and on time or late is kept", () => {
    const late = problemClock({ status: "RESOLVED", assignedAt, deadlineAt, resolvedAt: at("2025-10-31") }, at("2025-12-01"), config);
    expect(late).toEqual({ level: "NONE", limitWorkdays: 20, usedWorkdays: 21, daysLeft: -1, overdue: true, stopped: true });
    expect(problemResolvedOnTime({ status: "CLOSED", assignedAt, deadlineAt, resolvedAt: at("2025-10-30", "23:59") }, config)).toBe(true);
    expect(problemResolvedOnTime({ status: "CLOSED", assignedAt, deadlineAt, resolvedAt: at("2025-10-31", "00:01") }, config)).toBe(false);
    expect(problemResolvedOnTime({ status: "IN_PROGRESS", assignedAt, deadlineAt, resolvedAt: null }, config)).toBeNull();
  });

  test("the yellow ratio is the mechanism's", () => {
    const half: MechanismConfig = { ...config, warning: { yellowRatio: 0.5 } };
    const clock = (day: string) => problemClock({ status: "IN_PROGRESS", assignedAt, deadlineAt, resolvedAt: null }, at(day), half).level;
    // day 9 is Oct 15, day 10 Oct 16
    expect([clock("2025-10-15"), clock("2025-10-16")]).toEqual(["BLUE", "YELLOW"]);
  });
});

describe("escalation", () => {
  test("red tells the 包抓领导 and the city, besides the department and the reporter", () => {
    expect(problemEscalation("RED", config)).toEqual({
      alertKind: "PROBLEM_OVERDUE",
      recipients: ["ASSIGNEE", "DEPARTMENT", "REPORTER", "LEAD_LEADER", "CITY"],
    });
  });

  test("yellow reminds the department; blue and none tell nobody", () => {
    expect(problemEscalation("YELLOW", config)).toEqual({ alertKind: "PROBLEM_DUE_SOON", recipients: ["ASSIGNEE", "DEPARTMENT"] });
    expect(problemEscalation("BLUE", config)).toEqual({ alertKind: null, recipients: [] });
    expect(problemEscalation("NONE", config)).toEqual({ alertKind: null, recipients: [] });
  });

  test("the recipients are configuration", () => {
    const custom: MechanismConfig = { ...config, alertRecipients: { ...config.alertRecipients, PROBLEM_OVERDUE: ["CITY"] } };
    expect(problemEscalation("RED", custom).recipients).toEqual(["CITY"]);
  });
});

import { type AftercareVisitSnapshot } from "#app/domain/aftercare";
import { alertsDue, type Alert, type ProblemAlertSnapshot } from "#app/domain/alert-rules";
import { problemDeadline } from "#app/domain/problem-status";
import { hasMessage, t } from "#app/i18n";
import { DEFAULT_MECHANISM, type MechanismConfig } from "#app/schemas/mechanism";

const config = DEFAULT_MECHANISM;

function at(day: string, time = "10:00"): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

const assignedAt = at("2025-09-26", "16:00");
const inProgress: ProblemAlertSnapshot = {
  id: "pb1",
  projectId: "p1",
  label: "用地指标未落实",
  status: "IN_PROGRESS",
  departmentId: "dept-zrzy",
  assignedAt,
  departmentAssignedAt: assignedAt,
  deadlineAt: problemDeadline(assignedAt, config), // 2025-10-30
  resolvedAt: null,
};

const kinds = (alerts: Alert[]) => alerts.map((a) => a.kind);

describe("problems", () => {
  test("a fresh assignment tells the department and the handler", () => {
    const alerts = alertsDue({ problems: [inProgress] }, at("2025-09-29"), config);
    expect(alerts).toEqual([
      {
        kind: "PROBLEM_ASSIGNED",
        level: "BLUE",
        recipients: ["DEPARTMENT", "ASSIGNEE"],
        dedupeKey: `PROBLEM_ASSIGNED:pb1:dept-zrzy:${assignedAt.toISOString()}`,
        subject: { type: "PROBLEM", id: "pb1", projectId: "p1" },
        message: { key: "landing.alert_PROBLEM_ASSIGNED", params: { label: "用地指标未落实", deadline: "2025-10-30" } },
      },
    ]);
    expect(t(alerts[0]!.message.key, alerts[0]!.message.params)).toBe("新交办问题：用地指标未落实，办理时限 2025-10-30");
  });

  test("yellow at 80 % of the limit: due soon, to the department", () => {
    expect(kinds(alertsDue({ problems: [inProgress] }, at("2025-10-23"), config))).toEqual(["PROBLEM_ASSIGNED"]);
    const due = alertsDue({ problems: [inProgress] }, at("2025-10-24"), config).find((a) => a.kind === "PROBLEM_DUE_SOON");
    expect(due).toMatchObject({ level: "YELLOW", recipients: ["ASSIGNEE", "DEPARTMENT"], dedupeKey: "PROBLEM_DUE_SOON:pb1:2025-10-30" });
    expect(due?.message.params).toMatchObject({ days: 4 });
  });

  test("red the workday after the deadline: escalated to the 包抓领导 and the city, under its own key", () => {
    expect(kinds(alertsDue({ problems: [inProgress] }, at("2025-10-30", "23:59"), config))).toContain("PROBLEM_DUE_SOON");
    const overdue = alertsDue({ problems: [inProgress] }, at("2025-10-31"), config).find((a) => a.kind === "PROBLEM_OVERDUE");
    expect(overdue).toMatchObject({
      level: "RED",
      recipients: ["ASSIGNEE", "DEPARTMENT", "REPORTER", "LEAD_LEADER", "CITY"],
      dedupeKey: "PROBLEM_OVERDUE:pb1:2025-10-30",
      message: { params: { days: 1, deadline: "2025-10-30" } },
    });
    expect(kinds(alertsDue({ problems: [inProgress] }, at("2025-10-31"), config))).not.toContain("PROBLEM_DUE_SOON");
  });

  test("the same state gives the same keys: running twice tells nobody twice", () => {
    const first = alertsDue({ problems: [inProgress] }, at("2025-11-03", "08:00"), config).map((a) => a.dedupeKey);
    const second = alertsDue({ problems: [inProgress] }, at("2025-11-03", "18:00"), config).map((a) => a.dedupeKey);
    expect(second).toEqual(first);
  });

  test("a new deadline or a new department is a new alert", () => {
    const extended = { ...inProgress, deadlineAt: at("2025-11-20", "00:00") };
    expect(alertsDue({ problems: [extended] }, at("2025-11-19"), config).find((a) => a.kind === "PROBLEM_DUE_SOON")?.dedupeKey).toBe(
      "PROBLEM_DUE_SOON:pb1:2025-11-20",
    );
    const reassigned = { ...inProgress, departmentId: "dept-fgw", departmentAssignedAt: at("2025-10-10") };
    expect(alertsDue({ problems: [reassigned] }, at("2025-10-10"), config)[0]?.dedupeKey).toBe(
      `PROBLEM_ASSIGNED:pb1:dept-fgw:${at("2025-10-10").toISOString()}`,
    );
  });

  test("办结 asks the reporter to verify; 销号 and 待交办 alert nothing; a rejected closure tells the department", () => {
    const resolved = { ...inProgress, status: "RESOLVED" as const, resolvedAt: at("2025-10-20") };
    expect(alertsDue({ problems: [resolved] }, at("2025-11-30"), config).map((a) => [a.kind, a.recipients])).toEqual([["PROBLEM_RESOLVED", ["REPORTER"]]]);
    expect(alertsDue({ problems: [{ ...resolved, status: "CLOSED" }] }, at("2025-11-30"), config)).toEqual([]);
    const pending = { ...inProgress, status: "PENDING" as const, assignedAt: null, departmentAssignedAt: null, deadlineAt: null, departmentId: null };
    expect(alertsDue({ problems: [pending] }, at("2025-11-30"), config)).toEqual([]);
    const rejected = { ...inProgress, closureRejectedAt: at("2025-10-21") };
    expect(alertsDue({ problems: [rejected] }, at("2025-10-21"), config).find((a) => a.kind === "PROBLEM_CLOSURE_REJECTED")).toMatchObject({
      recipients: ["ASSIGNEE", "DEPARTMENT"],
      dedupeKey: `PROBLEM_CLOSURE_REJECTED:pb1:${at("2025-10-21").toISOString()}`,
    });
  });

  test("a kind given no recipients is silenced", () => {
    const quiet: MechanismConfig = { ...config, alertRecipients: { ...config.alertRecipients, PROBLEM_ASSIGNED: [] } };
    expect(alertsDue({ problems: [inProgress] }, at("2025-09-29"), quiet)).toEqual([]);
  });
});

describe("incentives", () => {
  const incentive = { id: "i1", projectId: "p1", label: "设备补贴", promisedWan: 300, paidWan: 0, dueAt: at("2026-06-30", "00:00") };

  test("due soon within the configured days, overdue the day after, nothing once paid", () => {
    expect(alertsDue({ incentives: [incentive] }, at("2026-06-19"), config)).toEqual([]);
    expect(alertsDue({ incentives: [incentive] }, at("2026-06-20"), config)).toMatchObject([
      { kind: "INCENTIVE_DUE_SOON", level: "YELLOW", recipients: ["PROJECT_OFFICER"], dedupeKey: "INCENTIVE_DUE_SOON:i1:2026-06-30", message: { params: { days: 10 } } },
    ]);
    expect(alertsDue({ incentives: [incentive] }, at("2026-07-01"), config)).toMatchObject([
      { kind: "INCENTIVE_OVERDUE", level: "RED", recipients: ["PROJECT_OFFICER", "LEAD_LEADER", "CITY"], message: { params: { days: 1 } } },
    ]);
    expect(alertsDue({ incentives: [{ ...incentive, paidWan: 300 }] }, at("2026-07-01"), config)).toEqual([]);
    expect(alertsDue({ incentives: [{ ...incentive, dueAt: null }] }, at("2026-07-01"), config)).toEqual([]);
  });
});

describe("instructions", () => {
  const issuedAt = at("2025-09-26", "16:00");
  const instruction = {
    id: "in1",
    projectId: "p1",
    label: "加快办理施工许可",
    issuedAt,
    replyDueAt: at("2025-10-10", "00:00"), // 5 工作日
    recipients: [
      { recipientId: "u1", repliedAt: null },
      { recipientId: "u2", repliedAt: at("2025-09-29") },
    ],
  };

  test("issued to the recipients still to reply", () => {
    expect(alertsDue({ instructions: [instruction] }, at("2025-09-29"), config)).toEqual([
      {
        kind: "INSTRUCTION_ISSUED",
        level: "BLUE",
        recipients: ["INSTRUCTION_RECIPIENTS"],
        recipientIds: ["u1"],
        dedupeKey: "INSTRUCTION_ISSUED:in1",
        subject: { type: "INSTRUCTION", id: "in1", projectId: "p1" },
        message: { key: "landing.alert_INSTRUCTION_ISSUED", params: { label: "加快办理施工许可", deadline: "2025-10-10" } },
      },
    ]);
  });

  test("reply due soon, then overdue with the leader told, in 工作日 across 国庆", () => {
    expect(kinds(alertsDue({ instructions: [instruction] }, at("2025-10-08"), config))).toEqual(["INSTRUCTION_ISSUED"]);
    expect(kinds(alertsDue({ instructions: [instruction] }, at("2025-10-09"), config))).toEqual(["INSTRUCTION_ISSUED", "INSTRUCTION_REPLY_DUE_SOON"]);
    const overdue = alertsDue({ instructions: [instruction] }, at("2025-10-11"), config)[1];
    expect(overdue).toMatchObject({
      kind: "INSTRUCTION_REPLY_OVERDUE",
      level: "RED",
      recipients: ["INSTRUCTION_RECIPIENTS", "INSTRUCTION_LEADER"],
      recipientIds: ["u1"],
      dedupeKey: "INSTRUCTION_REPLY_OVERDUE:in1:2025-10-10",
    });
  });

  test("once everyone replied, nothing", () => {
    const answered = { ...instruction, recipients: instruction.recipients.map((r) => ({ ...r, repliedAt: at("2025-10-01") })) };
    expect(alertsDue({ instructions: [answered] }, at("2025-10-20"), config)).toEqual([]);
  });
});

describe("stage clocks", () => {
  const project = { projectId: "p1", label: "秦巴绒趣", stage: "LEAD" as const, stageEnteredAt: at("2025-09-26", "16:00") };

  test("yellow and red stage clocks, with the stage's Chinese name", () => {
    expect(alertsDue({ stageClocks: [project] }, at("2025-10-23"), config)).toEqual([]);
    expect(alertsDue({ stageClocks: [project] }, at("2025-10-24"), config)).toMatchObject([
      { kind: "STAGE_DUE_SOON", level: "YELLOW", recipients: ["PROJECT_OFFICER"], message: { params: { stage: "线索", days: 4 } } },
    ]);
    const red = alertsDue({ stageClocks: [project] }, at("2025-10-31"), config)[0];
    expect(red).toMatchObject({
      kind: "STAGE_OVERDUE",
      recipients: ["PROJECT_OFFICER", "LEAD_LEADER"],
      dedupeKey: `STAGE_OVERDUE:p1:LEAD:${project.stageEnteredAt.toISOString()}`,
    });
    expect(t(red!.message.key, red!.message.params)).toBe("项目“秦巴绒趣”在线索阶段已超时 1 个工作日");
  });

  test("a stage without a limit alerts nothing", () => {
    expect(alertsDue({ stageClocks: [{ ...project, stage: "AT_CAPACITY" }] }, at("2027-01-01"), config)).toEqual([]);
  });
});

describe("aftercare", () => {
  const firm = { projectId: "p1", label: "秦巴绒趣", stage: "PRODUCTION" as const, isKey: false, since: at("2026-01-01"), visits: [] };

  test("a visit due once per cycle, keyed by the visit the cycle runs from", () => {
    expect(alertsDue({ aftercare: [firm] }, at("2026-03-13"), config)).toEqual([]);
    expect(alertsDue({ aftercare: [firm] }, at("2026-03-14"), config)).toMatchObject([
      { kind: "AFTERCARE_VISIT_DUE", level: "YELLOW", dedupeKey: "AFTERCARE_VISIT_DUE:p1:2026-01-01" },
    ]);
    const visited = { ...firm, visits: [{ id: "v1", visitedAt: at("2026-03-20"), flags: [] }] };
    expect(alertsDue({ aftercare: [visited] }, at("2026-06-20"), config)).toMatchObject([{ dedupeKey: "AFTERCARE_VISIT_DUE:p1:2026-03-20", level: "RED" }]);
  });

  test("red flags alert once per run, again when a flag is added", () => {
    const v1: AftercareVisitSnapshot = { id: "v1", visitedAt: at("2026-03-01"), flags: ["LAYOFFS"] };
    const v2: AftercareVisitSnapshot = { id: "v2", visitedAt: at("2026-03-20"), flags: ["LAYOFFS"] };
    const v3: AftercareVisitSnapshot = { id: "v3", visitedAt: at("2026-03-25"), flags: ["LAYOFFS", "WAGE_ARREARS"] };
    const keyOf = (visits: AftercareVisitSnapshot[]) =>
      alertsDue({ aftercare: [{ ...firm, visits }] }, at("2026-03-26"), config).find((a) => a.kind === "AFTERCARE_RED_FLAG");
    expect(keyOf([v1])).toMatchObject({ level: "YELLOW", dedupeKey: "AFTERCARE_RED_FLAG:p1:LAYOFFS@2026-03-01", message: { params: { flags: "裁员" } } });
    expect(keyOf([v1, v2])?.dedupeKey).toBe("AFTERCARE_RED_FLAG:p1:LAYOFFS@2026-03-01");
    expect(keyOf([v1, v2, v3])).toMatchObject({
      level: "RED",
      recipients: ["PROJECT_OFFICER", "LEAD_LEADER", "CITY"],
      dedupeKey: "AFTERCARE_RED_FLAG:p1:WAGE_ARREARS@2026-03-25+LAYOFFS@2026-03-01",
      message: { params: { flags: "欠薪、裁员" } },
    });
  });
});

test("every alert kind has a label and an inbox line", () => {
  for (const kind of Object.keys(config.alertRecipients)) {
    expect(hasMessage(`landing.alertKind_${kind}`), kind).toBe(true);
    expect(hasMessage(`landing.alert_${kind}`), kind).toBe(true);
  }
});

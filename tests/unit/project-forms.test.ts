import { parseWithZod } from "@conform-to/zod";
import { FollowUpSchema, followUpInputFromForm, parseStageMove, ProjectCreateSchema } from "#app/schemas/project";
import { diffImages, displayValue, projectFieldLabel } from "#app/utils/project-display";

const shanghaiMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

describe("the stage move form", () => {
  test("reads target, version, reason and stage fields by their kind", () => {
    const form = new URLSearchParams({ to: "SIGNED", version: "3", signedAt: "2026-03-10", contractAmount: "12,500", contractType: "FORMAL", note: " 签约仪式在深圳 " });
    expect(parseStageMove(form)).toEqual({
      ok: true,
      value: {
        to: "SIGNED",
        version: 3,
        reason: null,
        note: "签约仪式在深圳",
        fields: { signedAt: shanghaiMidnight("2026-03-10"), contractAmount: 12_500, contractType: "FORMAL" },
      },
    });
  });

  test("refuses an unknown target, a missing version, a bad date and a negative amount, all at once", () => {
    const form = new URLSearchParams({ to: "DONE", signedAt: "2026-02-30", contractAmount: "-5" });
    const result = parseStageMove(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["contractAmount", "signedAt", "to", "version"]);
    expect(result.errors.signedAt).toEqual(["日期格式不正确，例如 2026-03-15"]);
  });

  test("an empty field is not part of the move", () => {
    const result = parseStageMove(new URLSearchParams({ to: "LEAD", version: "1", signedAt: "", reason: "退回" }));
    expect(result).toMatchObject({ ok: true, value: { fields: {}, reason: "退回" } });
  });
});

describe("the project form", () => {
  test("poverty-relief jobs cannot exceed the jobs expected", () => {
    const form = new URLSearchParams({ name: "项目", companyId: "c1", plannedInvestment: "100", expectedJobs: "10", povertyJobs: "12" });
    const submission = parseWithZod(form, { schema: ProjectCreateSchema });
    expect(submission.status).toBe("error");
    expect(submission.reply().error).toMatchObject({ povertyJobs: ["脱贫劳动力人数不能超过预计新增就业人数"] });
  });
});

describe("the follow-up form", () => {
  test("a leader whose capacity was chosen took part, ticked or not", () => {
    const form = new URLSearchParams([
      ["intent", "create"],
      ["kind", "VISIT"],
      ["date", "2026-03-14"],
      ["summary", "拜访"],
      ["participantIds", "u1"],
      ["capacities.leader1", "RECRUIT"],
      ["capacities.leader2", ""],
    ]);
    const submission = parseWithZod(form, { schema: FollowUpSchema });
    if (submission.status !== "success") throw new Error(JSON.stringify(submission.reply()));
    expect(followUpInputFromForm(submission.value).participants).toEqual([
      { userId: "u1", capacity: null },
      { userId: "leader1", capacity: "RECRUIT" },
    ]);
  });

  test("the next action cannot be due before the follow-up", () => {
    const form = new URLSearchParams({ intent: "create", kind: "PHONE", date: "2026-03-14", summary: "电话", nextActionDue: "2026-03-01" });
    const submission = parseWithZod(form, { schema: FollowUpSchema });
    expect(submission.reply().error).toMatchObject({ nextActionDue: ["完成时限不能早于跟进日期"] });
  });
});

describe("project values in words", () => {
  test("labels, days, amounts, codes and names", () => {
    expect(projectFieldLabel("signedAt")).toBe("签约日期");
    expect(projectFieldLabel("plannedInvestment")).toBe("计划投资（万元）");
    expect(displayValue("signedAt", "2026-03-09T16:00:00.000Z")).toBe("2026-03-10");
    expect(displayValue("plannedInvestment", 12_500)).toBe("12,500");
    expect(displayValue("stage", "SIGNED")).toBe("签约");
    expect(displayValue("contractType", "FRAMEWORK")).toBe("框架协议");
    expect(displayValue("leadLeaderId", "u9", { u9: "陈建国" })).toBe("陈建国");
    expect(displayValue("taskForceIds", ["a", "b"], { a: "甲", b: "乙" })).toBe("甲、乙");
    expect(displayValue("keyManual", false)).toBe("否");
    expect(displayValue("description", null)).toBe("—");
  });

  test("a 409 comparison lists only the fields that differ", () => {
    expect(diffImages(["name", "plannedInvestment", "signedAt"], { name: "甲", plannedInvestment: 100, signedAt: null }, { name: "乙", plannedInvestment: 100, signedAt: null }, {})).toEqual([
      { field: "name", label: "项目名称", theirs: "甲", yours: "乙" },
    ]);
  });
});

// 政策兑现 on a real database (SQLite, or PostgreSQL with TEST_DB=postgres): wording that
// resembles what the 公平竞争审查条例 forbids (按纳税额的50%给予奖励) is flagged with its reason —
// a warning, the item is saved — and a clean item is not; the flags are recomputed on every
// save; an item not paid in full after its due date is 逾期; writes are versioned, scoped and
// audited.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { t } from "#app/i18n";
import { createIncentive, deleteIncentive, listIncentivesForProject, updateIncentive, type IncentiveInput } from "#app/models/incentive.server";
import { createProject } from "#app/models/project.server";
import { action as incentivesAction } from "#app/routes/projects.$projectId.incentives";
import { getUser } from "#app/utils/auth.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { VersionConflict } from "#app/utils/version-conflict.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { context: {} };

type Signed = { cookie: string; user: SessionUser };
let officer: Signed;
let other: Signed;
let leader: Signed;
let projectId: string;

async function signIn(username: string): Promise<Signed> {
  const cookie = await sessionCookieFor(username);
  const user = await getUser(testRequest("/", { cookie }));
  if (!user) throw new Error(`no session for ${username}`);
  return { cookie, user };
}

function day(value: string): Date {
  return new Date(`${value}T00:00:00+08:00`);
}

function input(overrides: Partial<IncentiveInput> = {}): IncentiveInput {
  return { item: "固定资产投资补助", conditions: "设备投资到位并通过验收", promisedWan: 100, dueAt: null, paidWan: 0, paidAt: null, note: null, cancelled: false, cancelReason: null, ...overrides };
}

function post(signed: Signed, form: Record<string, string>) {
  return responseOf(incentivesAction({ request: testRequest(`/projects/${projectId}/incentives`, { cookie: signed.cookie, form }), params: { projectId }, ...ctx }));
}

async function itemNamed(item: string) {
  const panel = await listIncentivesForProject(officer.user, projectId);
  return panel.items.find((i) => i.item === item)!;
}

beforeAll(async () => {
  const made = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" });
  officer = await signIn(made.username);
  other = await signIn((await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区" })).username);
  leader = await signIn((await createTestUser(db, { role: "LEADER", regionName: "安康市" })).username);
  const name = "东莞市绒趣玩具有限公司";
  const company = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: made.regionId! } });
  const project = await createProject(officer.user, { name: "绒趣毛绒玩具生产基地", companyId: company.id, plannedInvestment: 20_000, officerId: made.id, leadLeaderId: leader.user.id });
  if (!project.ok) throw new Error(JSON.stringify(project.errors));
  projectId = project.id;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("公平竞争审查 wording", () => {
  test("“按纳税额的50%给予奖励” is saved and flagged with the reason; a clean item is not flagged", async () => {
    const flagged = await post(officer, {
      intent: "create",
      item: "企业所得税地方留成奖励",
      conditions: "投产后三年内，按纳税额的50%给予奖励",
      promisedWan: "300",
      redirectTo: `/projects/${projectId}?tab=overview`,
    });
    expect(flagged.status).toBe(302);
    expect(flagged.headers.get("Location")).toBe(`/projects/${projectId}?tab=overview&done=incentiveFlagged#incentives`);
    const row = await db.incentive.findFirstOrThrow({ where: { projectId, item: "企业所得税地方留成奖励" } });
    expect(row.fairFlags.split(",")).toContain("TAX_LINKED_REWARD");
    const view = await itemNamed("企业所得税地方留成奖励");
    const reward = view.flags.find((f) => f.ruleId === "TAX_LINKED_REWARD");
    expect(reward?.reason).toBe(t("landing.fair_TAX_LINKED_REWARD"));
    expect(reward?.matched).toEqual(expect.arrayContaining(["按纳税额"]));

    const clean = await post(officer, { intent: "create", item: "标准化厂房租金减免", conditions: "按合同约定面积，前两年租金减半", promisedWan: "80" });
    expect(clean.status).toBe(302);
    expect(clean.headers.get("Location")).toBe(`/projects/${projectId}?done=incentiveSaved#incentives`);
    expect((await db.incentive.findFirstOrThrow({ where: { projectId, item: "标准化厂房租金减免" } })).fairFlags).toBe("");
    expect((await itemNamed("标准化厂房租金减免")).flags).toEqual([]);
    expect((await listIncentivesForProject(officer.user, projectId)).totals.flagged).toBe(1);
  });

  test("the flags are recomputed on each save: reworded, the flag goes; a negated phrase does not flag", async () => {
    const created = await createIncentive(officer.user, projectId, input({ item: "税收返还", conditions: "按实缴增值税地方留成部分返还" }));
    if (!created.ok) throw new Error("not saved");
    expect(created.flags.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["TAX_REBATE", "TAX_LINKED_REWARD"]));
    const updated = await updateIncentive(officer.user, created.id, created.version, input({ item: "设备购置补助", conditions: "按设备发票金额的10%补助，不得与税收挂钩" }));
    expect(updated).toMatchObject({ ok: true, flags: [] });
    expect((await db.incentive.findUniqueOrThrow({ where: { id: created.id } })).fairFlags).toBe("");
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "Incentive", entityId: created.id, action: "UPDATE" } });
    expect(JSON.parse(audit.before!).fairFlags).toContain("TAX_REBATE");
    expect(JSON.parse(audit.after!)).toMatchObject({ fairFlags: "", item: "设备购置补助", version: 2 });
  });
});

describe("status and overdue", () => {
  test("not paid in full after the due date is 逾期 (partial payment too); paid in full is 已兑现; cancelled needs a reason", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-03-10T10:00:00+08:00"));
    const created = await createIncentive(officer.user, projectId, input({ item: "逾期测试补助", promisedWan: 100, dueAt: day("2025-03-01") }));
    if (!created.ok) throw new Error("not saved");
    expect(await itemNamed("逾期测试补助")).toMatchObject({ status: "OVERDUE", overdue: true, daysOverdue: 9, statusLabel: "逾期未兑现", outstanding: "100万元" });
    // The overdue promise is escalated at once: the project's officer and 包抓领导 hear of it.
    for (const id of [officer.user.id, leader.user.id]) expect(await db.notification.count({ where: { userId: id, kind: "INCENTIVE_OVERDUE", subjectId: created.id } })).toBe(1);

    const partial = await updateIncentive(officer.user, created.id, 1, input({ item: "逾期测试补助", promisedWan: 100, dueAt: day("2025-03-01"), paidWan: 40, paidAt: day("2025-03-09") }));
    expect(partial.ok).toBe(true);
    expect(await itemNamed("逾期测试补助")).toMatchObject({ status: "OVERDUE", outstanding: "60万元", paid: "40万元", paidOn: "2025-03-09" });
    expect((await db.incentive.findUniqueOrThrow({ where: { id: created.id } })).settled).toBe(false);

    await updateIncentive(officer.user, created.id, 2, input({ item: "逾期测试补助", promisedWan: 100, dueAt: day("2025-03-01"), paidWan: 100, paidAt: day("2025-03-10") }));
    expect(await itemNamed("逾期测试补助")).toMatchObject({ status: "PAID", overdue: false });
    expect((await db.incentive.findUniqueOrThrow({ where: { id: created.id } })).settled).toBe(true);

    const soon = await createIncentive(officer.user, projectId, input({ item: "临近到期补助", dueAt: day("2025-03-15") }));
    expect(soon.ok).toBe(true);
    expect(await itemNamed("临近到期补助")).toMatchObject({ status: "PROMISED", dueSoon: true, daysToDue: 5 });

    expect(await updateIncentive(officer.user, (soon as { id: string }).id, 1, input({ item: "临近到期补助", cancelled: true }))).toEqual({
      ok: false,
      errors: { cancelReason: [t("problems.incentiveCancelReasonRequired")] },
    });
    await updateIncentive(officer.user, (soon as { id: string }).id, 1, input({ item: "临近到期补助", cancelled: true, cancelReason: "企业未达到投资强度" }));
    expect(await itemNamed("临近到期补助")).toMatchObject({ status: "CANCELLED", cancelled: true, dueSoon: false });
  });

  test("bad amounts are refused in words: paid above the promise, paid without a date", async () => {
    expect(await createIncentive(officer.user, projectId, input({ paidWan: 120 }))).toMatchObject({ ok: false, errors: { paidWan: [expect.stringContaining("超过承诺金额")], paidAt: [t("problems.incentivePaidAtRequired")] } });
    const res = await post(officer, { intent: "create", item: "", promisedWan: "0" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.item).toEqual([t("problems.incentiveItemRequired")]);
    expect(body.result.error.promisedWan).toEqual([t("problems.incentivePromisedRequired")]);
  });
});

describe("versions, scope and audit", () => {
  test("a stale save gets 409; delete is soft and audited; another county gets 404; a leader reads but may not write", async () => {
    const created = await createIncentive(officer.user, projectId, input({ item: "版本测试" }));
    if (!created.ok) throw new Error("not saved");
    await updateIncentive(officer.user, created.id, 1, input({ item: "版本测试", promisedWan: 120 }));
    await expect(updateIncentive(officer.user, created.id, 1, input({ item: "版本测试", promisedWan: 150 }))).rejects.toBeInstanceOf(VersionConflict);
    const stale = await post(officer, { intent: "update", id: created.id, version: "1", item: "版本测试", promisedWan: "150" });
    expect(stale.status).toBe(409);

    await expect(responseOf(() => listIncentivesForProject(other.user, projectId))).resolves.toHaveProperty("status", 404);
    await expect(responseOf(() => updateIncentive(other.user, created.id, 2, input()))).resolves.toHaveProperty("status", 404);
    const readable = await listIncentivesForProject(leader.user, projectId);
    expect(readable.canWrite).toBe(false);
    expect((await post(leader, { intent: "create", item: "x", promisedWan: "1" })).status).toBe(403);

    const gone = await post(officer, { intent: "delete", id: created.id, version: "2" });
    expect(gone.status).toBe(302);
    expect((await db.incentive.findUniqueOrThrow({ where: { id: created.id } })).deletedAt).not.toBeNull();
    expect((await listIncentivesForProject(officer.user, projectId)).items.some((i) => i.id === created.id)).toBe(false);
    await expect(responseOf(() => deleteIncentive(officer.user, created.id, 3))).resolves.toHaveProperty("status", 404);

    const rows = await db.auditLog.findMany({ where: { entity: "Incentive", entityId: created.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([
      ["CREATE", officer.user.id],
      ["UPDATE", officer.user.id],
      ["DELETE", officer.user.id],
    ]);
    expect(JSON.parse(rows[1]!.before!)).toMatchObject({ promisedWan: 100, version: 1 });
    expect(JSON.parse(rows[1]!.after!)).toMatchObject({ promisedWan: 120, version: 2 });
    expect(JSON.parse(rows[2]!.after!).deletedAt).not.toBeNull();
  });
});

// 招商项目 on a real database (SQLite, or PostgreSQL with TEST_DB=postgres), through the models
// and through the route modules' loaders and actions with real sessions: creating (code,
// 重点 from the mechanism), region scope (404 for another county), editing with the optimistic
// lock (50 concurrent saves, one winner), stage moves with their rules, follow-ups with leaders'
// 四个亲自, audit images, and the recycle bin.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { DEFAULT_MECHANISM } from "#app/schemas/mechanism";
import { createFollowUp, deleteFollowUp, listFollowUpsForProject, updateFollowUp } from "#app/models/follow-up.server";
import { createProject, deleteProject, getProjectForUser, restoreProject, updateProject, type ProjectInput } from "#app/models/project.server";
import { moveProjectToStage } from "#app/models/stage.server";
import { action as editAction, loader as editLoader } from "#app/routes/projects.$projectId.edit";
import { action as followUpAction } from "#app/routes/projects.$projectId.follow-ups";
import { loader as pageLoader } from "#app/routes/projects.$projectId._index";
import { action as stageAction, loader as stageLoader } from "#app/routes/projects.$projectId.stage";
import { action as newAction } from "#app/routes/projects.new";
import { action as recycleAction, loader as recycleLoader } from "#app/routes/recycle-bin";
import { getUser } from "#app/utils/auth.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { VersionConflict } from "#app/utils/version-conflict.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { context: {} };

type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let hanyin: TestUser;
let hanbin: TestUser;
let city: TestUser;
let leader: TestUser;
let hanyinCookie: string;
let hanbinCookie: string;
let leaderCookie: string;
let hanyinUser: SessionUser;
let hanbinUser: SessionUser;
let cityUser: SessionUser;
let companyId: string;
let hanyinRegionId: string;

async function sessionUser(username: string): Promise<{ cookie: string; user: SessionUser }> {
  const cookie = await sessionCookieFor(username);
  const user = await getUser(testRequest("/", { cookie }));
  if (!user) throw new Error(`no session for ${username}`);
  return { cookie, user };
}

function day(value: string): Date {
  return new Date(`${value}T00:00:00+08:00`);
}

/** A Shanghai calendar day `n` days before today, as typed into a form. */
function daysAgo(n: number): string {
  return new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);
}

function baseInput(overrides: Partial<ProjectInput> = {}): ProjectInput {
  return { name: "毛绒玩具智能工厂", companyId, plannedInvestment: 8_000, ...overrides };
}

async function newProject(overrides: Partial<ProjectInput> = {}) {
  const result = await createProject(hanyinUser, baseInput(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

beforeAll(async () => {
  hanyin = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "汉阴专员" });
  hanbin = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区", displayName: "汉滨专员" });
  city = await createTestUser(db, { role: "CITY_OFFICER", displayName: "市局专员" });
  leader = await createTestUser(db, { role: "LEADER", regionName: "安康市", displayName: "王副市长" });
  ({ cookie: hanyinCookie, user: hanyinUser } = await sessionUser(hanyin.username));
  ({ cookie: hanbinCookie, user: hanbinUser } = await sessionUser(hanbin.username));
  ({ user: cityUser } = await sessionUser(city.username));
  ({ cookie: leaderCookie } = await sessionUser(leader.username));
  hanyinRegionId = hanyin.regionId!;
  const name = "深圳市秦巴绒趣玩具有限公司";
  const company = await db.company.create({
    data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: hanyinRegionId },
  });
  companyId = company.id;
});

describe("creating a project", () => {
  test("a county officer of 汉阴县 creates one in 汉阴县: AK code, 线索, 重点 from the configured threshold", async () => {
    const small = await newProject();
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect(small.code).toMatch(new RegExp(`^AK-${year}-\\d{4}$`));
    const big = await newProject({ name: "PP棉新材料产业园", plannedInvestment: DEFAULT_MECHANISM.keyProjectThresholdWan });
    expect(Number(big.code.slice(-4))).toBe(Number(small.code.slice(-4)) + 1);

    const rows = await db.project.findMany({ where: { id: { in: [small.id, big.id] } }, orderBy: { code: "asc" } });
    expect(rows.map((r) => [r.stage, r.isKey, r.regionId])).toEqual([
      ["LEAD", false, hanyinRegionId],
      ["LEAD", true, hanyinRegionId],
    ]);
    expect(rows[0]!.searchKey).toContain("mrwjzngc");
    expect(await db.stageTransition.count({ where: { projectId: small.id, fromStage: null, toStage: "LEAD" } })).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "Project", entityId: small.id, action: "CREATE" } });
    expect(JSON.parse(audit.after!)).toMatchObject({ code: small.code, name: "毛绒玩具智能工厂", isKey: false, stage: "LEAD" });
  });

  test("a county officer cannot file a project under another county; a city officer can", async () => {
    const hanbinRegion = hanbin.regionId!;
    const refused = await createProject(hanyinUser, baseInput({ regionId: hanbinRegion }));
    expect(refused).toEqual({ ok: false, errors: { regionId: ["所选区域不在您的权限范围内"] } });
    const byCity = await createProject(cityUser, baseInput({ regionId: hanbinRegion }));
    expect(byCity.ok).toBe(true);
  });

  test("through /projects/new with a session: redirect to the new project's page", async () => {
    const res = await responseOf(
      newAction({
        request: testRequest("/projects/new", { cookie: hanyinCookie, form: { name: "绒趣电商中心", companyId, plannedInvestment: "20000", nature: "NEW" } }),
        params: {},
        ...ctx,
      }),
    );
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.split("/")[2]!.split("?")[0]!;
    const row = await db.project.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: "绒趣电商中心", isKey: true, nature: "NEW", regionId: hanyinRegionId, officerId: null });
  });
});

describe("scope", () => {
  test("another county's officer gets 404 from getProjectForUser and from the page loader; the owner gets the page", async () => {
    const { id } = await newProject();
    const thrown = await responseOf(() => getProjectForUser(hanbinUser, id));
    expect(thrown.status).toBe(404);
    const page = await responseOf(pageLoader({ request: testRequest(`/projects/${id}`, { cookie: hanbinCookie }), params: { projectId: id }, ...ctx }));
    expect(page.status).toBe(404);
    const own = await responseOf(pageLoader({ request: testRequest(`/projects/${id}`, { cookie: hanyinCookie }), params: { projectId: id }, ...ctx }));
    expect(own.status).toBe(200);
    const stage = await responseOf(
      stageAction({ request: testRequest(`/projects/${id}/stage`, { cookie: hanbinCookie, form: { to: "FIRST_CONTACT", version: "1", firstContactAt: daysAgo(1) } }), params: { projectId: id }, ...ctx }),
    );
    expect(stage.status).toBe(404);
    const edit = await responseOf(editLoader({ request: testRequest(`/projects/${id}/edit`, { cookie: hanbinCookie }), params: { projectId: id }, ...ctx }));
    expect(edit.status).toBe(404);
  });

  test("a city leader reads the page but may not edit (403)", async () => {
    const { id } = await newProject();
    const page = await responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=timeline`, { cookie: leaderCookie }), params: { projectId: id }, ...ctx }));
    expect(page.status).toBe(200);
    const edit = await responseOf(editLoader({ request: testRequest(`/projects/${id}/edit`, { cookie: leaderCookie }), params: { projectId: id }, ...ctx }));
    expect(edit.status).toBe(403);
  });

  test("the page says whether the project is counted (统计口径) and why not", async () => {
    const { id } = await newProject({ name: "小额试点项目", plannedInvestment: 500 });
    const page = await responseOf(pageLoader({ request: testRequest(`/projects/${id}`, { cookie: hanyinCookie }), params: { projectId: id }, ...ctx }));
    const data = (await page.json()) as { countingStatus: { counted: boolean; reasons: string[]; landed: boolean } };
    // 500万 is under the default 1000万 threshold; a new lead has no contract, so it is not landed.
    expect(data.countingStatus).toMatchObject({ counted: false, reasons: ["BELOW_THRESHOLD"], landed: false });
  });
});

describe("editing", () => {
  test("50 concurrent saves of one version: exactly one succeeds, 49 get VersionConflict", async () => {
    const { id } = await newProject();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => updateProject(hanyinUser, id, 1, baseInput({ name: `并发保存 ${i}`, plannedInvestment: 1_000 + i }))),
    );
    const succeeded = results.filter((r) => r.status === "fulfilled" && r.value.ok);
    const conflicts = results.filter((r) => r.status === "rejected" && r.reason instanceof VersionConflict);
    expect(succeeded).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    const row = await db.project.findUniqueOrThrow({ where: { id } });
    expect(row.version).toBe(2);
    expect(await db.auditLog.count({ where: { entity: "Project", entityId: id, action: "UPDATE" } })).toBe(1);
  });

  test("the edit action saves, audits before/after, and answers 409 to a stale save with the current record", async () => {
    const { id } = await newProject();
    const form = { name: "改名后的项目", companyId, plannedInvestment: "12000", version: "1" };
    const ok = await responseOf(editAction({ request: testRequest(`/projects/${id}/edit`, { cookie: hanyinCookie, form }), params: { projectId: id }, ...ctx }));
    expect(ok.status).toBe(302);
    const row = await db.project.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: "改名后的项目", plannedInvestment: 12_000, isKey: true, version: 2 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "Project", entityId: id, action: "UPDATE" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ name: "毛绒玩具智能工厂", isKey: false, version: 1 });
    expect(JSON.parse(audit.after!)).toMatchObject({ name: "改名后的项目", isKey: true, version: 2 });

    const stale = await responseOf(
      editAction({ request: testRequest(`/projects/${id}/edit`, { cookie: hanyinCookie, form: { ...form, name: "过时的修改" } }), params: { projectId: id }, ...ctx }),
    );
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { conflict: { version: number; diff: { field: string; theirs: string; yours: string }[] }; result: { initialValue: Record<string, unknown> } };
    expect(body.conflict.version).toBe(2);
    expect(body.conflict.diff).toContainEqual({ field: "name", label: "项目名称", theirs: "改名后的项目", yours: "过时的修改" });
    expect(body.result.initialValue).toMatchObject({ name: "过时的修改" });
    expect((await db.project.findUniqueOrThrow({ where: { id } })).name).toBe("改名后的项目");
  });

  test("dates must be coherent: 开工 before 签约 is refused", async () => {
    const { id } = await newProject();
    const result = await updateProject(hanyinUser, id, 1, baseInput({ signedAt: day(daysAgo(10)), startedAt: day(daysAgo(20)) }));
    expect(result).toEqual({ ok: false, errors: { startedAt: ["不能早于签约日期"] } });
  });
});

describe("stage moves", () => {
  async function move(id: string, form: Record<string, string>, cookie = hanyinCookie) {
    return responseOf(stageAction({ request: testRequest(`/projects/${id}/stage`, { cookie, form }), params: { projectId: id }, ...ctx }));
  }

  test("to 签约 without the required fields → 400 with field errors; with them → ok and a StageTransition row", async () => {
    const { id } = await newProject();
    const refused = await move(id, { to: "SIGNED", version: "1" });
    expect(refused.status).toBe(400);
    const { errors } = (await refused.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(errors).sort()).toEqual(["contractAmount", "contractType", "firstContactAt", "signedAt"]);
    expect(errors.signedAt).toEqual(["进入签约阶段须填写此项"]);

    const ok = await move(id, {
      to: "SIGNED",
      version: "1",
      firstContactAt: daysAgo(30),
      signedAt: daysAgo(2),
      contractAmount: "15000",
      contractType: "FORMAL",
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, stage: "SIGNED", version: 2 });
    const row = await db.project.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ stage: "SIGNED", contractAmount: 15_000, contractType: "FORMAL", signedAt: day(daysAgo(2)), version: 2 });
    const transition = await db.stageTransition.findFirstOrThrow({ where: { projectId: id, toStage: "SIGNED" } });
    expect(transition).toMatchObject({ fromStage: "LEAD", actorName: "汉阴专员", source: "MANUAL" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "Project", entityId: id, action: "MOVE_STAGE" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ stage: "LEAD", signedAt: null });
    expect(JSON.parse(audit.after!)).toMatchObject({ stage: "SIGNED", contractType: "FORMAL" });

    const stale = await move(id, { to: "LANDED", version: "1" });
    expect(stale.status).toBe(409);
  });

  test("moving backwards needs a reason", async () => {
    const { id } = await newProject();
    expect((await move(id, { to: "FIRST_CONTACT", version: "1", firstContactAt: daysAgo(3) })).status).toBe(200);
    const refused = await move(id, { to: "LEAD", version: "2" });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ errors: { reason: ["退回到之前的阶段须说明原因"] } });
    const ok = await move(id, { to: "LEAD", version: "2", reason: "企业决策层变动，重新接触" });
    expect(ok.status).toBe(200);
    const back = await db.stageTransition.findFirstOrThrow({ where: { projectId: id, toStage: "LEAD", fromStage: "FIRST_CONTACT" } });
    expect(back.note).toBe("企业决策层变动，重新接触");
  });

  test("dates must be coherent on a move: 开工 before 签约 is refused", async () => {
    const { id } = await newProject();
    const result = await moveProjectToStage(hanyinUser, id, {
      version: 1,
      to: "CONSTRUCTION",
      fields: { firstContactAt: day(daysAgo(40)), signedAt: day(daysAgo(10)), contractAmount: 9_000, contractType: "FORMAL", startedAt: day(daysAgo(20)) },
    });
    expect(result).toEqual({ ok: false, errors: { startedAt: ["不能早于签约日期"] } });
  });
});

describe("stage moves for other callers", () => {
  async function move(id: string, form: Record<string, string>, cookie = hanyinCookie) {
    return responseOf(stageAction({ request: testRequest(`/projects/${id}/stage`, { cookie, form }), params: { projectId: id }, ...ctx }));
  }

  test("GET /projects/:id/stage tells a caller (the kanban) what each target asks for", async () => {
    const { id } = await newProject();
    const res = await responseOf(stageLoader({ request: testRequest(`/projects/${id}/stage`, { cookie: hanyinCookie }), params: { projectId: id }, ...ctx }));
    const { move: data } = (await res.json()) as { move: { version: number; targets: { code: string; fields: string[]; reasonRequired: boolean }[]; options: Record<string, unknown[]> } };
    expect(data.version).toBe(1);
    expect(data.targets.find((x) => x.code === "SIGNED")).toEqual({ code: "SIGNED", label: "签约", fields: ["firstContactAt", "signedAt", "contractAmount", "contractType"], reasonRequired: false });
    expect(data.targets.find((x) => x.code === "TERMINATED")).toMatchObject({ fields: [], reasonRequired: true });
    expect(data.targets.map((x) => x.code)).not.toContain("LEAD");
    expect(data.options.contractType).toHaveLength(3);
  });

  test("a leader may read but not move (403); 暂缓 then 恢复 brings the project back where it paused", async () => {
    const { id } = await newProject();
    expect((await move(id, { to: "ON_HOLD", version: "1", reason: "x" }, leaderCookie)).status).toBe(403);
    expect((await move(id, { to: "ON_HOLD", version: "1", reason: "企业资金暂未落实" })).status).toBe(200);
    expect(await db.project.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "ON_HOLD", resumeStage: "LEAD", holdReason: "企业资金暂未落实" });
    expect((await move(id, { to: "LEAD", version: "2" })).status).toBe(200);
    expect(await db.project.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "LEAD", resumeStage: null, holdReason: null, version: 3 });
  });

  test("50 concurrent moves from one version: one transition, 49 conflicts", async () => {
    const { id } = await newProject();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => moveProjectToStage(hanyinUser, id, { version: 1, to: "FIRST_CONTACT", fields: { firstContactAt: day(daysAgo(1)) } })),
    );
    expect(results.filter((r) => r.status === "fulfilled" && r.value.ok)).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof VersionConflict)).toHaveLength(49);
    expect(await db.stageTransition.count({ where: { projectId: id, toStage: "FIRST_CONTACT" } })).toBe(1);
  });

  test("one truth through the edit form: contracts govern signing fields, a typed start date becomes the STARTED milestone", async () => {
    const { id } = await newProject();
    const signed = await moveProjectToStage(hanyinUser, id, {
      version: 1,
      to: "SIGNED",
      fields: { firstContactAt: day(daysAgo(9)), signedAt: day(daysAgo(6)), contractAmount: 8_000, contractType: "FORMAL" },
    });
    expect(signed.ok).toBe(true);
    expect(await db.contract.count({ where: { projectId: id, deletedAt: null } })).toBe(1);
    const retyped = await updateProject(hanyinUser, id, 2, baseInput({ contractAmount: 9_000 }));
    expect(retyped).toEqual({ ok: false, errors: { contractAmount: ["该项目已有合同，签约信息以合同为准，请在“签约与履约”页修改合同"] } });
    const started = await updateProject(hanyinUser, id, 2, baseInput({ startedAt: day(daysAgo(2)) }));
    expect(started.ok).toBe(true);
    const milestone = await db.milestone.findUniqueOrThrow({ where: { projectId_kind: { projectId: id, kind: "STARTED" } } });
    expect(milestone.actualAt).toEqual(day(daysAgo(2)));
  });

  test("an edit cannot clear what the stage reached requires, nor move the project to another county", async () => {
    const { id } = await newProject();
    const signed = await moveProjectToStage(hanyinUser, id, {
      version: 1,
      to: "SIGNED",
      fields: { firstContactAt: day(daysAgo(9)), signedAt: day(daysAgo(3)), contractAmount: 8_000, contractType: "FRAMEWORK" },
    });
    expect(signed.ok).toBe(true);
    const cleared = await updateProject(hanyinUser, id, 2, baseInput({ signedAt: null, contractType: null }));
    expect(cleared).toEqual({ ok: false, errors: { signedAt: ["项目已进入“签约”阶段，此项为必填，不能清空"], contractType: ["项目已进入“签约”阶段，此项为必填，不能清空"] } });
    const moved = await updateProject(hanyinUser, id, 2, baseInput({ regionId: hanbin.regionId }));
    expect(moved.ok).toBe(false);
    const reassigned = await updateProject(cityUser, id, 2, baseInput({ regionId: hanbin.regionId }));
    expect(reassigned.ok).toBe(true);
    expect((await responseOf(() => getProjectForUser(hanyinUser, id))).status).toBe(404);
    expect((await getProjectForUser(hanbinUser, id)).region.name).toBe("汉滨区");
  });
});

describe("follow-ups", () => {
  test("a follow-up with a leader taking part in a 四个亲自 capacity is stored, and lastFollowUpAt follows it", async () => {
    const { id } = await newProject();
    const res = await responseOf(
      followUpAction({
        request: testRequest(`/projects/${id}/follow-ups`, {
          cookie: hanyinCookie,
          form: {
            intent: "create",
            kind: "VISIT",
            date: daysAgo(1),
            summary: "王副市长带队赴深圳拜访企业总部，洽谈扩产意向",
            nextAction: "寄送园区厂房资料",
            nextActionDue: daysAgo(-7),
            participantIds: leader.id,
            [`capacities.${leader.id}`]: "RECRUIT",
            // Another leader's select left at 未标注: not a participant.
            [`capacities.${city.id}`]: "",
          },
        }),
        params: { projectId: id },
        ...ctx,
      }),
    );
    expect(res.status).toBe(302);
    const [followUp] = await listFollowUpsForProject(id);
    expect(followUp).toMatchObject({ kind: "VISIT", author: "汉阴专员", nextAction: "寄送园区厂房资料" });
    expect(followUp!.participants).toEqual([{ userId: leader.id, displayName: "王副市长", title: null, role: "LEADER", capacity: "RECRUIT" }]);
    const project = await db.project.findUniqueOrThrow({ where: { id } });
    expect(project.lastFollowUpAt).toEqual(day(daysAgo(1)));
    expect(project.version).toBe(1);
  });

  test("a capacity on someone who is not a leader is refused; another county's officer gets 404", async () => {
    const { id } = await newProject();
    const refused = await createFollowUp(hanyinUser, id, { kind: "PHONE", date: day(daysAgo(0)), summary: "电话沟通", participants: [{ userId: hanyin.id, capacity: "MEET" }] });
    expect(refused).toEqual({ ok: false, errors: { capacities: ["只有领导可标注“四个亲自”"] } });
    const other = await responseOf(() => createFollowUp(hanbinUser, id, { kind: "PHONE", date: day(daysAgo(0)), summary: "电话", participants: [] }));
    expect(other.status).toBe(404);
  });
});

describe("follow-up edits", () => {
  test("editing and deleting follow-ups keeps lastFollowUpAt on the latest one left; a stale edit conflicts", async () => {
    const { id } = await newProject();
    const older = await createFollowUp(hanyinUser, id, { kind: "PHONE", date: day(daysAgo(10)), summary: "电话", participants: [] });
    const newer = await createFollowUp(hanyinUser, id, { kind: "VISIT", date: day(daysAgo(2)), summary: "拜访", participants: [{ userId: leader.id, capacity: "MEET" }] });
    if (!older.ok || !newer.ok) throw new Error("follow-ups not created");
    expect((await db.project.findUniqueOrThrow({ where: { id } })).lastFollowUpAt).toEqual(day(daysAgo(2)));

    const edited = await updateFollowUp(hanyinUser, newer.id, 1, { kind: "VISIT", date: day(daysAgo(4)), summary: "拜访（改）", participants: [{ userId: leader.id, capacity: "COORDINATE" }] });
    expect(edited).toMatchObject({ ok: true, version: 2 });
    expect((await db.followUpParticipant.findFirstOrThrow({ where: { followUpId: newer.id } })).capacity).toBe("COORDINATE");
    expect((await db.project.findUniqueOrThrow({ where: { id } })).lastFollowUpAt).toEqual(day(daysAgo(4)));
    await expect(updateFollowUp(hanyinUser, newer.id, 1, { kind: "VISIT", date: day(daysAgo(4)), summary: "过时", participants: [] })).rejects.toBeInstanceOf(VersionConflict);

    await deleteFollowUp(hanyinUser, newer.id);
    expect((await db.project.findUniqueOrThrow({ where: { id } })).lastFollowUpAt).toEqual(day(daysAgo(10)));
    expect((await listFollowUpsForProject(id)).map((f) => f.id)).toEqual([older.id]);
    expect((await responseOf(() => deleteFollowUp(hanbinUser, older.id))).status).toBe(404);
    const audits = await db.auditLog.findMany({ where: { entity: "FollowUp", entityId: newer.id }, orderBy: { id: "asc" }, select: { action: true, before: true, after: true } });
    expect(audits.map((a) => a.action)).toEqual(["CREATE", "UPDATE", "DELETE"]);
    expect(JSON.parse(audits[1]!.before!).participants).toEqual([{ userId: leader.id, capacity: "MEET" }]);
  });

  test("a follow-up dated in the future is refused", async () => {
    const { id } = await newProject();
    expect(await createFollowUp(hanyinUser, id, { kind: "PHONE", date: day(daysAgo(-2)), summary: "电话", participants: [] })).toEqual({
      ok: false,
      errors: { date: ["日期不能晚于今天"] },
    });
  });
});

describe("soft delete and the recycle bin", () => {
  test("a deleted project is hidden from getProjectForUser; restoring brings it back; both audited", async () => {
    const { id } = await newProject();
    await deleteProject(hanyinUser, id, 1);
    expect((await responseOf(() => getProjectForUser(hanyinUser, id))).status).toBe(404);

    const bin = await responseOf(recycleLoader({ request: testRequest("/recycle-bin", { cookie: hanyinCookie }), params: {}, ...ctx }));
    const binData = (await bin.json()) as { projects: { id: string; deletedBy: string | null }[] };
    expect(binData.projects).toContainEqual(expect.objectContaining({ id, deletedBy: "汉阴专员" }));
    const otherBin = (await (await responseOf(recycleLoader({ request: testRequest("/recycle-bin", { cookie: hanbinCookie }), params: {}, ...ctx }))).json()) as {
      projects: { id: string }[];
    };
    expect(otherBin.projects.map((p) => p.id)).not.toContain(id);
    expect((await responseOf(() => restoreProject(hanbinUser, id))).status).toBe(404);

    const restored = await responseOf(
      recycleAction({ request: testRequest("/recycle-bin", { cookie: hanyinCookie, form: { intent: "restoreProject", id } }), params: {}, ...ctx }),
    );
    expect(restored.status).toBe(302);
    expect((await getProjectForUser(hanyinUser, id)).id).toBe(id);
    const actions = await db.auditLog.findMany({ where: { entity: "Project", entityId: id }, orderBy: { id: "asc" }, select: { action: true, before: true, after: true } });
    expect(actions.map((a) => a.action)).toEqual(["CREATE", "DELETE", "RESTORE"]);
    expect(JSON.parse(actions[1]!.after!).deletedAt).not.toBeNull();
    expect(JSON.parse(actions[2]!.before!).deletedAt).not.toBeNull();
    expect(JSON.parse(actions[2]!.after!).deletedAt).toBeNull();
  });
});

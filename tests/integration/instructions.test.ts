// 领导批示 on a real database (SQLite, or PostgreSQL with TEST_DB=postgres): only leaders write
// them; recipients must be able to see the project (or, on a problem, be its department's
// staff); each recipient sees it as open — on the 工作台 list and the project page — until they
// reply, and it closes when everyone has; every write is audited.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { instructionReplyDeadline } from "#app/domain/instructions";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { createInstruction, listInstructionsForProblem, listInstructionsForProject, openInstructionsForUser, replyToInstruction } from "#app/models/instruction.server";
import { reportProblem } from "#app/models/problem.server";
import { createProject, getProjectForUser } from "#app/models/project.server";
import { action as replyAction, loader as instructionLoader } from "#app/routes/instructions.$instructionId";
import { action as writeAction } from "#app/routes/projects.$projectId.instructions";
import { DEFAULT_MECHANISM } from "#app/schemas/mechanism";
import { getUser } from "#app/utils/auth.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { context: {} };

type Signed = { cookie: string; user: SessionUser };
let leader: Signed;
let countyLeader: Signed; // 汉滨区's leader: the project is not in their scope
let officer: Signed; // 汉阴县
let city: Signed;
let other: Signed; // 汉滨区 officer
let zrzy: Signed;
let gdgs: Signed;
let projectId: string;

async function signIn(username: string): Promise<Signed> {
  const cookie = await sessionCookieFor(username);
  const user = await getUser(testRequest("/", { cookie }));
  if (!user) throw new Error(`no session for ${username}`);
  return { cookie, user };
}

function write(signed: Signed, form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  const request = new Request(new URL(`/projects/${projectId}/instructions`, "http://localhost"), {
    method: "POST",
    headers: { Cookie: signed.cookie, "x-zs-client-ip": "10.20.30.40", "user-agent": "vitest" },
    body,
  });
  return responseOf(writeAction({ request, params: { projectId }, ...ctx }));
}

function reply(signed: Signed, id: string, text: string) {
  return responseOf(replyAction({ request: testRequest(`/instructions/${id}`, { cookie: signed.cookie, form: { text } }), params: { instructionId: id }, ...ctx }));
}

beforeAll(async () => {
  leader = await signIn((await createTestUser(db, { role: "LEADER", regionName: "安康市", displayName: "王副市长" })).username);
  countyLeader = await signIn((await createTestUser(db, { role: "LEADER", regionName: "汉滨区", displayName: "汉滨区长" })).username);
  const made = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "汉阴专员" });
  officer = await signIn(made.username);
  city = await signIn((await createTestUser(db, { role: "CITY_OFFICER", displayName: "市局专员" })).username);
  other = await signIn((await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区" })).username);
  zrzy = await signIn((await createTestUser(db, { role: "DEPT_STAFF", departmentName: "自然资源局" })).username);
  gdgs = await signIn((await createTestUser(db, { role: "DEPT_STAFF", departmentName: "供电公司" })).username);
  const name = "义乌市绒趣文创有限公司";
  const company = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: made.regionId! } });
  const project = await createProject(officer.user, { name: "文创毛绒玩具产业园", companyId: company.id, plannedInvestment: 50_000, officerId: made.id, leadLeaderId: leader.user.id });
  if (!project.ok) throw new Error(JSON.stringify(project.errors));
  projectId = project.id;
});

describe("writing", () => {
  test("only leaders write: officers and department staff get 403; a leader outside the project's scope gets 404", async () => {
    for (const signed of [officer, city, zrzy]) {
      expect((await write(signed, { text: "抓紧推进", recipientIds: [officer.user.id] })).status).toBe(403);
    }
    await expect(responseOf(() => createInstruction(countyLeader.user, projectId, { text: "x", recipientIds: [officer.user.id] }))).resolves.toHaveProperty("status", 404);
  });

  test("recipients must be able to see the project: not another county's officer, not department staff on a project-level 批示", async () => {
    const refused = await createInstruction(leader.user, projectId, { text: "请各方协同", recipientIds: [other.user.id, zrzy.user.id] });
    expect(refused.ok).toBe(false);
    expect((refused as { errors: Record<string, string[]> }).errors.recipientIds?.[0]).toMatch(/^以下人员不能接收该批示/);
    const empty = await write(leader, { text: "" });
    expect(empty.status).toBe(400);
    const body = (await empty.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.text).toEqual([t("problems.instructionTextRequired")]);
    expect(body.result.error.recipientIds).toEqual([t("problems.instructionRecipientsRequired")]);
  });
});

describe("open until every recipient replies", () => {
  test("the 工作台 list: nearest deadline first, up to `take`, with a total of them all; none on a deleted project", async () => {
    const person = await signIn((await createTestUser(db, { role: "CITY_OFFICER", displayName: "排序专员" })).username);
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
    const issue = async (onProject: string, text: string, days: number) => {
      const made = await createInstruction(leader.user, onProject, { text, recipientIds: [person.user.id], replyDueAt: inDays(days) });
      if (!made.ok) throw new Error(JSON.stringify(made.errors));
      return made.id;
    };
    const later = await issue(projectId, "十天内报送", 10);
    const sooner = await issue(projectId, "两天内报送", 2);
    const company = await db.company.findFirstOrThrow({ select: { id: true } });
    const doomed = await createProject(officer.user, { name: "将被删除的项目", companyId: company.id, plannedInvestment: 1_000, officerId: officer.user.id });
    if (!doomed.ok) throw new Error(JSON.stringify(doomed.errors));
    await issue(doomed.id, "已删项目上的批示", 1);
    await db.project.update({ where: { id: doomed.id }, data: { deletedAt: new Date() } });

    expect((await openInstructionsForUser(person.user)).items.map((i) => i.id)).toEqual([sooner, later]);
    const first = await openInstructionsForUser(person.user, 1);
    expect(first).toMatchObject({ total: 2, items: [{ id: sooner, leader: "王副市长", project: { id: projectId }, problem: null }] });
  });

  test("a 批示 to two people: each sees it open on the 工作台 until they reply; it closes when both have; audited", async () => {
    const res = await write(leader, { text: "请本周内协调解决项目用地指标问题，报送进展。", recipientIds: [officer.user.id, city.user.id], redirectTo: `/projects/${projectId}` });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/projects/${projectId}?done=instructionIssued#instructions`);
    const row = await db.instruction.findFirstOrThrow({ where: { projectId, text: { startsWith: "请本周内" } }, include: { recipients: true } });
    expect(row.leaderId).toBe(leader.user.id);
    expect(row.recipients.map((r) => r.userId).sort()).toEqual([officer.user.id, city.user.id].sort());
    expect(shanghaiDay(row.replyDueAt)).toBe(shanghaiDay(instructionReplyDeadline(row.issuedAt, DEFAULT_MECHANISM)));
    for (const person of [officer, city]) expect(await db.notification.count({ where: { userId: person.user.id, kind: "INSTRUCTION_ISSUED", subjectId: row.id } })).toBe(1);

    const openFor = async (signed: Signed) => (await openInstructionsForUser(signed.user)).items.map((i) => i.id);
    expect(await openFor(officer)).toContain(row.id);
    expect(await openFor(city)).toContain(row.id);
    expect(await openFor(leader)).not.toContain(row.id);
    const desk = await openInstructionsForUser(officer.user);
    expect(desk.items.find((i) => i.id === row.id)).toMatchObject({ href: `/instructions/${row.id}`, project: { id: projectId }, leader: "王副市长", level: "BLUE", overdue: false });

    // Someone who reads it but was not asked may not reply; another county does not see it.
    expect((await reply(leader, row.id, "我来回复")).status).toBe(403);
    expect((await reply(other, row.id, "我来回复")).status).toBe(404);
    expect((await responseOf(instructionLoader({ request: testRequest(`/instructions/${row.id}`, { cookie: other.cookie }), params: { instructionId: row.id }, ...ctx }))).status).toBe(404);

    const answered = await reply(officer, row.id, "已与自然资源局对接，预计下周出具预审意见。");
    expect(answered.status).toBe(302);
    expect(await openFor(officer)).not.toContain(row.id);
    expect(await openFor(city)).toContain(row.id);
    const panel = await listInstructionsForProject(officer.user, await getProjectForUser(officer.user, projectId));
    const item = panel.items.find((i) => i.id === row.id)!;
    expect(item).toMatchObject({ open: true, isRecipient: true, awaitingMyReply: false });
    expect(item.replies.map((r) => r.text)).toEqual(["已与自然资源局对接，预计下周出具预审意见。"]);
    expect(item.recipients.filter((r) => r.replied).map((r) => r.id)).toEqual([officer.user.id]);

    expect(await replyToInstruction(city.user, row.id, "  ")).toEqual({ ok: false, errors: { text: [t("problems.replyTextRequired")] } });
    await replyToInstruction(city.user, row.id, "市局跟踪督办。");
    expect(await openFor(city)).not.toContain(row.id);
    expect((await listInstructionsForProject(leader.user, await getProjectForUser(leader.user, projectId))).items.find((i) => i.id === row.id)).toMatchObject({ open: false, level: "NONE" });

    const audit = await db.auditLog.findMany({ where: { OR: [{ entity: "Instruction", entityId: row.id }, { entity: "InstructionReply", detail: `instruction=${row.id}` }] }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.entity, a.action, a.actorId])).toEqual([
      ["Instruction", "CREATE", leader.user.id],
      ["InstructionReply", "CREATE", officer.user.id],
      ["Instruction", "UPDATE", officer.user.id],
      ["InstructionReply", "CREATE", city.user.id],
      ["Instruction", "UPDATE", city.user.id],
    ]);
    const created = JSON.parse(audit[0]!.after!);
    expect(created).toMatchObject({ text: row.text, leaderId: leader.user.id });
    expect(created.recipients).toHaveLength(2);
    const firstReply = { before: JSON.parse(audit[2]!.before!), after: JSON.parse(audit[2]!.after!) };
    const mine = (image: { recipients: { userId: string; repliedAt: string | null }[] }) => image.recipients.find((r) => r.userId === officer.user.id)?.repliedAt;
    expect(mine(firstReply.before)).toBeNull();
    expect(mine(firstReply.after)).not.toBeNull();
  });

  test("on a problem: the assigned department's staff may receive it, read it and reply; another department may not", async () => {
    const problem = await reportProblem(officer.user, projectId, { title: "用地预审", category: "LAND", departmentId: zrzy.user.departmentId });
    if (!problem.ok) throw new Error("not reported");
    const refused = await createInstruction(leader.user, projectId, { text: "供电公司配合", recipientIds: [gdgs.user.id], problemId: problem.id });
    expect(refused.ok).toBe(false);
    const made = await createInstruction(leader.user, projectId, { text: "自然资源局限期办结。", recipientIds: [zrzy.user.id, officer.user.id], problemId: problem.id });
    if (!made.ok) throw new Error(JSON.stringify(made.errors));

    const desk = await openInstructionsForUser(zrzy.user);
    expect(desk.items.map((i) => i.id)).toContain(made.id);
    expect(desk.items.find((i) => i.id === made.id)?.problem).toMatchObject({ id: problem.id, title: "用地预审" });
    const page = await responseOf(instructionLoader({ request: testRequest(`/instructions/${made.id}`, { cookie: zrzy.cookie }), params: { instructionId: made.id }, ...ctx }));
    expect(page.status).toBe(200);
    expect(((await page.json()) as { canOpenProject: boolean }).canOpenProject).toBe(false);
    expect((await responseOf(instructionLoader({ request: testRequest(`/instructions/${made.id}`, { cookie: gdgs.cookie }), params: { instructionId: made.id }, ...ctx }))).status).toBe(404);
    const onProblem = await listInstructionsForProblem(zrzy.user, { id: problem.id, projectId, departmentId: zrzy.user.departmentId });
    expect(onProblem.items.map((i) => i.id)).toEqual([made.id]);
    expect(onProblem.form).toBeNull();
    expect((await reply(zrzy, made.id, "已列入本周办理。")).status).toBe(302);
    expect((await openInstructionsForUser(zrzy.user)).items.map((i) => i.id)).not.toContain(made.id);
    // The leader's form on the problem page offers the department's staff.
    const leaderView = await listInstructionsForProblem(leader.user, { id: problem.id, projectId, departmentId: zrzy.user.departmentId });
    expect(leaderView.form?.recipients.map((r) => r.id)).toContain(zrzy.user.id);
    expect(leaderView.form?.recipients.map((r) => r.id)).not.toContain(gdgs.user.id);
  });
});

// 问题交办/销号 on a real database (SQLite, or PostgreSQL with TEST_DB=postgres), through the model
// and through the route modules with real sessions: department staff see only the problems
// assigned to their department (with the project summary and nothing else) and get 404 or 403
// everywhere else; the department cannot 销号 its own work; the reporting side closes after
// 已办结; a rejected closure goes back to 办理中 with its reason; deadlines count 工作日 across
// the National Day holiday and its 调休; at red the 包抓领导 and the city are told once; every
// move is audited with before and after.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { runAlerts } from "#app/models/alerts.server";
import { getProblemForUser, listProblems, listProblemsForProject, moveProblem, reportProblem, type ProblemReportInput } from "#app/models/problem.server";
import { createProject } from "#app/models/project.server";
import { loader as pageLoader } from "#app/routes/projects.$projectId._index";
import { action as reportAction } from "#app/routes/projects.$projectId.problems";
import { action as incentivesAction } from "#app/routes/projects.$projectId.incentives";
import { action as instructionsAction } from "#app/routes/projects.$projectId.instructions";
import { readProblemFilters } from "#app/schemas/problem";
import { action as problemAction, loader as problemLoader } from "#app/routes/problems.$problemId";
import { loader as listLoader } from "#app/routes/problems._index";
import { loader as homeLoader } from "#app/routes/_index";
import { getUser } from "#app/utils/auth.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { VersionConflict } from "#app/utils/version-conflict.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, TEST_CLIENT_IP, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { context: {} };

type Signed = { cookie: string; user: SessionUser };
let hanyin: Signed; // county officer of 汉阴县: the reporting side
let hanbin: Signed; // another county's officer
let city: Signed;
let leader: Signed; // the project's 包抓领导
let zrzy: Signed; // 自然资源局
let zrzy2: Signed;
let gdgs: Signed; // 供电公司
let zrzyDept: string;
let gdgsDept: string;
let projectId: string;
let projectCode: string;

async function signIn(username: string): Promise<Signed> {
  const cookie = await sessionCookieFor(username);
  const user = await getUser(testRequest("/", { cookie }));
  if (!user) throw new Error(`no session for ${username}`);
  return { cookie, user };
}

async function report(input: Partial<ProblemReportInput> = {}, as: SessionUser = hanyin.user) {
  const result = await reportProblem(as, projectId, { title: "厂房用地指标未落实", category: "LAND", description: "二期用地 50 亩尚无指标", ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

async function move(as: SessionUser, id: string, action: Parameters<typeof moveProblem>[2], input: Parameters<typeof moveProblem>[4] = {}) {
  const version = (await db.problem.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
  return moveProblem(as, id, action, version, input);
}

async function status(id: string) {
  return (await db.problem.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
}

function problemRequest(id: string, signed: Signed, form?: Record<string, string>) {
  return { request: testRequest(`/problems/${id}`, { cookie: signed.cookie, form }), params: { problemId: id }, ...ctx };
}

beforeAll(async () => {
  const made = {
    hanyin: await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "汉阴专员" }),
    hanbin: await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区", displayName: "汉滨专员" }),
    city: await createTestUser(db, { role: "CITY_OFFICER", displayName: "市局专员" }),
    leader: await createTestUser(db, { role: "LEADER", regionName: "安康市", displayName: "王副市长" }),
    zrzy: await createTestUser(db, { role: "DEPT_STAFF", departmentName: "自然资源局", displayName: "自然资源局赵磊" }),
    zrzy2: await createTestUser(db, { role: "DEPT_STAFF", departmentName: "自然资源局", displayName: "自然资源局钱敏" }),
    gdgs: await createTestUser(db, { role: "DEPT_STAFF", departmentName: "供电公司", displayName: "供电公司孙强" }),
  };
  hanyin = await signIn(made.hanyin.username);
  hanbin = await signIn(made.hanbin.username);
  city = await signIn(made.city.username);
  leader = await signIn(made.leader.username);
  zrzy = await signIn(made.zrzy.username);
  zrzy2 = await signIn(made.zrzy2.username);
  gdgs = await signIn(made.gdgs.username);
  zrzyDept = made.zrzy.departmentId!;
  gdgsDept = made.gdgs.departmentId!;
  const name = "深圳市秦巴绒趣玩具有限公司";
  const company = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: made.hanyin.regionId! } });
  const project = await createProject(hanyin.user, { name: "毛绒玩具智能工厂", companyId: company.id, plannedInvestment: 8_000, leadLeaderId: made.leader.id, officerId: made.hanyin.id });
  if (!project.ok) throw new Error(JSON.stringify(project.errors));
  projectId = project.id;
  projectCode = project.code;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("reporting and assigning", () => {
  test("an officer reports through /projects/:id/problems and assigns it at once: 办理中, WT code, deadline from the mechanism's 20 工作日", async () => {
    const res = await responseOf(
      reportAction({
        request: testRequest(`/projects/${projectId}/problems`, {
          cookie: hanyin.cookie,
          form: { title: "用电增容审批慢", category: "UTILITIES", description: "需 2000 kVA", departmentId: gdgsDept, assigneeId: gdgs.user.id, redirectTo: `/projects/${projectId}?tab=overview` },
        }),
        params: { projectId },
        ...ctx,
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/projects/${projectId}?tab=overview&done=problemReported#problems`);
    const row = await db.problem.findFirstOrThrow({ where: { projectId, title: "用电增容审批慢" } });
    expect(row).toMatchObject({ status: "IN_PROGRESS", departmentId: gdgsDept, assigneeId: gdgs.user.id, reportedById: hanyin.user.id, limitWorkdays: null, version: 2 });
    expect(row.code).toMatch(/^WT-\d{4}-\d{4}$/);
    const detail = await getProblemForUser(gdgs.user, row.id);
    expect(detail.limitWorkdays).toBe(20);
    expect(detail.actions).toEqual(["RETURN", "RESPOND", "RESOLVE"]);
    const thread = await db.problemResponse.findMany({ where: { problemId: row.id } });
    expect(thread.map((r) => [r.action, r.side, r.fromStatus, r.toStatus])).toEqual([["ASSIGN", "REPORTING", "PENDING", "IN_PROGRESS"]]);
    // The department hears of it.
    expect(await db.notification.count({ where: { userId: gdgs.user.id, kind: "PROBLEM_ASSIGNED", subjectId: row.id } })).toBe(1);
  });

  test("bad input gets Chinese messages next to the fields; an assignee from another department is refused", async () => {
    const res = await responseOf(reportAction({ request: testRequest(`/projects/${projectId}/problems`, { cookie: hanyin.cookie, form: { title: "", category: "" } }), params: { projectId }, ...ctx }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.title).toEqual([t("problems.titleRequired")]);
    expect(body.result.error.category).toEqual([t("problems.categoryRequired")]);
    const refused = await reportProblem(hanyin.user, projectId, { title: "x", category: "LAND", departmentId: zrzyDept, assigneeId: gdgs.user.id });
    expect(refused).toEqual({ ok: false, errors: { assigneeId: [t("problems.assigneeNotInDepartment")] } });
  });

  test("another county's officer cannot report on the project (404); a leader may not report (403)", async () => {
    await expect(responseOf(() => reportProblem(hanbin.user, projectId, { title: "x", category: "LAND" }))).resolves.toHaveProperty("status", 404);
    const res = await responseOf(reportAction({ request: testRequest(`/projects/${projectId}/problems`, { cookie: leader.cookie, form: { title: "x", category: "LAND" } }), params: { projectId }, ...ctx }));
    expect(res.status).toBe(403);
  });
});

describe("department staff see only their department's problems", () => {
  test("the inbox lists only problems assigned to their department, with the project summary and nothing else", async () => {
    const mine = await report({ title: "林地占用审批", departmentId: zrzyDept });
    const theirs = await report({ title: "专线接入", category: "UTILITIES", departmentId: gdgsDept });
    const pending = await report({ title: "尚未交办的问题" });

    const list = await listProblems(zrzy.user, readProblemFilters(new URLSearchParams()), { skip: 0, take: 100 });
    const ids = list.rows.map((r) => r.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(pending.id);
    expect(list.byDepartment).toBeNull();
    const row = list.rows.find((r) => r.id === mine.id)!;
    expect(Object.keys(row.project).sort()).toEqual(["code", "companyName", "id", "name", "regionName", "stage", "stageLabel"]);
    expect(row.project).toMatchObject({ code: projectCode, name: "毛绒玩具智能工厂", companyName: "深圳市秦巴绒趣玩具有限公司", regionName: "汉阴县", stage: "LEAD" });

    const page = await responseOf(listLoader({ request: testRequest("/problems", { cookie: zrzy.cookie }), params: {}, ...ctx }));
    expect(page.status).toBe(200);
    const data = (await page.json()) as { rows: { id: string }[]; isDepartment: boolean; departmentName: string };
    expect(data.isDepartment).toBe(true);
    expect(data.departmentName).toBe("自然资源局");
    expect(data.rows.map((r) => r.id)).toContain(mine.id);
    expect(data.rows.every((r) => r.id !== theirs.id && r.id !== pending.id)).toBe(true);

    const own = await responseOf(problemLoader(problemRequest(mine.id, zrzy)));
    expect(own.status).toBe(200);
    const detail = ((await own.json()) as { problem: { project: Record<string, unknown>; canOpenProject: boolean } }).problem;
    expect(detail.canOpenProject).toBe(false);
    expect(Object.keys(detail.project).sort()).toEqual(["code", "companyName", "id", "name", "regionName", "stage", "stageLabel"]);
  });

  test("everywhere else: 404 for another department's or an unassigned problem, 403 for the project's routes", async () => {
    const theirs = await report({ title: "电网改造", category: "UTILITIES", departmentId: gdgsDept });
    const pending = await report({ title: "待交办" });
    for (const id of [theirs.id, pending.id, "no-such-problem"]) {
      expect((await responseOf(problemLoader(problemRequest(id, zrzy)))).status).toBe(404);
      expect((await responseOf(problemAction(problemRequest(id, zrzy, { intent: "RESPOND", text: "我们来办" })))).status).toBe(404);
      await expect(responseOf(() => getProblemForUser(zrzy.user, id))).resolves.toHaveProperty("status", 404);
    }
    // The project itself stays closed to them: its page and its panels' routes are refused
    // before any record is read (their role has no pipeline rights: 403, the same for every id).
    expect((await responseOf(pageLoader({ request: testRequest(`/projects/${projectId}`, { cookie: zrzy.cookie }), params: { projectId }, ...ctx }))).status).toBe(403);
    expect((await responseOf(pageLoader({ request: testRequest(`/projects/nope`, { cookie: zrzy.cookie }), params: { projectId: "nope" }, ...ctx }))).status).toBe(403);
    await expect(responseOf(() => listProblemsForProject(zrzy.user, projectId))).resolves.toHaveProperty("status", 404);
    const post = (action: typeof reportAction, path: string, form: Record<string, string>) =>
      responseOf(action({ request: testRequest(path, { cookie: zrzy.cookie, form }), params: { projectId }, ...ctx }));
    expect((await post(reportAction, `/projects/${projectId}/problems`, { title: "x", category: "LAND" })).status).toBe(403);
    expect((await post(incentivesAction, `/projects/${projectId}/incentives`, { intent: "create", item: "x", promisedWan: "1" })).status).toBe(403);
    expect((await post(instructionsAction, `/projects/${projectId}/instructions`, { text: "x", recipientIds: zrzy.user.id })).status).toBe(403);
  });

  test("reassigned to another department, the problem leaves the first department's view", async () => {
    const p = await report({ title: "临时用电", category: "UTILITIES", departmentId: zrzyDept });
    expect((await responseOf(problemLoader(problemRequest(p.id, zrzy)))).status).toBe(200);
    const res = await move(city.user, p.id, "REASSIGN", { departmentId: gdgsDept, text: "用电问题应由供电公司办理" });
    expect(res.ok).toBe(true);
    expect((await responseOf(problemLoader(problemRequest(p.id, zrzy)))).status).toBe(404);
    expect((await responseOf(problemLoader(problemRequest(p.id, gdgs)))).status).toBe(200);
  });
});

describe("销号", () => {
  test("the department answers and marks 已办结 but may not 销号 it; another county gets 404; the reporting side closes it", async () => {
    const p = await report({ departmentId: zrzyDept, assigneeId: zrzy.user.id });
    expect(await move(zrzy.user, p.id, "RESPOND", { text: "已安排现场踏勘" })).toMatchObject({ ok: true });
    expect(await move(zrzy.user, p.id, "RESOLVE", {})).toEqual({ ok: false, errors: { text: [t("landing.problemResultRequired")] } });
    expect(await move(zrzy.user, p.id, "RESOLVE", { text: "用地预审意见已出具" })).toMatchObject({ ok: true });
    expect(await status(p.id)).toBe("RESOLVED");

    // The department itself: refused, in words, by the model and through the page.
    const refused = await move(zrzy.user, p.id, "CLOSE", { text: "已解决" });
    expect(refused).toEqual({ ok: false, errors: { action: [t("landing.problemDepartmentCannotClose")] } });
    const version = String((await db.problem.findUniqueOrThrow({ where: { id: p.id } })).version);
    const viaRoute = await responseOf(problemAction(problemRequest(p.id, zrzy2, { intent: "CLOSE", version, text: "已解决" })));
    expect(viaRoute.status).toBe(400);
    expect(((await viaRoute.json()) as { errors: Record<string, string[]> }).errors.action).toEqual([t("landing.problemDepartmentCannotClose")]);
    expect((await getProblemForUser(zrzy.user, p.id)).actions).toEqual(["RESPOND"]);
    expect(await status(p.id)).toBe("RESOLVED");

    // Outside the project's scope the problem does not exist.
    expect((await responseOf(problemAction(problemRequest(p.id, hanbin, { intent: "CLOSE", version, text: "核实" })))).status).toBe(404);
    // The reporter is told it awaits 销号.
    expect(await db.notification.count({ where: { userId: hanyin.user.id, kind: "PROBLEM_RESOLVED", subjectId: p.id } })).toBe(1);

    expect((await getProblemForUser(hanyin.user, p.id)).actions).toEqual(["RESPOND", "CLOSE", "REJECT_CLOSURE"]);
    const closed = await responseOf(problemAction(problemRequest(p.id, hanyin, { intent: "CLOSE", version, text: "现场核实，用地预审已办结" })));
    expect(closed.status).toBe(302);
    expect(closed.headers.get("Location")).toBe(`/problems/${p.id}?done=CLOSE`);
    const row = await db.problem.findUniqueOrThrow({ where: { id: p.id } });
    expect(row).toMatchObject({ status: "CLOSED", closedById: hanyin.user.id });
    expect(row.closedAt).not.toBeNull();
    const thread = await db.problemResponse.findMany({ where: { problemId: p.id }, orderBy: { createdAt: "asc" } });
    expect(thread.map((r) => [r.action, r.side])).toEqual([
      ["ASSIGN", "REPORTING"],
      ["RESPOND", "DEPARTMENT"],
      ["RESOLVE", "DEPARTMENT"],
      ["CLOSE", "REPORTING"],
    ]);
    expect(thread.at(-1)?.text).toBe("现场核实，用地预审已办结");
    // Closed is closed: nothing more for anyone but reading.
    expect((await getProblemForUser(city.user, p.id)).actions).toEqual([]);
  });

  test("the city may 销号 any county's problem; a leader may not (no side)", async () => {
    const p = await report({ departmentId: zrzyDept });
    await move(zrzy.user, p.id, "RESOLVE", { text: "办结" });
    expect(await move(leader.user, p.id, "CLOSE", { text: "核实" })).toEqual({ ok: false, errors: { action: [t("landing.problemActionNotYours")] } });
    expect(await move(city.user, p.id, "CLOSE", { text: "市局核实" })).toMatchObject({ ok: true });
    expect(await status(p.id)).toBe("CLOSED");
  });

  test("a rejected closure returns to 办理中 with its reason, and the department is told", async () => {
    const p = await report({ departmentId: zrzyDept, assigneeId: zrzy.user.id });
    await move(zrzy.user, p.id, "RESOLVE", { text: "已协调" });
    const version = String((await db.problem.findUniqueOrThrow({ where: { id: p.id } })).version);
    const noReason = await responseOf(problemAction(problemRequest(p.id, hanyin, { intent: "REJECT_CLOSURE", version })));
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { errors: Record<string, string[]> }).errors.text).toEqual([t("landing.problemReasonRequiredReject")]);

    const res = await responseOf(problemAction(problemRequest(p.id, hanyin, { intent: "REJECT_CLOSURE", version, text: "企业反映用地指标仍未下达" })));
    expect(res.status).toBe(302);
    const row = await db.problem.findUniqueOrThrow({ where: { id: p.id } });
    expect(row).toMatchObject({ status: "IN_PROGRESS", resolvedAt: null, departmentId: zrzyDept });
    expect(row.closureRejectedAt).not.toBeNull();
    const last = await db.problemResponse.findFirstOrThrow({ where: { problemId: p.id }, orderBy: { createdAt: "desc" } });
    expect(last).toMatchObject({ action: "REJECT_CLOSURE", fromStatus: "RESOLVED", toStatus: "IN_PROGRESS", text: "企业反映用地指标仍未下达", authorId: hanyin.user.id });
    for (const staff of [zrzy, zrzy2]) {
      expect(await db.notification.count({ where: { userId: staff.user.id, kind: "PROBLEM_CLOSURE_REJECTED", subjectId: p.id } })).toBe(1);
    }
    // Back with the department, who can resolve it again.
    expect((await getProblemForUser(zrzy.user, p.id)).actions).toEqual(["RETURN", "RESPOND", "RESOLVE"]);
  });

  test("a stale version is refused (409), a reply needs none", async () => {
    const p = await report({ departmentId: zrzyDept });
    const stale = (await db.problem.findUniqueOrThrow({ where: { id: p.id } })).version;
    await move(zrzy.user, p.id, "RESPOND", { text: "收到" });
    await expect(moveProblem(zrzy.user, p.id, "RESOLVE", stale, { text: "办结" })).rejects.toBeInstanceOf(VersionConflict);
    const res = await responseOf(problemAction(problemRequest(p.id, zrzy, { intent: "RESOLVE", version: String(stale), text: "办结" })));
    expect(res.status).toBe(409);
    expect(await moveProblem(zrzy.user, p.id, "RESPOND", null, { text: "补充说明" })).toMatchObject({ ok: true });
  });

  test("the department may send a problem back (退回) with a reason; it is then 待交办 and no longer theirs", async () => {
    const p = await report({ departmentId: zrzyDept });
    expect(await move(zrzy.user, p.id, "RETURN", {})).toEqual({ ok: false, errors: { text: [t("landing.problemReasonRequiredReturn")] } });
    const version = String((await db.problem.findUniqueOrThrow({ where: { id: p.id } })).version);
    const res = await responseOf(problemAction(problemRequest(p.id, zrzy, { intent: "RETURN", version, text: "不属本部门职责" })));
    expect(res.headers.get("Location")).toBe("/problems?done=RETURN");
    expect(await db.problem.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ status: "PENDING", departmentId: null, deadlineAt: null });
    expect((await responseOf(problemLoader(problemRequest(p.id, zrzy)))).status).toBe(404);
  });
});

describe("deadlines and escalation", () => {
  test("the deadline counts 工作日 across the National Day holiday and its 调休 Saturday", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-09-30T10:00:00+08:00"));
    const p = await report({ departmentId: zrzyDept, limitWorkdays: 5 });
    const row = await db.problem.findUniqueOrThrow({ where: { id: p.id } });
    // 10-01…10-08 are holidays; 10-11 (Saturday) is a make-up workday: 10-09, 10-10, 10-11, 10-13, 10-14.
    expect(shanghaiDay(row.deadlineAt!)).toBe("2025-10-14");
    expect(row.limitWorkdays).toBe(5);
    const twenty = await report({ departmentId: zrzyDept });
    expect(shanghaiDay((await db.problem.findUniqueOrThrow({ where: { id: twenty.id } })).deadlineAt!)).toBe("2025-11-04");

    vi.setSystemTime(new Date("2025-10-08T10:00:00+08:00"));
    const during = await getProblemForUser(zrzy.user, p.id);
    expect(during).toMatchObject({ usedWorkdays: 0, daysLeft: 5, level: "BLUE", overdue: false, deadline: "2025-10-14" });
    vi.setSystemTime(new Date("2025-10-14T18:00:00+08:00"));
    expect(await getProblemForUser(zrzy.user, p.id)).toMatchObject({ daysLeft: 0, level: "YELLOW", overdue: false });
    vi.setSystemTime(new Date("2025-10-15T09:00:00+08:00"));
    expect(await getProblemForUser(zrzy.user, p.id)).toMatchObject({ daysLeft: -1, level: "RED", overdue: true });
  });

  test("at red the 包抓领导 and the city officers are told once, by the scheduled run and by later changes alike", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-11-03T10:00:00+08:00"));
    const p = await report({ title: "物流园区道路未通", category: "LOGISTICS", departmentId: zrzyDept, assigneeId: zrzy.user.id, limitWorkdays: 2 });
    const overdueKey = `PROBLEM_OVERDUE:${p.id}:2025-11-05`;
    const told = (userId: string) => db.notification.count({ where: { userId, dedupeKey: overdueKey } });

    vi.setSystemTime(new Date("2025-11-05T10:00:00+08:00"));
    await runAlerts({ sources: ["problems"] });
    expect(await db.notification.count({ where: { dedupeKey: overdueKey } })).toBe(0);

    vi.setSystemTime(new Date("2025-11-07T10:00:00+08:00"));
    expect((await getProblemForUser(city.user, p.id)).level).toBe("RED");
    await runAlerts({ sources: ["problems"] });
    await runAlerts({ sources: ["problems"] });
    expect(await move(zrzy.user, p.id, "RESPOND", { text: "正在协调交通部门" })).toMatchObject({ ok: true });
    for (const person of [leader, city, hanyin, zrzy, zrzy2]) expect(await told(person.user.id)).toBe(1);
    // Nobody outside the escalation list: not another county, not another department.
    for (const person of [hanbin, gdgs]) expect(await told(person.user.id)).toBe(0);
    const note = await db.notification.findFirstOrThrow({ where: { userId: leader.user.id, dedupeKey: overdueKey } });
    expect(note).toMatchObject({ kind: "PROBLEM_OVERDUE", level: "RED", subjectType: "PROBLEM", subjectId: p.id, projectId });
  });
});

describe("the /problems list", () => {
  test("officers: open problems first with the most overdue on top, filters, counts by status and by department", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-06-02T10:00:00+08:00"));
    const late = await report({ title: "列表-超期", departmentId: gdgsDept, limitWorkdays: 1 });
    const soon = await report({ title: "列表-未超期", departmentId: gdgsDept, limitWorkdays: 30 });
    const waiting = await report({ title: "列表-待交办", category: "FUNDING" });
    vi.setSystemTime(new Date("2025-06-10T10:00:00+08:00"));

    const all = await listProblems(city.user, readProblemFilters(new URLSearchParams("q=列表-")), { skip: 0, take: 10 });
    expect(all.rows.map((r) => r.id)).toEqual([late.id, soon.id, waiting.id]);
    expect(all.rows[0]).toMatchObject({ level: "RED", overdue: true });
    expect(all.statusCounts).toMatchObject({ IN_PROGRESS: 2, PENDING: 1, RESOLVED: 0, CLOSED: 0 });
    expect(all.overdue).toBe(1);
    expect(all.byDepartment?.find((d) => d.departmentId === gdgsDept)).toMatchObject({ inProgress: 2, overdue: 1 });

    const red = await listProblems(city.user, readProblemFilters(new URLSearchParams("q=列表-&level=RED")), { skip: 0, take: 10 });
    expect(red.rows.map((r) => r.id)).toEqual([late.id]);
    const blue = await listProblems(city.user, readProblemFilters(new URLSearchParams("q=列表-&level=BLUE")), { skip: 0, take: 10 });
    expect(blue.rows.map((r) => r.id)).toEqual([soon.id]);
    const pending = await listProblems(city.user, readProblemFilters(new URLSearchParams("q=列表-&status=PENDING&category=FUNDING")), { skip: 0, take: 10 });
    expect(pending.rows.map((r) => r.id)).toEqual([waiting.id]);
    const paged = await listProblems(city.user, readProblemFilters(new URLSearchParams("q=列表-")), { skip: 1, take: 1 });
    expect(paged).toMatchObject({ total: 3 });
    expect(paged.rows.map((r) => r.id)).toEqual([soon.id]);
    const hanyinRegion = (await db.region.findUniqueOrThrow({ where: { name: "汉阴县" } })).id;
    const hanbinRegion = (await db.region.findUniqueOrThrow({ where: { name: "汉滨区" } })).id;
    expect((await listProblems(city.user, readProblemFilters(new URLSearchParams(`q=列表-&region=${hanyinRegion}`)), { skip: 0, take: 10 })).total).toBe(3);
    expect((await listProblems(city.user, readProblemFilters(new URLSearchParams(`q=列表-&region=${hanbinRegion}`)), { skip: 0, take: 10 })).total).toBe(0);
    // Another county's officer sees none of them; admins and auditors may not look (403).
    expect((await listProblems(hanbin.user, readProblemFilters(new URLSearchParams("q=列表-")), { skip: 0, take: 10 })).total).toBe(0);
    const admin = await createTestUser(db, { role: "AUDITOR", totpSecret: "JBSWY3DPEHPK3PXP" });
    const auditor = await signIn(admin.username);
    expect((await responseOf(listLoader({ request: testRequest("/problems", { cookie: auditor.cookie }), params: {}, ...ctx }))).status).toBe(403);
  });
});

describe("audit", () => {
  test("the report and every move are audited with before and after, the actor and the address", async () => {
    const res = await responseOf(
      reportAction({ request: testRequest(`/projects/${projectId}/problems`, { cookie: hanyin.cookie, form: { title: "审计用问题", category: "APPROVAL", departmentId: zrzyDept } }), params: { projectId }, ...ctx }),
    );
    expect(res.status).toBe(302);
    const p = await db.problem.findFirstOrThrow({ where: { title: "审计用问题" } });
    await responseOf(problemAction(problemRequest(p.id, zrzy, { intent: "RESOLVE", version: String(p.version), text: "已批复" })));
    await responseOf(problemAction(problemRequest(p.id, hanyin, { intent: "CLOSE", version: String(p.version + 1), text: "核实无误" })));
    const rows = await db.auditLog.findMany({ where: { entity: "Problem", entityId: p.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.actorId, r.ip])).toEqual([
      ["CREATE", hanyin.user.id, TEST_CLIENT_IP],
      ["UPDATE", hanyin.user.id, TEST_CLIENT_IP],
      ["UPDATE", zrzy.user.id, TEST_CLIENT_IP],
      ["UPDATE", hanyin.user.id, TEST_CLIENT_IP],
    ]);
    expect(rows.map((r) => r.detail)).toEqual([`project=${projectId}`, "ASSIGN", "RESOLVE：已批复", "CLOSE：核实无误"]);
    const images = rows.map((r) => ({ before: r.before ? JSON.parse(r.before) : null, after: JSON.parse(r.after!) }));
    expect(images[0]).toMatchObject({ before: null, after: { status: "PENDING", title: "审计用问题", category: "APPROVAL" } });
    expect(images[1]).toMatchObject({ before: { status: "PENDING", departmentId: null }, after: { status: "IN_PROGRESS", departmentId: zrzyDept } });
    expect(images[2]).toMatchObject({ before: { status: "IN_PROGRESS", resolvedAt: null }, after: { status: "RESOLVED" } });
    expect(images[3]).toMatchObject({ before: { status: "RESOLVED", closedById: null }, after: { status: "CLOSED", closedById: hanyin.user.id } });
  });
});

describe("工作台", () => {
  test("department staff find their department's open problems on the home page, other departments do not", async () => {
    const { code } = await report({ title: "工作台用地问题", departmentId: zrzyDept });
    const mine = await responseOf(homeLoader({ request: testRequest("/", { cookie: zrzy.cookie }), params: {}, ...ctx }));
    const mineData = (await mine.json()) as { problems: { total: number; rows: { code: string }[] } | null };
    expect(mineData.problems?.rows.map((r) => r.code)).toContain(code);

    const other = await responseOf(homeLoader({ request: testRequest("/", { cookie: gdgs.cookie }), params: {}, ...ctx }));
    const otherData = (await other.json()) as { problems: { rows: { code: string }[] } | null };
    expect(otherData.problems?.rows.map((r) => r.code)).not.toContain(code);

    const officer = await responseOf(homeLoader({ request: testRequest("/", { cookie: hanyin.cookie }), params: {}, ...ctx }));
    expect(((await officer.json()) as { problems: unknown }).problems).toBeNull();
  });
});

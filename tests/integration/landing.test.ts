// 签约与落地 on a real database (SQLite, or PostgreSQL with TEST_DB=postgres), through the models
// and through the action routes and the project page with real sessions: contracts are the
// truth of the project's 签约 fields; the actual 开工 milestone and the stage 在建 are one truth
// in both directions; 资金到位率 from two entries, computed by hand; performance flags when
// behind; another county's officer gets 404 on every route and tab; every write audited with
// before/after images; the demo data's landing records agree with the projects.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { termsInForce, type ContractTerms } from "#app/domain/contract-performance";
import { signingFromContracts } from "#app/domain/landing-truth";
import { createContract, deleteContract, performanceForProject, updateContract, type ContractInput } from "#app/models/contract.server";
import { fundsSummaryForProject } from "#app/models/funds.server";
import { createInstruction } from "#app/models/instruction.server";
import { saveMilestone } from "#app/models/milestone.server";
import { reportProblem } from "#app/models/problem.server";
import { createProject } from "#app/models/project.server";
import { moveProjectToStage } from "#app/models/stage.server";
import { action as contractsAction, loader as contractsLoader } from "#app/routes/projects.$projectId.contracts";
import { action as fundsAction, loader as fundsLoader } from "#app/routes/projects.$projectId.funds";
import { loader as pageLoader } from "#app/routes/projects.$projectId._index";
import { action as milestonesAction, loader as milestonesLoader } from "#app/routes/projects.$projectId.milestones";
import { getUser } from "#app/utils/auth.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { VersionConflict } from "#app/utils/version-conflict.server";
import { seedDemoData } from "../../prisma/seed/demo-data";
import { seedDemoLanding } from "../../prisma/seed/demo-landing";
import { seedDemoUsers } from "../../prisma/seed/demo-users";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { context: {} };

let hanyinUser: SessionUser;
let hanbinUser: SessionUser;
let hanyinCookie: string;
let hanbinCookie: string;
let leaderCookie: string;
let companyId: string;

async function sessionUser(username: string): Promise<{ cookie: string; user: SessionUser }> {
  const cookie = await sessionCookieFor(username);
  const user = await getUser(testRequest("/", { cookie }));
  if (!user) throw new Error(`no session for ${username}`);
  return { cookie, user };
}

/** A Shanghai calendar day `n` days before today, as typed into a form. */
function daysAgo(n: number): string {
  return new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);
}
function day(value: string): Date {
  return new Date(`${value}T00:00:00+08:00`);
}

async function newProject(name = "毛绒玩具智能工厂", plannedInvestment = 8_000) {
  const result = await createProject(hanyinUser, { name, companyId, plannedInvestment });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

function contract(overrides: Partial<ContractInput> = {}): ContractInput {
  return {
    type: "FORMAL",
    signedAt: day(daysAgo(200)),
    title: null,
    amountWan: 8_000,
    landMu: null,
    investmentIntensityWanPerMu: null,
    taxPerMuWan: null,
    capacityDeadline: null,
    promisedJobs: null,
    note: null,
    ...overrides,
  };
}

async function added(projectId: string, input: Partial<ContractInput>) {
  const result = await createContract(hanyinUser, projectId, contract(input));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

/** A project at 签约 whose 签约 facts come from one formal contract, `signedDaysAgo` days ago. */
async function signedProject(amountWan = 8_000, signedDaysAgo = 200) {
  const id = await newProject();
  await added(id, { amountWan, signedAt: day(daysAgo(signedDaysAgo)) });
  const row = await db.project.findUniqueOrThrow({ where: { id } });
  const moved = await moveProjectToStage(hanyinUser, id, { version: row.version, to: "SIGNED", fields: { firstContactAt: day(daysAgo(signedDaysAgo + 30)) } });
  if (!moved.ok) throw new Error(JSON.stringify(moved.errors));
  return id;
}

async function post(route: typeof contractsAction, path: string, projectId: string, form: Record<string, string>, cookie = hanyinCookie) {
  return responseOf(route({ request: testRequest(path, { cookie, form }), params: { projectId }, ...ctx }));
}

async function auditOf(entity: string, entityId: string, action: string) {
  return db.auditLog.findMany({ where: { entity, entityId, action }, orderBy: { id: "asc" } });
}

beforeAll(async () => {
  const hanyin = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "汉阴专员" });
  const hanbin = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区", displayName: "汉滨专员" });
  const leader = await createTestUser(db, { role: "LEADER", regionName: "安康市", displayName: "王副市长" });
  ({ cookie: hanyinCookie, user: hanyinUser } = await sessionUser(hanyin.username));
  ({ cookie: hanbinCookie, user: hanbinUser } = await sessionUser(hanbin.username));
  ({ cookie: leaderCookie } = await sessionUser(leader.username));
  const name = "深圳市秦巴绒趣玩具有限公司";
  const company = await db.company.create({
    data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: hanyin.regionId! },
  });
  companyId = company.id;
});

describe("contracts are the truth of 签约", () => {
  test("each write sets the project's signedAt / contractAmount / contractType from the contracts in force, audited with before/after", async () => {
    const id = await newProject();
    const framework = await added(id, { type: "FRAMEWORK", signedAt: day(daysAgo(300)), amountWan: 5_000 });
    let project = await db.project.findUniqueOrThrow({ where: { id } });
    expect(project).toMatchObject({ signedAt: day(daysAgo(300)), contractAmount: 5_000, contractType: "FRAMEWORK", version: 2 });

    await added(id, { type: "FORMAL", signedAt: day(daysAgo(250)), amountWan: 8_000, landMu: 100, investmentIntensityWanPerMu: 300 });
    const supplement = await added(id, { type: "SUPPLEMENT", signedAt: day(daysAgo(100)), amountWan: 1_000 });
    project = await db.project.findUniqueOrThrow({ where: { id } });
    // The earliest signing date stays; the amount is the formal contract's plus the supplement's.
    expect(project).toMatchObject({ signedAt: day(daysAgo(300)), contractAmount: 9_000, contractType: "FORMAL" });

    const updated = await updateContract(hanyinUser, id, supplement.id, 1, contract({ type: "SUPPLEMENT", signedAt: day(daysAgo(100)), amountWan: 1_500 }));
    expect(updated).toMatchObject({ ok: true, version: 2 });
    expect((await db.project.findUniqueOrThrow({ where: { id } })).contractAmount).toBe(9_500);

    await deleteContract(hanyinUser, id, framework.id, 1);
    project = await db.project.findUniqueOrThrow({ where: { id } });
    expect(project).toMatchObject({ signedAt: day(daysAgo(250)), contractAmount: 9_500, contractType: "FORMAL" });

    // The same rule as the pure one, on what is stored.
    const live = (await db.contract.findMany({ where: { projectId: id, deletedAt: null } })) as unknown as ContractTerms[];
    expect(signingFromContracts(live)).toEqual({ signedAt: project.signedAt, contractAmount: project.contractAmount, contractType: project.contractType });
    expect(termsInForce(live)).toMatchObject({ landMu: 100, investmentIntensityWanPerMu: 300, hasFormalContract: true });

    const [create] = await auditOf("Contract", supplement.id, "CREATE");
    expect(JSON.parse(create!.after!)).toMatchObject({ type: "SUPPLEMENT", amountWan: 1_000, projectId: id, version: 1 });
    const [update] = await auditOf("Contract", supplement.id, "UPDATE");
    expect(JSON.parse(update!.before!)).toMatchObject({ amountWan: 1_000, version: 1 });
    expect(JSON.parse(update!.after!)).toMatchObject({ amountWan: 1_500, version: 2 });
    const [deletion] = await auditOf("Contract", framework.id, "DELETE");
    expect(JSON.parse(deletion!.before!).deletedAt).toBeNull();
    expect(JSON.parse(deletion!.after!).deletedAt).not.toBeNull();
    const projectChanges = await db.auditLog.findMany({ where: { entity: "Project", entityId: id, action: "UPDATE", detail: "Contract" }, orderBy: { id: "asc" } });
    expect(projectChanges).toHaveLength(5);
    expect(JSON.parse(projectChanges[0]!.before!)).toMatchObject({ signedAt: null, contractAmount: null, contractType: null });
    expect(JSON.parse(projectChanges[0]!.after!)).toMatchObject({ contractAmount: 5_000, contractType: "FRAMEWORK" });
  });

  test("the last contract of a signed project cannot be deleted; a contract dated after the start is refused", async () => {
    const id = await signedProject(8_000, 200);
    const [only] = await db.contract.findMany({ where: { projectId: id } });
    const refused = await deleteContract(hanyinUser, id, only!.id, only!.version);
    expect(refused.ok).toBe(false);
    expect(await db.contract.count({ where: { projectId: id, deletedAt: null } })).toBe(1);
    expect((await db.project.findUniqueOrThrow({ where: { id } })).contractAmount).toBe(8_000);

    const res = await post(contractsAction, `/projects/${id}/contracts`, id, { intent: "deleteContract", id: only!.id, version: String(only!.version) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/projects/${id}?tab=contracts&notice=contractDeleteRefused`);

    // 开工 150 days ago: moving the only contract to 100 days ago would put 签约 after 开工.
    await saveMilestone(hanyinUser, id, "STARTED", null, { plannedAt: null, actualAt: day(daysAgo(150)), note: null });
    const later = await updateContract(hanyinUser, id, only!.id, only!.version, contract({ signedAt: day(daysAgo(100)) }));
    expect(later.ok).toBe(false);
    if (!later.ok) expect(later.errors.signedAt?.[0]).toContain("开工日期不能早于签约日期");
  });

  test("the action route: a new contract redirects to the tab; missing fields get Chinese errors (400); a stale version 409", async () => {
    const id = await newProject();
    const path = `/projects/${id}/contracts`;
    const ok = await post(contractsAction, path, id, { intent: "create", type: "FORMAL", signedAt: daysAgo(30), amountWan: "12000", promisedJobs: "300" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe(`/projects/${id}?tab=contracts&notice=contractSaved`);
    expect(await db.project.findUniqueOrThrow({ where: { id } })).toMatchObject({ contractAmount: 12_000, contractType: "FORMAL" });

    const bad = await post(contractsAction, path, id, { intent: "create", type: "FORMAL", signedAt: daysAgo(-3) });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error).toMatchObject({ signedAt: ["日期不能晚于今天"], amountWan: ["框架协议和正式合同须填写大于 0 的合同金额"] });

    const missing = await post(contractsAction, path, id, { intent: "create" });
    expect(((await missing.json()) as { result: { error: Record<string, string[]> } }).result.error).toMatchObject({ type: ["请选择合同类型"], signedAt: ["请填写签订日期"] });

    const [row] = await db.contract.findMany({ where: { projectId: id } });
    const form = { intent: "update", id: row!.id, version: "1", type: "FORMAL", signedAt: daysAgo(30), amountWan: "13000" };
    expect((await post(contractsAction, path, id, form)).status).toBe(302);
    const stale = await post(contractsAction, path, id, { ...form, amountWan: "14000" });
    expect(stale.status).toBe(409);
    expect((await db.project.findUniqueOrThrow({ where: { id } })).contractAmount).toBe(13_000);
  });

  test("a stage move to 签约 of a project without contracts records its first contract", async () => {
    const id = await newProject();
    const moved = await moveProjectToStage(hanyinUser, id, {
      version: 1,
      to: "SIGNED",
      fields: { firstContactAt: day(daysAgo(60)), signedAt: day(daysAgo(20)), contractAmount: 6_600, contractType: "FORMAL" },
    });
    expect(moved.ok).toBe(true);
    const [row] = await db.contract.findMany({ where: { projectId: id } });
    expect(row).toMatchObject({ type: "FORMAL", signedAt: day(daysAgo(20)), amountWan: 6_600 });
    expect(await auditOf("Contract", row!.id, "CREATE")).toHaveLength(1);
    expect(await db.project.findUniqueOrThrow({ where: { id } })).toMatchObject({ contractAmount: 6_600, stage: "SIGNED" });
  });
});

describe("落地节点 and stages are one truth", () => {
  test("stage → milestone: entering 在建 with a start date records the STARTED milestone's actual date", async () => {
    const id = await signedProject();
    const { version } = await db.project.findUniqueOrThrow({ where: { id } });
    const moved = await moveProjectToStage(hanyinUser, id, { version, to: "CONSTRUCTION", fields: { startedAt: day(daysAgo(90)) } });
    expect(moved.ok).toBe(true);
    const milestone = await db.milestone.findUniqueOrThrow({ where: { projectId_kind: { projectId: id, kind: "STARTED" } } });
    expect(milestone.actualAt).toEqual(day(daysAgo(90)));
    const [audit] = await auditOf("Milestone", milestone.id, "CREATE");
    expect(JSON.parse(audit!.after!)).toMatchObject({ kind: "STARTED", projectId: id });
    expect(await db.project.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "CONSTRUCTION", startedAt: day(daysAgo(90)) });
  });

  test("milestone → stage: recording the actual start sets Project.startedAt and moves the project to 在建, audited", async () => {
    const id = await signedProject();
    const before = await db.project.findUniqueOrThrow({ where: { id } });
    const res = await post(milestonesAction, `/projects/${id}/milestones`, id, { intent: "save", kind: "STARTED", plannedAt: daysAgo(100), actualAt: daysAgo(80) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/projects/${id}?tab=milestones&notice=milestoneSaved&moved=CONSTRUCTION`);

    const after = await db.project.findUniqueOrThrow({ where: { id } });
    expect(after).toMatchObject({ stage: "CONSTRUCTION", startedAt: day(daysAgo(80)) });
    expect(after.version).toBe(before.version + 2);
    const transition = await db.stageTransition.findFirstOrThrow({ where: { projectId: id, toStage: "CONSTRUCTION" } });
    expect(transition).toMatchObject({ fromStage: "SIGNED", note: "登记开工实际日期后自动推进" });
    const move = await db.auditLog.findFirstOrThrow({ where: { entity: "Project", entityId: id, action: "MOVE_STAGE", detail: "SIGNED → CONSTRUCTION" } });
    expect(JSON.parse(move.before!)).toMatchObject({ stage: "SIGNED" });
    expect(JSON.parse(move.after!)).toMatchObject({ stage: "CONSTRUCTION", startedAt: day(daysAgo(80)).toISOString() });
    const mirrored = await db.auditLog.findFirstOrThrow({ where: { entity: "Project", entityId: id, action: "UPDATE", detail: "Milestone" } });
    expect(JSON.parse(mirrored.before!)).toMatchObject({ startedAt: null });

    // The page shows it; the start cannot now be cleared (在建 holds it) nor put before 签约.
    const page = await responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=milestones`, { cookie: hanyinCookie }), params: { projectId: id }, ...ctx }));
    const data = (await page.json()) as { milestones: { milestones: { kind: string; actual: string; planned: string; status: string }[] } };
    expect(data.milestones.milestones.find((m) => m.kind === "STARTED")).toMatchObject({ actual: daysAgo(80), planned: daysAgo(100), status: "DONE" });
    const milestone = await db.milestone.findUniqueOrThrow({ where: { projectId_kind: { projectId: id, kind: "STARTED" } } });
    const cleared = await saveMilestone(hanyinUser, id, "STARTED", milestone.version, { plannedAt: null, actualAt: null, note: null });
    expect(cleared).toEqual({ ok: false, errors: { actualAt: ["项目已处于在建阶段，此实际日期不能清空；如需更正请改为正确日期，或先退回阶段"] } });
    const early = await saveMilestone(hanyinUser, id, "STARTED", milestone.version, { plannedAt: null, actualAt: day(daysAgo(400)), note: null });
    expect(early).toEqual({ ok: false, errors: { actualAt: ["开工日期不能早于签约日期"] } });
    expect((await db.milestone.findUniqueOrThrow({ where: { id: milestone.id } })).actualAt).toEqual(day(daysAgo(80)));
  });

  test("落地 follows registration and site delivery; the local company's code is checked", async () => {
    const id = await signedProject();
    const badCode = await saveMilestone(hanyinUser, id, "REGISTERED", null, { plannedAt: null, actualAt: day(daysAgo(50)), localCompanyUscc: "91610921MA7X8Y9Z1K", note: null });
    expect(badCode.ok).toBe(false);
    if (!badCode.ok) expect(badCode.errors.localCompanyUscc?.[0]).toMatch(/统一社会信用代码/);

    const registered = await saveMilestone(hanyinUser, id, "REGISTERED", null, {
      plannedAt: null,
      actualAt: day(daysAgo(50)),
      localCompanyUscc: "９１３５０１００Ｍ０００１００Ｙ４３", // full-width, as typed with a Chinese IME
      localCompanyName: "汉阴秦巴绒趣玩具有限公司",
      note: null,
    });
    expect(registered).toMatchObject({ ok: true, movedTo: null });
    expect((await db.milestone.findUniqueOrThrow({ where: { projectId_kind: { projectId: id, kind: "REGISTERED" } } })).localCompanyUscc).toBe("91350100M000100Y43");
    const delivered = await saveMilestone(hanyinUser, id, "SITE_DELIVERED", null, { plannedAt: null, actualAt: day(daysAgo(40)), note: null });
    expect(delivered).toMatchObject({ ok: true, movedTo: "LANDED" });
    expect((await db.project.findUniqueOrThrow({ where: { id } })).stage).toBe("LANDED");
  });

  test("a date that reaches a stage the ladder cannot enter yet is recorded, and the page says what is missing", async () => {
    const id = await newProject();
    const saved = await saveMilestone(hanyinUser, id, "STARTED", null, { plannedAt: null, actualAt: day(daysAgo(10)), note: null });
    expect(saved).toMatchObject({ ok: true, movedTo: null });
    if (saved.ok) expect(saved.stageNote).toContain("首谈日期");
    expect(await db.project.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "LEAD", startedAt: day(daysAgo(10)) });
    const page = await responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=milestones`, { cookie: hanyinCookie }), params: { projectId: id }, ...ctx }));
    const data = (await page.json()) as { milestones: { stageGap: string | null } };
    expect(data.milestones.stageGap).toMatch(/^实际日期已到在建，项目仍处于线索阶段。推进阶段前请补充：首谈日期、签约日期/);
  });

  test("two officers recording one milestone from the same version: one wins, the other gets 409", async () => {
    const id = await signedProject();
    const form = { intent: "save", kind: "COMPLETED", plannedAt: daysAgo(5) };
    const [a, b] = await Promise.all([
      post(milestonesAction, `/projects/${id}/milestones`, id, form),
      post(milestonesAction, `/projects/${id}/milestones`, id, { ...form, plannedAt: daysAgo(6) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    expect(await db.milestone.count({ where: { projectId: id, kind: "COMPLETED" } })).toBe(1);
  });
});

describe("到位资金", () => {
  test("two entries give 资金到位率 = (1,200 + 1,800) ÷ 8,000 = 37.5 %, on the model and on the page", async () => {
    const id = await signedProject(8_000);
    const path = `/projects/${id}/funds`;
    const first = await post(fundsAction, path, id, { intent: "create", receivedAt: daysAgo(60), amountWan: "1200", source: "OUT_OF_PROVINCE", note: "首笔注资" });
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/projects/${id}?tab=funds&notice=fundsSaved`);
    expect((await post(fundsAction, path, id, { intent: "create", receivedAt: daysAgo(20), amountWan: "1800", source: "LOCAL" })).status).toBe(302);

    const summary = await fundsSummaryForProject(hanyinUser, id);
    expect(summary.totalWan).toBe(3_000);
    expect(summary.rate).toBe(0.375);
    expect(summary.bySource).toEqual({ LOCAL: 1_800, OUT_OF_CITY: 0, OUT_OF_PROVINCE: 1_200, FOREIGN: 0 });
    expect(summary.months.at(-1)?.cumulativeWan).toBe(3_000);

    const page = await responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=funds`, { cookie: hanyinCookie }), params: { projectId: id }, ...ctx }));
    const data = (await page.json()) as { funds: { total: string; rate: string; entries: { amount: string; source: string }[] } };
    expect(data.funds).toMatchObject({ total: "3,000万元", rate: "37.5%" });
    expect(data.funds.entries.map((e) => [e.amount, e.source])).toEqual([
      ["1,800万元", "本地"],
      ["1,200万元", "省外"],
    ]);

    const bad = await post(fundsAction, path, id, { intent: "create", receivedAt: daysAgo(1), amountWan: "0" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { result: { error: Record<string, string[]> } }).result.error).toMatchObject({ amountWan: ["到位金额须大于 0"], source: ["请选择资金来源"] });

    const entry = await db.fundsInPlace.findFirstOrThrow({ where: { projectId: id, amountWan: 1_200 } });
    const [created] = await auditOf("FundsInPlace", entry.id, "CREATE");
    expect(JSON.parse(created!.after!)).toMatchObject({ amountWan: 1_200, source: "OUT_OF_PROVINCE", note: "首笔注资" });
    const deleted = await post(fundsAction, path, id, { intent: "deleteFunds", id: entry.id, version: "1" });
    expect(deleted.headers.get("Location")).toBe(`/projects/${id}?tab=funds&notice=fundsDeleted`);
    const [deletion] = await auditOf("FundsInPlace", entry.id, "DELETE");
    expect(JSON.parse(deletion!.before!)).toMatchObject({ deletedAt: null, version: 1 });
    expect(JSON.parse(deletion!.after!)).toMatchObject({ version: 2 });
    expect((await fundsSummaryForProject(hanyinUser, id)).rate).toBe(0.225);

    const edited = await db.fundsInPlace.findFirstOrThrow({ where: { projectId: id, deletedAt: null } });
    const update = await post(fundsAction, path, id, { intent: "update", id: edited.id, version: "1", receivedAt: daysAgo(20), amountWan: "2000", source: "FOREIGN" });
    expect(update.status).toBe(302);
    const [updated] = await auditOf("FundsInPlace", edited.id, "UPDATE");
    expect(JSON.parse(updated!.before!)).toMatchObject({ amountWan: 1_800, source: "LOCAL" });
    expect(JSON.parse(updated!.after!)).toMatchObject({ amountWan: 2_000, source: "FOREIGN" });
    expect((await fundsSummaryForProject(hanyinUser, id)).rate).toBe(0.25);
  });
});

describe("contract performance", () => {
  test("past the 达产 deadline without capacity and below the promised 投资强度: flagged, on the model and on the page", async () => {
    const id = await newProject();
    await added(id, { signedAt: day(daysAgo(500)), amountWan: 30_000, landMu: 100, investmentIntensityWanPerMu: 300, capacityDeadline: day(daysAgo(30)), promisedJobs: 200 });
    await db.fundsInPlace.create({ data: { projectId: id, receivedAt: day(daysAgo(100)), amountWan: 12_000, source: "OUT_OF_PROVINCE" } });

    const { performance } = await performanceForProject(hanyinUser, id);
    expect(performance.investmentIntensity).toMatchObject({ promised: 300, achieved: 120, status: "BEHIND" });
    expect(performance.capacity).toMatchObject({ status: "BEHIND", daysLate: 30 });
    expect(performance.flags.map((f) => f.metric)).toEqual(["INVESTMENT_INTENSITY", "CAPACITY"]);
    expect(performance.fundsInPlaceRate).toBe(0.4);

    const page = await responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=contracts`, { cookie: hanyinCookie }), params: { projectId: id }, ...ctx }));
    const data = (await page.json()) as { contracts: { behind: boolean; flags: string[]; performance: { key: string; tone: string }[]; terms: { fundsRate: string } } };
    expect(data.contracts.behind).toBe(true);
    expect(data.contracts.flags).toEqual(["投资强度低于合同约定", "已过约定达产期限，尚未达产"]);
    expect(data.contracts.performance.find((r) => r.key === "intensity")?.tone).toBe("behind");
    expect(data.contracts.terms.fundsRate).toBe("40%");

    // Reaching capacity late turns the 达产 flag into 逾期达产.
    await saveMilestone(hanyinUser, id, "AT_CAPACITY", null, { plannedAt: null, actualAt: day(daysAgo(10)), note: null });
    const late = await performanceForProject(hanyinUser, id);
    expect(late.performance.capacity).toMatchObject({ status: "LATE", daysLate: 20 });
    expect(late.performance.flags.map((f) => f.message)).toContain("landing.perfCapacityLate");
  });

  test("nothing behind before the deadline: no flags", async () => {
    const id = await newProject();
    await added(id, { landMu: 100, investmentIntensityWanPerMu: 300, capacityDeadline: day(daysAgo(-200)) });
    const { performance } = await performanceForProject(hanyinUser, id);
    expect(performance.behind).toBe(false);
    expect(performance.investmentIntensity.status).toBe("UNKNOWN");
  });
});

describe("scope", () => {
  test("another county's officer gets 404 on the three action routes (GET and POST) and on the three tabs", async () => {
    const id = await signedProject();
    const [row] = await db.contract.findMany({ where: { projectId: id } });
    const funds = await db.fundsInPlace.create({ data: { projectId: id, receivedAt: day(daysAgo(5)), amountWan: 100, source: "LOCAL" } });
    const routes = [
      [contractsAction, contractsLoader, "contracts", { intent: "deleteContract", id: row!.id, version: "1" }],
      [milestonesAction, milestonesLoader, "milestones", { intent: "save", kind: "STARTED", actualAt: daysAgo(1) }],
      [fundsAction, fundsLoader, "funds", { intent: "deleteFunds", id: funds.id, version: "1" }],
    ] as const;
    for (const [action, loader, tab, form] of routes) {
      const path = `/projects/${id}/${tab}`;
      expect((await post(action, path, id, form, hanbinCookie)).status, `POST ${tab}`).toBe(404);
      expect((await responseOf(loader({ request: testRequest(path, { cookie: hanbinCookie }), params: { projectId: id }, ...ctx }))).status, `GET ${tab}`).toBe(404);
      const page = await responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=${tab}`, { cookie: hanbinCookie }), params: { projectId: id }, ...ctx }));
      expect(page.status, `tab ${tab}`).toBe(404);
      const own = await responseOf(loader({ request: testRequest(path, { cookie: hanyinCookie }), params: { projectId: id }, ...ctx }));
      expect(own.headers.get("Location")).toBe(`/projects/${id}?tab=${tab}`);
    }
    expect(await db.contract.count({ where: { projectId: id, deletedAt: null } })).toBe(1);
    expect(await db.milestone.count({ where: { projectId: id } })).toBe(0);
    expect((await db.fundsInPlace.findUniqueOrThrow({ where: { id: funds.id } })).deletedAt).toBeNull();

    // Models refuse the same way, and a record of one project cannot be reached through another.
    await expect(responseOf(() => createContract(hanbinUser, id, contract()))).resolves.toHaveProperty("status", 404);
    const other = await signedProject();
    const wrongProject = await post(contractsAction, `/projects/${other}/contracts`, other, { intent: "deleteContract", id: row!.id, version: "1" });
    expect(wrongProject.status).toBe(404);
  });

  test("the 选址 tab carries the SitesPanel's data for the owner and is 404 for another county", async () => {
    const id = await signedProject();
    const own = await responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=sites`, { cookie: hanyinCookie }), params: { projectId: id }, ...ctx }));
    expect(own.status).toBe(200);
    const data = (await own.json()) as { sites: { project: { id: string }; candidates: unknown[] } | null; contracts: unknown };
    expect(data.sites?.project.id).toBe(id);
    expect(data.sites?.candidates).toEqual([]);
    expect(data.contracts).toBeNull();
    const other = await responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=sites`, { cookie: hanbinCookie }), params: { projectId: id }, ...ctx }));
    expect(other.status).toBe(404);
  });

  test("问题 and 政策兑现 tabs and the 领导批示 panel above the tabs: the owner's data, 404 for another county", async () => {
    const id = await signedProject();
    const reported = await reportProblem(hanyinUser, id, { title: "厂房用地指标未落实", category: "LAND" });
    expect(reported.ok).toBe(true);
    const leaderUser = await getUser(testRequest("/", { cookie: leaderCookie }));
    const issued = await createInstruction(leaderUser!, id, { text: "请尽快协调用地指标", recipientIds: [hanyinUser.id] });
    expect(issued.ok).toBe(true);

    const load = (tab: string, cookie: string) => responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=${tab}`, { cookie }), params: { projectId: id }, ...ctx }));
    type Page = { problems: { items: { title: string }[] } | null; incentives: { items: unknown[] } | null; instructions: { items: { text: string }[] } };
    const problems = (await (await load("problems", hanyinCookie)).json()) as Page;
    expect(problems.problems?.items.map((p) => p.title)).toEqual(["厂房用地指标未落实"]);
    expect(problems.incentives).toBeNull();
    expect(problems.instructions.items.map((i) => i.text)).toEqual(["请尽快协调用地指标"]);
    const incentives = (await (await load("incentives", hanyinCookie)).json()) as Page;
    expect(incentives.incentives?.items).toEqual([]);
    expect(incentives.problems).toBeNull();
    // The instructions stand above every tab.
    const overview = (await (await load("overview", hanyinCookie)).json()) as Page;
    expect(overview.instructions.items).toHaveLength(1);
    for (const tab of ["problems", "incentives"]) expect((await load(tab, hanbinCookie)).status).toBe(404);
  });

  test("a leader reads the tabs but may not write (403)", async () => {
    const id = await signedProject();
    for (const tab of ["contracts", "milestones", "funds"]) {
      const page = await responseOf(pageLoader({ request: testRequest(`/projects/${id}?tab=${tab}`, { cookie: leaderCookie }), params: { projectId: id }, ...ctx }));
      expect(page.status).toBe(200);
    }
    const res = await post(fundsAction, `/projects/${id}/funds`, id, { intent: "create", receivedAt: daysAgo(1), amountWan: "10", source: "LOCAL" }, leaderCookie);
    expect(res.status).toBe(403);
  });

  test("a stale delete is not applied", async () => {
    const id = await newProject();
    const created = await added(id, { amountWan: 1_000 });
    await updateContract(hanyinUser, id, created.id, 1, contract({ amountWan: 2_000 }));
    await expect(deleteContract(hanyinUser, id, created.id, 1)).rejects.toBeInstanceOf(VersionConflict);
  });
});

describe("demo data", () => {
  test("seedDemoLanding: contracts, milestones and funds agree with the demo projects; a second run adds nothing", async () => {
    await seedDemoUsers(db);
    const now = new Date();
    await seedDemoData(db, { now });
    const first = await seedDemoLanding(db, { now });
    expect(first.skipped).toBe(false);
    expect(first.contracts).toBeGreaterThan(0);
    expect(first.milestones).toBeGreaterThan(0);
    expect(first.funds).toBeGreaterThan(0);

    const projects = await db.project.findMany({
      where: { signedAt: { not: null }, transitions: { some: { source: "SEED" } } },
      select: {
        id: true,
        stage: true,
        signedAt: true,
        contractAmount: true,
        contractType: true,
        startedAt: true,
        completedAt: true,
        producedAt: true,
        contracts: { where: { deletedAt: null } },
        milestones: true,
        fundsInPlace: { where: { deletedAt: null } },
      },
    });
    expect(projects.length).toBeGreaterThan(20);
    for (const p of projects) {
      const signing = signingFromContracts(p.contracts as unknown as ContractTerms[]);
      expect(signing, p.id).toEqual({ signedAt: p.signedAt, contractAmount: p.contractAmount, contractType: p.contractType });
      const actual = (kind: string) => p.milestones.find((m) => m.kind === kind)?.actualAt ?? null;
      expect(actual("STARTED"), p.id).toEqual(p.startedAt);
      expect(actual("COMPLETED"), p.id).toEqual(p.completedAt);
      expect(actual("PRODUCING"), p.id).toEqual(p.producedAt);
      for (const f of p.fundsInPlace) expect(f.receivedAt.getTime()).toBeLessThanOrEqual(now.getTime());
    }
    // Every landed demo project has funds; some are behind their contract.
    const landed = projects.filter((p) => ["LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY"].includes(p.stage));
    expect(landed.length).toBeGreaterThan(0);
    expect(landed.every((p) => p.fundsInPlace.length > 0)).toBe(true);
    const rates = landed.map((p) => p.fundsInPlace.reduce((s, f) => s + f.amountWan, 0) / (p.contractAmount ?? 1));
    expect(rates.some((r) => r < 0.5)).toBe(true);
    expect(rates.some((r) => r >= 0.8)).toBe(true);

    const counts = async () => [await db.contract.count(), await db.milestone.count(), await db.fundsInPlace.count()];
    const before = await counts();
    // Some demo projects are past the 达产 date their contract promised, and flagged for it.
    const pastDeadline = projects.filter((p) => p.contracts.some((c) => c.capacityDeadline && c.capacityDeadline < now) && !p.milestones.some((m) => m.kind === "AT_CAPACITY" && m.actualAt));
    expect(pastDeadline.length).toBeGreaterThan(0);

    const again = await seedDemoLanding(db, { now });
    expect(again.skipped).toBe(true);
    expect(await counts()).toEqual(before);
  });
});

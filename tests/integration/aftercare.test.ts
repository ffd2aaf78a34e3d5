// 安商稳商 on a real database (SQLite, or PostgreSQL with TEST_DB=postgres): the landed-firm list
// in scope, a visit with red flags (alerts at once, audited), the form's checks, and an
// expansion lead turned into a linked project exactly once — even on a double click.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { t } from "#app/i18n";
import { convertExpansionLead, listLandedFirms } from "#app/models/aftercare.server";
import { action as firmAction, loader as firmLoader } from "#app/routes/aftercare.$projectId";
import { loader as listLoader } from "#app/routes/aftercare._index";
import { getUser } from "#app/utils/auth.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();

type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let officer: TestUser;
let leader: TestUser;
let city: TestUser;
let officerCookie: string;
let otherCookie: string;
let leaderCookie: string;
let officerUser: SessionUser;
let companyId: string;
let firmId: string;
let hanyinId: string;

function daysAgo(n: number): string {
  return new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);
}

const firmCtx = () => ({ context: {}, params: { projectId: firmId } });

function post(form: Record<string, string | string[]>, cookie = officerCookie) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  const request = testRequest(`/aftercare/${firmId}`, { cookie, form: {} });
  return responseOf(firmAction({ request: new Request(request.url, { method: "POST", headers: request.headers, body }), ...firmCtx() }));
}

beforeAll(async () => {
  officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "汉阴专员" });
  const other = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区", displayName: "汉滨专员" });
  leader = await createTestUser(db, { role: "LEADER", regionName: "安康市", displayName: "王副市长" });
  city = await createTestUser(db, { role: "CITY_OFFICER", displayName: "市局专员" });
  officerCookie = await sessionCookieFor(officer.username);
  otherCookie = await sessionCookieFor(other.username);
  leaderCookie = await sessionCookieFor(leader.username);
  officerUser = (await getUser(testRequest("/", { cookie: officerCookie })))!;
  hanyinId = officer.regionId!;

  const name = "汉阴县绒趣玩具有限公司";
  const company = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: hanyinId } });
  companyId = company.id;
  const chain = await db.industryChain.findFirstOrThrow({ where: { deletedAt: null }, select: { id: true } });
  const producedAt = new Date(Date.now() - 200 * 86_400_000);
  const firm = await db.project.create({
    data: {
      code: "AK-2024-0777",
      name: "毛绒玩具生产基地",
      searchKey: "x",
      companyId,
      regionId: hanyinId,
      chainId: chain.id,
      plannedInvestment: 12_000,
      isKey: true,
      stage: "PRODUCTION",
      stageEnteredAt: producedAt,
      producedAt,
      officerId: officer.id,
      leadLeaderId: leader.id,
    },
  });
  firmId = firm.id;
  // A firm still negotiating is not in aftercare.
  await db.project.create({
    data: { code: "AK-2025-0778", name: "在谈项目", searchKey: "y", companyId, regionId: hanyinId, plannedInvestment: 500, stage: "NEGOTIATION", stageEnteredAt: new Date(), officerId: officer.id },
  });
});

describe("安商稳商", () => {
  test("the list shows landed firms in scope, never visited and overdue; other counties get 404", async () => {
    const data = await (await listLoader({ request: testRequest("/aftercare", { cookie: officerCookie }), context: {}, params: {} })).json();
    expect(data.rows.map((r: { projectId: string }) => r.projectId)).toEqual([firmId]);
    expect(data.rows[0]).toMatchObject({ companyName: "汉阴县绒趣玩具有限公司", lastVisit: null, overdue: true, visitLevel: "RED", flags: [] });
    expect(data.counts).toEqual({ all: 1, overdue: 1, flagged: 0 });

    const otherList = await (await listLoader({ request: testRequest("/aftercare", { cookie: otherCookie }), context: {}, params: {} })).json();
    expect(otherList.rows).toEqual([]);
    expect((await responseOf(firmLoader({ request: testRequest(`/aftercare/${firmId}`, { cookie: otherCookie }), ...firmCtx() }))).status).toBe(404);
    // Leaders read, but do not record visits.
    expect((await firmLoader({ request: testRequest(`/aftercare/${firmId}`, { cookie: leaderCookie }), ...firmCtx() })).status).toBe(200);
    expect((await post({ intent: "visit", visitedAt: daysAgo(1), participants: "王副市长", summary: "走访" }, leaderCookie)).status).toBe(403);
  });

  test("a visit with red flags is saved, audited and alerts the officer, the 包抓领导 and the city at once", async () => {
    const res = await post({ intent: "visit", visitedAt: daysAgo(2), participants: "汉阴专员、县工信局张科长", summary: "企业因订单不足停产，拖欠工人工资两个月。", flags: ["STOPPED", "WAGE_ARREARS"] });
    expect(res.status).toBe(302);
    const visit = await db.aftercareVisit.findFirstOrThrow({ where: { projectId: firmId } });
    expect(visit).toMatchObject({ flags: "STOPPED,WAGE_ARREARS", flagLevel: "RED", createdById: officer.id, expansionProjectId: null });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "AftercareVisit", entityId: visit.id } });
    expect(audit).toMatchObject({ action: "CREATE", actorId: officer.id });

    const told = await db.notification.findMany({ where: { kind: "AFTERCARE_RED_FLAG", subjectId: firmId }, select: { userId: true, level: true, params: true } });
    expect(told.map((n) => n.userId).sort()).toEqual([officer.id, leader.id, city.id].sort());
    expect(told[0]!.level).toBe("RED");
    expect(JSON.parse(told[0]!.params).flags).toBe(`${t("landing.redFlag_STOPPED")}、${t("landing.redFlag_WAGE_ARREARS")}`);

    const page = await (await firmLoader({ request: testRequest(`/aftercare/${firmId}`, { cookie: officerCookie }), ...firmCtx() })).json();
    expect(page.current.flags.map((f: { flag: string }) => f.flag)).toEqual(["STOPPED", "WAGE_ARREARS"]);
    expect(page.clock.overdue).toBe(false);
    const flagged = await listLandedFirms(officerUser, { filter: "flagged" });
    expect(flagged.rows.map((r) => r.projectId)).toEqual([firmId]);
    expect(flagged.counts).toMatchObject({ overdue: 0, flagged: 1 });
  });

  test("the form refuses 停产 with 半停产, a future date, and missing findings — with Chinese messages", async () => {
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    let res = await post({ intent: "visit", visitedAt: daysAgo(1), participants: "专员", summary: "x", flags: ["STOPPED", "PARTIAL_STOP"] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(t("landing.redFlagsStopBoth"));
    res = await post({ intent: "visit", visitedAt: tomorrow, participants: "专员", summary: "x" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(t("alerts.visitInFuture"));
    res = await post({ intent: "visit", visitedAt: daysAgo(1), participants: "专员", summary: "" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(t("alerts.findingsRequired"));
    expect(await db.aftercareVisit.count({ where: { projectId: firmId } })).toBe(1);
  });

  test("an expansion lead becomes one linked project, even on a double click", async () => {
    const res = await post({
      intent: "visit",
      visitedAt: daysAgo(0),
      participants: "汉阴专员",
      summary: "恢复生产，工资已补发。",
      expansionNote: "计划新增二期智能生产线",
      expansionAmountWan: "3000",
    });
    expect(res.status).toBe(302);
    const visit = await db.aftercareVisit.findFirstOrThrow({ where: { projectId: firmId, expansionNote: { not: null } } });
    expect(visit.flagLevel).toBe("NONE");

    // Two requests with the version the page showed: one project.
    const [a, b] = await Promise.all([
      post({ intent: "expand", visitId: visit.id, version: String(visit.version) }),
      post({ intent: "expand", visitId: visit.id, version: String(visit.version) }),
    ]);
    // The loser is sent to the page (already converted) or told the visit changed (409).
    expect([a.status, b.status]).toContain(302);
    expect([a.status, b.status].every((status) => status === 302 || status === 409)).toBe(true);
    const linked = await db.aftercareVisit.findUniqueOrThrow({ where: { id: visit.id } });
    expect(linked.expansionProjectId).not.toBeNull();
    const created = await db.project.findMany({ where: { companyId, nature: "EXPANSION" } });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      id: linked.expansionProjectId,
      name: `毛绒玩具生产基地${t("alerts.expansionSuffix")}`,
      regionId: hanyinId,
      stage: "LEAD",
      plannedInvestment: 3_000,
      description: "计划新增二期智能生产线",
      officerId: officer.id,
      createdById: officer.id,
    });

    // Asked again (a stale page or the model directly): told which project exists, nothing created.
    expect(await convertExpansionLead(officerUser, visit.id, linked.version)).toEqual({ ok: false, reason: "already", projectId: linked.expansionProjectId });
    await expect(convertExpansionLead(officerUser, visit.id, visit.version)).resolves.toMatchObject({ reason: "already" });
    expect(await db.project.count({ where: { companyId, nature: "EXPANSION" } })).toBe(1);

    const audit = await db.auditLog.findMany({ where: { OR: [{ entity: "Project", entityId: linked.expansionProjectId! }, { entity: "AftercareVisit", entityId: visit.id }] }, orderBy: { id: "asc" } });
    expect(audit.map((r) => `${r.entity}:${r.action}`)).toEqual(["AftercareVisit:CREATE", "Project:CREATE", "AftercareVisit:UPDATE"]);
    expect(audit[2]!.detail).toContain(created[0]!.code);

    const page = await (await firmLoader({ request: testRequest(`/aftercare/${firmId}`, { cookie: officerCookie }), ...firmCtx() })).json();
    const shown = page.visits.find((v: { id: string }) => v.id === visit.id);
    expect(shown?.expansionProject).toMatchObject({ id: linked.expansionProjectId, code: created[0]!.code, visible: true });
  });

  test("a stale version is refused; deletion needs the current version and is audited", async () => {
    const visit = await db.aftercareVisit.findFirstOrThrow({ where: { projectId: firmId, flagLevel: "RED" } });
    await expect(convertExpansionLead(officerUser, visit.id, visit.version + 5)).resolves.toEqual({ ok: false, reason: "noLead" });
    let res = await post({ intent: "delete", visitId: visit.id, version: String(visit.version + 1) });
    expect(res.status).toBe(409);
    res = await post({ intent: "delete", visitId: visit.id, version: String(visit.version) });
    expect(res.status).toBe(302);
    expect((await db.aftercareVisit.findUniqueOrThrow({ where: { id: visit.id } })).deletedAt).not.toBeNull();
    expect(await db.auditLog.count({ where: { entity: "AftercareVisit", entityId: visit.id, action: "DELETE", actorId: officer.id } })).toBe(1);
  });
});

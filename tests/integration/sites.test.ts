// 选址载体 on a real database (SQLite, or PostgreSQL with TEST_DB=postgres), through the models and
// the route modules with real sessions: the carrier inventory's region scope (404 for another
// county), the optimistic lock (409), soft delete; a project's needs, offers and moves with
// reservation across projects (意向 shows as reserved elsewhere, offers need a reason, 确定
// signs the carrier out and records the project's site, 放弃 releases it); two projects
// confirming one carrier at once (one winner, 409 for the other); 踏勘 visits; audit images.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { createProject } from "#app/models/project.server";
import { createSite, listSites, moveCandidate, proposeSite } from "#app/models/site.server";
import { action as projectSitesAction, loader as projectSitesLoader } from "#app/routes/projects.$projectId.sites";
import { action as siteAction, loader as siteLoader } from "#app/routes/sites.$siteId";
import { action as editAction, loader as editLoader } from "#app/routes/sites.$siteId_.edit";
import { loader as listLoader } from "#app/routes/sites._index";
import { action as newAction, loader as newLoader } from "#app/routes/sites.new";
import { type SiteFormValue } from "#app/schemas/site";
import { getUser } from "#app/utils/auth.server";
import { isUniqueViolation } from "#app/utils/db.server";
import { readListParams } from "#app/utils/list-params";
import { type SessionUser } from "#app/utils/permissions.server";
import { type SiteSelectionAnswer, type SitesPanelData } from "#app/utils/site-display";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { context: {} };

type Actor = { cookie: string; user: SessionUser };
let hanyin: Actor;
let hanbin: Actor;
let city: Actor;
let leader: Actor;
let hanyinCompanyId: string;
let hanbinCompanyId: string;

async function actor(options: Parameters<typeof createTestUser>[1]): Promise<Actor> {
  const created = await createTestUser(db, options);
  const cookie = await sessionCookieFor(created.username);
  const user = await getUser(testRequest("/", { cookie }));
  if (!user) throw new Error(`no session for ${created.username}`);
  return { cookie, user };
}

async function company(name: string, ownerRegionId: string) {
  const row = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId } });
  return row.id;
}

let projectCount = 0;
async function newProject(by: Actor, name = "毛绒玩具生产基地", regionId?: string): Promise<string> {
  projectCount += 1;
  const companyId = by === hanbin || regionId === hanbin.user.regionId ? hanbinCompanyId : hanyinCompanyId;
  const result = await createProject(by.user, { name: `${name}${projectCount}`, companyId, plannedInvestment: 5_000, ...(regionId ? { regionId } : {}) });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

const FACTORY: SiteFormValue = { name: "月河工业园3号标准化厂房", kind: "STANDARD_FACTORY", areaSqm: 6_000, floors: 3, powerKva: 800, maxEiaCategory: "EIA_TABLE" };

async function newSite(by: Actor, overrides: Partial<SiteFormValue> = {}): Promise<string> {
  const result = await createSite(by.user, { ...FACTORY, ...overrides });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

async function post(projectId: string, by: Actor, form: Record<string, string>) {
  return responseOf(projectSitesAction({ request: testRequest(`/projects/${projectId}/sites`, { cookie: by.cookie, form }), params: { projectId }, ...ctx }));
}

async function postJson(projectId: string, by: Actor, form: Record<string, string>): Promise<{ status: number; body: SiteSelectionAnswer }> {
  const res = await post(projectId, by, form);
  return { status: res.status, body: (await res.json()) as SiteSelectionAnswer };
}

async function panel(projectId: string, by: Actor): Promise<SitesPanelData> {
  const res = await responseOf(projectSitesLoader({ request: testRequest(`/projects/${projectId}/sites`, { cookie: by.cookie }), params: { projectId }, ...ctx }));
  expect(res.status).toBe(200);
  return (await res.json()) as SitesPanelData;
}

async function candidateOf(projectId: string, siteId: string) {
  return db.siteCandidate.findFirstOrThrow({ where: { projectId, siteId, status: { not: "ABANDONED" } } });
}

async function move(projectId: string, by: Actor, siteId: string, to: string, reason?: string) {
  const c = await candidateOf(projectId, siteId);
  return postJson(projectId, by, { intent: "move", candidateId: c.id, to, version: String(c.version), ...(reason ? { reason } : {}) });
}

async function site(id: string) {
  return db.site.findUniqueOrThrow({ where: { id } });
}

beforeAll(async () => {
  hanyin = await actor({ role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "汉阴专员" });
  hanbin = await actor({ role: "COUNTY_OFFICER", regionName: "汉滨区", displayName: "汉滨专员" });
  city = await actor({ role: "CITY_OFFICER", displayName: "市局专员" });
  leader = await actor({ role: "LEADER", regionName: "安康市", displayName: "王副市长" });
  hanyinCompanyId = await company("深圳市萌趣玩具有限公司", hanyin.user.regionId!);
  hanbinCompanyId = await company("东莞市绒艺制品有限公司", hanbin.user.regionId!);
});

describe("carrier inventory: scope", () => {
  test("a county officer files carriers in their own county only and never sees another county's", async () => {
    const own = await newSite(hanyin);
    expect((await site(own)).regionId).toBe(hanyin.user.regionId);
    const refused = await createSite(hanyin.user, { ...FACTORY, regionId: hanbin.user.regionId! });
    expect(refused).toEqual({ ok: false, errors: { regionId: ["所选区域不在您的权限范围内"] } });

    const list = readListParams(new URLSearchParams(), ["name"] as const, { sort: "name", dir: "asc" });
    const theirs = await listSites(hanbin.user, {}, { ...list, sort: "name" });
    expect(theirs.rows.map((r) => r.id)).not.toContain(own);
    const cityList = await listSites(city.user, {}, { ...list, sort: "name" });
    expect(cityList.rows.map((r) => r.id)).toContain(own);
  });

  test("another county's officer gets 404 from the page, the edit page, the edit action and the delete action", async () => {
    const id = await newSite(hanyin);
    const params = { siteId: id };
    const page = await responseOf(siteLoader({ request: testRequest(`/sites/${id}`, { cookie: hanbin.cookie }), params, ...ctx }));
    expect(page.status).toBe(404);
    const edit = await responseOf(editLoader({ request: testRequest(`/sites/${id}/edit`, { cookie: hanbin.cookie }), params, ...ctx }));
    expect(edit.status).toBe(404);
    const save = await responseOf(
      editAction({ request: testRequest(`/sites/${id}/edit`, { cookie: hanbin.cookie, form: { name: "改名", kind: "STANDARD_FACTORY", areaSqm: "100", version: "1" } }), params, ...ctx }),
    );
    expect(save.status).toBe(404);
    const del = await responseOf(siteAction({ request: testRequest(`/sites/${id}`, { cookie: hanbin.cookie, form: { intent: "delete", version: "1" } }), params, ...ctx }));
    expect(del.status).toBe(404);
    expect((await site(id)).deletedAt).toBeNull();
    expect((await site(id)).name).toBe(FACTORY.name);

    const own = await responseOf(siteLoader({ request: testRequest(`/sites/${id}`, { cookie: hanyin.cookie }), params, ...ctx }));
    expect(own.status).toBe(200);
    const cityPage = await responseOf(siteLoader({ request: testRequest(`/sites/${id}`, { cookie: city.cookie }), params, ...ctx }));
    expect(cityPage.status).toBe(200);
  });

  test("a leader reads the list and the page but may not create or edit (403)", async () => {
    const id = await newSite(hanyin);
    const list = await responseOf(listLoader({ request: testRequest("/sites", { cookie: leader.cookie }), params: {}, ...ctx }));
    expect(list.status).toBe(200);
    expect(((await list.json()) as { canCreate: boolean }).canCreate).toBe(false);
    const page = await responseOf(siteLoader({ request: testRequest(`/sites/${id}`, { cookie: leader.cookie }), params: { siteId: id }, ...ctx }));
    expect(page.status).toBe(200);
    expect((await responseOf(newLoader({ request: testRequest("/sites/new", { cookie: leader.cookie }), params: {}, ...ctx }))).status).toBe(403);
    expect((await responseOf(editLoader({ request: testRequest(`/sites/${id}/edit`, { cookie: leader.cookie }), params: { siteId: id }, ...ctx }))).status).toBe(403);
  });
});

describe("carrier inventory: list, create, edit, delete", () => {
  test("/sites/new creates a carrier in the officer's county, audited", async () => {
    const res = await responseOf(
      newAction({
        request: testRequest("/sites/new", { cookie: hanyin.cookie, form: { name: "涧池镇新社区工厂", kind: "COMMUNITY_FACTORY", areaSqm: "1200", powerKva: "250" } }),
        params: {},
        ...ctx,
      }),
    );
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.split("/")[2]!.split("?")[0]!;
    expect(await site(id)).toMatchObject({ name: "涧池镇新社区工厂", kind: "COMMUNITY_FACTORY", regionId: hanyin.user.regionId, status: "VACANT", version: 1 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "Site", entityId: id, action: "CREATE" } });
    expect(JSON.parse(audit.after!)).toMatchObject({ name: "涧池镇新社区工厂", areaSqm: 1200, powerKva: 250 });

    const bad = await responseOf(newAction({ request: testRequest("/sites/new", { cookie: hanyin.cookie, form: { name: "月河地块", kind: "INDUSTRIAL_LAND" } }), params: {}, ...ctx }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { result: { error: Record<string, string[]> } }).result.error.areaMu).toEqual(["工业用地须填写用地面积（亩）"]);
  });

  test("filters: kind, availability, minimum area in ㎡ and 亩, power; counted and paged", async () => {
    const region = await db.region.findUniqueOrThrow({ where: { name: "石泉县" } });
    const shiquan = await actor({ role: "COUNTY_OFFICER", regionName: "石泉县" });
    await newSite(shiquan, { name: "石泉小厂房", areaSqm: 800, powerKva: 200 });
    await newSite(shiquan, { name: "石泉大厂房", areaSqm: 20_000, powerKva: 4_000 });
    await newSite(shiquan, { name: "石泉工业用地", kind: "INDUSTRIAL_LAND", areaSqm: undefined, areaMu: 80, powerKva: undefined });
    const get = async (query: string) => {
      const res = await responseOf(listLoader({ request: testRequest(`/sites?${query}`, { cookie: shiquan.cookie }), params: {}, ...ctx }));
      return (await res.json()) as { total: number; rows: { name: string; availability: { status: string } }[] };
    };
    expect((await get("")).total).toBe(3);
    expect((await get("kind=INDUSTRIAL_LAND")).rows.map((r) => r.name)).toEqual(["石泉工业用地"]);
    expect((await get("minSqm=5000")).rows.map((r) => r.name)).toEqual(["石泉大厂房"]);
    expect((await get("minMu=50")).rows.map((r) => r.name)).toEqual(["石泉工业用地"]);
    expect((await get("minKva=1000")).rows.map((r) => r.name)).toEqual(["石泉大厂房"]);
    expect((await get("status=VACANT")).total).toBe(3);
    expect((await get("status=RESERVED")).total).toBe(0);
    expect((await get(`region=${region.id}&sort=areaSqm&dir=desc`)).rows.map((r) => r.name)).toEqual(["石泉大厂房", "石泉小厂房", "石泉工业用地"]);
    const paged = await get("pageSize=2&page=2&sort=name&dir=asc");
    expect(paged.total).toBe(3);
    expect(paged.rows).toHaveLength(1);
  });

  test("edit: saves from its version with before/after audit; a stale save gets 409 with both values", async () => {
    const id = await newSite(hanyin);
    const form = { name: "月河工业园3号厂房（扩建）", kind: "STANDARD_FACTORY", areaSqm: "7500", powerKva: "1000", version: "1" };
    const ok = await responseOf(editAction({ request: testRequest(`/sites/${id}/edit`, { cookie: hanyin.cookie, form }), params: { siteId: id }, ...ctx }));
    expect(ok.status).toBe(302);
    expect(await site(id)).toMatchObject({ name: "月河工业园3号厂房（扩建）", areaSqm: 7_500, version: 2 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "Site", entityId: id, action: "UPDATE" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ name: FACTORY.name, areaSqm: 6_000, version: 1 });
    expect(JSON.parse(audit.after!)).toMatchObject({ name: "月河工业园3号厂房（扩建）", areaSqm: 7_500, version: 2 });

    const stale = await responseOf(
      editAction({ request: testRequest(`/sites/${id}/edit`, { cookie: hanyin.cookie, form: { ...form, name: "过时的修改" } }), params: { siteId: id }, ...ctx }),
    );
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { conflict: { version: number; diff: { field: string; theirs: string; yours: string }[] }; result: { initialValue: Record<string, unknown> } };
    expect(body.conflict.version).toBe(2);
    expect(body.conflict.diff).toContainEqual({ field: "name", label: "载体名称", theirs: "月河工业园3号厂房（扩建）", yours: "过时的修改" });
    expect(body.result.initialValue).toMatchObject({ name: "过时的修改" });
    expect((await site(id)).name).toBe("月河工业园3号厂房（扩建）");
  });

  test("已入驻 by hand needs the occupant's name and is refused while a project holds it at 意向", async () => {
    const id = await newSite(hanyin);
    const edit = (form: Record<string, string>) => responseOf(editAction({ request: testRequest(`/sites/${id}/edit`, { cookie: hanyin.cookie, form }), params: { siteId: id }, ...ctx }));
    const base = { name: FACTORY.name, kind: "STANDARD_FACTORY", areaSqm: "6000" };
    const noName = await edit({ ...base, version: "1", occupied: "on" });
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { result: { error: Record<string, string[]> } }).result.error.occupantName).toEqual(["系统外企业入驻时须填写企业名称"]);

    const projectId = await newProject(hanyin);
    expect((await proposeSite(hanyin.user, projectId, { siteId: id })).ok).toBe(true);
    const c = await candidateOf(projectId, id);
    await moveCandidate(hanyin.user, projectId, { candidateId: c.id, to: "VISITED", version: c.version });
    await moveCandidate(hanyin.user, projectId, { candidateId: c.id, to: "INTENDED", version: c.version + 1 });
    const current = await site(id);
    expect(current.status).toBe("RESERVED");
    const held = await edit({ ...base, version: String(current.version), occupied: "on", occupantName: "安康某某制衣厂" });
    expect(held.status).toBe(400);
    expect((await site(id)).status).toBe("RESERVED");
  });

  test("soft delete asks for the version; refused while a project holds the carrier; open offers are abandoned with it", async () => {
    const id = await newSite(hanyin);
    const projectId = await newProject(hanyin);
    await proposeSite(hanyin.user, projectId, { siteId: id });
    const del = (version: string) => responseOf(siteAction({ request: testRequest(`/sites/${id}`, { cookie: hanyin.cookie, form: { intent: "delete", version } }), params: { siteId: id }, ...ctx }));
    const stale = await del("1");
    expect(stale.status).toBe(409); // the offer bumped the carrier's version
    const res = await del(String((await site(id)).version));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/sites?notice=deleted");
    expect((await site(id)).deletedAt).not.toBeNull();
    expect(await db.siteCandidate.findFirstOrThrow({ where: { projectId, siteId: id } })).toMatchObject({ status: "ABANDONED", statusAutoKey: "sites.autoAbandonedSiteDeleted" });
    expect(await db.auditLog.count({ where: { entity: "Site", entityId: id, action: "DELETE" } })).toBe(1);
    const page = await responseOf(siteLoader({ request: testRequest(`/sites/${id}`, { cookie: hanyin.cookie }), params: { siteId: id }, ...ctx }));
    expect(page.status).toBe(404);

    const heldId = await newSite(hanyin);
    await proposeSite(hanyin.user, projectId, { siteId: heldId });
    let c = await candidateOf(projectId, heldId);
    await moveCandidate(hanyin.user, projectId, { candidateId: c.id, to: "VISITED", version: c.version });
    c = await candidateOf(projectId, heldId);
    await moveCandidate(hanyin.user, projectId, { candidateId: c.id, to: "INTENDED", version: c.version });
    const refused = await responseOf(siteAction({ request: testRequest(`/sites/${heldId}`, { cookie: hanyin.cookie, form: { intent: "delete", version: String((await site(heldId)).version) } }), params: { siteId: heldId }, ...ctx }));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain("不能删除");
    expect((await site(heldId)).deletedAt).toBeNull();
  });
});

describe("site selection: needs and suggestions", () => {
  test("needs are saved from their version (409 when stale) and suggestions show why a carrier does not fit", async () => {
    const shiquan = await actor({ role: "COUNTY_OFFICER", regionName: "宁陕县" });
    const small = await newSite(shiquan, { name: "宁陕小厂房", areaSqm: 1_000, powerKva: 200 });
    const big = await newSite(shiquan, { name: "宁陕大厂房", areaSqm: 8_000, powerKva: 1_250 });
    const unknownPower = await newSite(shiquan, { name: "宁陕楼宇", kind: "BUILDING", areaSqm: 9_000, powerKva: undefined, maxEiaCategory: undefined });
    const companyId = await company("宁波市织梦玩具有限公司", shiquan.user.regionId!);
    const created = await createProject(shiquan.user, { name: "织梦玩具厂", companyId, plannedInvestment: 12_000 });
    if (!created.ok) throw new Error("project");
    const projectId = created.id;

    const saved = await postJson(projectId, shiquan, { intent: "saveNeeds", version: "0", floorSqm: "5000", powerKva: "1000", eiaCategory: "EIA_TABLE" });
    expect(saved).toMatchObject({ status: 200, body: { ok: true } });
    const stale = await postJson(projectId, shiquan, { intent: "saveNeeds", version: "0", floorSqm: "6000" });
    expect(stale.status).toBe(409);
    expect(stale.body.formError).toBe("选址需求已被他人修改，请刷新后重新填写。");
    expect(await db.projectSiteNeeds.findUniqueOrThrow({ where: { projectId } })).toMatchObject({ floorSqm: 5_000, powerKva: 1_000, version: 1 });
    expect(await db.auditLog.count({ where: { entity: "ProjectSiteNeeds", entityId: projectId, action: "CREATE" } })).toBe(1);

    const data = await panel(projectId, shiquan);
    expect(data.needs.summary).toEqual(["建筑面积 5,000 ㎡", "用电 1,000 kVA", "环评：环境影响报告表"]);
    expect(data.suggestions.map((s) => s.site.id)).toEqual([big, unknownPower]);
    expect(data.suggestions[1]!.fit.unknown).toBe("载体信息不全，未能核对：电力容量、环评类别");
    const misfit = data.others.find((s) => s.site.id === small)!;
    expect(misfit.fit.misfits).toEqual(["建筑面积不足：需要 5,000 ㎡，载体 1,000 ㎡", "电力容量不足：需要 1,000 kVA，载体 200 kVA"]);
  });
});

describe("site selection: reservation across projects", () => {
  test("意向 reserves; offers elsewhere need a reason; 确定 signs out and records the site; 放弃 releases", async () => {
    const carrier = await newSite(hanyin, { name: "汉阴月河3号厂房" });
    const spare = await newSite(hanyin, { name: "汉阴月河5号厂房" });
    const a = await newProject(hanyin, "项目甲");
    const b = await newProject(hanyin, "项目乙");
    const aCode = (await db.project.findUniqueOrThrow({ where: { id: a } })).code;

    // A: 推荐 → 踏勘 (by a visit) → 意向; a second offer stays open.
    expect(await postJson(a, hanyin, { intent: "propose", siteId: carrier })).toMatchObject({ status: 200, body: { ok: true, warning: null } });
    expect((await postJson(a, hanyin, { intent: "propose", siteId: spare })).status).toBe(200);
    const again = await postJson(a, hanyin, { intent: "propose", siteId: carrier });
    expect(again.status).toBe(400);
    expect(again.body.fieldErrors?.site).toEqual(["该载体已是本项目的候选载体"]);
    const aCandidate = await candidateOf(a, carrier);
    const visit = await postJson(a, hanyin, { intent: "visit", candidateId: aCandidate.id, visitedAt: "2026-01-10", participants: "汉阴专员、企业王总", impressions: "层高够，电力需增容" });
    expect(visit).toMatchObject({ status: 200, body: { ok: true } });
    expect(await db.siteVisit.findFirstOrThrow({ where: { candidateId: aCandidate.id } })).toMatchObject({ participants: "汉阴专员、企业王总", impressions: "层高够，电力需增容" });
    expect((await candidateOf(a, carrier)).status).toBe("VISITED");
    expect((await move(a, hanyin, carrier, "INTENDED")).status).toBe(200);
    expect(await site(carrier)).toMatchObject({ status: "RESERVED", holderProjectId: null });

    // B sees it reserved by A (same county: A is named).
    const bView = await panel(b, hanyin);
    const offered = [...bView.suggestions, ...bView.others].find((s) => s.site.id === carrier)!;
    expect(offered.reservation).toMatchObject({ level: "INTENDED", heldByOthers: false });
    expect(offered.reservation.holders.map((h) => h.code)).toEqual([aCode]);

    // B's offer needs a reason, and warns.
    const noReason = await postJson(b, hanyin, { intent: "propose", siteId: carrier });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fieldErrors?.reason).toEqual(["该载体已被其他项目列为意向载体，推荐或确定意向须说明理由"]);
    const withReason = await postJson(b, hanyin, { intent: "propose", siteId: carrier, reason: "企业明确只要月河园区临街厂房" });
    expect(withReason).toMatchObject({ status: 200, body: { ok: true, warning: "该载体已被其他项目列为意向载体" } });
    expect((await candidateOf(b, carrier)).overrideReason).toBe("企业明确只要月河园区临街厂房");

    // B cannot jump to 确定, nor take 意向 without a reason while A holds it.
    expect((await move(b, hanyin, carrier, "CONFIRMED")).body.fieldErrors?.status).toEqual(["候选载体不能从当前状态改为所选状态"]);
    expect((await move(b, hanyin, carrier, "VISITED")).status).toBe(200);
    const bIntent = await move(b, hanyin, carrier, "INTENDED");
    expect(bIntent.status).toBe(400);
    expect(bIntent.body.fieldErrors?.reason).toEqual(["该载体已被其他项目列为意向载体，推荐或确定意向须说明理由"]);

    // A 确定: 已签, A.siteId set, A's other offer abandoned; in one transaction.
    const aConfirm = await move(a, hanyin, carrier, "CONFIRMED");
    expect(aConfirm).toMatchObject({ status: 200, body: { ok: true } });
    expect(await site(carrier)).toMatchObject({ status: "SIGNED_OUT", holderProjectId: a });
    expect((await db.project.findUniqueOrThrow({ where: { id: a } })).siteId).toBe(carrier);
    expect(await db.siteCandidate.findFirstOrThrow({ where: { projectId: a, siteId: spare } })).toMatchObject({ status: "ABANDONED", statusAutoKey: "landing.autoAbandonedOtherConfirmed" });

    // B still may not 确定 while A holds it: even with a reason, once 意向 is taken over.
    const bTakes = await move(b, hanyin, carrier, "INTENDED", "领导协调：甲项目可能改用5号厂房");
    expect(bTakes).toMatchObject({ status: 200, body: { ok: true, warning: "该载体已签约给其他项目或已有企业入驻" } });
    const bConfirm = await move(b, hanyin, carrier, "CONFIRMED", "坚持");
    expect(bConfirm.status).toBe(409);
    expect(bConfirm.body.formError).toBe("该载体已签约给其他项目，不能确定");
    expect(await site(carrier)).toMatchObject({ status: "SIGNED_OUT", holderProjectId: a });
    expect((await move(b, hanyin, carrier, "ABANDONED")).status).toBe(200);

    // A 放弃 a 确定 carrier: a reason is required; then the carrier is free and A has no site.
    expect((await move(a, hanyin, carrier, "ABANDONED")).body.fieldErrors?.reason).toEqual(["此项变更须说明理由"]);
    expect((await move(a, hanyin, carrier, "ABANDONED", "企业改为自建厂房")).status).toBe(200);
    expect(await site(carrier)).toMatchObject({ status: "VACANT", holderProjectId: null });
    expect((await db.project.findUniqueOrThrow({ where: { id: a } })).siteId).toBeNull();

    // Every step audited with before/after.
    const aCand = await db.siteCandidate.findFirstOrThrow({ where: { projectId: a, siteId: carrier } });
    const rows = await db.auditLog.findMany({ where: { entity: "SiteCandidate", entityId: aCand.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.before ? JSON.parse(r.before).status : null, JSON.parse(r.after!).status])).toEqual([
      ["CREATE", null, "RECOMMENDED"],
      ["UPDATE", "RECOMMENDED", "VISITED"],
      ["UPDATE", "VISITED", "INTENDED"],
      ["UPDATE", "INTENDED", "CONFIRMED"],
      ["UPDATE", "CONFIRMED", "ABANDONED"],
    ]);
    const siteRows = await db.auditLog.findMany({ where: { entity: "Site", entityId: carrier, action: "UPDATE" }, orderBy: { id: "asc" } });
    expect(siteRows.map((r) => [JSON.parse(r.before!).status, JSON.parse(r.after!).status])).toEqual([
      ["VACANT", "RESERVED"],
      ["RESERVED", "SIGNED_OUT"],
      ["SIGNED_OUT", "VACANT"],
    ]);
    const projectRows = await db.auditLog.findMany({ where: { entity: "Project", entityId: a, action: "UPDATE" }, orderBy: { id: "asc" } });
    expect(projectRows.map((r) => [JSON.parse(r.before!).siteId, JSON.parse(r.after!).siteId])).toEqual([
      [null, carrier],
      [carrier, null],
    ]);
    expect(await db.auditLog.count({ where: { entity: "SiteVisit", action: "CREATE", after: { contains: aCandidate.id } } })).toBe(1);
  });

  test("a project outside the user's scope is never named: only 已被其他项目预留", async () => {
    // The city offers a 汉滨 carrier to a 汉阴 project, which takes it to 意向.
    const carrier = await newSite(city, { name: "汉滨高新3号厂房", regionId: hanbin.user.regionId! });
    const a = await newProject(hanyin, "项目丙");
    expect((await proposeSite(city.user, a, { siteId: carrier })).ok).toBe(true);
    expect((await move(a, city, carrier, "VISITED")).status).toBe(200);
    expect((await move(a, city, carrier, "INTENDED")).status).toBe(200);

    const list = await responseOf(listLoader({ request: testRequest(`/sites?q=${encodeURIComponent("汉滨高新3号")}`, { cookie: hanbin.cookie }), params: {}, ...ctx }));
    const rows = ((await list.json()) as { rows: { id: string; availability: { status: string; holders: unknown[]; heldByOthers: boolean } }[] }).rows;
    expect(rows.find((r) => r.id === carrier)!.availability).toMatchObject({ status: "RESERVED", holders: [], heldByOthers: true });
    const page = await responseOf(siteLoader({ request: testRequest(`/sites/${carrier}`, { cookie: hanbin.cookie }), params: { siteId: carrier }, ...ctx }));
    const body = (await page.json()) as { candidacies: { project: unknown; visits: unknown[] }[] };
    expect(body.candidacies).toEqual([expect.objectContaining({ project: null, overrideReason: null, visits: [] })]);
    expect(JSON.stringify(body)).not.toContain("项目丙");

    const b = await newProject(hanbin, "项目丁");
    const view = await panel(b, hanbin);
    const offered = [...view.suggestions, ...view.others].find((s) => s.site.id === carrier)!;
    expect(offered.reservation).toMatchObject({ level: "INTENDED", holders: [], heldByOthers: true });

    // The 汉阴 officer may not offer a 汉滨 carrier (not in scope): 404.
    const other = await newProject(hanyin, "项目戊");
    expect((await post(other, hanyin, { intent: "propose", siteId: carrier })).status).toBe(404);
  });

  test("route scope: another county's project is 404, a leader is 403", async () => {
    const a = await newProject(hanyin, "项目己");
    const carrier = await newSite(hanyin);
    expect((await post(a, hanbin, { intent: "propose", siteId: carrier })).status).toBe(404);
    expect((await responseOf(projectSitesLoader({ request: testRequest(`/projects/${a}/sites`, { cookie: hanbin.cookie }), params: { projectId: a }, ...ctx }))).status).toBe(404);
    expect((await post(a, leader, { intent: "propose", siteId: carrier })).status).toBe(403);
    const leaderView = await panel(a, leader);
    expect(leaderView.canWrite).toBe(false);
    expect(await db.siteCandidate.count({ where: { projectId: a } })).toBe(0);
  });

  test("two projects confirming one carrier at once: exactly one succeeds, the other gets 409", async () => {
    const carrier = await newSite(hanyin, { name: "汉阴并发厂房" });
    const p = await newProject(hanyin, "并发甲");
    const q = await newProject(hanyin, "并发乙");
    await postJson(p, hanyin, { intent: "propose", siteId: carrier });
    await postJson(q, hanyin, { intent: "propose", siteId: carrier });
    for (const id of [p, q]) expect((await move(id, hanyin, carrier, "VISITED")).status).toBe(200);
    expect((await move(p, hanyin, carrier, "INTENDED")).status).toBe(200);
    expect((await move(q, hanyin, carrier, "INTENDED", "两家企业都看中，领导定夺")).status).toBe(200);

    const [pc, qc] = [await candidateOf(p, carrier), await candidateOf(q, carrier)];
    const results = await Promise.all([
      postJson(p, hanyin, { intent: "move", candidateId: pc.id, to: "CONFIRMED", version: String(pc.version), reason: "县政府常务会议定" }),
      postJson(q, hanyin, { intent: "move", candidateId: qc.id, to: "CONFIRMED", version: String(qc.version), reason: "企业已付意向金" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.formError).toMatch(/^该载体/);
    const confirmed = await db.siteCandidate.findMany({ where: { siteId: carrier, status: "CONFIRMED" } });
    expect(confirmed).toHaveLength(1);
    const winner = confirmed[0]!.projectId;
    expect(await site(carrier)).toMatchObject({ status: "SIGNED_OUT", holderProjectId: winner });
    const sited = await db.project.findMany({ where: { id: { in: [p, q] }, siteId: carrier }, select: { id: true } });
    expect(sited.map((x) => x.id)).toEqual([winner]);
  });

  test("the partial unique indexes refuse a second 确定 on one carrier and a second open offer, whatever the application checked", async () => {
    const carrier = await newSite(hanyin, { name: "汉阴约束厂房" });
    const p = await newProject(hanyin, "约束甲");
    const q = await newProject(hanyin, "约束乙");
    await db.siteCandidate.create({ data: { projectId: p, siteId: carrier, status: "CONFIRMED" } });
    const secondConfirm = await db.siteCandidate.create({ data: { projectId: q, siteId: carrier, status: "CONFIRMED" } }).then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(secondConfirm)).toBe(true);
    await db.siteCandidate.create({ data: { projectId: q, siteId: carrier, status: "RECOMMENDED" } });
    const secondOpen = await db.siteCandidate.create({ data: { projectId: q, siteId: carrier, status: "VISITED" } }).then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(secondOpen)).toBe(true);
    await db.siteCandidate.create({ data: { projectId: q, siteId: carrier, status: "ABANDONED" } });
  });

  test("visits: not in the future, not on an abandoned offer; each one listed on the panel and the carrier's page", async () => {
    const carrier = await newSite(hanyin, { name: "汉阴踏勘厂房" });
    const a = await newProject(hanyin, "踏勘甲");
    await postJson(a, hanyin, { intent: "propose", siteId: carrier });
    const c = await candidateOf(a, carrier);
    const future = await postJson(a, hanyin, { intent: "visit", candidateId: c.id, visitedAt: "2999-01-01", participants: "汉阴专员" });
    expect(future.status).toBe(400);
    expect(future.body.fieldErrors?.visitedAt).toEqual(["踏勘日期不能晚于今天"]);
    const missing = await postJson(a, hanyin, { intent: "visit", candidateId: c.id, visitedAt: "2026-01-05" });
    expect(missing.body.fieldErrors?.participants).toEqual(["请填写参加人员"]);
    for (const [day, who] of [
      ["2026-01-05", "汉阴专员"],
      ["2026-01-20", "王副县长、汉阴专员、企业李总"],
    ] as const) {
      expect((await postJson(a, hanyin, { intent: "visit", candidateId: c.id, visitedAt: day, participants: who })).status).toBe(200);
    }
    const view = await panel(a, hanyin);
    const card = view.candidates.find((x) => x.site.id === carrier)!;
    expect(card.status).toBe("VISITED");
    expect(card.visits.map((v) => [v.visitedAt, v.participants, v.author])).toEqual([
      ["2026-01-20", "王副县长、汉阴专员、企业李总", "汉阴专员"],
      ["2026-01-05", "汉阴专员", "汉阴专员"],
    ]);
    const page = (await (await responseOf(siteLoader({ request: testRequest(`/sites/${carrier}`, { cookie: hanyin.cookie }), params: { siteId: carrier }, ...ctx }))).json()) as {
      candidacies: { visits: unknown[] }[];
    };
    expect(page.candidacies[0]!.visits).toHaveLength(2);

    expect((await move(a, hanyin, carrier, "ABANDONED")).status).toBe(200);
    const onAbandoned = await postJson(a, hanyin, { intent: "visit", candidateId: c.id, visitedAt: "2026-01-21", participants: "汉阴专员" });
    expect(onAbandoned.body.fieldErrors?.candidateId).toEqual(["已放弃的候选载体不能记录踏勘"]);
  });

  test("the panel tells which moves need a reason and which are refused", async () => {
    const carrier = await newSite(hanyin, { name: "汉阴按钮厂房" });
    const a = await newProject(hanyin, "按钮甲");
    const b = await newProject(hanyin, "按钮乙");
    await proposeSite(hanyin.user, a, { siteId: carrier });
    for (const to of ["VISITED", "INTENDED", "CONFIRMED"]) expect((await move(a, hanyin, carrier, to)).status).toBe(200);
    await proposeSite(hanyin.user, b, { siteId: carrier, reason: "备选" });
    await move(b, hanyin, carrier, "VISITED");
    await move(b, hanyin, carrier, "INTENDED", "领导协调");
    const view = await panel(b, hanyin);
    const card = view.candidates.find((c) => c.site.id === carrier)!;
    const byTo = Object.fromEntries(card.moves.map((m) => [m.to, m]));
    expect(byTo.CONFIRMED!.refused).toBe("该载体已签约给其他项目，不能确定");
    expect(byTo.VISITED!).toMatchObject({ label: "退回踏勘", needsReason: true, refused: null });
    expect(byTo.ABANDONED!).toMatchObject({ needsReason: false, refused: null });
    expect(card.reservation).toMatchObject({ level: "SIGNED", heldByOthers: false });
    const aView = await panel(a, hanyin);
    expect(aView.project).toMatchObject({ siteId: carrier, siteName: "汉阴按钮厂房" });
  });
});

// 目标企业 on a real database (SQLite, or PostgreSQL with TEST_DB=postgres), through the model and
// through the route modules with real sessions: 首报归属, the public card other counties see
// (and the 404 behind it), duplicate codes and names, the optimistic lock, soft delete and
// restore, contacts, merge, and the audit images every write leaves.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { usccCheckChar } from "#app/domain/uscc";
import {
  companyHistory,
  companyOptionsForUser,
  createCompany,
  createContact,
  deleteCompany,
  deleteContact,
  getCompanyForUser,
  getCompanyPublic,
  listCompanies,
  listContacts,
  listDeletedCompanies,
  listDuplicateGroups,
  mergeCompanies,
  restoreCompany,
  updateCompany,
  updateContact,
  type CompanyInput,
} from "#app/models/company.server";
import { action as editAction, loader as editLoader } from "#app/routes/companies.$companyId_.edit";
import { action as pageAction, loader as pageLoader } from "#app/routes/companies.$companyId";
import { action as listAction, loader as listLoader } from "#app/routes/companies._index";
import { action as mergeAction, loader as mergeLoader } from "#app/routes/companies.merge";
import { action as newAction } from "#app/routes/companies.new";
import { getUser } from "#app/utils/auth.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { newTotpSecret } from "#app/utils/totp.server";
import { VersionConflict } from "#app/utils/version-conflict.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { context: {} };

type Signed = { user: SessionUser; cookie: string };
let hanyin: Signed;
let hanbin: Signed;
let city: Signed;
let countyLeader: Signed;
let hanyinRegionId: string;
let hanbinRegionId: string;

async function signIn(options: Parameters<typeof createTestUser>[1]): Promise<Signed> {
  const row = await createTestUser(db, options);
  const cookie = await sessionCookieFor(row.username);
  const user = await getUser(testRequest("/", { cookie }));
  if (!user) throw new Error("no session");
  return { user, cookie };
}

let serial = 100;
/** A valid 统一社会信用代码 (GB 32100 check character), different each call. */
function newUscc(): string {
  serial += 1;
  const body = `91610921MA6X${String(serial).padStart(5, "0")}`;
  return body + usccCheckChar(body);
}

async function create(user: SessionUser, input: Partial<CompanyInput> & { name: string }) {
  const outcome = await createCompany(user, input);
  if (!outcome.ok) throw new Error(`createCompany refused: ${JSON.stringify(outcome)}`);
  return outcome.id;
}

async function audits(entityId: string, action?: string) {
  const rows = await db.auditLog.findMany({ where: { entityId, ...(action ? { action } : {}) }, orderBy: { id: "asc" }, select: { action: true, actorId: true, before: true, after: true, detail: true } });
  return rows.map((r) => ({ ...r, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }));
}

async function expectStatus(call: Promise<unknown> | (() => Promise<unknown>), status: number) {
  expect((await responseOf(call)).status).toBe(status);
}

async function expectThrown404(promise: Promise<unknown>) {
  await expect(promise).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 404);
}

async function companyVersion(id: string) {
  return (await db.company.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
}

async function addProject(companyId: string, regionId: string, name: string) {
  serial += 1;
  return db.project.create({
    data: { code: `AK-2026-${String(serial).padStart(4, "0")}`, name, searchKey: searchKeyFor(name), companyId, regionId, plannedInvestment: 5000, stage: "LEAD", stageEnteredAt: new Date() },
  });
}

beforeAll(async () => {
  hanyin = await signIn({ role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "汉阴专员" });
  hanbin = await signIn({ role: "COUNTY_OFFICER", regionName: "汉滨区", displayName: "汉滨专员" });
  city = await signIn({ role: "CITY_OFFICER", displayName: "市局专员" });
  countyLeader = await signIn({ role: "LEADER", regionName: "汉阴县", displayName: "汉阴县领导" });
  hanyinRegionId = hanyin.user.regionId!;
  hanbinRegionId = hanbin.user.regionId!;
});

describe("creating", () => {
  test("a county officer's company belongs to their county (首报归属), audited with its image", async () => {
    const code = newUscc();
    const outcome = await createCompany(hanyin.user, { name: " 深圳市秦巴绒趣玩具有限公司 ", uscc: code.toLowerCase(), tags: ["CHAIN_LEADER", "LISTED", "BOGUS"], ownerRegionId: hanbinRegionId });
    expect(outcome.ok).toBe(true);
    const id = outcome.ok ? outcome.id : "";
    const row = await db.company.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: "深圳市秦巴绒趣玩具有限公司", uscc: code, ownerRegionId: hanyinRegionId, normalizedName: "秦巴绒趣玩具", tags: "LISTED,CHAIN_LEADER", createdById: hanyin.user.id, version: 1 });
    expect(row.searchKey).toContain("szsqbrqwjyxgs");
    const [audit] = await audits(id);
    expect(audit).toMatchObject({ action: "CREATE", actorId: hanyin.user.id, before: null });
    expect(audit!.after).toMatchObject({ id, name: row.name, uscc: code, ownerRegionId: hanyinRegionId, version: 1 });
  });

  test("a city officer chooses the owning region", async () => {
    expect(await createCompany(city.user, { name: "市局登记企业" })).toMatchObject({ ok: false, field: "ownerRegionId", message: "companies.ownerRegionRequired" });
    const id = await create(city.user, { name: "市局登记企业", ownerRegionId: hanbinRegionId });
    expect((await db.company.findUniqueOrThrow({ where: { id } })).ownerRegionId).toBe(hanbinRegionId);
  });

  test("a wrong check character is refused with the expected one; no code is fine", async () => {
    const good = newUscc();
    const bad = good.slice(0, 17) + (good.endsWith("0") ? "1" : "0");
    expect(await createCompany(hanyin.user, { name: "校验位错误企业", uscc: bad })).toMatchObject({ ok: false, field: "uscc", message: "pipeline.usccChecksum", params: { expected: good.at(-1) } });
    expect(await createCompany(hanyin.user, { name: "境外企业", uscc: "" })).toMatchObject({ ok: true });

    const res = await responseOf(newAction({ request: testRequest("/companies/new", { cookie: hanyin.cookie, form: { name: "校验位错误企业", uscc: bad } }), params: {}, ...ctx }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    expect(body.result.error.uscc?.[0]).toBe(`统一社会信用代码校验位错误，应为 ${good.at(-1)}`);
    expect(body.result.initialValue.name).toBe("校验位错误企业");
  });

  test("leaders read but cannot register companies", async () => {
    await expectStatus(newAction({ request: testRequest("/companies/new", { cookie: countyLeader.cookie, form: { name: "领导登记" } }), params: {}, ...ctx }), 403);
    await expect(createCompany(countyLeader.user, { name: "领导登记" })).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 403);
  });
});

describe("duplicates", () => {
  test("the same code is refused, naming the existing company, even when it is in the recycle bin", async () => {
    const code = newUscc();
    const first = await create(hanyin.user, { name: "安康富硒茶业有限公司", uscc: code });
    expect(await createCompany(hanbin.user, { name: "另一个名字", uscc: code })).toEqual({
      ok: false,
      kind: "usccTaken",
      field: "uscc",
      existing: { id: first, name: "安康富硒茶业有限公司", ownerRegionName: "汉阴县", deleted: false, inScope: false },
    });

    const res = await responseOf(newAction({ request: testRequest("/companies/new", { cookie: hanbin.cookie, form: { name: "另一个名字", uscc: code } }), params: {}, ...ctx }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { result: { error: Record<string, string[]> }; usccTaken: { id: string; linkable: boolean } };
    expect(body.result.error.uscc).toEqual(["该统一社会信用代码已登记为企业“安康富硒茶业有限公司”（汉阴县首报）"]);
    expect(body.usccTaken).toMatchObject({ id: first, linkable: true });

    await deleteCompany(hanyin.user, first, 1);
    const again = await responseOf(newAction({ request: testRequest("/companies/new", { cookie: hanbin.cookie, form: { name: "另一个名字", uscc: code } }), params: {}, ...ctx }));
    const againBody = (await again.json()) as { result: { error: Record<string, string[]> }; usccTaken: { linkable: boolean } };
    expect(againBody.result.error.uscc?.[0]).toContain("已删除，在回收站中");
    // Deleted and outside 汉滨's scope: no link to a page that would answer 404.
    expect(againBody.usccTaken.linkable).toBe(false);
    expect(await db.company.count({ where: { uscc: code } })).toBe(1);
  });

  test("a normalised-name match warns until the user confirms", async () => {
    await create(hanyin.user, { name: "东莞市汉江绒趣玩具有限公司" });
    const outcome = await createCompany(hanbin.user, { name: "汉江绒趣玩具（中国）股份有限公司" });
    expect(outcome).toMatchObject({ ok: false, kind: "similarName", similar: [{ name: "东莞市汉江绒趣玩具有限公司", ownerRegionName: "汉阴县" }] });

    const form = { name: "汉江绒趣玩具（中国）股份有限公司" };
    const res = await responseOf(newAction({ request: testRequest("/companies/new", { cookie: hanbin.cookie, form }), params: {}, ...ctx }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { similar: unknown[] }).similar).toHaveLength(1);

    const confirmed = await responseOf(newAction({ request: testRequest("/companies/new", { cookie: hanbin.cookie, form: { ...form, confirmDuplicate: "on" } }), params: {}, ...ctx }));
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toMatch(/^\/companies\/[^/]+\?notice=created$/);
    expect((await listDuplicateGroups()).some((g) => g.normalizedName === "汉江绒趣玩具" && g.companies.length === 2)).toBe(true);
  });
});

describe("visibility across counties", () => {
  let companyId: string;

  beforeAll(async () => {
    companyId = await create(hanyin.user, { name: "秦巴毛绒文创有限公司", uscc: newUscc(), tags: ["TOP20"], description: "内部评估：意向强" });
    await createContact(hanyin.user, companyId, { name: "张总", phone: "13800000000" });
  });

  test("another county's officer finds it in the list (pinyin initials) with public columns only", async () => {
    const res = await responseOf(listLoader({ request: testRequest("/companies?q=qbmrwc", { cookie: hanbin.cookie }), params: {}, ...ctx }));
    expect(res.status).toBe(200);
    const data = (await res.json()) as { total: number; rows: Record<string, unknown>[] };
    expect(data.total).toBe(1);
    expect(data.rows[0]).toMatchObject({ id: companyId, name: "秦巴毛绒文创有限公司", ownerRegionName: "汉阴县", tags: ["行业前20强"], inScope: false, uscc: null, projectCount: null, updatedAt: null });

    const own = (await listCompanies(hanyin.user, { q: "qbmrwc" }, { sort: "name", dir: "asc", skip: 0, pageSize: 10 })).rows[0];
    expect(own).toMatchObject({ inScope: true, projectCount: 0 });
    expect(own!.uscc).toMatch(/^91610921/);
    // Searching by code reaches only companies in one's own scope.
    const code = own!.uscc!;
    expect((await listCompanies(hanbin.user, { q: code }, { sort: "name", dir: "asc", skip: 0, pageSize: 10 })).total).toBe(0);
    expect((await listCompanies(hanyin.user, { q: code }, { sort: "name", dir: "asc", skip: 0, pageSize: 10 })).total).toBe(1);
    expect((await listCompanies(hanbin.user, { q: "qbmrwc", ownScope: true }, { sort: "name", dir: "asc", skip: 0, pageSize: 10 })).total).toBe(0);
  });

  test("its page shows the public card and the owner note, never contacts or description", async () => {
    const res = await responseOf(pageLoader({ request: testRequest(`/companies/${companyId}?tab=contacts`, { cookie: hanbin.cookie }), params: { companyId }, ...ctx }));
    expect(res.status).toBe(200);
    const text = await res.text();
    const data = JSON.parse(text) as { company: { name: string; ownerRegionName: string }; full: unknown };
    expect(data.company).toMatchObject({ name: "秦巴毛绒文创有限公司", ownerRegionName: "汉阴县" });
    expect(data.full).toBeNull();
    expect(text).not.toContain("张总");
    expect(text).not.toContain("意向强");
    expect(text).not.toContain("91610921");

    const ownRes = await responseOf(pageLoader({ request: testRequest(`/companies/${companyId}?tab=contacts`, { cookie: hanyin.cookie }), params: { companyId }, ...ctx }));
    const own = (await ownRes.json()) as { full: { contacts: { name: string }[]; details: { description: string } } };
    expect(own.full.contacts.map((c) => c.name)).toEqual(["张总"]);
    expect(own.full.details.description).toBe("内部评估：意向强");
  });

  test("its contacts, edit page and writes answer 404", async () => {
    const contact = await db.contact.findFirstOrThrow({ where: { companyId } });
    const pageRequest = (form: Record<string, string>) => pageAction({ request: testRequest(`/companies/${companyId}`, { cookie: hanbin.cookie, form }), params: { companyId }, ...ctx });
    await expectStatus(pageRequest({ intent: "addContact", name: "越权联系人" }), 404);
    await expectStatus(pageRequest({ intent: "editContact", contactId: contact.id, version: "1", name: "改名" }), 404);
    await expectStatus(pageRequest({ intent: "deleteContact", contactId: contact.id, version: "1" }), 404);
    await expectStatus(pageRequest({ intent: "deleteCompany", version: "1" }), 404);
    await expectStatus(editLoader({ request: testRequest(`/companies/${companyId}/edit`, { cookie: hanbin.cookie }), params: { companyId }, ...ctx }), 404);
    await expectStatus(editAction({ request: testRequest(`/companies/${companyId}/edit`, { cookie: hanbin.cookie, form: { name: "改名", version: "1" } }), params: { companyId }, ...ctx }), 404);

    await expectThrown404(listContacts(hanbin.user, companyId));
    await expectThrown404(createContact(hanbin.user, companyId, { name: "越权" }));
    await expectThrown404(updateContact(hanbin.user, contact.id, 1, { name: "改名" }));
    await expectThrown404(deleteContact(hanbin.user, contact.id, 1));
    await expectThrown404(updateCompany(hanbin.user, companyId, 1, { name: "改名" }));
    await expectThrown404(deleteCompany(hanbin.user, companyId, 1));
    await expectThrown404(companyHistory(hanbin.user, companyId));
    expect(await db.contact.count({ where: { companyId } })).toBe(1);
    expect((await db.company.findUniqueOrThrow({ where: { id: companyId } })).name).toBe("秦巴毛绒文创有限公司");
  });

  test("the county's leader and the city see the whole record; the project form gets in-scope companies", async () => {
    expect((await getCompanyForUser(countyLeader.user, companyId))?.access).toBe("full");
    expect((await getCompanyForUser(city.user, companyId))?.access).toBe("full");
    expect((await getCompanyForUser(hanbin.user, companyId))?.access).toBe("public");
    expect(await getCompanyPublic(companyId)).toMatchObject({ name: "秦巴毛绒文创有限公司", ownerRegionName: "汉阴县", tags: ["TOP20"] });

    expect((await companyOptionsForUser(hanyin.user, "qbmrwc")).map((c) => c.id)).toEqual([companyId]);
    expect(await companyOptionsForUser(hanbin.user, "qbmrwc")).toEqual([]);
    expect((await companyOptionsForUser(city.user, "秦巴毛绒")).map((c) => c.id)).toContain(companyId);
  });
});

describe("editing", () => {
  test("a stale version throws VersionConflict and nothing is written", async () => {
    const id = await create(hanyin.user, { name: "旬阳新材料有限公司" });
    expect(await updateCompany(hanyin.user, id, 1, { name: "旬阳新材料科技有限公司", hqProvince: "广东省" })).toEqual({ ok: true, id });
    await expect(updateCompany(hanyin.user, id, 1, { name: "过期的保存" })).rejects.toBeInstanceOf(VersionConflict);
    const row = await db.company.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: "旬阳新材料科技有限公司", version: 2, normalizedName: normalizeCompanyName("旬阳新材料科技有限公司") });
    expect(row.searchKey).toBe(searchKeyFor("旬阳新材料科技有限公司"));
    const updates = await audits(id, "UPDATE");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.before).toMatchObject({ name: "旬阳新材料有限公司", hqProvince: null, version: 1 });
    expect(updates[0]!.after).toMatchObject({ name: "旬阳新材料科技有限公司", hqProvince: "广东省", version: 2 });
  });

  test("through the edit page: the second of two saves from one version gets 409, what changed, and keeps its input", async () => {
    const id = await create(hanyin.user, { name: "汉阴富硒食品有限公司" });
    const chains = await db.industryChain.findMany({ where: { name: "富硒食品" }, select: { id: true } });
    const edit = (form: Record<string, string>) => responseOf(editAction({ request: testRequest(`/companies/${id}/edit`, { cookie: hanyin.cookie, form }), params: { companyId: id }, ...ctx }));

    const loaded = (await (await responseOf(editLoader({ request: testRequest(`/companies/${id}/edit`, { cookie: hanyin.cookie }), params: { companyId: id }, ...ctx }))).json()) as { company: { version: number } };
    const version = String(loaded.company.version);
    const first = await edit({ name: "汉阴富硒食品有限公司", chainId: chains[0]!.id, hqCity: "深圳市", version });
    expect(first.status).toBe(302);
    const second = await edit({ name: "汉阴富硒食品集团", description: "我的补充", version });
    expect(second.status).toBe(409);
    const body = (await second.json()) as {
      result: { initialValue: Record<string, string>; error: Record<string, string[]> };
      conflict: { version: number; changedBy: string; changes: { field: string; from: string; to: string }[] };
    };
    expect(body.result.initialValue).toMatchObject({ name: "汉阴富硒食品集团", description: "我的补充" });
    expect(body.result.error[""]?.[0]).toContain("已被他人修改");
    expect(body.conflict.version).toBe(2);
    expect(body.conflict.changedBy).toBe("汉阴专员");
    expect(body.conflict.changes).toEqual(
      expect.arrayContaining([
        { field: "chainId", from: "", to: "富硒食品" },
        { field: "hqCity", from: "", to: "深圳市" },
      ]),
    );
    expect((await db.company.findUniqueOrThrow({ where: { id } })).name).toBe("汉阴富硒食品有限公司");
  });

  test("a record created outside the app (no CREATE row) still gets the list of changes", async () => {
    const name = "导入的企业有限公司";
    const { id } = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: hanyinRegionId } });
    await updateCompany(city.user, id, 1, { name, hqProvince: "浙江省", ownerRegionId: hanyinRegionId });
    const res = await responseOf(editAction({ request: testRequest(`/companies/${id}/edit`, { cookie: hanyin.cookie, form: { name, description: "我的", version: "1" } }), params: { companyId: id }, ...ctx }));
    expect(res.status).toBe(409);
    const body = (await res.json()) as { conflict: { changedBy: string; changes: { field: string; from: string; to: string }[] } };
    expect(body.conflict).toMatchObject({ changedBy: "市局专员", changes: [{ field: "hqProvince", from: "", to: "浙江省" }] });
  });

  test("concurrent saves from one version: exactly one wins, the rest conflict", async () => {
    const id = await create(hanyin.user, { name: "宁陕山珍有限公司" });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => updateCompany(hanyin.user, id, 1, { name: "宁陕山珍有限公司", hqCity: `城市${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof VersionConflict)).toHaveLength(19);
    expect(await companyVersion(id)).toBe(2);
    expect(await audits(id, "UPDATE")).toHaveLength(1);
  });

  test("a county officer cannot move a company to another county; a city officer can", async () => {
    const id = await create(hanyin.user, { name: "石泉物流有限公司" });
    await updateCompany(hanyin.user, id, 1, { name: "石泉物流有限公司", ownerRegionId: hanbinRegionId });
    expect((await db.company.findUniqueOrThrow({ where: { id } })).ownerRegionId).toBe(hanyinRegionId);
    await updateCompany(city.user, id, 2, { name: "石泉物流有限公司", ownerRegionId: hanbinRegionId });
    expect((await db.company.findUniqueOrThrow({ where: { id } })).ownerRegionId).toBe(hanbinRegionId);
    const changes = await audits(id, "UPDATE");
    expect(changes[1]!.before.ownerRegionId).toBe(hanyinRegionId);
    expect(changes[1]!.after.ownerRegionId).toBe(hanbinRegionId);
  });
});

describe("recycle bin", () => {
  test("soft delete and restore, each audited with before/after", async () => {
    const id = await create(hanyin.user, { name: "紫阳茶旅有限公司" });
    await expect(deleteCompany(hanyin.user, id, 5)).rejects.toBeInstanceOf(VersionConflict);
    expect(await deleteCompany(hanyin.user, id, 1)).toEqual({ ok: true });
    expect((await listCompanies(hanyin.user, { q: "紫阳茶旅" }, { sort: "name", dir: "asc", skip: 0, pageSize: 10 })).total).toBe(0);
    expect((await listDeletedCompanies(hanyin.user)).map((c) => c.id)).toContain(id);
    expect(await listDeletedCompanies(hanbin.user)).not.toContainEqual(expect.objectContaining({ id }));
    expect(await getCompanyForUser(hanbin.user, id)).toBeNull();
    expect((await getCompanyForUser(hanyin.user, id))?.access).toBe("full");
    await expectThrown404(restoreCompany(hanbin.user, id));

    const res = await responseOf(pageAction({ request: testRequest(`/companies/${id}`, { cookie: hanyin.cookie, form: { intent: "restoreCompany" } }), params: { companyId: id }, ...ctx }));
    expect(res.status).toBe(302);
    expect((await db.company.findUniqueOrThrow({ where: { id } })).deletedAt).toBeNull();

    const [, del, restore] = await audits(id);
    expect(del).toMatchObject({ action: "DELETE", before: { deletedAt: null, version: 1 }, after: { version: 2 } });
    expect(del!.after.deletedAt).not.toBeNull();
    expect(restore).toMatchObject({ action: "RESTORE", after: { deletedAt: null, version: 3 } });
    expect(restore!.before.deletedAt).not.toBeNull();
  });

  test("a company with live projects is not deleted", async () => {
    const id = await create(hanyin.user, { name: "平利绞股蓝有限公司" });
    await addProject(id, hanyinRegionId, "绞股蓝深加工");
    const res = await responseOf(pageAction({ request: testRequest(`/companies/${id}`, { cookie: hanyin.cookie, form: { intent: "deleteCompany", version: "1" } }), params: { companyId: id }, ...ctx }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("该企业下还有 1 个项目，请先处理这些项目再删除企业");
    expect((await db.company.findUniqueOrThrow({ where: { id } })).deletedAt).toBeNull();
  });
});

describe("contacts", () => {
  test("add, edit (versioned) and delete, audited, and shown in the change log", async () => {
    const companyId = await create(hanyin.user, { name: "岚皋魔芋有限公司" });
    const page = (form: Record<string, string>) => responseOf(pageAction({ request: testRequest(`/companies/${companyId}`, { cookie: hanyin.cookie, form }), params: { companyId }, ...ctx }));

    expect((await page({ intent: "addContact", name: "李经理", phone: "0915-1234567", email: "li@example.com" })).status).toBe(302);
    const contact = await db.contact.findFirstOrThrow({ where: { companyId } });
    const bad = await page({ intent: "addContact", name: "", email: "不是邮箱" });
    expect(bad.status).toBe(400);

    expect((await page({ intent: "editContact", contactId: contact.id, version: "1", name: "李总", phone: "0915-1234567" })).status).toBe(302);
    const stale = await page({ intent: "editContact", contactId: contact.id, version: "1", name: "李总经理" });
    expect(stale.status).toBe(409);
    const staleBody = (await stale.json()) as { conflict: { changes: { field: string; from: string; to: string }[] }; result: { initialValue: Record<string, string> } };
    expect(staleBody.conflict.changes).toEqual(expect.arrayContaining([{ field: "name", from: "李经理", to: "李总" }]));
    expect(staleBody.result.initialValue.name).toBe("李总经理");

    expect((await page({ intent: "deleteContact", contactId: contact.id, version: "2" })).status).toBe(302);
    expect(await listContacts(hanyin.user, companyId)).toEqual([]);

    const rows = await audits(contact.id);
    expect(rows.map((r) => r.action)).toEqual(["CREATE", "UPDATE", "DELETE"]);
    expect(rows[1]).toMatchObject({ before: { name: "李经理", version: 1 }, after: { name: "李总", version: 2, email: null } });

    const history = await companyHistory(hanyin.user, companyId);
    expect(history.map((h) => `${h.entity}:${h.action}`)).toEqual(["Contact:DELETE", "Contact:UPDATE", "Contact:CREATE", "Company:CREATE"]);
    expect(history[1]!.changes).toEqual(expect.arrayContaining([{ field: "name", from: "李经理", to: "李总" }]));
  });

  test("a contact of another company cannot be edited through this company's page", async () => {
    const a = await create(hanyin.user, { name: "镇坪腊肉有限公司" });
    const b = await create(hanyin.user, { name: "镇坪黄连有限公司" });
    const { id } = await createContact(hanyin.user, b, { name: "王厂长" });
    const res = await responseOf(pageAction({ request: testRequest(`/companies/${a}`, { cookie: hanyin.cookie, form: { intent: "deleteContact", contactId: id, version: "1" } }), params: { companyId: a }, ...ctx }));
    expect(res.status).toBe(404);
  });
});

describe("merge", () => {
  test("moves projects and contacts, fills blanks, deletes the duplicate and audits both", async () => {
    const code = newUscc();
    const survivor = await create(hanyin.user, { name: "安康绒趣玩具有限公司", tags: ["LISTED"], chainId: undefined });
    const duplicate = await create(city.user, { name: "安康市绒趣玩具有限公司", uscc: code, tags: ["TOP20"], hqProvince: "广东省", ownerRegionId: hanbinRegionId, confirmDuplicate: true });
    const p1 = await addProject(duplicate, hanbinRegionId, "绒趣二期");
    const p2 = await addProject(survivor, hanyinRegionId, "绒趣一期");
    const { id: contactId } = await createContact(city.user, duplicate, { name: "赵董" });

    await expect(mergeCompanies(hanyin.user, { survivorId: survivor, survivorVersion: 1, duplicateId: duplicate, duplicateVersion: 1 })).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 403);
    await expect(mergeCompanies(city.user, { survivorId: survivor, survivorVersion: 9, duplicateId: duplicate, duplicateVersion: 1 })).rejects.toBeInstanceOf(VersionConflict);

    const res = await responseOf(
      mergeAction({
        request: testRequest("/companies/merge", { cookie: city.cookie, form: { intent: "merge", survivorId: survivor, survivorVersion: "1", duplicateId: duplicate, duplicateVersion: "1", ownerRegionId: hanyinRegionId } }),
        params: {},
        ...ctx,
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/companies/${survivor}?notice=merged`);

    const [s, d] = await Promise.all([db.company.findUniqueOrThrow({ where: { id: survivor } }), db.company.findUniqueOrThrow({ where: { id: duplicate } })]);
    expect(s).toMatchObject({ uscc: code, hqProvince: "广东省", tags: "LISTED,TOP20", ownerRegionId: hanyinRegionId, deletedAt: null, version: 2 });
    expect(d.deletedAt).not.toBeNull();
    expect(d.uscc).toBeNull();
    expect(await db.project.findMany({ where: { id: { in: [p1.id, p2.id] } }, select: { companyId: true } })).toEqual([{ companyId: survivor }, { companyId: survivor }]);
    expect((await db.contact.findUniqueOrThrow({ where: { id: contactId } })).companyId).toBe(survivor);

    for (const [id, detail] of [
      [survivor, `mergedFrom=${duplicate}`],
      [duplicate, `mergedInto=${survivor}`],
    ] as const) {
      const [merge] = await audits(id, "MERGE");
      expect(merge).toMatchObject({ actorId: city.user.id, detail });
      expect(merge!.before.survivor).toMatchObject({ id: survivor, uscc: null, tags: "LISTED", version: 1 });
      expect(merge!.before.duplicate).toMatchObject({ id: duplicate, uscc: code, deletedAt: null, version: 1 });
      expect(merge!.after.survivor).toMatchObject({ id: survivor, uscc: code, tags: "LISTED,TOP20", version: 2 });
      expect(merge!.after.duplicate).toMatchObject({ id: duplicate, uscc: null, version: 2 });
      expect(merge!.after.duplicate.deletedAt).not.toBeNull();
      expect(merge!.after.projectIds).toEqual([p1.id]);
      expect(merge!.after.contactIds).toEqual([contactId]);
    }
    expect((await audits(p1.id, "UPDATE"))[0]).toMatchObject({ before: { companyId: duplicate }, after: { companyId: survivor } });
    expect((await audits(contactId, "UPDATE"))[0]).toMatchObject({ before: { companyId: duplicate }, after: { companyId: survivor } });

    // The survivor's history says it absorbed another record.
    const history = await companyHistory(hanyin.user, survivor);
    expect(history[0]).toMatchObject({ entity: "Company", action: "MERGE", detail: `mergedFrom=${duplicate}` });
    expect(history[0]!.changes).toEqual(expect.arrayContaining([{ field: "hqProvince", from: "", to: "广东省" }]));
  });

  test("an admin merges from the merge page and stays there; a county officer gets 403", async () => {
    const admin = await createTestUser(db, { role: "ADMIN", totpSecret: newTotpSecret() });
    const cookie = await sessionCookieFor(admin.username);
    const a = await create(city.user, { name: "恒口示范区纺织有限公司", ownerRegionId: hanyinRegionId });
    const b = await create(city.user, { name: "恒口纺织有限公司", ownerRegionId: hanyinRegionId });
    const page = await responseOf(mergeLoader({ request: testRequest(`/companies/merge?survivor=${a}&duplicate=${b}`, { cookie }), params: {}, ...ctx }));
    expect(page.status).toBe(200);
    expect(((await page.json()) as { preview: { survivor: { id: string }; duplicate: { id: string } } }).preview).toMatchObject({ survivor: { id: a }, duplicate: { id: b } });
    const form = { survivorId: a, survivorVersion: "1", duplicateId: b, duplicateVersion: "1" };
    await expectStatus(mergeAction({ request: testRequest("/companies/merge", { cookie: hanyin.cookie, form }), params: {}, ...ctx }), 403);
    await expectStatus(mergeLoader({ request: testRequest("/companies/merge", { cookie: hanyin.cookie }), params: {}, ...ctx }), 403);
    const res = await responseOf(mergeAction({ request: testRequest("/companies/merge", { cookie, form }), params: {}, ...ctx }));
    expect(res.headers.get("Location")).toBe("/companies/merge?notice=merged");
    expect((await db.company.findUniqueOrThrow({ where: { id: b } })).deletedAt).not.toBeNull();
    // A second submission of the same preview is stale: the duplicate is gone.
    const again = await responseOf(mergeAction({ request: testRequest("/companies/merge", { cookie, form }), params: {}, ...ctx }));
    expect(again.status).toBe(404);
  });

  test("merging a company into itself or a deleted one is refused", async () => {
    const a = await create(city.user, { name: "白河硒茶有限公司", ownerRegionId: hanyinRegionId });
    expect(await mergeCompanies(city.user, { survivorId: a, survivorVersion: 1, duplicateId: a, duplicateVersion: 1 })).toEqual({ ok: false, message: "companies.mergeSame" });
    const b = await create(city.user, { name: "白河硒茶二公司", ownerRegionId: hanyinRegionId });
    await deleteCompany(city.user, b, 1);
    await expectThrown404(mergeCompanies(city.user, { survivorId: a, survivorVersion: 1, duplicateId: b, duplicateVersion: 2 }));
    expect(await companyVersion(a)).toBe(1);
  });
});

describe("saved views of the company list (我的视图)", () => {
  const views = async (cookie: string) => {
    const data = (await (await responseOf(listLoader({ request: testRequest("/companies", { cookie }), params: {}, ...ctx }))).json()) as { savedViews: { id: string; name: string; query: string }[] };
    return data.savedViews;
  };
  const post = (form: Record<string, string>, cookie: string) => responseOf(listAction({ request: testRequest("/companies?index", { cookie, form }), params: {}, ...ctx }));

  test("keep the list's filters and sort (not the page), per user, deletable only by their owner", async () => {
    const saved = await post({ intent: "saveView", name: "500强链主", query: `?tag=FORTUNE500&region=${hanyinRegionId}&sort=name&dir=asc&page=4&bogus=1` }, city.cookie);
    expect(saved.status).toBe(200);
    const mine = await views(city.cookie);
    expect(mine).toEqual([expect.objectContaining({ name: "500强链主", query: `tag=FORTUNE500&region=${hanyinRegionId}&sort=name&dir=asc` })]);
    expect(await views(hanyin.cookie)).toEqual([]);

    expect((await post({ intent: "deleteView", viewId: mine[0]!.id }, hanyin.cookie)).status).toBe(404);
    expect((await post({ intent: "saveView", name: " ", query: "" }, city.cookie)).status).toBe(400);
    expect((await post({ intent: "deleteView", viewId: mine[0]!.id }, city.cookie)).status).toBe(200);
    expect(await views(city.cookie)).toEqual([]);
  });
});

// The 产业链 dictionary: the seeded chains and links, the admin's edits at /admin/chains (each
// audited), and that only config:edit may make them.
import { type Role } from "#app/domain/roles";
import { action, loader } from "#app/routes/admin.chains";
import { chainOptions, createChain, createLink, moveChain, moveLink, renameLink, resolveChainChoice, setChainRetired, setLinkRetired, updateChain } from "#app/models/chain.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { newTotpSecret } from "#app/utils/totp.server";
import { DEFAULT_CHAINS, seedChains } from "../../prisma/seed/chains";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { params: {}, context: {} };

let admin: SessionUser;
let adminCookie: string;

beforeAll(async () => {
  const row = await createTestUser(db, { role: "ADMIN", totpSecret: newTotpSecret() });
  admin = { ...row, role: row.role as Role, sessionId: "test" };
  adminCookie = await sessionCookieFor(row.username);
});

async function auditRows(entityId: string) {
  return db.auditLog.findMany({ where: { entityId }, orderBy: { id: "asc" }, select: { action: true, before: true, after: true, actorId: true } });
}

describe("the seeded dictionary", () => {
  test("holds the city's nine chains in order, 毛绒玩具文创 with its five links", async () => {
    const options = await chainOptions();
    expect(options.map((c) => c.name)).toEqual(DEFAULT_CHAINS.map((c) => c.name));
    expect(options.map((c) => c.name)).toEqual(["毛绒玩具文创", "富硒食品", "新材料", "生物医药", "装备制造", "纺织服装", "现代物流", "文化旅游", "新能源"]);
    expect(options[0]!.links.map((l) => l.name)).toEqual(["创意设计", "面料与PP棉等原辅料", "生产加工", "电商与国际贸易", "物流仓储"]);
    for (const chain of options) expect(chain.links.length).toBeGreaterThanOrEqual(3);
  });

  test("seeding again changes nothing, so an admin's renaming stays", async () => {
    const chain = await db.industryChain.findUniqueOrThrow({ where: { name: "新能源" } });
    await db.industryChain.update({ where: { id: chain.id }, data: { name: "新能源（改）" } });
    const before = { chains: await db.industryChain.count(), links: await db.chainLink.count() };
    await seedChains(db);
    expect({ chains: await db.industryChain.count(), links: await db.chainLink.count() }).toEqual(before);
    expect(await db.industryChain.findUnique({ where: { name: "新能源" } })).toBeNull();
    await db.industryChain.update({ where: { id: chain.id }, data: { name: "新能源" } });
  });
});

describe("admin edits", () => {
  test("create, rename, reorder, retire and reinstate, each audited with before/after", async () => {
    const created = await createChain(admin, { name: "数字经济", isTarget: false });
    expect(created.ok).toBe(true);
    const chainId = created.ok ? created.id : "";
    expect((await chainOptions()).at(-1)!.name).toBe("数字经济");

    expect(await updateChain(admin, chainId, { name: "数字经济产业", isTarget: true })).toEqual({ ok: true, id: chainId });
    const link1 = await createLink(admin, chainId, { name: "数据中心" });
    const link2 = await createLink(admin, chainId, { name: "软件服务" });
    expect(link1.ok && link2.ok).toBe(true);
    const [l1, l2] = [link1.ok ? link1.id : "", link2.ok ? link2.id : ""];
    expect(await renameLink(admin, l2, { name: "软件与信息服务" })).toEqual({ ok: true, id: l2 });

    expect(await moveLink(admin, l2, "up")).toBe(true);
    expect(await moveLink(admin, l2, "up")).toBe(false); // already first
    const chain = (await chainOptions()).find((c) => c.id === chainId)!;
    expect(chain.links.map((l) => l.name)).toEqual(["软件与信息服务", "数据中心"]);

    expect(await moveChain(admin, chainId, "up")).toBe(true);
    const order = (await chainOptions()).map((c) => c.name);
    expect(order.indexOf("数字经济产业")).toBe(order.length - 2);

    expect(await setLinkRetired(admin, l1, true)).toBe(true);
    expect((await chainOptions()).find((c) => c.id === chainId)!.links.map((l) => l.name)).toEqual(["软件与信息服务"]);
    expect(await setChainRetired(admin, chainId, true)).toBe(true);
    expect((await chainOptions()).some((c) => c.id === chainId)).toBe(false);
    expect(await setChainRetired(admin, chainId, true)).toBe(false);
    expect(await setChainRetired(admin, chainId, false)).toBe(true);

    const chainAudit = await auditRows(chainId);
    expect(chainAudit.map((r) => r.action)).toEqual(["CREATE", "UPDATE", "UPDATE", "DELETE", "RESTORE"]);
    expect(chainAudit.every((r) => r.actorId === admin.id)).toBe(true);
    expect(JSON.parse(chainAudit[1]!.before!)).toMatchObject({ name: "数字经济", isTarget: false });
    expect(JSON.parse(chainAudit[1]!.after!)).toMatchObject({ name: "数字经济产业", isTarget: true });
    expect(JSON.parse(chainAudit[3]!.after!).deletedAt).not.toBeNull();
    expect((await auditRows(l2)).map((r) => r.action)).toEqual(["CREATE", "UPDATE", "UPDATE"]);
    expect((await auditRows(l1)).map((r) => r.action)).toEqual(["CREATE", "UPDATE", "DELETE"]);
  });

  test("names are unique; a retired namesake is pointed out", async () => {
    expect(await createChain(admin, { name: "毛绒玩具文创", isTarget: true })).toEqual({ ok: false, field: "name", message: "companies.chainNameTaken" });
    const c = await createChain(admin, { name: "临时产业链", isTarget: false });
    const id = c.ok ? c.id : "";
    await setChainRetired(admin, id, true);
    expect(await createChain(admin, { name: "临时产业链", isTarget: false })).toEqual({ ok: false, field: "name", message: "companies.chainNameRetired" });
    const plush = (await chainOptions())[0]!;
    expect(await createLink(admin, plush.id, { name: "生产加工" })).toMatchObject({ ok: false, message: "companies.linkNameTaken" });
  });

  test("a link must belong to the chosen chain; retired entries only when already held", async () => {
    const [plush, selenium] = await chainOptions();
    expect(await resolveChainChoice(db, { chainId: plush!.id, linkId: plush!.links[0]!.id })).toEqual({ ok: true, chainId: plush!.id, linkId: plush!.links[0]!.id });
    expect(await resolveChainChoice(db, { chainId: plush!.id, linkId: selenium!.links[0]!.id })).toMatchObject({ ok: false, field: "linkId" });
    expect(await resolveChainChoice(db, { linkId: plush!.links[0]!.id })).toMatchObject({ ok: false, field: "chainId" });
    const c = await createChain(admin, { name: "将停用", isTarget: false });
    const id = c.ok ? c.id : "";
    await setChainRetired(admin, id, true);
    expect(await resolveChainChoice(db, { chainId: id })).toMatchObject({ ok: false, field: "chainId" });
    expect(await resolveChainChoice(db, { chainId: id }, { chainId: id, linkId: null })).toMatchObject({ ok: true });
  });
});

describe("/admin/chains", () => {
  test("the admin sees the dictionary and adds a chain through the form", async () => {
    const res = await responseOf(loader({ request: testRequest("/admin/chains", { cookie: adminCookie }), ...ctx }));
    expect(res.status).toBe(200);
    const data = (await res.json()) as { chains: { name: string }[] };
    expect(data.chains.map((c) => c.name)).toContain("毛绒玩具文创");

    const post = await responseOf(action({ request: testRequest("/admin/chains", { cookie: adminCookie, form: { intent: "createChain", id: "", name: "低空经济", isTarget: "on" } }), ...ctx }));
    expect(post.status).toBe(302);
    const row = await db.industryChain.findUniqueOrThrow({ where: { name: "低空经济" } });
    expect(row.isTarget).toBe(true);

    const dup = await responseOf(action({ request: testRequest("/admin/chains", { cookie: adminCookie, form: { intent: "createChain", id: "", name: "低空经济" } }), ...ctx }));
    expect(dup.status).toBe(400);
    expect(await dup.json()).toMatchObject({ error: "已有同名产业链", name: "低空经济" });
  });

  test.each(["COUNTY_OFFICER", "CITY_OFFICER", "LEADER"] as const)("%s gets 403", async (role) => {
    const user = await createTestUser(db, { role });
    const cookie = await sessionCookieFor(user.username);
    expect((await responseOf(loader({ request: testRequest("/admin/chains", { cookie }), ...ctx }))).status).toBe(403);
    const post = await responseOf(action({ request: testRequest("/admin/chains", { cookie, form: { intent: "createChain", name: "越权产业链" } }), ...ctx }));
    expect(post.status).toBe(403);
    expect(await db.industryChain.findUnique({ where: { name: "越权产业链" } })).toBeNull();
  });
});

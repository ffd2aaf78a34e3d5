// 用户管理 (/admin/users) through its real loaders and actions, signed in with real sessions:
// listing with filters and paging, creating, editing with the optimistic lock, the account
// actions, the admin's protection against locking themselves out, and 三权分立 (only the
// admin's role may manage accounts).
import { action as editAction, loader as editLoader } from "#app/routes/admin.users.$userId";
import { loader as listLoader } from "#app/routes/admin.users._index";
import { action as createAction, loader as newLoader } from "#app/routes/admin.users.new";
import { getUser, login, requireUser } from "#app/utils/auth.server";
import { newTotpSecret } from "#app/utils/totp.server";
import { TEST_PASSWORD, createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { context: {} };

let admin: Awaited<ReturnType<typeof createTestUser>>;
let adminCookie: string;

beforeAll(async () => {
  admin = await createTestUser(db, { role: "ADMIN", username: "t_admin", displayName: "测试管理员", totpSecret: newTotpSecret() });
  adminCookie = await sessionCookieFor(admin.username);
});

type ListData = {
  total: number;
  page: number;
  users: { id: string; username: string; role: string; placement: string; status: string; statusText: string; totpEnabled: boolean; lastLogin: string | null }[];
};

async function list(query = "", cookie = adminCookie): Promise<ListData> {
  const res = await responseOf(listLoader({ request: testRequest(`/admin/users${query}`, { cookie }), params: {}, ...ctx }));
  expect(res.status).toBe(200);
  return (await res.json()) as ListData;
}

function editRequest(userId: string, form: Record<string, string>, cookie = adminCookie) {
  return editAction({ request: testRequest(`/admin/users/${userId}`, { cookie, form }), params: { userId }, ...ctx });
}

async function regionId(name: string) {
  return (await db.region.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
}

describe("the list", () => {
  test("shows users with role, place, status, 2FA and last login from the audit log", async () => {
    const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", username: "t_list_hanyin" });
    const staff = await createTestUser(db, { role: "DEPT_STAFF", departmentName: "供电公司", username: "t_list_gdgs" });
    await sessionCookieFor(officer.username);

    const data = await list("?q=t_list_");
    expect(data.total).toBe(2);
    const byName = Object.fromEntries(data.users.map((u) => [u.username, u]));
    expect(byName[officer.username]).toMatchObject({ role: "县区专员", placement: "汉阴县", status: "active", statusText: "正常", totpEnabled: false });
    expect(byName[officer.username]!.lastLogin).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(byName[staff.username]).toMatchObject({ role: "部门人员", placement: "供电公司", lastLogin: null });

    const self = (await list(`?q=${admin.username}`)).users[0]!;
    expect(self).toMatchObject({ username: admin.username, role: "管理员", totpEnabled: true });
  });

  test("filters by role, region, status and text; pages by 50; sorts", async () => {
    const region = await regionId("岚皋县");
    await db.user.createMany({
      data: Array.from({ length: 55 }, (_, i) => ({
        username: `t_bulk_${String(i).padStart(2, "0")}`,
        displayName: `批量${i}`,
        passwordHash: "x",
        role: "COUNTY_OFFICER",
        regionId: region,
        disabled: i < 3,
        lockedUntil: i === 3 ? new Date(Date.now() + 10 * 60_000) : i === 4 ? new Date(Date.now() - 60_000) : null,
      })),
    });

    const first = await list(`?q=t_bulk_&region=${region}`);
    expect(first.total).toBe(55);
    expect(first.users).toHaveLength(50);
    expect(first.users[0]!.username).toBe("t_bulk_00");
    const second = await list(`?q=t_bulk_&region=${region}&page=2`);
    expect(second.users.map((u) => u.username)).toEqual(["t_bulk_50", "t_bulk_51", "t_bulk_52", "t_bulk_53", "t_bulk_54"]);
    const desc = await list(`?q=t_bulk_&sort=username&dir=desc`);
    expect(desc.users[0]!.username).toBe("t_bulk_54");

    expect((await list(`?q=t_bulk_&status=disabled`)).users.map((u) => u.username)).toEqual(["t_bulk_00", "t_bulk_01", "t_bulk_02"]);
    const locked = await list(`?q=t_bulk_&status=locked`);
    expect(locked.users.map((u) => u.username)).toEqual(["t_bulk_03"]);
    expect(locked.users[0]!.statusText).toMatch(/^已锁定（至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/);
    // A lock that has run out counts as active again.
    expect((await list(`?q=t_bulk_&status=active`)).total).toBe(51);
    expect((await list(`?q=t_bulk_&role=LEADER`)).total).toBe(0);
    expect((await list(`?q=批量1`)).total).toBe(11); // 批量1, 批量10 … 批量19
    expect((await list(`?q=T_BULK_05`)).users.map((u) => u.username)).toEqual(["t_bulk_05"]);
  });
});

describe("creating a user", () => {
  const create = (form: Record<string, string>) => responseOf(createAction({ request: testRequest("/admin/users/new", { cookie: adminCookie, form }), params: {}, ...ctx }));

  test("a county officer in a county, audited, then shown on its page", async () => {
    const region = await regionId("紫阳县");
    const res = await create({ username: "ziyang1", displayName: "刘洋", title: "科长", role: "COUNTY_OFFICER", regionId: region, password: "Ziyang#2026x" });
    expect(res.status).toBe(302);
    const created = await db.user.findUniqueOrThrow({ where: { username: "ziyang1" }, select: { id: true, role: true, regionId: true, title: true, passwordHash: true } });
    expect(res.headers.get("Location")).toBe(`/admin/users/${created.id}?notice=created`);
    expect(created).toMatchObject({ role: "COUNTY_OFFICER", regionId: region, title: "科长" });
    expect(created.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "CREATE", entity: "User", entityId: created.id }, select: { actorId: true, after: true, ip: true } });
    expect(audit.actorId).toBe(admin.id);
    expect(audit.after).not.toContain("argon2");

    const page = await responseOf(editLoader({ request: testRequest(`/admin/users/${created.id}?notice=created`, { cookie: adminCookie }), params: { userId: created.id }, ...ctx }));
    expect(await page.json()).toMatchObject({ notice: "用户已创建", user: { username: "ziyang1", status: "active", version: 1 } });
    // The new user can sign in with the initial password.
    expect(await login(testRequest("/login", { method: "POST" }), { username: "ziyang1", password: "Ziyang#2026x" })).toMatchObject({ ok: true });
  });

  test("a city officer sits at the city without choosing a region", async () => {
    const res = await create({ username: "cityofficer2", displayName: "周二", role: "CITY_OFFICER", password: "City#Officer9" });
    expect(res.status).toBe(302);
    const user = await db.user.findUniqueOrThrow({ where: { username: "cityofficer2" }, select: { regionId: true } });
    expect(user.regionId).toBe(await regionId("安康市"));
  });

  test("bad input gets Chinese messages next to the fields and nothing is saved", async () => {
    const city = await regionId("安康市");
    const cases: [Record<string, string>, string, string][] = [
      [{ username: "weakpw", displayName: "弱", role: "LEADER", regionId: city, password: "password" }, "password", "密码须包含"],
      [{ username: "common1", displayName: "常", role: "LEADER", regionId: city, password: "P@ssw0rd" }, "password", "过于常见"],
      [{ username: "noregion", displayName: "无", role: "COUNTY_OFFICER", password: "Good#Pass99" }, "regionId", "必须指定所属区域"],
      [{ username: "atcity", displayName: "市", role: "COUNTY_OFFICER", regionId: city, password: "Good#Pass99" }, "regionId", "只能归属县区或园区"],
      [{ username: "nodept", displayName: "部", role: "DEPT_STAFF", password: "Good#Pass99" }, "departmentId", "必须指定所属部门"],
      [{ username: "x", displayName: "短", role: "ADMIN", password: "Good#Pass99" }, "username", "用户名为"],
      [{ username: "badrole", displayName: "角", role: "KING", password: "Good#Pass99" }, "role", "有效的角色"],
      [{ username: admin.username, displayName: "重", role: "AUDITOR", password: "Good#Pass99" }, "username", "用户名已存在"],
    ];
    for (const [form, field, message] of cases) {
      const res = await create(form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      const body = (await res.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
      expect(body.result.error[field]?.join(""), field).toContain(message);
      // What was typed comes back, except the password.
      expect(body.result.initialValue.displayName).toBe(form.displayName);
      expect(body.result.initialValue.password).toBeUndefined();
    }
    expect(await db.user.count({ where: { username: { in: ["weakpw", "common1", "noregion", "atcity", "nodept", "x", "badrole"] } } })).toBe(0);
  });
});

describe("editing a user", () => {
  test("saves names, role and region with the version; a stale version gets 409 and keeps the input", async () => {
    const user = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区" });
    const cookie = await sessionCookieFor(user.username);
    const leaderRegion = await regionId("安康市");

    const saved = await responseOf(editRequest(user.id, { intent: "save", version: "1", displayName: "新名字", title: "副县长", role: "LEADER", regionId: leaderRegion }));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/admin/users/${user.id}?notice=saved`);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { displayName: true, role: true, regionId: true, version: true } })).toEqual({
      displayName: "新名字",
      role: "LEADER",
      regionId: leaderRegion,
      version: 2,
    });
    // A new role takes effect at once: the user's sessions ended.
    expect(await getUser(testRequest("/", { cookie }))).toBeNull();

    const stale = await responseOf(editRequest(user.id, { intent: "save", version: "1", displayName: "另一个名字", role: "LEADER", regionId: leaderRegion }));
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> }; conflict: { version: number; theirs: { displayName: string }; yours: { displayName: string } } };
    expect(body.result.error[""]?.[0]).toContain("该记录已被他人修改");
    expect(body.result.initialValue.displayName).toBe("另一个名字");
    expect(body.conflict).toMatchObject({ version: 2, theirs: { displayName: "新名字" }, yours: { displayName: "另一个名字" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { displayName: true } })).displayName).toBe("新名字");
  });

  test("the admin cannot demote or disable themselves", async () => {
    const demote = await responseOf(editRequest(admin.id, { intent: "save", version: String(admin.version), displayName: "测试管理员", role: "CITY_OFFICER" }));
    expect(demote.status).toBe(400);
    expect(JSON.stringify(await demote.json())).toContain("不能更改自己的角色");
    const disable = await responseOf(editRequest(admin.id, { intent: "disable" }));
    expect(disable.status).toBe(400);
    expect(await disable.json()).toEqual({ intent: "disable", error: "不能停用自己的账户" });
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id }, select: { role: true, disabled: true } })).toEqual({ role: "ADMIN", disabled: false });
    expect(await getUser(testRequest("/", { cookie: adminCookie }))).not.toBeNull();
  });

  test("an unknown user id is 404", async () => {
    expect((await responseOf(editLoader({ request: testRequest("/admin/users/nope", { cookie: adminCookie }), params: { userId: "nope" }, ...ctx }))).status).toBe(404);
    expect((await responseOf(editRequest("nope", { intent: "unlock" }))).status).toBe(404);
  });
});

describe("account actions", () => {
  test("disabling ends the user's sessions and blocks login; enabling lets them back", async () => {
    const user = await createTestUser(db, { role: "CITY_OFFICER" });
    const cookie = await sessionCookieFor(user.username);
    expect(await getUser(testRequest("/", { cookie }))).not.toBeNull();

    const res = await responseOf(editRequest(user.id, { intent: "disable" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/users/${user.id}?notice=disabled`);
    expect(await getUser(testRequest("/", { cookie }))).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await login(testRequest("/login", { method: "POST" }), { username: user.username, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "disabled" });
    expect((await list(`?q=${user.username}&status=disabled`)).users.map((u) => u.statusText)).toEqual(["已停用"]);
    expect(await db.auditLog.count({ where: { entityId: user.id, action: "UPDATE", detail: "disable", actorId: admin.id } })).toBe(1);

    expect((await responseOf(editRequest(user.id, { intent: "enable" }))).status).toBe(302);
    expect(await login(testRequest("/login", { method: "POST" }), { username: user.username, password: TEST_PASSWORD })).toMatchObject({ ok: true });
  });

  test("unlock clears a lockout", async () => {
    const user = await createTestUser(db, { role: "COUNTY_OFFICER" });
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() + 15 * 60_000), failedLoginCount: 0 } });
    expect(await login(testRequest("/login", { method: "POST" }), { username: user.username, password: TEST_PASSWORD })).toMatchObject({ ok: false, reason: "locked" });

    expect((await responseOf(editRequest(user.id, { intent: "unlock" }))).status).toBe(302);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true, failedLoginCount: true } })).toEqual({ lockedUntil: null, failedLoginCount: 0 });
    expect(await login(testRequest("/login", { method: "POST" }), { username: user.username, password: TEST_PASSWORD })).toMatchObject({ ok: true });
  });

  test("reset password applies the password rule, ends sessions, and the new password works", async () => {
    const user = await createTestUser(db, { role: "LEADER" });
    const cookie = await sessionCookieFor(user.username);

    const weak = await responseOf(editRequest(user.id, { intent: "resetPassword", password: "abc" }));
    expect(weak.status).toBe(400);
    expect(await weak.json()).toEqual({ intent: "resetPassword", error: "密码至少 8 位" });
    expect(await getUser(testRequest("/", { cookie }))).not.toBeNull();

    const ok = await responseOf(editRequest(user.id, { intent: "resetPassword", password: "Reset#Pass2026" }));
    expect(ok.status).toBe(302);
    expect(await getUser(testRequest("/", { cookie }))).toBeNull();
    expect(await login(testRequest("/login", { method: "POST" }), { username: user.username, password: TEST_PASSWORD })).toMatchObject({ ok: false, reason: "bad" });
    expect(await login(testRequest("/login", { method: "POST" }), { username: user.username, password: "Reset#Pass2026" })).toMatchObject({ ok: true });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: user.id, detail: "reset-password" }, select: { before: true, after: true } });
    expect(`${audit.before}${audit.after}`).not.toContain("argon2");
  });

  test("end all sessions signs the user out everywhere", async () => {
    const user = await createTestUser(db, { role: "COUNTY_OFFICER" });
    const one = await sessionCookieFor(user.username);
    const two = await sessionCookieFor(user.username);
    const res = await responseOf(editRequest(user.id, { intent: "endSessions" }));
    expect(res.status).toBe(302);
    expect(await getUser(testRequest("/", { cookie: one }))).toBeNull();
    expect(await getUser(testRequest("/", { cookie: two }))).toBeNull();
    expect(await db.auditLog.count({ where: { action: "SESSIONS_END", entityId: user.id, actorId: admin.id } })).toBe(1);
  });

  test("resetting a lost second factor clears it, ends the sessions and sends an auditor back to enrolment", async () => {
    const auditor = await createTestUser(db, { role: "AUDITOR", totpSecret: newTotpSecret() });
    const before = await sessionCookieFor(auditor.username);
    const res = await responseOf(editRequest(auditor.id, { intent: "resetTotp" }));
    expect(res.status).toBe(302);
    expect(await db.user.findUniqueOrThrow({ where: { id: auditor.id }, select: { totpEnabled: true, totpSecret: true } })).toEqual({ totpEnabled: false, totpSecret: null });
    expect(await getUser(testRequest("/", { cookie: before }))).toBeNull();
    expect(await db.auditLog.count({ where: { action: "UPDATE", entityId: auditor.id, detail: "reset-totp", actorId: admin.id } })).toBe(1);
    const after = await sessionCookieFor(auditor.username);
    const redirected = await responseOf(requireUser(testRequest("/audit", { cookie: after })));
    expect(redirected.headers.get("Location")).toBe("/account/totp");
  });
});

describe("only the admin manages accounts (三权分立)", () => {
  test.each([
    ["AUDITOR", { totpSecret: newTotpSecret() }],
    ["COUNTY_OFFICER", {}],
    ["CITY_OFFICER", {}],
    ["LEADER", {}],
    ["DEPT_STAFF", {}],
  ] as const)("%s gets 403 on every loader and action", async (role, extra) => {
    const user = await createTestUser(db, { role, ...extra });
    const cookie = await sessionCookieFor(user.username);
    const target = await createTestUser(db, { role: "COUNTY_OFFICER" });

    expect((await responseOf(listLoader({ request: testRequest("/admin/users", { cookie }), params: {}, ...ctx }))).status).toBe(403);
    expect((await responseOf(newLoader({ request: testRequest("/admin/users/new", { cookie }), params: {}, ...ctx }))).status).toBe(403);
    expect((await responseOf(editLoader({ request: testRequest(`/admin/users/${target.id}`, { cookie }), params: { userId: target.id }, ...ctx }))).status).toBe(403);
    const create = await responseOf(
      createAction({ request: testRequest("/admin/users/new", { cookie, form: { username: `x_${role.toLowerCase()}`, displayName: "x", role: "ADMIN", password: "Good#Pass99" } }), params: {}, ...ctx }),
    );
    expect(create.status).toBe(403);
    for (const intent of ["disable", "unlock", "endSessions", "resetTotp"]) {
      expect((await responseOf(editRequest(target.id, { intent }, cookie))).status).toBe(403);
    }
    expect((await responseOf(editRequest(target.id, { intent: "resetPassword", password: "Hacked#Pass1" }, cookie))).status).toBe(403);
    expect((await responseOf(editRequest(target.id, { intent: "save", version: "1", displayName: "x", role: "ADMIN" }, cookie))).status).toBe(403);

    expect(await db.user.findUniqueOrThrow({ where: { id: target.id }, select: { disabled: true, role: true, version: true } })).toEqual({ disabled: false, role: "COUNTY_OFFICER", version: 1 });
    expect(await db.user.count({ where: { username: `x_${role.toLowerCase()}` } })).toBe(0);
  });

  test("without a session the pages send the browser to /login", async () => {
    const res = await responseOf(listLoader({ request: testRequest("/admin/users"), params: {}, ...ctx }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fusers");
  });
});

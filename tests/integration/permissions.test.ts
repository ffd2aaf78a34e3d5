// The one permission module (app/utils/permissions.server.ts, DESIGN §1 and §8 "Access"):
// which regions each role sees, 404 for a record outside the scope, and the role/permission
// matrix that keeps admin, auditor and business roles apart (三权分立). Projects do not exist
// yet, so the record checked here is a region; the project tests arrive with projects.
import { PERMISSIONS, ROLES, roleHasPermission, type Permission, type Role } from "#app/domain/roles";
import { getUser, login, requireUser } from "#app/utils/auth.server";
import { inScope, regionScope, regionWhere, requireRegionAccess, type SessionUser } from "#app/utils/permissions.server";
import { currentTotp } from "#app/utils/totp.server";
import { createTestUser, testDb, type TestUserOptions } from "#tests/setup/db";

const db = testDb();
const SECRET = "JBSWY3DPEHPK3PXP";

async function regionId(name: string): Promise<string> {
  return (await db.region.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
}

async function userWith(options: TestUserOptions): Promise<SessionUser> {
  const u = await createTestUser(db, options);
  return { ...u, role: u.role as Role, sessionId: "test" };
}

async function expectThrownStatus(promise: Promise<unknown>, status: number) {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(status);
    return;
  }
  throw new Error(`expected a thrown ${status} Response`);
}

describe("regionScope", () => {
  test("a city officer sees every region (null)", async () => {
    expect(await regionScope(await userWith({ role: "CITY_OFFICER" }))).toBeNull();
  });

  test("a county officer sees only their own county", async () => {
    const officer = await userWith({ role: "COUNTY_OFFICER", regionName: "汉阴县" });
    expect(await regionScope(officer)).toEqual([await regionId("汉阴县")]);
  });

  test("a county officer of a park sees only the park", async () => {
    const officer = await userWith({ role: "COUNTY_OFFICER", regionName: "安康高新区" });
    expect(await regionScope(officer)).toEqual([await regionId("安康高新区")]);
  });

  test("a city-level leader sees every region; a county leader their county", async () => {
    expect(await regionScope(await userWith({ role: "LEADER", regionName: "安康市" }))).toBeNull();
    expect(await regionScope(await userWith({ role: "LEADER", regionName: "石泉县" }))).toEqual([await regionId("石泉县")]);
  });

  test.each<[Role, TestUserOptions]>([
    ["ADMIN", { role: "ADMIN" }],
    ["AUDITOR", { role: "AUDITOR" }],
    ["DEPT_STAFF", { role: "DEPT_STAFF" }],
    // Even with a region set by mistake, these roles hold no business data.
    ["ADMIN in a region", { role: "ADMIN", regionName: "安康市" }],
    ["DEPT_STAFF in a county", { role: "DEPT_STAFF", regionName: "汉滨区" }],
  ] as [Role, TestUserOptions][])("%s sees no region", async (_label, options) => {
    expect(await regionScope(await userWith(options))).toEqual([]);
  });

  test("a county officer or leader without a region sees nothing, not everything", async () => {
    expect(await regionScope(await userWith({ role: "COUNTY_OFFICER", regionName: null }))).toEqual([]);
    expect(await regionScope(await userWith({ role: "LEADER", regionName: null }))).toEqual([]);
  });
});

describe("scope helpers", () => {
  test("inScope and regionWhere follow the scope", async () => {
    const hanyin = await regionId("汉阴县");
    const hanbin = await regionId("汉滨区");
    expect(inScope(null, hanbin)).toBe(true);
    expect(inScope([hanyin], hanyin)).toBe(true);
    expect(inScope([hanyin], hanbin)).toBe(false);
    expect(inScope([], hanyin)).toBe(false);
    expect(regionWhere(null)).toEqual({});
    expect(regionWhere([hanyin])).toEqual({ regionId: { in: [hanyin] } });
    expect(regionWhere([])).toEqual({ regionId: { in: [] } });
  });

  test("regionWhere in a real query returns only the scope's rows", async () => {
    const officer = await userWith({ role: "COUNTY_OFFICER", regionName: "汉阴县" });
    // Regions are the record with a region here: a region's own id plays the part of regionId.
    const rows = await db.region.findMany({ where: regionWhere(await regionScope(officer), "id"), select: { name: true } });
    expect(rows).toEqual([{ name: "汉阴县" }]);
    const all = await db.region.findMany({ where: regionWhere(await regionScope(await userWith({ role: "CITY_OFFICER" })), "id") });
    expect(all).toHaveLength(14);
    const none = await db.region.findMany({ where: regionWhere(await regionScope(await userWith({ role: "ADMIN" })), "id") });
    expect(none).toHaveLength(0);
  });

  test("requireRegionAccess: own county passes, another county's record is a 404 (not 403)", async () => {
    const officer = await userWith({ role: "COUNTY_OFFICER", regionName: "汉阴县" });
    await expect(requireRegionAccess(officer, await regionId("汉阴县"))).resolves.toBeUndefined();
    await expectThrownStatus(requireRegionAccess(officer, await regionId("汉滨区")), 404);
    await expectThrownStatus(requireRegionAccess(officer, "no-such-region"), 404);
  });

  test("requireRegionAccess: a city officer reaches every county; admin and department staff none", async () => {
    const hanbin = await regionId("汉滨区");
    await expect(requireRegionAccess(await userWith({ role: "CITY_OFFICER" }), hanbin)).resolves.toBeUndefined();
    await expect(requireRegionAccess(await userWith({ role: "LEADER", regionName: "安康市" }), hanbin)).resolves.toBeUndefined();
    await expectThrownStatus(requireRegionAccess(await userWith({ role: "LEADER", regionName: "汉阴县" }), hanbin), 404);
    await expectThrownStatus(requireRegionAccess(await userWith({ role: "ADMIN" }), hanbin), 404);
    await expectThrownStatus(requireRegionAccess(await userWith({ role: "DEPT_STAFF" }), hanbin), 404);
  });
});

describe("role permissions (三权分立)", () => {
  const MATRIX: Record<Role, Permission[]> = {
    COUNTY_OFFICER: ["pipeline:read", "pipeline:write", "cockpit:read"],
    CITY_OFFICER: ["pipeline:read", "pipeline:write", "pipeline:assign", "cockpit:read", "target:edit"],
    DEPT_STAFF: ["problem:handle"],
    LEADER: ["pipeline:read", "instruction:write", "cockpit:read"],
    ADMIN: ["config:edit", "user:manage", "pipeline:assign"],
    AUDITOR: ["audit:read"],
  };

  test.each(ROLES)("%s has exactly its permissions", (role) => {
    const granted = PERMISSIONS.filter((p) => roleHasPermission(role, p));
    expect([...granted].sort()).toEqual([...MATRIX[role]].sort());
  });

  test("only the auditor reads the audit log; only the admin manages users", () => {
    expect(ROLES.filter((r) => roleHasPermission(r, "audit:read"))).toEqual(["AUDITOR"]);
    expect(ROLES.filter((r) => roleHasPermission(r, "user:manage"))).toEqual(["ADMIN"]);
  });

  async function signedIn(role: "ADMIN" | "AUDITOR") {
    const user = await createTestUser(db, { role, totpSecret: SECRET });
    const result = await login(new Request("http://localhost/login", { method: "POST", headers: { "x-zs-client-ip": "10.1.2.3", "user-agent": "vitest" } }), {
      username: user.username,
      password: user.password,
      totp: currentTotp(SECRET),
    });
    if (!result.ok) throw new Error(`login failed: ${JSON.stringify(result)}`);
    const cookie = result.cookie.split(";")[0]!;
    return (path: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
  }

  test("requireUser: the admin gets 403 for the audit log, the auditor 403 for user management", async () => {
    const asAdmin = await signedIn("ADMIN");
    const asAuditor = await signedIn("AUDITOR");
    expect(await getUser(asAdmin("/"))).toMatchObject({ role: "ADMIN" });

    await expectThrownStatus(requireUser(asAdmin("/audit"), { permission: "audit:read" }), 403);
    await expect(requireUser(asAdmin("/admin/users"), { permission: "user:manage" })).resolves.toMatchObject({ role: "ADMIN" });

    await expectThrownStatus(requireUser(asAuditor("/admin/users"), { permission: "user:manage" }), 403);
    await expect(requireUser(asAuditor("/audit"), { permission: "audit:read" })).resolves.toMatchObject({ role: "AUDITOR" });
  });
});

// The integration harness itself (tests/setup): each file gets a migrated copy of the template
// with the organisation seeded, on the provider TEST_DB names; factories and resetData work.
import { verify } from "@node-rs/argon2";
import { consoleError } from "#tests/setup/console";
import { createTestUser, resetData, testDb, testDbKind } from "#tests/setup/db";

test("the database is this file's own copy of the seeded template, on the provider asked for", async () => {
  const db = testDb();
  expect(testDbKind()).toBe(process.env.TEST_DB === "postgres" ? "postgres" : "sqlite");
  const city = await db.region.findUniqueOrThrow({ where: { name: "安康市" }, include: { children: true } });
  expect(city.children).toHaveLength(13);
  expect(await db.department.count({ where: { name: { in: ["自然资源局", "供电公司"] } } })).toBe(2);
  expect(await db.user.count()).toBe(0);
});

test("createTestUser makes a user who can log in, placed by role", async () => {
  const db = testDb();
  const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" });
  const staff = await createTestUser(db, { role: "DEPT_STAFF" });
  const admin = await createTestUser(db, { role: "ADMIN", password: "Another@Pass1", totpSecret: "JBSWY3DPEHPK3PXP" });

  expect(officer.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(await verify(officer.passwordHash, officer.password)).toBe(true);
  expect(await db.region.findUnique({ where: { id: officer.regionId! }, select: { name: true } })).toEqual({ name: "汉阴县" });
  expect(await db.department.findUnique({ where: { id: staff.departmentId! }, select: { name: true } })).toEqual({ name: "自然资源局" });
  expect(admin).toMatchObject({ regionId: null, departmentId: null, totpEnabled: true, password: "Another@Pass1" });
});

test("resetData empties business tables and keeps the organisation and the audit log", async () => {
  const db = testDb();
  const user = await createTestUser(db, { role: "CITY_OFFICER" });
  await db.session.create({ data: { id: "s1", userId: user.id, expiresAt: new Date(), createdAt: new Date(), lastSeenAt: new Date() } });
  await db.auditLog.create({ data: { action: "TEST" } });

  await resetData();

  expect(await db.user.count()).toBe(0);
  expect(await db.session.count()).toBe(0);
  expect(await db.region.count()).toBe(14);
  expect(await db.auditLog.count({ where: { action: "TEST" } })).toBe(1);
});

test("a console.error the test expects does not fail it", () => {
  consoleError.mockImplementation(() => {});
  console.error("expected");
  expect(consoleError).toHaveBeenCalledWith("expected");
});

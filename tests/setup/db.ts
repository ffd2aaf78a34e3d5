// Helpers for integration tests (tests/integration/**). Import only from there: this module
// opens the database tests/setup/db-setup.ts prepared for the current test file.
//
//   const db = testDb();
//   const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" });
//   // officer.username / officer.password log in; officer.id, officer.regionId …
import { randomBytes } from "node:crypto";
import type { Role } from "#app/domain/roles";
import { prisma, type Db } from "#app/utils/db.server";
import { databaseKind } from "#app/utils/database-url";
import { hashPassword } from "#app/utils/password.server";
import type { SessionUser } from "#app/utils/permissions.server";

function assertTestDatabase() {
  const url = process.env.DATABASE_URL ?? "";
  // Guard against wiping a real database: db-setup.ts only ever points at these.
  if (!url.includes("/tests/.tmp/") && !/\/zs_test_\d+_w/.test(url)) {
    throw new Error(
      `#tests/setup/db used outside an integration test (DATABASE_URL=${url || "unset"}). ` +
        "Put the test under tests/integration/ so it gets its own database.",
    );
  }
}

/** The app's Prisma client (`prisma` from db.server), connected to this test file's database. */
export function testDb(): Db {
  assertTestDatabase();
  return prisma;
}

export function testDbKind() {
  return databaseKind(process.env.DATABASE_URL ?? "");
}

// Tables resetData() leaves alone: the migration record, the organisation the template was
// seeded with (regions, departments, the industry-chain dictionary), and the AuditLog, whose
// triggers refuse to delete recent rows (and should: a test helper must not need a way round
// them). Tests that count audit rows filter by what they did (action, entityId, actor) or by
// time, never assume an empty log.
const KEPT_TABLES = new Set(["_app_migrations", "Region", "Department", "IndustryChain", "ChainLink", "AuditLog"]);

async function businessTables(db: Db): Promise<string[]> {
  const rows =
    testDbKind() === "postgres"
      ? await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema()`,
        )
      : await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
        );
  return rows.map((r) => r.name).filter((name) => !KEPT_TABLES.has(name));
}

/**
 * Empties every business table (users, sessions, companies, projects …), keeping the seeded
 * organisation and the audit log. Each test file already starts from a fresh copy of the
 * template, so call this in beforeEach only when tests within one file must not see each
 * other's rows.
 */
export async function resetData(db: Db = testDb()): Promise<void> {
  assertTestDatabase();
  const tables = await businessTables(db);
  if (tables.length === 0) return;
  const quoted = tables.map((t) => `"${t.replaceAll('"', '""')}"`);
  if (testDbKind() === "postgres") {
    // One TRUNCATE of all of them at once satisfies the foreign keys among them; without
    // CASCADE it fails loudly if a kept table ever references one of them.
    await db.$executeRawUnsafe(`TRUNCATE ${quoted.join(", ")} RESTART IDENTITY`);
  } else {
    // Foreign keys are checked at COMMIT, when every referencing table is empty too.
    await db.$transaction([
      db.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON"),
      ...quoted.map((t) => db.$executeRawUnsafe(`DELETE FROM ${t}`)),
    ]);
  }
}

// ─────────────────────────────── factories ───────────────────────────────

export const TEST_PASSWORD = "Test@Passw0rd";

// The app's own hashing (Argon2id, DESIGN §8). It takes tens of milliseconds, so each distinct
// password is hashed once per file.
const hashes = new Map<string, Promise<string>>();
function cachedHash(password: string): Promise<string> {
  let hashed = hashes.get(password);
  if (!hashed) {
    hashed = hashPassword(password);
    hashes.set(password, hashed);
  }
  return hashed;
}

// Where each role sits when the test does not say: county officers in a county, leaders and
// city officers at the city, department staff in a department.
const DEFAULT_REGION: Partial<Record<Role, string>> = {
  COUNTY_OFFICER: "汉滨区",
  CITY_OFFICER: "安康市",
  LEADER: "安康市",
};
const DEFAULT_DEPARTMENT: Partial<Record<Role, string>> = { DEPT_STAFF: "自然资源局" };

export type TestUserOptions = {
  role: Role;
  /** Region by name (e.g. "汉阴县"); null for none. Defaults by role, see above. */
  regionName?: string | null;
  /** Department by name (e.g. "供电公司"); null for none. Defaults by role, see above. */
  departmentName?: string | null;
  password?: string;
  username?: string;
  displayName?: string;
  /** Base32 TOTP secret; the user then has the second factor enrolled. */
  totpSecret?: string;
  disabled?: boolean;
};

let userCount = 0;

/** Creates a user who can log in; returns the row plus the plain password. */
export async function createTestUser(db: Db, options: TestUserOptions) {
  const { role } = options;
  const regionName = options.regionName === undefined ? DEFAULT_REGION[role] : options.regionName;
  const departmentName = options.departmentName === undefined ? DEFAULT_DEPARTMENT[role] : options.departmentName;
  const password = options.password ?? TEST_PASSWORD;
  userCount += 1;
  const username = options.username ?? `t_${role.toLowerCase()}_${userCount}_${randomBytes(3).toString("hex")}`;

  const region = regionName ? await db.region.findUniqueOrThrow({ where: { name: regionName }, select: { id: true } }) : null;
  const department = departmentName
    ? await db.department.findUniqueOrThrow({ where: { name: departmentName }, select: { id: true } })
    : null;

  const user = await db.user.create({
    data: {
      username,
      displayName: options.displayName ?? `测试${username}`,
      passwordHash: await cachedHash(password),
      role,
      regionId: region?.id ?? null,
      departmentId: department?.id ?? null,
      totpSecret: options.totpSecret ?? null,
      totpEnabled: options.totpSecret !== undefined,
      disabled: options.disabled ?? false,
    },
  });
  return { ...user, password };
}

/** The signed-in user (as requireUser returns it) of an existing user row, for calling models directly. */
export async function sessionUserOf(id: string, db: Db = testDb()): Promise<SessionUser> {
  const u = await db.user.findUniqueOrThrow({ where: { id } });
  return { id: u.id, username: u.username, displayName: u.displayName, title: u.title, role: u.role as Role, regionId: u.regionId, departmentId: u.departmentId, totpEnabled: u.totpEnabled, sessionId: "test" };
}

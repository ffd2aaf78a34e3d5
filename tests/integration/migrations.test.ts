// The committed migrations and our runner (scripts/lib/migrate.ts, docs/decisions/001) on the
// provider this run tests (TEST_DB): `npm test` runs this file once on SQLite and once on
// PostgreSQL. Each test makes its own empty database next to the per-file copy.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient } from "#app/utils/db.server";
import { testDb } from "#tests/setup/db";
import { connectPgAdmin, pgDatabaseUrl, quoteIdent, TMP_ROOT } from "#tests/setup/test-database";
import { listMigrations, migrate } from "../../scripts/lib/migrate";

const context = inject("testDatabase");
const kind = context.kind;
const expectedNames = listMigrations(kind).map((m) => m.name);

/** Runs `work` against a new, empty database of the current provider, then removes it. */
async function withEmptyDatabase(work: (url: string) => Promise<void>) {
  const suffix = `${context.runId}_mig_${randomBytes(4).toString("hex")}`;
  if (kind === "sqlite") {
    const dir = context.dir || TMP_ROOT;
    const file = path.join(dir, `${suffix}.db`);
    try {
      await work(`file:${file}`);
    } finally {
      for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${s}`, { force: true });
    }
    return;
  }
  const name = `zs_test_${suffix}`;
  const admin = await connectPgAdmin(context.adminUrl);
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    try {
      await work(pgDatabaseUrl(context.adminUrl, name));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/** Runs one SQL statement on the database at `url` outside Prisma, as an operator would. */
async function sql<T>(url: string, text: string): Promise<T[]> {
  if (kind === "sqlite") {
    const db = new Database(url.slice("file:".length));
    try {
      const statement = db.prepare(text);
      return statement.reader ? (statement.all() as T[]) : (statement.run(), []);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

describe(`migrations on ${kind}`, () => {
  test("there is something to apply, on both providers alike", () => {
    expect(expectedNames.length).toBeGreaterThan(0);
    // The two providers' migration folders must stay in step (same names, same order).
    expect(listMigrations("sqlite").map((m) => m.name)).toEqual(listMigrations("postgres").map((m) => m.name));
  });

  test("apply to an empty database and record each one with its checksum", async () => {
    await withEmptyDatabase(async (url) => {
      expect(await migrate(url)).toEqual(expectedNames);

      const recorded = await sql<{ name: string; checksum: string }>(
        url,
        `SELECT "name", "checksum" FROM "_app_migrations" ORDER BY "name"`,
      );
      expect(recorded).toEqual(listMigrations(kind).map(({ name, checksum }) => ({ name, checksum })));

      // The migrated schema is the one the generated client expects.
      const db = createPrismaClient(url);
      try {
        const region = await db.region.create({ data: { code: "T1", name: "测试区", level: "COUNTY" } });
        expect(await db.region.findUnique({ where: { id: region.id }, select: { name: true } })).toEqual({ name: "测试区" });
      } finally {
        await db.$disconnect();
      }
    });
  });

  test("a second run applies nothing and changes nothing", async () => {
    await withEmptyDatabase(async (url) => {
      await migrate(url);
      const before = await sql<{ name: string; appliedAt: unknown }>(url, `SELECT "name", "appliedAt" FROM "_app_migrations" ORDER BY "name"`);
      expect(await migrate(url)).toEqual([]);
      expect(await sql(url, `SELECT "name", "appliedAt" FROM "_app_migrations" ORDER BY "name"`)).toEqual(before);
    });
  });

  test("an upgrade keeps existing rows, including children a table rebuild would cascade-delete", async () => {
    await withEmptyDatabase(async (url) => {
      await migrate(url, { until: "0002_audit_append_only" });
      const now = kind === "sqlite" ? `'${new Date().toISOString()}'` : "now()";
      for (const statement of [
        `INSERT INTO "Region" ("id","code","name","level","sortOrder") VALUES ('r1','T1','测试县','COUNTY',0)`,
        `INSERT INTO "User" ("id","username","displayName","passwordHash","role","passwordChangedAt","createdAt","updatedAt") VALUES ('u1','u1','u1','h','CITY_OFFICER',${now},${now},${now})`,
        `INSERT INTO "Company" ("id","name","normalizedName","searchKey","ownerRegionId","createdAt","updatedAt") VALUES ('c1','甲公司','甲','jia','r1',${now},${now})`,
        `INSERT INTO "Project" ("id","code","name","searchKey","companyId","regionId","plannedInvestment","stage","stageEnteredAt","createdAt","updatedAt") VALUES ('p1','AK-2026-0001','项目','x','c1','r1',100,'LEAD',${now},${now},${now})`,
        `INSERT INTO "ProjectMember" ("projectId","userId","role") VALUES ('p1','u1','LIAISON')`,
        `INSERT INTO "StageTransition" ("id","projectId","toStage","at","source") VALUES ('t1','p1','LEAD',${now},'MANUAL')`,
        `INSERT INTO "FollowUp" ("id","projectId","kind","date","summary","createdAt","updatedAt","version") VALUES ('f1','p1','PHONE',${now},'电话',${now},${now},1)`,
      ]) {
        await sql(url, statement);
      }
      await migrate(url);
      for (const table of ["Project", "ProjectMember", "StageTransition", "FollowUp"]) {
        const [row] = await sql<{ n: number | bigint | string }>(url, `SELECT COUNT(*) AS "n" FROM "${table}"`);
        expect(Number(row?.n), table).toBe(1);
      }
    });
  });

  test("instances starting together apply each migration once", async () => {
    await withEmptyDatabase(async (url) => {
      const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
      expect(results.flat().sort()).toEqual([...expectedNames].sort());
    });
  });

  test("a migration changed after it was applied is refused", async () => {
    await withEmptyDatabase(async (url) => {
      await migrate(url);
      const first = expectedNames[0]!;
      await sql(url, `UPDATE "_app_migrations" SET "checksum" = 'edited' WHERE "name" = '${first}'`);
      await expect(migrate(url)).rejects.toThrow(`Migration ${first} was changed after it was applied`);
    });
  });
});

/**
 * The database's own message for a refused statement. Prisma re-labels some driver errors
 * (the SQLite adapter reports a trigger's RAISE as a foreign-key violation), so the trigger's
 * text is read from the driver error Prisma keeps.
 */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as { message?: string; meta?: unknown; cause?: unknown };
    const adapterCause = (e.meta as { driverAdapterError?: { cause?: { originalMessage?: string } } } | undefined)
      ?.driverAdapterError?.cause?.originalMessage;
    const cause = (e.cause as { originalMessage?: string } | undefined)?.originalMessage;
    return [adapterCause, cause, e.message].filter(Boolean).join(" | ");
  }
  throw new Error("The database accepted a statement it should have refused.");
}

describe(`AuditLog on ${kind}`, () => {
  const DAY = 24 * 60 * 60 * 1000;

  test("refuses UPDATE and DELETE of a recent row, from Prisma and from raw SQL", async () => {
    const db = testDb();
    const row = await db.auditLog.create({ data: { action: "TEST", entity: "Test", entityId: "1", detail: "原始" } });

    expect(await refusal(db.auditLog.update({ where: { id: row.id }, data: { detail: "篡改" } }))).toMatch(/append-only/);
    expect(await refusal(db.auditLog.delete({ where: { id: row.id } }))).toMatch(/at least 180 days/);
    expect(await refusal(db.auditLog.deleteMany({}))).toMatch(/at least 180 days/);
    expect(await refusal(db.$executeRawUnsafe(`UPDATE "AuditLog" SET "detail" = 'x'`))).toMatch(/append-only/);
    expect(await refusal(db.$executeRawUnsafe(`DELETE FROM "AuditLog" WHERE "id" = ${row.id}`))).toMatch(/at least 180 days/);

    expect(await db.auditLog.findUnique({ where: { id: row.id }, select: { detail: true } })).toEqual({ detail: "原始" });
  });

  test.runIf(kind === "postgres")("refuses TRUNCATE, which row triggers would not see", async () => {
    const db = testDb();
    const row = await db.auditLog.create({ data: { action: "TEST" } });
    expect(await refusal(db.$executeRawUnsafe(`TRUNCATE "AuditLog"`))).toMatch(/cannot be truncated/);
    expect(await db.auditLog.count({ where: { id: row.id } })).toBe(1);
  });

  test("still refuses UPDATE of an old row but lets retention remove it", async () => {
    const db = testDb();
    const old = await db.auditLog.create({ data: { action: "TEST", at: new Date(Date.now() - 200 * DAY) } });
    const recent = await db.auditLog.create({ data: { action: "TEST", at: new Date(Date.now() - 170 * DAY) } });

    expect(await refusal(db.auditLog.update({ where: { id: old.id }, data: { detail: "x" } }))).toMatch(/append-only/);
    expect(await refusal(db.auditLog.delete({ where: { id: recent.id } }))).toMatch(/at least 180 days/);
    await db.auditLog.delete({ where: { id: old.id } });

    expect(await db.auditLog.count({ where: { id: { in: [old.id, recent.id] } } })).toBe(1);
  });
});

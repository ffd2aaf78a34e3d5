// Runs in the worker before each integration test file is imported: gives the file its own
// fresh copy of the template (tests/setup/global-setup.ts) and points DATABASE_URL at it, so
// `prisma` from #app/utils/db.server — created when a test first imports it — uses the copy.
//
// Why a fresh clone per file rather than emptying tables: the AuditLog refuses UPDATE and the
// DELETE of recent rows (database triggers), and tests must not switch that protection off.
// A copy is cheap (a file copy on SQLite, CREATE DATABASE … TEMPLATE ≈ 50 ms on PostgreSQL),
// and each worker runs one file at a time, so files never see each other's data.
// Within a file, resetData() from #tests/setup/db empties the business tables if needed.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { connectPgAdmin, pgDatabaseUrl, quoteIdent } from "./test-database";

const context = inject("testDatabase");
// VITEST_POOL_ID names the worker; the random part keeps a re-used worker's next file apart
// from a copy that a failed teardown might have left behind.
const copyName = `${context.runId}_w${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(3).toString("hex")}`;

let cleanup: () => Promise<void>;

if (context.kind === "sqlite") {
  const file = path.join(context.dir, `${copyName}.db`);
  fs.copyFileSync(context.templateFile, file);
  process.env.DATABASE_URL = `file:${file}`;
  cleanup = async () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
  };
} else {
  const name = `zs_test_${copyName}`;
  const admin = await connectPgAdmin(context.adminUrl);
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(context.templateName)}`);
  } finally {
    await admin.end();
  }
  process.env.DATABASE_URL = pgDatabaseUrl(context.adminUrl, name);
  cleanup = async () => {
    const drop = await connectPgAdmin(context.adminUrl);
    try {
      await drop.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } finally {
      await drop.end();
    }
  };
}

afterAll(async () => {
  // Close the app's client before its database goes away; a re-used worker makes a new one.
  const holder = globalThis as unknown as { __db?: { $disconnect(): Promise<void> } };
  await holder.__db?.$disconnect();
  delete holder.__db;
  await cleanup();
});

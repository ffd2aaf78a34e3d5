// Runs once per `vitest run` of the integration project, in the main process: builds one
// migrated template database with the organisation seeded, which every test file then clones
// (tests/setup/db-setup.ts). Migrating once and copying is what keeps a per-file fresh database
// cheap: a file copy on SQLite, CREATE DATABASE … TEMPLATE (about 50 ms) on PostgreSQL.
//
//   TEST_DB=sqlite   (default) template file tests/.tmp/vitest-<pid>/template.db
//   TEST_DB=postgres template database zs_test_template_<pid> on TEST_PG_URL
//                    (default postgresql://postgres@127.0.0.1:5432/postgres)
//
// Everything is removed when the run ends. Leftovers of crashed runs on this machine are
// removed at the start of the next one.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { TestProject } from "vitest/node";
import { createPrismaClient } from "#app/utils/db.server";
import { migrate } from "../../scripts/lib/migrate";
import { seedOrganisation } from "../../prisma/seed/organisation";
import {
  TMP_ROOT,
  connectPgAdmin,
  isLocalServer,
  pgDatabaseUrl,
  processIsAlive,
  quoteIdent,
  testDbKind,
  testPgUrl,
  type TestDatabaseContext,
} from "./test-database";

async function seedTemplate(url: string) {
  await migrate(url);
  const db = createPrismaClient(url);
  try {
    await seedOrganisation(db);
  } finally {
    await db.$disconnect();
  }
}

function removeStaleSqliteRuns() {
  if (!fs.existsSync(TMP_ROOT)) return;
  for (const entry of fs.readdirSync(TMP_ROOT)) {
    const pid = /^vitest-(\d+)$/.exec(entry)?.[1];
    if (pid && !processIsAlive(Number(pid))) fs.rmSync(path.join(TMP_ROOT, entry), { recursive: true, force: true });
  }
}

async function setupSqlite(runId: number): Promise<[TestDatabaseContext, () => Promise<void>]> {
  removeStaleSqliteRuns();
  const dir = path.join(TMP_ROOT, `vitest-${runId}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const templateFile = path.join(dir, "template.db");
  await seedTemplate(`file:${templateFile}`);
  // Fold the WAL into the main file so a plain copy of template.db is the whole database.
  const db = new Database(templateFile);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const context: TestDatabaseContext = { kind: "sqlite", runId, dir, templateFile, adminUrl: "", templateName: "" };
  return [context, async () => fs.rmSync(dir, { recursive: true, force: true })];
}

/** Drops this run's databases, or (stale = true) those of runs on this machine that died. */
async function dropRunDatabases(adminUrl: string, which: { runId: number } | { stale: true }) {
  const admin = await connectPgAdmin(adminUrl);
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ '^zs_test_(template_)?[0-9]+(_|$)'`,
    );
    for (const { datname } of rows) {
      const pid = Number(/^zs_test_(?:template_)?(\d+)/.exec(datname)?.[1]);
      const drop = "runId" in which ? pid === which.runId : !processIsAlive(pid);
      if (drop) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

async function setupPostgres(runId: number): Promise<[TestDatabaseContext, () => Promise<void>]> {
  const adminUrl = testPgUrl();
  // Fails loudly when the server is missing: never a silent skip.
  const admin = await connectPgAdmin(adminUrl);
  await admin.end();
  if (isLocalServer(adminUrl)) await dropRunDatabases(adminUrl, { stale: true });

  const templateName = `zs_test_template_${runId}`;
  const create = await connectPgAdmin(adminUrl);
  try {
    await create.query(`DROP DATABASE IF EXISTS ${quoteIdent(templateName)} WITH (FORCE)`);
    await create.query(`CREATE DATABASE ${quoteIdent(templateName)}`);
  } finally {
    await create.end();
  }
  const teardown = () => dropRunDatabases(adminUrl, { runId });
  try {
    // seedTemplate disconnects when done: CREATE DATABASE … TEMPLATE needs the template idle.
    await seedTemplate(pgDatabaseUrl(adminUrl, templateName));
  } catch (error) {
    await teardown();
    throw error;
  }
  const context: TestDatabaseContext = { kind: "postgres", runId, dir: "", templateFile: "", adminUrl, templateName };
  return [context, teardown];
}

export default async function globalSetup(project: TestProject) {
  const kind = testDbKind();
  const runId = process.pid;
  const [context, teardown] = kind === "postgres" ? await setupPostgres(runId) : await setupSqlite(runId);
  project.provide("testDatabase", context);
  return teardown;
}

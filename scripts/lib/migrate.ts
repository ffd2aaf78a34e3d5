// Applies the committed SQL migrations of prisma/migrations/<provider>/ that the database has
// not recorded yet, each in its own transaction, and records them in "_app_migrations" with a
// checksum. Prisma's own migrate engine cannot deploy to PostgreSQL here (PLATFORM.md), so the
// same small runner serves both providers. See docs/decisions/001-prisma-6-and-migrations.md.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, sqliteFilePath, type DatabaseKind } from "#app/utils/database-url";
import { SQLITE_PRAGMAS } from "#app/utils/sqlite-pragmas";

const MIGRATIONS_ROOT = path.resolve(import.meta.dirname, "../../prisma/migrations");

export type Migration = { name: string; sql: string; checksum: string };

export function listMigrations(kind: DatabaseKind): Migration[] {
  const dir = path.join(MIGRATIONS_ROOT, kind);
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkUnchanged(applied: Map<string, string>, migrations: Migration[]) {
  for (const m of migrations) {
    const recorded = applied.get(m.name);
    if (recorded && recorded !== m.checksum) {
      throw new Error(`Migration ${m.name} was changed after it was applied; write a new migration instead.`);
    }
  }
}

export type MigrateOptions = { /** Stop after this migration (tests of upgrades with data). */ until?: string };

function pending(migrations: Migration[], applied: Map<string, string>, until?: string): Migration[] {
  const upTo = until ? migrations.filter((m) => m.name <= until) : migrations;
  return upTo.filter((m) => !applied.has(m.name));
}

async function migrateSqlite(url: string, options: MigrateOptions): Promise<string[]> {
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
    db.exec(`CREATE TABLE IF NOT EXISTS "_app_migrations" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`);
    const rows = db.prepare(`SELECT "name", "checksum" FROM "_app_migrations"`).all() as { name: string; checksum: string }[];
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const migrations = listMigrations("sqlite");
    checkUnchanged(applied, migrations);
    const done: string[] = [];
    for (const m of pending(migrations, applied, options.until)) {
      // A table rebuild (how SQLite alters a column or adds a foreign key) drops the old table:
      // with foreign keys enforced that would cascade-delete the child rows. PRAGMA foreign_keys
      // is ignored inside a transaction, so it is switched off around it, and the keys are
      // checked before the commit instead (the procedure of SQLite's ALTER TABLE documentation).
      db.pragma("foreign_keys = OFF");
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length) throw new Error(`Migration ${m.name} leaves ${broken.length} broken foreign key(s)`);
        db.prepare(`INSERT INTO "_app_migrations" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`).run(
          m.name,
          m.checksum,
          new Date().toISOString(),
        );
      }).immediate();
      db.pragma("foreign_keys = ON");
      done.push(m.name);
    }
    return done;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, options: MigrateOptions): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One runner at a time, even with several app instances starting together.
    await client.query("SELECT pg_advisory_lock(724011)");
    await client.query(`CREATE TABLE IF NOT EXISTS "_app_migrations" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL)`);
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_app_migrations"`);
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const migrations = listMigrations("postgres");
    checkUnchanged(applied, migrations);
    const done: string[] = [];
    for (const m of pending(migrations, applied, options.until)) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_app_migrations" ("name", "checksum", "appliedAt") VALUES ($1, $2, now())`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock(724011)").catch(() => {});
    await client.end();
  }
}

/** Applies pending migrations; returns the names applied (empty when up to date). */
export async function migrate(url: string, options: MigrateOptions = {}): Promise<string[]> {
  return databaseKind(url) === "postgres" ? migratePostgres(url, options) : migrateSqlite(url, options);
}

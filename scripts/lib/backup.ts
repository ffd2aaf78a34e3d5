// Online backup and restore of the SQLite database (DESIGN §8; docs/decisions/005).
//
// backupSqlite  copies the live database with SQLite's online backup API while the server keeps
//               writing (never a file copy, which can catch a half-written page or miss the WAL).
// restoreSqlite checks a backup, refuses while any process has the target database open, and
//               swaps the restored file in with one rename.
//
// Both are used by scripts/backup.ts and scripts/restore.ts and by the tests; they print nothing.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SQLITE_BUSY_TIMEOUT_MS } from "#app/utils/sqlite-pragmas";
import { listMigrations } from "./migrate";

/** A backup or a restore target that must not be used, with a message meant for the operator. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly kind: "invalid-backup" | "in-use" | "unusable-target" | "usage",
  ) {
    super(message);
    this.name = "BackupError";
  }
}

const SIDECARS = ["-wal", "-shm", "-journal"] as const;

function sqliteCode(error: unknown): string {
  return (error as { code?: string }).code ?? "";
}

/** fsync a file or a directory, so a rename or a write survives a power cut. */
function fsyncPath(p: string) {
  const fd = fs.openSync(p, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function removeWithSidecars(file: string) {
  for (const suffix of ["", ...SIDECARS]) fs.rmSync(`${file}${suffix}`, { force: true });
}

export type BackupCheck = { migrations: string[]; tables: number; bytes: number };

/**
 * Checks that `file` is a usable backup: a SQLite database whose `PRAGMA integrity_check` says
 * "ok", without foreign-key violations, made by this product (it has `_app_migrations`).
 * Throws a BackupError saying what is wrong otherwise.
 */
export function checkBackup(file: string): BackupCheck {
  if (!fs.existsSync(file)) throw new BackupError(`No such file: ${file}`, "usage");
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${file} cannot be opened as a SQLite database (${(error as Error).message}).`, "invalid-backup");
  }
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (error) {
      throw new BackupError(`${file} is not a sound SQLite database (${sqliteCode(error) || (error as Error).message}).`, "invalid-backup");
    }
    if (integrity.length !== 1 || integrity[0] !== "ok") {
      throw new BackupError(`${file} fails PRAGMA integrity_check: ${integrity.slice(0, 5).join("; ")}`, "invalid-backup");
    }
    const fkViolations = db.pragma("foreign_key_check") as unknown[];
    if (fkViolations.length > 0) {
      throw new BackupError(`${file} has ${fkViolations.length} foreign-key violation(s) (PRAGMA foreign_key_check).`, "invalid-backup");
    }
    const hasMigrations = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_app_migrations'`).get();
    if (!hasMigrations) {
      throw new BackupError(`${file} is a SQLite database but not one of this product (no _app_migrations table).`, "invalid-backup");
    }
    const migrations = (db.prepare(`SELECT "name" FROM "_app_migrations" ORDER BY "name"`).all() as { name: string }[]).map((r) => r.name);
    const tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).get() as { n: number }).n;
    return { migrations, tables, bytes: fs.statSync(file).size };
  } finally {
    db.close();
  }
}

/**
 * Copies `from` into the new file `to` with the backup API, as one consistent snapshot, and
 * leaves `to` as a single self-contained file (rollback-journal mode, no -wal beside it).
 */
async function snapshotInto(from: Database.Database, to: string): Promise<void> {
  // better-sqlite3 copies 100 pages per step by default, and SQLite restarts a backup from page
  // 1 whenever another connection (the server) writes between two steps: under steady write
  // load a large database might never finish. Asking for every page in the second step (the
  // first only sizes the job) copies the whole database inside one read transaction instead.
  // In WAL mode a reader never blocks the writer, so the server keeps committing meanwhile.
  await from.backup(to, { progress: () => 0x7fffffff });
  const copy = new Database(to);
  try {
    // The copy inherits the WAL flag from the source's header; a backup is easier to move
    // around as one file. The app switches a restored database back to WAL when it opens it.
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
}

export type BackupResult = BackupCheck & { file: string; ms: number };

/**
 * Online backup of the SQLite database `source` into the new file `target`. Safe while the
 * server writes; the result is checked (checkBackup) before it appears under its name, so a
 * file at `target` is always a complete backup.
 */
export async function backupSqlite(source: string, target: string): Promise<BackupResult> {
  const started = performance.now();
  const src = path.resolve(source);
  const dest = path.resolve(target);
  if (!fs.existsSync(src)) throw new BackupError(`No database at ${src}.`, "usage");
  if (dest === src || SIDECARS.some((s) => dest === `${src}${s}`)) throw new BackupError("The backup must not overwrite the database itself.", "usage");
  if (fs.existsSync(dest)) throw new BackupError(`${dest} exists already; choose a new file name (nothing was written).`, "usage");
  if (!fs.existsSync(path.dirname(dest))) throw new BackupError(`Folder ${path.dirname(dest)} does not exist.`, "usage");

  const partial = path.join(path.dirname(dest), `.${path.basename(dest)}.partial-${process.pid}`);
  removeWithSidecars(partial);
  // Read-only: the backup never writes to the live database. busy_timeout as the app's.
  const db = new Database(src, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    await snapshotInto(db, partial);
    const check = checkBackup(partial);
    fsyncPath(partial);
    fs.renameSync(partial, dest);
    fsyncPath(path.dirname(dest));
    return { ...check, file: dest, ms: performance.now() - started };
  } finally {
    db.close();
    removeWithSidecars(partial);
  }
}

export type RestoreResult = BackupCheck & {
  target: string;
  /** The database that was replaced, kept under a new name; null when there was none. */
  previous: string | null;
  /** Migrations of this release the backup predates: run `npm run db:migrate` next. */
  pending: string[];
  ms: number;
};

/** Which processes have `file` open, from /proc (Linux); best effort, for the message only. */
function processesHolding(file: string): string[] {
  const found: string[] = [];
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return found;
  }
  for (const pid of pids) {
    try {
      const fds = fs.readdirSync(`/proc/${pid}/fd`);
      if (fds.some((fd) => fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === file)) {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
        found.push(`pid ${pid} (${cmd.length > 200 ? `${cmd.slice(0, 200)}…` : cmd})`);
      }
    } catch {
      // another user's process, or it just ended
    }
  }
  return found;
}

/**
 * Takes the target database away from everybody, or throws BackupError("in-use").
 *
 * The server's SQLite connection (WAL mode) holds a shared lock on the database file for as
 * long as it is open, and the kernel drops that lock when the process ends, SIGKILL included.
 * Switching the file out of WAL mode needs the exclusive lock, so with a zero busy timeout it
 * fails at once while any other connection exists — and when it succeeds, SQLite has folded the
 * WAL into the file and deleted the -wal and -shm files. BEGIN EXCLUSIVE then keeps every other
 * process out until the restored file has been renamed into place.
 */
function claimDatabase(target: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(target, { fileMustExist: true, timeout: 0 });
  } catch (error) {
    throw new BackupError(`${target} cannot be opened (${(error as Error).message}).`, "unusable-target");
  }
  try {
    const mode = db.pragma("journal_mode = DELETE", { simple: true });
    if (mode !== "delete") throw Object.assign(new Error(`journal_mode stayed ${String(mode)}`), { code: "SQLITE_BUSY" });
    db.exec("BEGIN EXCLUSIVE");
    return db;
  } catch (error) {
    db.close();
    const code = sqliteCode(error);
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
      const holders = processesHolding(target);
      throw new BackupError(
        `${target} is in use${holders.length ? ` by ${holders.join(", ")}` : " by another process"}. ` +
          "Stop the server (and anything else using the database), then run the restore again. Nothing was changed.",
        "in-use",
      );
    }
    throw new BackupError(
      `${target} is not a usable SQLite database (${code || (error as Error).message}), so it cannot be checked for other users. ` +
        `Stop the server, move the file aside (e.g. mv "${target}" "${target}.broken"), then run the restore again.`,
      "unusable-target",
    );
  }
}

function timestamp(at = new Date()) {
  return at.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
}

/**
 * Restores `backup` into the SQLite database file `target`:
 *   1. checks the backup (checkBackup) and that this release knows all its migrations;
 *   2. copies it (backup API) into a temporary file next to the target;
 *   3. claims the target (refused while any process has it open; see claimDatabase);
 *   4. keeps the current database as `<target>.before-restore-<time>` (a hard link), then
 *      renames the temporary file over the target: readers see the old or the new database,
 *      never a mix, even if the restore is killed half-way.
 */
export async function restoreSqlite(backup: string, target: string): Promise<RestoreResult> {
  const started = performance.now();
  const from = path.resolve(backup);
  const dest = path.resolve(target);
  if (from === dest) throw new BackupError("The backup file is the database itself.", "usage");
  const check = checkBackup(from);
  const known = listMigrations("sqlite").map((m) => m.name);
  const unknown = check.migrations.filter((m) => !known.includes(m));
  if (unknown.length > 0) {
    throw new BackupError(
      `The backup was made by a newer release (migrations ${unknown.join(", ")} are unknown here). Restore it with that release. Nothing was changed.`,
      "invalid-backup",
    );
  }
  const pending = known.filter((m) => !check.migrations.includes(m));

  const dir = path.dirname(dest);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(dest)}.restore-${process.pid}`);
  removeWithSidecars(temp);
  let claim: Database.Database | null = null;
  try {
    const source = new Database(from, { readonly: true, fileMustExist: true });
    try {
      await snapshotInto(source, temp);
    } finally {
      source.close();
    }
    fsyncPath(temp);

    let previous: string | null = null;
    if (fs.existsSync(dest)) {
      claim = claimDatabase(dest);
      previous = `${dest}.before-restore-${timestamp()}`;
      fs.linkSync(dest, previous);
    }
    // A -wal, -shm or -journal left beside the target would be replayed into the new file by
    // the next connection. claimDatabase removed the old database's; these are only ever
    // leftovers, and they must be gone before the rename, not after.
    for (const suffix of SIDECARS) fs.rmSync(`${dest}${suffix}`, { force: true });
    fs.renameSync(temp, dest);
    fsyncPath(dir);
    return { ...check, bytes: fs.statSync(dest).size, target: dest, previous, pending, ms: performance.now() - started };
  } finally {
    // The claim is on the old file, which now lives on only as `previous`: nothing to write.
    if (claim) {
      claim.exec("ROLLBACK");
      claim.close();
    }
    removeWithSidecars(temp);
  }
}

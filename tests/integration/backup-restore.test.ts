// The restore drill of DESIGN §8 (scripts/lib/backup.ts, docs/decisions/005): `npm run backup`
// under real write load from another process, a restore into a fresh path, and a restore
// refused while a process holds the database.
//
// SQLite only: on PostgreSQL the product's backup is pg_dump/pg_basebackup (README), and the
// commands only explain that — which is what the PostgreSQL run checks.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import Database from "better-sqlite3";
import { databaseKind, sqliteFilePath } from "#app/utils/database-url";
import { SQLITE_PRAGMAS } from "#app/utils/sqlite-pragmas";
import { REPO_ROOT } from "#tests/setup/test-database";
import { BackupError, checkBackup, restoreSqlite } from "../../scripts/lib/backup";

const kind = databaseKind(process.env.DATABASE_URL ?? "");
const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");

/** Runs a script without blocking this process, so the writer's acknowledgements keep flowing. */
function runScriptAsync(script: string, args: string[], databaseUrl: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

function runScript(script: string, args: string[], databaseUrl: string) {
  return spawnSync(TSX, [path.join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe.runIf(kind === "postgres")("backup and restore on PostgreSQL", () => {
  test("npm run backup / restore explain pg_dump and pg_restore and exit non-zero", () => {
    const backup = runScript("scripts/backup.ts", ["ignored.db"], process.env.DATABASE_URL!);
    expect(backup.status).toBe(1);
    expect(backup.stderr).toContain("pg_dump --format=custom");
    expect(backup.stderr).toContain("archive_command");
    const restore = runScript("scripts/restore.ts", ["ignored.dump"], process.env.DATABASE_URL!);
    expect(restore.status).toBe(1);
    expect(restore.stderr).toContain("pg_restore");
  });
});

describe.runIf(kind === "sqlite")("backup and restore on SQLite", () => {
  // This file's own copy of the template database (tests/setup/db-setup.ts) plays the live one.
  const live = kind === "sqlite" ? sqliteFilePath(process.env.DATABASE_URL!) : "";
  const dir = path.join(path.dirname(live), `${path.basename(live, ".db")}-backups`);
  const removeDb = (file: string) => {
    for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${s}`, { force: true });
  };

  beforeAll(() => fs.mkdirSync(dir, { recursive: true }));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function tableCounts(file: string): Record<string, number> {
    const db = new Database(file, { readonly: true });
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
      return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
    } finally {
      db.close();
    }
  }

  function integrity(file: string): string {
    const db = new Database(file, { readonly: true });
    try {
      return db.pragma("integrity_check", { simple: true }) as string;
    } finally {
      db.close();
    }
  }

  /** Load rows (action LOAD_TEST) in a backup: their sequence numbers, in order. */
  function loadSequence(file: string): number[] {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare(`SELECT CAST("detail" AS INTEGER) AS seq FROM "AuditLog" WHERE "action" = 'LOAD_TEST' ORDER BY "id"`).all() as { seq: number }[]).map((r) => r.seq);
    } finally {
      db.close();
    }
  }

  /**
   * Another process writing AuditLog rows as fast as it can, one committed transaction each,
   * with the app's pragmas (WAL, synchronous=FULL). It prints each sequence number after its
   * COMMIT returned: a printed number is an acknowledged write.
   */
  function startWriter(file: string) {
    const source = `
      const Database = require("better-sqlite3");
      const db = new Database(process.argv[1]);
      for (const p of JSON.parse(process.argv[2])) db.pragma(p);
      const insert = db.prepare('INSERT INTO "AuditLog" ("at", "action", "entity", "detail", "after") VALUES (?, ?, ?, ?, ?)');
      const payload = JSON.stringify({ note: "写入负载".repeat(20) });
      let seq = 0;
      (function tick() {
        for (let i = 0; i < 10; i++) {
          seq += 1;
          insert.run(new Date().toISOString(), "LOAD_TEST", "Backup", String(seq), payload);
          process.stdout.write(seq + "\\n");
        }
        setImmediate(tick);
      })();`;
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["-e", source, file, JSON.stringify(SQLITE_PRAGMAS)], { cwd: REPO_ROOT });
    let acked = 0;
    let stderr = "";
    readline.createInterface({ input: child.stdout }).on("line", (line) => (acked = Number(line)));
    child.stderr.on("data", (d) => (stderr += d));
    return {
      acked: () => acked,
      async until(n: number) {
        const deadline = Date.now() + 20_000;
        while (acked < n) {
          if (child.exitCode !== null) throw new Error(`writer died: ${stderr}`);
          if (Date.now() > deadline) throw new Error(`writer reached only ${acked} of ${n} rows`);
          await new Promise((r) => setTimeout(r, 10));
        }
      },
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    };
  }

  /** A database of some size, so the backup takes long enough for writes to land meanwhile. */
  function fillAuditLog(file: string, rows: number) {
    const db = new Database(file);
    try {
      for (const p of SQLITE_PRAGMAS) db.pragma(p);
      const insert = db.prepare(`INSERT INTO "AuditLog" ("at", "action", "entity", "entityId", "before", "after") VALUES (?, 'UPDATE', 'Project', ?, ?, ?)`);
      const body = JSON.stringify({ name: "安康市某某新材料产业园项目".repeat(4), amount: 12345.67 });
      db.transaction(() => {
        for (let i = 0; i < rows; i++) insert.run(new Date().toISOString(), `p${i}`, body, body);
      })();
    } finally {
      db.close();
    }
  }

  test("a backup taken under write load holds every write acknowledged before it began, and restores", { timeout: 90_000 }, async () => {
    fillAuditLog(live, 100_000);
    const writer = startWriter(live);
    const backupFile = path.join(dir, "under-load.db");
    let ackedBefore = 0;
    let output: Awaited<ReturnType<typeof runScriptAsync>>;
    try {
      await writer.until(200);
      ackedBefore = writer.acked();
      // The real command, as an operator (or cron) runs it, in its own process.
      output = await runScriptAsync("scripts/backup.ts", [backupFile], `file:${live}`);
      await writer.until(ackedBefore + 200); // still writing after the backup: it never blocked
    } finally {
      await writer.stop();
    }
    expect(output.status, output.stderr).toBe(0);
    console.info(`[backup-restore] ${output.stdout.trim()}`);
    const ackedAtEnd = writer.acked();

    // The snapshot is consistent: exactly the writes 1..k of the single writer, no gap, and k
    // at least what was acknowledged before the backup started.
    const seqs = loadSequence(backupFile);
    const k = seqs.length;
    expect(seqs).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    expect(k).toBeGreaterThanOrEqual(ackedBefore);
    expect(k).toBeLessThanOrEqual(ackedAtEnd);
    console.info(`[backup-restore] writes acknowledged before the backup began: ${ackedBefore}; in the backup: ${k}; acknowledged by the end: ${ackedAtEnd}`);
    expect(integrity(backupFile)).toBe("ok");
    expect(checkBackup(backupFile).migrations.length).toBeGreaterThan(0);
    // A backup is one self-contained file.
    for (const s of ["-wal", "-shm", "-journal"]) expect(fs.existsSync(`${backupFile}${s}`)).toBe(false);

    const liveCounts = tableCounts(live);
    const backupCounts = tableCounts(backupFile);
    expect(backupCounts.AuditLog).toBeGreaterThanOrEqual(100_000 + ackedBefore);
    expect(liveCounts.AuditLog).toBeGreaterThan(backupCounts.AuditLog!); // writes went on after the snapshot
    for (const [table, n] of Object.entries(liveCounts)) if (table !== "AuditLog") expect(backupCounts[table], table).toBe(n);

    // Restore into a fresh path (nothing there yet).
    const fresh = path.join(dir, "fresh", "restored.db");
    const result = await restoreSqlite(backupFile, fresh);
    console.info(`[backup-restore] restore of ${(result.bytes / 1024 / 1024).toFixed(1)} MB into a fresh path: ${Math.round(result.ms)} ms`);
    expect(result.previous).toBeNull();
    expect(result.pending).toEqual([]);
    expect(integrity(fresh)).toBe("ok");
    expect(tableCounts(fresh)).toEqual(backupCounts);
    expect(loadSequence(fresh)).toHaveLength(k);
    removeDb(fresh);
  });

  test("restore is refused while a server process holds the database, and works once it is gone (even by SIGKILL)", { timeout: 60_000 }, async () => {
    const backupFile = path.join(dir, "drill.db");
    expect(runScript("scripts/backup.ts", [backupFile], `file:${live}`).status).toBe(0);
    const target = path.join(dir, "target.db");
    fs.copyFileSync(backupFile, target);
    // The target gets a row the backup does not have, so we can tell which one we are looking at.
    const db = new Database(target);
    db.pragma("journal_mode = WAL");
    db.prepare(`INSERT INTO "AuditLog" ("at", "action", "detail") VALUES (?, 'AFTER_BACKUP', 'x')`).run(new Date().toISOString());
    db.close();

    // The app's own client, as server.js uses it, with its connection open.
    // `node --import tsx` rather than the tsx command, which runs the script in a child process:
    // the SIGKILL below must hit the process that holds the connection.
    const holder = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "tests/integration/support/hold-database.ts")], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: `file:${target}` },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let err = "";
        holder.stderr.on("data", (d) => (err += d));
        readline.createInterface({ input: holder.stdout }).on("line", (line) => line === "ready" && resolve());
        holder.once("exit", (code) => reject(new Error(`holder exited ${code}: ${err}`)));
      });

      const refused = runScript("scripts/restore.ts", [backupFile], `file:${target}`);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("is in use");
      expect(refused.stderr).toMatch(/is in use by pid \d+ \(/);
      await expect(restoreSqlite(backupFile, target)).rejects.toMatchObject({ kind: "in-use" });
      // Nothing changed: same file, still in WAL mode, the extra row still there.
      expect(tableCounts(target).AuditLog).toBe(tableCounts(backupFile).AuditLog! + 1);
      expect(fs.readdirSync(dir).filter((f) => f.includes(".restore-"))).toEqual([]);
    } finally {
      // A crash, not a shutdown: the lock must not outlive the process.
      holder.kill("SIGKILL");
      await new Promise((r) => (holder.exitCode !== null || holder.signalCode !== null ? r(null) : holder.once("exit", r)));
    }

    const done = runScript("scripts/restore.ts", [backupFile], `file:${target}`);
    expect(done.status, done.stderr).toBe(0);
    console.info(`[backup-restore] ${done.stdout.trim().split("\n")[0]}`);
    expect(integrity(target)).toBe("ok");
    expect(tableCounts(target)).toEqual(tableCounts(backupFile));
    // The replaced database is kept, with its extra row.
    const previous = /kept as (\S+) /.exec(done.stdout)?.[1];
    expect(previous && fs.existsSync(previous)).toBeTruthy();
    expect(tableCounts(previous!).AuditLog).toBe(tableCounts(backupFile).AuditLog! + 1);
    // No WAL of the old database beside the new one.
    expect(fs.existsSync(`${target}-wal`) ? fs.statSync(`${target}-wal`).size : 0).toBe(0);
  });

  test("a damaged backup, a foreign database or a non-database is refused and the target left alone", async () => {
    const good = path.join(dir, "good.db");
    expect(runScript("scripts/backup.ts", [good], `file:${live}`).status).toBe(0);
    const target = path.join(dir, "kept.db");
    fs.copyFileSync(good, target);
    const before = fs.readFileSync(target);

    const damaged = path.join(dir, "damaged.db");
    const bytes = fs.readFileSync(good);
    // Scribble over a stretch of b-tree pages in the middle of the file.
    const page = 4096;
    const from = Math.floor(bytes.length / page / 2) * page;
    bytes.fill(0x5a, from + 8, from + 3 * page);
    fs.writeFileSync(damaged, bytes);

    const foreign = path.join(dir, "foreign.db");
    const other = new Database(foreign);
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    other.close();

    const text = path.join(dir, "notes.txt");
    fs.writeFileSync(text, "这不是数据库".repeat(200));

    for (const bad of [damaged, foreign, text]) {
      const error = await restoreSqlite(bad, target).catch((e: unknown) => e);
      expect(error, bad).toBeInstanceOf(BackupError);
      expect((error as BackupError).kind, bad).toBe("invalid-backup");
    }
    expect(runScript("scripts/restore.ts", [damaged], `file:${target}`).stderr).toMatch(/integrity_check|not a sound SQLite database/);
    expect(fs.readFileSync(target).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".restore-") || f.startsWith("kept.db.before-restore"))).toEqual([]);
  });

  test("npm run backup refuses to overwrite an existing file", () => {
    const file = path.join(dir, "exists.db");
    fs.writeFileSync(file, "keep me");
    const run = runScript("scripts/backup.ts", [file], `file:${live}`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("exists already");
    expect(fs.readFileSync(file, "utf8")).toBe("keep me");
  });
});

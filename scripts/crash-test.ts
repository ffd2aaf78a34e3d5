// npm run test:crash [-- --seed N] [-- --kills N]
//
// DESIGN §8: "The server killed (kill -9) under write load restarts with PRAGMA integrity_check
// = ok and every acknowledged write present." This is that experiment, on the production build
// and SQLite, through the real HTTP routes:
//
//   1. a fresh database (migrations + demo seed) and `node server.js` (NODE_ENV=production);
//   2. the admin (password + TOTP) and a county officer sign in once; sessions are database
//      rows, so the cookies outlive every restart — and are acknowledged writes that must survive;
//   3. admin clients create users (POST /admin/users/new) and rename each user they created
//      (POST /admin/users/:id, intent=save, version 1); officer clients register companies
//      (POST /companies/new, one transaction with its audit row). A 302 is an acknowledged
//      write; its id, name and new name are recorded;
//   4. at a random moment after the first acknowledged write of this life (seeded RNG; the seed
//      is printed) the server gets SIGKILL.
//      Before it restarts, the database is opened read-only: integrity_check must be "ok" and
//      every write acknowledged so far — by this life and all earlier ones — must be there
//      (the row, its CREATE audit row, the rename with version 2), and no user or company may
//      exist without its audit row;
//   5. repeated KILLS times; then a restore drill against the running server: `npm run backup`
//      under load, `npm run restore` refused while the server runs, then (server killed)
//      accepted, and the restored database holds everything acknowledged before the backup.
//
// A SIGKILL loses no data the kernel already has, so this proves the ordering (nothing is
// acknowledged before it is committed) and SQLite's crash recovery; surviving a power cut is
// what synchronous=FULL adds on top (ADR 002).
//
// Exits 1 on any lost write or failed check. With CRASH_REPORT=file it also writes
// {"passed":n,"failed":n} there for the summary of `npm test`.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import * as OTPAuth from "otpauth";
import { spawnServer, type ServerProcess } from "./lib/spawn-server";

const ROOT = path.resolve(import.meta.dirname, "..");
// One folder per run, so two runs on one machine never share a database; kept on failure.
const DIR = path.join(ROOT, `tests/.tmp/crash-${process.pid}`);
const DB_FILE = path.join(DIR, "crash.db");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

const DEMO_PASSWORD = "Zhaoshang@2026";
const ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXP";
const NEW_USER_PASSWORD = "Crash#Load2026";
const COMPANY_PREFIX = "崩溃测试企业";
const USER_CLIENTS = 3;
const COMPANY_CLIENTS = 2;
// The kill comes at a random moment 0–1300 ms after the life's first acknowledged write, so
// every kill lands while the clients are writing, however slow the machine is.
const KILL_AFTER_FIRST_ACK_MS = 1300;

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const seed = Number(argument("seed") ?? process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const kills = Number(argument("kills") ?? 22);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(state: number) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(seed);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(`[crash] ${line}`);

// Each kill is one case, the load sanity checks one, the restore drill one: that is what the
// summary of `npm test` counts. Every failed check is printed.
const cases = new Map<string, boolean>();
let currentCase = "setup";
const failures: string[] = [];
function check(ok: boolean, what: string) {
  cases.set(currentCase, (cases.get(currentCase) ?? true) && ok);
  if (!ok) {
    failures.push(`${currentCase}: ${what}`);
    console.error(`[crash] FAIL (${currentCase}): ${what}`);
  }
  return ok;
}

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** Runs a script of ours without blocking this process, so the load keeps going meanwhile. */
function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, args, { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

// ─────────────────────────────── the server ───────────────────────────────

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  ZS_INSECURE_COOKIES: "1",
  HOST: "127.0.0.1",
  PORT: String(port),
  DATABASE_URL: `file:${DB_FILE}`,
};

const restartMs: number[] = [];

async function startServer(): Promise<ServerProcess> {
  const t0 = performance.now();
  const server = await spawnServer(serverEnv, { url: base, pollMs: 50 });
  restartMs.push(performance.now() - t0);
  return server;
}

function killServer(server: ServerProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once("exit", () => resolve());
    server.child.kill(signal);
  });
}

// ─────────────────────────────── HTTP client ───────────────────────────────

const cookies = { admin: "", officer: "" };

async function post(pathname: string, fields: Record<string, string>, cookie: string): Promise<Response> {
  return fetch(`${base}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

async function signIn(username: string, totpSecret?: string): Promise<string> {
  const fields: Record<string, string> = { username, password: DEMO_PASSWORD };
  if (totpSecret) fields.totp = new OTPAuth.TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate();
  const res = await post("/login", fields, "");
  const setCookie = res.headers.get("set-cookie") ?? "";
  if (res.status !== 302 || !setCookie) throw new Error(`login of ${username} refused: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return setCookie.split(";")[0]!;
}

// ─────────────────────────────── the load ───────────────────────────────

type AckedWrite = { kind: "user" | "company"; id: string; name: string; life: number; renamed: string | null };
const acked = new Map<string, AckedWrite>(); // by id
let attempts = 0;
let refusedOrFailed = 0;
let counter = 0;
const ackedCount = (kind: AckedWrite["kind"]) => [...acked.values()].filter((w) => w.kind === kind).length;

/** Sends one write; returns the Location of a 302 (an acknowledged write) or null. */
async function write(pathname: string, fields: Record<string, string>, cookie: string, stop: { now: boolean }): Promise<string | null> {
  attempts += 1;
  try {
    const res = await post(pathname, fields, cookie);
    if (res.status === 302) return res.headers.get("location") ?? "";
    await res.text().catch(() => {});
    if (!stop.now) {
      refusedOrFailed += 1;
      console.error(`[crash] ${pathname} answered ${res.status}`);
    }
  } catch {
    // The server went away mid-request: not acknowledged, and it may or may not be there.
  }
  return null;
}

/** The admin's client: create a user (Argon2id, then an audit row), then rename it. */
async function userWorker(life: number, worker: number, stop: { now: boolean }) {
  while (!stop.now) {
    counter += 1;
    const username = `ck${seed % 100000}_${life}_${worker}_${counter}`;
    const displayName = `崩溃测试${counter}`;
    const created = await write("/admin/users/new", { username, displayName, role: "CITY_OFFICER", password: NEW_USER_PASSWORD }, cookies.admin, stop);
    const id = created && /^\/admin\/users\/([^/?]+)\?notice=created$/.exec(created)?.[1];
    if (!id) continue;
    acked.set(id, { kind: "user", id, name: username, life, renamed: null });
    if (stop.now) return;
    const renamed = `${displayName}-改`;
    const saved = await write(`/admin/users/${id}`, { intent: "save", version: "1", displayName: renamed, role: "CITY_OFFICER" }, cookies.admin, stop);
    if (saved?.endsWith("?notice=saved")) acked.get(id)!.renamed = renamed;
  }
}

/** A county officer's client: register target companies (one interactive transaction each). */
async function companyWorker(life: number, worker: number, stop: { now: boolean }) {
  while (!stop.now) {
    counter += 1;
    const name = `${COMPANY_PREFIX}${seed % 100000}-${life}-${worker}-${counter}`;
    const created = await write("/companies/new", { name, confirmDuplicate: "on", description: "SIGKILL 测试" }, cookies.officer, stop);
    const id = created && /^\/companies\/([^/?]+)\?notice=created$/.exec(created)?.[1];
    if (id) acked.set(id, { kind: "company", id, name, life, renamed: null });
  }
}

function startLoad(life: number) {
  const stop = { now: false };
  const done = Promise.all([
    ...Array.from({ length: USER_CLIENTS }, (_, w) => userWorker(life, w, stop)),
    ...Array.from({ length: COMPANY_CLIENTS }, (_, w) => companyWorker(life, w, stop)),
  ]);
  return {
    stop: async () => {
      stop.now = true;
      await done;
    },
  };
}

// ─────────────────────────────── the checks ───────────────────────────────

type Verdict = { integrity: string; missing: string[]; presentUnacked: number; unauditedCompanies: number; unauditedUsers: number };

/** Opens the database read-only (as the kill left it) and looks for every acknowledged write. */
function inspect(file: string, writes: Iterable<AckedWrite>): Verdict {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
    type Row = { id: string; name: string; displayName: string | null; version: number };
    const rows = new Map<string, Row>();
    for (const r of db.prepare(`SELECT "id", "username" AS "name", "displayName", "version" FROM "User" WHERE "username" LIKE 'ck%'`).all() as Row[]) rows.set(r.id, r);
    for (const r of db.prepare(`SELECT "id", "name", NULL AS "displayName", "version" FROM "Company" WHERE "name" LIKE ?`).all(`${COMPANY_PREFIX}%`) as Row[]) rows.set(r.id, r);
    const audited = new Set(
      (db.prepare(`SELECT "entityId" FROM "AuditLog" WHERE "action" = 'CREATE' AND "entity" IN ('User', 'Company')`).all() as { entityId: string }[]).map((r) => r.entityId),
    );
    const missing: string[] = [];
    let count = 0;
    for (const w of writes) {
      count += 1;
      const row = rows.get(w.id);
      if (!row || row.name !== w.name) missing.push(`${w.kind} ${w.name} (life ${w.life})`);
      else {
        if (!audited.has(w.id)) missing.push(`CREATE audit row of ${w.kind} ${w.name}`);
        if (w.renamed && (row.displayName !== w.renamed || row.version < 2)) missing.push(`rename of ${w.name} (found "${row.displayName}" v${row.version})`);
      }
    }
    const unaudited = (kind: "user" | "company") =>
      [...rows.values()].filter((r) => (r.displayName === null) === (kind === "company") && !audited.has(r.id)).length;
    return { integrity, missing, presentUnacked: rows.size - count, unauditedCompanies: unaudited("company"), unauditedUsers: unaudited("user") };
  } finally {
    db.close();
  }
}

function report(verdict: Verdict, label: string) {
  check(verdict.integrity === "ok", `${label}: integrity_check = ${verdict.integrity}`);
  check(verdict.missing.length === 0, `${label}: ${verdict.missing.length} acknowledged write(s) missing: ${verdict.missing.slice(0, 5).join(", ")}`);
  // A record and its audit row are written in one transaction: never one without the other,
  // even for writes that were in flight at the kill.
  check(verdict.unauditedCompanies === 0, `${label}: ${verdict.unauditedCompanies} compan(ies) without their CREATE audit row`);
  check(verdict.unauditedUsers === 0, `${label}: ${verdict.unauditedUsers} user(s) without their CREATE audit row`);
}

// ─────────────────────────────── the run ───────────────────────────────

const started = performance.now();
log(`seed ${seed} (rerun with: npm run test:crash -- --seed ${seed}), ${kills} kills, ${USER_CLIENTS} admin + ${COMPANY_CLIENTS} officer clients, port ${port}`);

if (!fs.existsSync(path.join(ROOT, "build/index.js"))) {
  log("no production build: running npm run build");
  run("npm run build", "npm", ["run", "--silent", "build"]);
}
for (const entry of fs.existsSync(path.dirname(DIR)) ? fs.readdirSync(path.dirname(DIR)) : []) {
  const pid = Number(/^crash-(\d+)$/.exec(entry)?.[1]);
  if (pid && !processIsAlive(pid)) fs.rmSync(path.join(path.dirname(DIR), entry), { recursive: true, force: true });
}
fs.mkdirSync(DIR, { recursive: true });
run("migrate", TSX, ["scripts/db-migrate.ts"], serverEnv);
run("demo seed", TSX, ["prisma/seed/index.ts", "--demo"], serverEnv);

log(`fresh database ready (migrate + demo seed) after ${((performance.now() - started) / 1000).toFixed(1)} s`);
const lifeStats: { loadMs: number; ackedInLife: number }[] = [];
let lastVerdict: Verdict | null = null;
let server: ServerProcess | null = null;
try {
  server = await startServer();
  // Once for the whole run: the sessions are database rows and must outlive every kill.
  cookies.admin = await signIn("admin", ADMIN_TOTP_SECRET);
  cookies.officer = await signIn("hanbin");
  for (let life = 1; life <= kills; life += 1) {
    currentCase = `kill ${life}`;
    const before = acked.size;
    const delay = Math.round(random() * KILL_AFTER_FIRST_ACK_MS);
    const lifeStart = performance.now();
    const load = startLoad(life);
    const deadline = Date.now() + 30_000;
    while (acked.size === before && Date.now() < deadline) await sleep(5);
    await sleep(delay);
    const loadMs = Math.round(performance.now() - lifeStart);
    await killServer(server); // SIGKILL: no shutdown handler runs
    await load.stop();
    lifeStats.push({ loadMs, ackedInLife: acked.size - before });

    const verdict = inspect(DB_FILE, acked.values());
    lastVerdict = verdict;
    check(acked.size > before, "the server acknowledged writes before the kill");
    report(verdict, `kill ${life} after ${loadMs} ms`);
    log(
      `kill ${String(life).padStart(2)} after ${String(loadMs).padStart(4)} ms: ${String(acked.size - before).padStart(3)} writes acknowledged in this life, ` +
        `${acked.size} in all, integrity ${verdict.integrity}, missing ${verdict.missing.length}, present but unacknowledged ${verdict.presentUnacked}`,
    );
    server = await startServer();
    // The sign-ins are acknowledged writes too: both sessions must still open their pages.
    for (const [who, pathname] of [["admin", "/admin/users/new"], ["officer", "/companies/new"]] as const) {
      const page = await fetch(`${base}${pathname}`, { headers: { Cookie: cookies[who] }, redirect: "manual" });
      await page.text();
      check(page.status === 200, `the ${who}'s session survives the restart (GET ${pathname} → ${page.status})`);
    }
  }

  currentCase = "load";
  check(refusedOrFailed === 0, `every write the server answered was accepted (${refusedOrFailed} refused)`);
  check(ackedCount("user") > 0 && ackedCount("company") > 0, "both kinds of write were acknowledged");

  // ── restore drill against the real server ──
  currentCase = "restore drill";
  const backupFile = path.join(DIR, "drill-backup.db");
  const load = startLoad(kills + 1);
  await sleep(300);
  const beforeBackup = [...acked.values()].map((w) => ({ ...w }));
  const ackedBeforeBackup = acked.size;
  const backup = await runAsync(["scripts/backup.ts", backupFile], serverEnv);
  check(backup.status === 0, `npm run backup while the server writes: ${backup.stderr || backup.stdout}`);
  log(`drill: ${backup.stdout.trim()}`);
  check(acked.size > ackedBeforeBackup, `writes were acknowledged while the backup ran (${acked.size - ackedBeforeBackup})`);
  const refused = await runAsync(["scripts/restore.ts", backupFile], serverEnv);
  check(refused.status === 1 && refused.stderr.includes("is in use"), `npm run restore refused while the server runs (exit ${refused.status}: ${refused.stderr.trim()})`);
  log(`drill: restore while the server runs → exit ${refused.status}: ${refused.stderr.trim().split(". ")[0]}`);
  await sleep(300);
  await killServer(server);
  await load.stop();
  report(inspect(DB_FILE, acked.values()), "last kill");

  const restore = await runAsync(["scripts/restore.ts", backupFile], serverEnv);
  check(restore.status === 0, `npm run restore with the server stopped: ${restore.stderr}`);
  log(`drill: ${restore.stdout.trim().split("\n")[0]}`);
  const restored = inspect(DB_FILE, beforeBackup);
  report(restored, "restored database");
  server = await startServer();
  const sample = beforeBackup.filter((w) => w.kind === "user").at(-1);
  if (sample) {
    const page = await fetch(`${base}/admin/users/${sample.id}`, { headers: { Cookie: cookies.admin }, redirect: "manual" });
    const html = await page.text();
    check(page.status === 200 && html.includes(sample.name), `after the restore the server shows ${sample.name} (HTTP ${page.status})`);
  }
  await killServer(server, "SIGTERM");
} catch (error) {
  if (server) await killServer(server);
  check(false, `aborted: ${(error as Error).message}`);
  console.error(error);
}

const renamed = [...acked.values()].filter((w) => w.renamed).length;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log("");
console.log(`[crash] summary (seed ${seed}, ${seconds} s)`);
console.log(`[crash]   kills (SIGKILL under load): ${lifeStats.length}, ${KILL_AFTER_FIRST_ACK_MS / 1000} s at most after the first acknowledged write; load per life ${Math.min(...lifeStats.map((l) => l.loadMs))}–${Math.max(...lifeStats.map((l) => l.loadMs))} ms`);
console.log(`[crash]   server start to /healthz: ${Math.round(restartMs.reduce((a, b) => a + b, 0) / Math.max(1, restartMs.length))} ms on average over ${restartMs.length} starts`);
console.log(
  `[crash]   acknowledged writes: ${ackedCount("user")} users created and ${renamed} renamed by the admin, ${ackedCount("company")} companies ` +
    `registered by a county officer (each with its audit row); ${attempts} requests, ${refusedOrFailed} refused`,
);
if (lastVerdict) {
  console.log(
    `[crash]   after the last kill: ${lastVerdict.presentUnacked} writes present that were never acknowledged (in flight at the kill), ` +
      `each with its audit row`,
  );
}
const failedCases = [...cases.values()].filter((ok) => !ok).length;
const passedCases = cases.size - failedCases;
console.log(`[crash]   cases (kills, load, restore drill): ${passedCases} passed, ${failedCases} failed${failures.length ? `\n[crash]   ${failures.join("\n[crash]   ")}` : ""}`);
if (failedCases === 0) fs.rmSync(DIR, { recursive: true, force: true });
else console.log(`[crash]   the database and backup are kept in ${DIR}`);
if (process.env.CRASH_REPORT) fs.writeFileSync(process.env.CRASH_REPORT, JSON.stringify({ passed: passedCases, failed: failedCases, seed }));
process.exit(failures.length ? 1 : 0);

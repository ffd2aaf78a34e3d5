// npx tsx bench/routes.ts [--db sqlite|postgres] [--duration 10] [--warmup 3] [--connections 10]
//                         [--port 3731] [--runs 15] [--workers 2] [--only desk,projects,project,followups,cockpit]
// (part of `npm run bench [-- --db sqlite|postgres]`; needs `npm run build` first)
// The database: data/large.db (LARGE_SQLITE_FILE=… for another copy) or zs_large (LARGE_PG_DB=…)
// on LARGE_PG_URL / TEST_PG_URL, as scripts/seed-large.ts writes them.
//
// DESIGN §8: "server p95 < 100 ms for 工作台, the project list, a project page and the cockpit at
// 10 concurrent users … each page within 3× its floor". On the large dataset (`seed:large`, run
// here if the database is missing; pending migrations are applied to it):
//   1. starts the production server (`node server.js`, NODE_ENV=production, WEB_CONCURRENCY =
//      --workers, by default one worker per core) on it;
//   2. signs in as the city leader (leader) and a county officer (hanbin, 汉滨区);
//   3. warms the server up: every page and role for --warmup seconds under load, so that no page
//      is measured while V8 is still compiling the code every page shares and growing its heap
//      (measured first after a start, the city's list lost a quarter of its requests per second);
//   4. for each page and role: warms up, then drives the page with autocannon — N connections
//      for a fixed duration, full document GETs with the role's session cookie and
//      Accept-Encoding: gzip as a browser sends — and records p50/p95 of the response times it
//      saw and the requests per second; any answer but 200 fails the run;
//   5. stops the server, then measures each page's floor: the same request is run once more
//      in this process through the build's request handler (build/index.js) while the
//      drivers' statements are recorded (bench/floor.ts), and those statements are replayed
//      through the raw driver (better-sqlite3 / pg) on one connection; floorMs is the median
//      of `runs` replays. ratio = p50 of the page at ONE connection (p50SoloMs, measured after
//      the load) / floorMs: one request against one run of its SQL. At 10 connections on two
//      cores a request mostly waits for the nine others, so p50Ms / floorMs would measure the
//      queue, not the page's overhead over its SQL;
// then prints a table and writes the routes into bench/results.json (keys "db", "routes" and
// "routes-<db>"; the other scripts' keys are kept).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { spawnServer, type ServerProcess } from "../scripts/lib/spawn-server";
import { captureStatements, floorMs, installCapture, openReplayer, type CapturedStatement } from "./floor";
import { BENCH_PAGES, BENCH_ROLES, BUMP_DATA_VERSION, benchDatabase, busiestProjectId, PASSWORD, type BenchRole } from "./pages";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: process.env.BENCH_DB ?? "sqlite" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "10" },
    port: { type: "string", default: "3731" },
    runs: { type: "string", default: "15" },
    solo: { type: "string", default: "3" },
    only: { type: "string" },
    // server.js worker processes (WEB_CONCURRENCY): one per core, as production would run it.
    workers: { type: "string", default: String(os.availableParallelism()) },
  },
});
const kind = args.db === "postgres" ? "postgres" : args.db === "sqlite" ? "sqlite" : null;
if (!kind) {
  console.error("Usage: npx tsx bench/routes.ts [--db sqlite|postgres] [--duration s] [--warmup s] [--connections n] [--port n]");
  process.exit(1);
}
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const PORT = Number(args.port);
const RUNS = Number(args.runs);
const SOLO = Number(args.solo);
const WORKERS = Number(args.workers);

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const BASE = `http://127.0.0.1:${PORT}`;
const ROLES = BENCH_ROLES;
type Role = BenchRole;

const log = (line: string) => console.log(`[bench:routes] ${line}`);
const round1 = (n: number) => Math.round(n * 10) / 10;

// ─────────────────────────────── the database ───────────────────────────────

const { sqliteFile, pgAdminUrl, pgDatabase, url: databaseUrl } = benchDatabase(kind);

async function largeDatabaseExists(): Promise<boolean> {
  if (kind === "sqlite") return fs.existsSync(sqliteFile);
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  try {
    return (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [pgDatabase])).rowCount === 1;
  } finally {
    await admin.end();
  }
}

if (!fs.existsSync(path.join(ROOT, "build/index.js"))) {
  console.error("bench/routes: no production build (build/index.js). Run `npm run build` first.");
  process.exit(1);
}
if (!(await largeDatabaseExists())) {
  log(`no large ${kind} database: running seed:large (≈ 1 min)`);
  const seeded = spawnSync(TSX, ["scripts/seed-large.ts", "--db", kind], { cwd: ROOT, stdio: "inherit", env: { ...process.env, LARGE_PG_DB: pgDatabase } });
  if (seeded.status !== 0) process.exit(1);
} else {
  // A database seeded before the latest migrations gets them (new indexes, for instance).
  const { migrate } = await import("../scripts/lib/migrate");
  await migrate(databaseUrl);
}

const busiest = await busiestProjectId(kind, databaseUrl);
const PAGES = BENCH_PAGES(busiest).filter((p) => !args.only || args.only.split(",").includes(p.name));
log(`${kind}: ${databaseUrl.replace(/\/\/[^@]*@/, "//")}; project page = ${busiest}`);

// ─────────────────────────────── the server ───────────────────────────────

function startServer(): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", ZS_INSECURE_COOKIES: "1", HOST: "127.0.0.1", PORT: String(PORT), DATABASE_URL: databaseUrl, WEB_CONCURRENCY: String(WORKERS) };
  return spawnServer(env, { url: BASE });
}

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${BASE}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
    body: new URLSearchParams({ username, password: PASSWORD }),
  });
  const setCookie = res.headers.get("set-cookie") ?? "";
  if (res.status !== 302 || !setCookie) throw new Error(`login of ${username} refused: HTTP ${res.status}`);
  return setCookie.split(";")[0]!;
}

// ─────────────────────────────── the load ───────────────────────────────

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function drive(url: string, cookie: string, seconds: number, connections = CONNECTIONS) {
  const times: number[] = [];
  let failed = 0;
  const instance = autocannon({ url, connections, duration: seconds, timeout: 30, headers: { cookie, "accept-encoding": "gzip" } });
  instance.on("response", (_client, status, _bytes, responseTime) => {
    if (status === 200) times.push(responseTime);
    else failed += 1;
  });
  const result = await instance;
  if (failed > 0 || result.errors > 0 || result.timeouts > 0) throw new Error(`${url}: ${failed} non-200 answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  if (times.length === 0) throw new Error(`${url}: no answer within ${seconds} s`);
  times.sort((a, b) => a - b);
  return { p50Ms: round1(percentile(times, 50)), p95Ms: round1(percentile(times, 95)), rps: round1(times.length / seconds), requests: times.length };
}

type RouteResult = {
  name: string;
  p50Ms: number;
  p95Ms: number;
  rps: number;
  floorMs: number;
  ratio: number;
  p50SoloMs: number;
  requests: number;
  statements: number;
  url: string;
};
const loads = new Map<string, { p50Ms: number; p95Ms: number; rps: number; requests: number; p50SoloMs: number; url: string; role: Role; numbersCached: boolean }>();
const cookies = {} as Record<Role, string>;

// Others may share the machine: the load average goes into the results next to the figures.
const loadBefore = os.loadavg().map(round1);
const server = await startServer();
try {
  for (const role of Object.keys(ROLES) as Role[]) cookies[role] = await signIn(ROLES[role]);
  for (const page of PAGES) {
    for (const role of Object.keys(ROLES) as Role[]) {
      const url = `${BASE}${page.path}`;
      const check = await fetch(url, { redirect: "manual", headers: { cookie: cookies[role] } });
      await check.text();
      if (check.status !== 200) throw new Error(`${page.path} as ${role}: HTTP ${check.status}`);
      await drive(url, cookies[role], WARMUP);
    }
  }
  for (const page of PAGES) {
    for (const role of Object.keys(ROLES) as Role[]) {
      const url = `${BASE}${page.path}`;
      await drive(url, cookies[role], WARMUP);
      const load = await drive(url, cookies[role], DURATION);
      const solo = await drive(url, cookies[role], SOLO, 1);
      loads.set(`${page.name}:${role}`, { ...load, p50SoloMs: solo.p50Ms, url: page.path, role, numbersCached: page.numbersCached ?? false });
      log(`${page.name}:${role}  p50 ${load.p50Ms} ms  p95 ${load.p95Ms} ms  ${load.rps} req/s; one connection: p50 ${solo.p50Ms} ms`);
    }
  }
} finally {
  await server.stop();
}

// ─────────────────────────────── the floors ───────────────────────────────

// The build's Prisma client is created when build/index.js is first imported: the drivers are
// wrapped first, and DATABASE_URL points at the large database.
installCapture();
process.env.DATABASE_URL = databaseUrl;
process.env.NODE_ENV = "production";
process.env.ZS_INSECURE_COOKIES = "1"; // as the server ran: the same cookie name
const { installGlobals, createRequestHandler } = await import("@remix-run/node");
installGlobals();
const build = await import(path.join(ROOT, "build/index.js"));
const handle = createRequestHandler(build, "production");
const replayer = await openReplayer(kind, kind === "sqlite" ? sqliteFile : databaseUrl);

async function pageRequest(pathname: string, cookie: string): Promise<number> {
  const res = await handle(new Request(`${BASE}${pathname}`, { headers: { cookie, "x-zs-client-ip": "127.0.0.1" } }), { cspNonce: "bench" });
  await res.text();
  return res.status;
}

const routes: RouteResult[] = [];
const statementsByRoute: Record<string, CapturedStatement[]> = {};
try {
  for (const [name, load] of loads) {
    // Twice unrecorded (module caches, the mechanism, prepared plans), then once recorded.
    await pageRequest(load.url, cookies[load.role]);
    await pageRequest(load.url, cookies[load.role]);
    // A page that serves its numbers from a cache is recorded on a miss: its floor is the SQL
    // its numbers come from (DESIGN §8), not the version check of a hit.
    if (load.numbersCached) await replayer.run([{ sql: BUMP_DATA_VERSION, values: [] }]);
    const { result: status, statements } = await captureStatements(() => pageRequest(load.url, cookies[load.role]));
    if (status !== 200) throw new Error(`${load.url} in-process: HTTP ${status}`);
    if (statements.length === 0) throw new Error(`${load.url}: no statements recorded`);
    statementsByRoute[name] = statements;
    const floor = round1(await floorMs(replayer, statements, RUNS));
    routes.push({
      name,
      p50Ms: load.p50Ms,
      p95Ms: load.p95Ms,
      rps: load.rps,
      floorMs: floor,
      // One request against one replay of its SQL: like with like (see docs/benchmarks.md).
      ratio: round1(load.p50SoloMs / Math.max(floor, 0.1)),
      p50SoloMs: load.p50SoloMs,
      requests: load.requests,
      statements: statements.length,
      url: load.url,
    });
  }
} finally {
  await replayer.close();
}

console.table(
  Object.fromEntries(
    routes.map((r) => [r.name, { "p50 ms": r.p50Ms, "p95 ms": r.p95Ms, "req/s": r.rps, "p50 ms, 1 conn": r.p50SoloMs, "floor ms": r.floorMs, "ratio": r.ratio, statements: r.statements }]),
  ),
);
const overP95 = routes.filter((r) => r.p95Ms >= 100).map((r) => r.name);
const overFloor = routes.filter((r) => r.ratio > 3).map((r) => r.name);
log(`${kind}: ${CONNECTIONS} connections × ${DURATION} s per page, then 1 connection × ${SOLO} s; floor = median of ${RUNS} replays; ratio = p50 at 1 connection / floor`);
log(`p95 ≥ 100 ms: ${overP95.join(", ") || "none"}; over 3× floor: ${overFloor.join(", ") || "none"}`);

const file = path.join(ROOT, "bench/results.json");
const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
// A run with --only replaces those pages' figures and keeps the others of the last run.
const kept = args.only ? ((previous[`routes-${kind}`] as { routes?: RouteResult[] } | undefined)?.routes ?? []).filter((r) => !routes.some((n) => n.name === r.name)) : [];
routes.push(...kept);
const results = routes.map(({ name, p50Ms, p95Ms, rps, floorMs: floor, ratio, p50SoloMs }) => ({ name, p50Ms, p95Ms, rps, floorMs: floor, ratio, p50SoloMs }));
const detail = { at: new Date().toISOString(), loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map(round1), cpus: os.cpus().length, connections: CONNECTIONS, workers: WORKERS, durationSec: DURATION, soloSec: SOLO, floorRuns: RUNS, ratio: "p50SoloMs / floorMs", routes };
fs.writeFileSync(file, `${JSON.stringify({ ...previous, db: kind, routes: results, [`routes-${kind}`]: detail }, null, 2)}\n`);
if (process.env.BENCH_SQL_DUMP) fs.writeFileSync(process.env.BENCH_SQL_DUMP, `${JSON.stringify(statementsByRoute, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
process.exit(0);

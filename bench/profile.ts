// npx tsx bench/profile.ts [--db sqlite|postgres] [--runs 40] [--only desk,projects,…] [--sql]
// (needs `npm run build` and the large database of `npm run seed:large`)
//
// One page request's own cost, with no HTTP and no other request beside it: the production
// build's request handler is called in this process, one request after another, and the
// median wall time per page and role is printed with the number of statements the drivers
// received. Run it under `node --cpu-prof` (NODE_OPTIONS="--cpu-prof") to see where the time
// goes; it is the quick loop for working on a page, `npm run bench` the measurement of record.
import path from "node:path";
import { parseArgs } from "node:util";
import { captureStatements, floorMs, installCapture, openReplayer } from "./floor";
import { BENCH_PAGES, BENCH_ROLES, benchDatabase, busiestProjectId, PASSWORD } from "./pages";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    runs: { type: "string", default: "40" },
    only: { type: "string" },
    // Print each statement the page sends (its start) with its time replayed through the driver.
    sql: { type: "boolean", default: false },
  },
});
const kind = args.db === "postgres" ? "postgres" : "sqlite";
const RUNS = Number(args.runs);
const ROOT = path.resolve(import.meta.dirname, "..");
const BASE = "http://127.0.0.1:3999";

installCapture();
const { url: databaseUrl } = benchDatabase(kind);
process.env.DATABASE_URL = databaseUrl;
process.env.NODE_ENV = "production";
process.env.ZS_INSECURE_COOKIES = "1";
const { installGlobals, createRequestHandler } = await import("@remix-run/node");
installGlobals();
const build = await import(path.join(ROOT, "build/index.js"));
const handle = createRequestHandler(build, "production");

async function signIn(username: string): Promise<string> {
  const res = await handle(
    new Request(`${BASE}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Host: new URL(BASE).host, "x-zs-client-ip": "127.0.0.1" },
      body: new URLSearchParams({ username, password: PASSWORD }),
    }),
    { cspNonce: "bench" },
  );
  const cookie = res.headers.get("set-cookie");
  if (res.status !== 302 || !cookie) throw new Error(`login of ${username}: HTTP ${res.status}`);
  return cookie.split(";")[0]!;
}

async function get(pathname: string, cookie: string): Promise<number> {
  const res = await handle(new Request(`${BASE}${pathname}`, { headers: { cookie, "x-zs-client-ip": "127.0.0.1" } }), { cspNonce: "bench" });
  await res.text();
  if (res.status !== 200) throw new Error(`${pathname}: HTTP ${res.status}`);
  return res.status;
}

const replayer = await openReplayer(kind, kind === "sqlite" ? databaseUrl.replace(/^file:/, "") : databaseUrl);
const projectId = await busiestProjectId(kind, databaseUrl);
const rows: Record<string, { "median ms": number; "min ms": number; statements: number }> = {};
for (const [role, username] of Object.entries(BENCH_ROLES)) {
  const cookie = await signIn(username);
  for (const page of BENCH_PAGES(projectId)) {
    if (args.only && !args.only.split(",").includes(page.name)) continue;
    await get(page.path, cookie);
    const { statements } = await captureStatements(() => get(page.path, cookie));
    if (args.sql) {
      const lines = [];
      for (const s of statements) lines.push(`  ${(await floorMs(replayer, [s], 9, 1)).toFixed(2).padStart(6)} ms  ${s.sql.replace(/\s+/g, " ").slice(0, 150)}`);
      console.log(`── ${page.name}:${role}\n${lines.join("\n")}`);
    }
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await get(page.path, cookie);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    rows[`${page.name}:${role}`] = { "median ms": Math.round(times[RUNS >> 1]! * 10) / 10, "min ms": Math.round(times[0]! * 10) / 10, statements: statements.length };
  }
}
console.table(rows);
process.exit(0);

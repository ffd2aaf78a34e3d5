// npm run bench [-- --db sqlite|postgres] [-- --duration 10 …]
// Issue 7's benchmark, every part on one database: the production build, the gzipped
// JavaScript per page (bench/js-size.ts), the 10 000-row import and export
// (bench/import-export.ts) and the pages under load with their SQL floors (bench/routes.ts;
// other options are passed to it). Then bench/results.json gets the summary keys
// ("db", "import10kSec", "export10kSec") next to what each part wrote.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const argv = process.argv.slice(2);
const dbAt = argv.indexOf("--db");
const db = dbAt >= 0 ? argv[dbAt + 1] : (process.env.BENCH_DB ?? "sqlite");
if (db !== "sqlite" && db !== "postgres") {
  console.error("Usage: npm run bench [-- --db sqlite|postgres]");
  process.exit(1);
}
const rest = dbAt >= 0 ? [...argv.slice(0, dbAt), ...argv.slice(dbAt + 2)] : argv;
const env = { ...process.env, BENCH_DB: db };

let failed = false;
function step(label: string, command: string, commandArgs: string[]) {
  console.log(`\n── ${label} ──`);
  const result = spawnSync(command, commandArgs, { cwd: ROOT, env, stdio: "inherit" });
  // js-size and import-export exit 1 when over their budget; the run goes on and says so.
  if (result.status !== 0) {
    failed = true;
    console.error(`${label}: exit ${result.status}`);
  }
  return result.status === 0;
}

if (!step("build", "npm", ["run", "--silent", "build"])) process.exit(1);
step("JavaScript per page", TSX, ["bench/js-size.ts"]);
step(`10 000-row import and export (${db})`, TSX, ["bench/import-export.ts"]);
step(`pages under load (${db})`, TSX, ["bench/routes.ts", "--db", db, ...rest]);

const file = path.join(ROOT, "bench/results.json");
if (fs.existsSync(file)) {
  const results = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const io = results[`import-${db}`] as { importMs?: number; exportMs?: number } | undefined;
  const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms / 10) / 100);
  fs.writeFileSync(file, `${JSON.stringify({ ...results, db, import10kSec: seconds(io?.importMs), export10kSec: seconds(io?.exportMs) }, null, 2)}\n`);
}
process.exitCode = failed ? 1 : 0;

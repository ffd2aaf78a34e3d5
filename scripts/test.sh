#!/usr/bin/env bash
# npm test — the whole suite, on a fresh clone of a fresh machine:
#   1. npm ci if node_modules is missing; Chromium and PostgreSQL installed/started if missing
#      (apt-get, as root; scripts/lib/ensure-system.sh)
#   2. Vitest unit + integration tests on SQLite
#   3. Vitest integration tests on PostgreSQL (throw-away databases on TEST_PG_URL)
#   4. the production build, then Playwright in headless Chromium against it
#   5. npm run test:crash: the production server SIGKILLed under write load (SQLite)
# Every phase runs even if an earlier one failed; the last line is "N passed, N failed" and the
# exit status is non-zero if anything failed. A missing PostgreSQL server is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-system.sh
source scripts/lib/ensure-system.sh

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

zs_ensure_build_tools
if [ ! -d node_modules ]; then
  echo "==> Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund || { echo "npm ci failed" >&2; exit 1; }
fi
zs_ensure_chromium
pg_ok=1
zs_ensure_postgres || pg_ok=0

REPORTS=tests/.tmp/reports
rm -rf "$REPORTS"
mkdir -p "$REPORTS"
# One line per phase: label, tool, exit code, JSON report (read by the summary below).
PHASES="$REPORTS/phases.tsv"
: >"$PHASES"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$PHASES"; }

banner() { printf '\n==> %s\n' "$*"; }

banner "Generating Prisma clients"
if ! npm run --silent prisma:generate; then
  echo "Prisma client generation failed; nothing can run." >&2
  exit 1
fi

banner "Vitest: unit and integration tests on SQLite"
TEST_DB=sqlite node_modules/.bin/vitest run \
  --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest-sqlite.json"
record "vitest (unit + integration, SQLite)" vitest $? "$REPORTS/vitest-sqlite.json"

if [ "$pg_ok" = 1 ]; then
  banner "Vitest: integration tests on PostgreSQL"
  TEST_DB=postgres node_modules/.bin/vitest run --project integration \
    --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest-postgres.json"
  record "vitest (integration, PostgreSQL)" vitest $? "$REPORTS/vitest-postgres.json"
else
  zs_pg_banner
  record "vitest (integration, PostgreSQL): NO SERVER" none 1 ""
fi

banner "Production build"
if npm run --silent build; then
  banner "Playwright: end-to-end tests in Chromium against the production build"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright.json" node_modules/.bin/playwright test --reporter=list,json
  record "playwright (e2e, Chromium)" playwright $? "$REPORTS/playwright.json"

  banner "Durability: the production server killed under write load (npm run test:crash)"
  CRASH_REPORT="$REPORTS/crash.json" node_modules/.bin/tsx scripts/crash-test.ts
  record "crash test (SIGKILL under load, SQLite)" script $? "$REPORTS/crash.json"
else
  record "build (Playwright and crash test not run)" none 1 ""
fi

[ "$pg_ok" = 1 ] || zs_pg_banner

# Sum the runs from their JSON reports. A run that failed without a failing test (a setup error,
# a crash, no server) still counts as one failure, so the total never hides it.
node --input-type=module - "$PHASES" <<'EOF'
import fs from "node:fs";
let passed = 0, failed = 0;
const lines = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
console.log("\n==> Summary");
for (const line of lines) {
  const [label, tool, codeText, file] = line.split("\t");
  const code = Number(codeText);
  let p = 0, f = 0, note = "";
  let report = null;
  try { if (file) report = JSON.parse(fs.readFileSync(file, "utf8")); } catch { note = "no report"; }
  if (report && tool === "vitest") {
    p = report.numPassedTests ?? 0;
    f = report.numFailedTests ?? 0;
  } else if (report && tool === "script") {
    p = report.passed ?? 0;
    f = report.failed ?? 0;
  } else if (report && tool === "playwright") {
    p = (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
    f = report.stats?.unexpected ?? 0;
  }
  if (code !== 0 && f === 0) {
    f = 1;
    note ||= `exited with code ${code}`;
  }
  passed += p;
  failed += f;
  console.log(`  ${f ? "FAIL" : "ok  "}  ${label}: ${p} passed, ${f} failed${note ? ` (${note})` : ""}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
EOF

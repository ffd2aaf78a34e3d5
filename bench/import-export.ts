// npx tsx bench/import-export.ts [rows=10000]      (BENCH_DB=postgres for PostgreSQL)
// DESIGN §8: "a 10 000-row ledger imports in under 10 s". Builds a fresh, migrated database
// (a temp SQLite file, or a throw-away PostgreSQL database on TEST_PG_URL), generates a county
// ledger with the test fixture builder, and times the import as `npm run import` runs it:
//   1. upload check (magic bytes, zip directory, declared sizes)
//   2. reading the workbook (exceljs)
//   3. header, mapping and preview of every row
//   4. the commit: matching against the records and every write, in one transaction
// then the same file again (everything matches: updates, no new rows). Prints a table and
// writes bench/results.json (key "import-<db>"). Then the export: the whole project ledger of
// the imported projects as .xlsx (the /projects/export code path), timed to a file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const ROWS = Number(process.argv[2] ?? 10_000);
const KIND = (process.env.BENCH_DB ?? "sqlite").toLowerCase() === "postgres" ? "postgres" : "sqlite";
const LIMIT_MS = 10_000;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

const ms = (since: number) => Math.round(performance.now() - since);

async function setUpDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (KIND === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zs-bench-"));
    return { url: `file:${path.join(dir, "bench.db")}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.TEST_PG_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `zs_bench_${process.pid}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS ${name}`);
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const { url, drop } = await setUpDatabase();
process.env.DATABASE_URL = url;
// Imported after DATABASE_URL is set: the app's client is created on first import.
const { migrate } = await import("../scripts/lib/migrate");
const { seedOrganisation } = await import("../prisma/seed/organisation");
const { ensureMechanism } = await import("#app/models/mechanism.server");
const { prisma } = await import("#app/utils/db.server");
const { checkXlsxUpload } = await import("#app/utils/xlsx-upload.server");
const { readLedgerWorkbook } = await import("#app/utils/ledger-read.server");
const { prepareLedgerSheet } = await import("#app/domain/ledger/preview");
const { cliActor, commitLedgerImport, forgetParsedLedgers } = await import("#app/models/ledger-import.server");
const { largeLedger } = await import("#tests/fixtures/ledger-builders");
const { writeProjectLedgerTo } = await import("#app/models/ledger-export.server");
const { readProjectFilters } = await import("#app/schemas/project-list");

try {
  await migrate(url);
  await seedOrganisation(prisma);
  await ensureMechanism(prisma);

  let t = performance.now();
  const bytes = await largeLedger(ROWS);
  console.log(`Generated a ${ROWS}-row ledger (${(bytes.byteLength / 1024).toFixed(0)} KB) in ${ms(t)} ms; database: ${KIND}`);

  // The phases one by one, from cold.
  t = performance.now();
  const check = checkXlsxUpload(bytes);
  const checkMs = ms(t);
  if (!check.ok) throw new Error(`upload refused: ${check.message}`);
  t = performance.now();
  const workbook = await readLedgerWorkbook(bytes);
  const readMs = ms(t) - checkMs; // readLedgerWorkbook runs the check again first
  if (!workbook.ok) throw new Error(`unreadable: ${workbook.message}`);
  t = performance.now();
  const prepared = prepareLedgerSheet(workbook.sheets[0]!, { now: new Date(), regionName: "汉阴县" });
  const previewMs = ms(t);
  if (!prepared.ok) throw new Error("no header");

  // The import as `npm run import` runs it, end to end from the file's bytes (nothing cached).
  forgetParsedLedgers();
  const phases: Record<string, number> = {};
  let phaseStart = performance.now();
  let phase = "";
  const started = performance.now();
  const outcome = await commitLedgerImport(cliActor(), { fileBytes: bytes, fileName: "bench.xlsx", regionName: "汉阴县" }, undefined, {
    onProgress: (p) => {
      if (p.phase === phase) return;
      if (phase) phases[phase] = ms(phaseStart);
      phase = p.phase;
      phaseStart = performance.now();
    },
  });
  phases[phase] = ms(phaseStart);
  const totalMs = ms(started);
  if (!outcome.ok) throw new Error(`import ${outcome.kind}: ${outcome.kind === "failed" ? outcome.message : JSON.stringify(outcome.summary.errors.slice(0, 3))}`);

  const counts = { companies: await prisma.company.count(), projects: await prisma.project.count(), transitions: await prisma.stageTransition.count() };

  forgetParsedLedgers();
  t = performance.now();
  const again = await commitLedgerImport(cliActor(), { fileBytes: bytes, fileName: "bench.xlsx", regionName: "汉阴县" });
  const againMs = ms(t);
  if (!again.ok) throw new Error(`re-import ${again.kind}`);
  const after = { companies: await prisma.company.count(), projects: await prisma.project.count(), transitions: await prisma.stageTransition.count() };

  // The export of everything imported, as a city leader would download it (no filters).
  const exportFile = path.join(os.tmpdir(), `zs-bench-export-${process.pid}.xlsx`);
  const city = await prisma.region.findFirstOrThrow({ where: { level: "CITY" } });
  const leader = { id: "bench", username: "bench", displayName: "bench", title: null, role: "LEADER" as const, regionId: city.id, departmentId: null, totpEnabled: false, sessionId: "bench" };
  t = performance.now();
  const exportedRows = await writeProjectLedgerTo(fs.createWriteStream(exportFile), leader, readProjectFilters(new URLSearchParams()));
  const exportMs = ms(t);
  const exportKb = Math.round(fs.statSync(exportFile).size / 1024);
  fs.rmSync(exportFile, { force: true });

  const result = {
    database: KIND,
    rows: ROWS,
    uploadCheckMs: checkMs,
    readMs,
    previewMs,
    importMs: totalMs,
    importPhasesMs: phases,
    created: outcome.summary.created,
    reimportMs: againMs,
    reimportUpdated: again.summary.updated,
    reimportCreatedRows: after.projects - counts.projects + after.companies - counts.companies + after.transitions - counts.transitions,
    limitMs: LIMIT_MS,
    exportRows: exportedRows,
    exportMs,
    exportKb,
    pass: totalMs < LIMIT_MS,
  };
  console.table({
    "upload check": checkMs,
    "read workbook": readMs,
    "header + preview": previewMs,
    "import, end to end": totalMs,
    "  of which read": phases.read ?? 0,
    "  of which check + matching": phases.check ?? 0,
    "  of which writes + commit": phases.write ?? 0,
    "re-import (no new rows)": againMs,
    [`export of ${exportedRows} projects (.xlsx, ${exportKb} KB)`]: exportMs,
  });
  console.log(`Created ${result.created.companies} companies, ${result.created.projects} projects; re-import created ${result.reimportCreatedRows} rows.`);
  console.log(`${ROWS}-row ledger import on ${KIND}: ${totalMs} ms (limit ${LIMIT_MS} ms) — ${result.pass ? "PASS" : "FAIL"}`);

  const file = path.join(root, "bench/results.json");
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  fs.writeFileSync(file, `${JSON.stringify({ ...previous, [`import-${KIND}`]: { ...result, at: new Date().toISOString() } }, null, 2)}\n`);
  process.exitCode = result.pass ? 0 : 1;
} finally {
  await prisma.$disconnect();
  await drop();
}

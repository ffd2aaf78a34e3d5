// npm run import -- --file F.xlsx [--region 汉阴县] [--sheet NAME] [--dry-run] [--json]
// (issue 6 §6): the same checks, reading, header detection, mapping and preview as the browser
// import. With --json, stdout holds exactly one JSON object:
//   {"rows":N,"created":{"companies":N,"projects":N},"updated":{…},
//    "skipped":[{"sheet":"…","row":N,"reason":"…"}],"errors":[{"sheet":"…","row":N,"column":"F","message":"…"}]}
// Row numbers and column letters are Excel's; an error of the file itself has row 0. created and
// updated count what the rows without errors would do; while any error remains, a commit writes
// nothing. Exit status: 0 clean, 1 errors in the file, 2 a usage error or an unavailable step.
import fs from "node:fs/promises";
import { planLedgerImport, NO_CHANGES } from "#app/domain/ledger/plan";
import { issueText, summarizeImport, type ImportSummary } from "#app/domain/ledger/summary";
import { prepareLedgerSheet, type LedgerPreview } from "#app/domain/ledger/preview";
import { type SheetGrid } from "#app/domain/ledger/grid";
import { t, type MessageKey, type MessageParams } from "#app/i18n";
import { listImportRegions, loadExistingRecords } from "#app/models/ledger-import.server";
import { type DbTx } from "#app/utils/db.server";
import { readLedgerWorkbook } from "#app/utils/ledger-read.server";
import { parseImportArgs, type ImportArgs } from "./import-args";

export type ImportIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  db: DbTx;
  now: Date;
};

/** How many warnings the human summary lists before saying how many more there are. */
const WARNINGS_SHOWN = 20;

/** Runs the command; returns the exit status. */
export async function runImportCli(argv: readonly string[], io: ImportIo): Promise<number> {
  const parsed = parseImportArgs(argv);
  if (!parsed.ok) {
    io.err(parsed.message);
    io.err(t("ledger.cliUsage"));
    return 2;
  }
  const { args } = parsed;
  if (!args.dryRun) {
    io.err(t("ledger.cliCommitNotReady"));
    return 2;
  }

  const fileError = (message: MessageKey, params?: MessageParams) => report(io, args, fileErrorSummary(t(message, params)), []);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(args.file);
  } catch {
    return fileError("ledger.cliFileUnreadable", { file: args.file });
  }
  const workbook = await readLedgerWorkbook(bytes);
  if (!workbook.ok) return fileError(workbook.message, workbook.params);

  const sheets = chosenSheets(workbook.sheets, args.sheet);
  if (sheets.length === 0) return fileError("ledger.cliNoSheet", { sheet: args.sheet ?? "" });

  const regions = await listImportRegions(io.db);
  const previews: LedgerPreview[] = [];
  for (const grid of sheets) {
    const prepared = prepareLedgerSheet(grid, { now: io.now, regionName: args.region, regions });
    if (prepared.ok) previews.push(prepared.preview);
    else io.err(t("ledger.cliSheetSkipped", { sheet: grid.name, reason: t(prepared.message) }));
  }
  if (previews.length === 0) return fileError("ledger.noHeader");

  // A sheet whose mapping or region is wrong imports nothing, so it adds nothing to the counts.
  const rows = previews.filter((p) => !p.sheetIssues.some((i) => i.severity === "error")).flatMap((p) => p.rows);
  const plan = planLedgerImport(rows, await loadExistingRecords(io.db, rows));
  return report(io, args, summarizeImport(previews, plan.counts), previews);
}

/** The sheet named by --sheet, else every visible sheet. */
function chosenSheets(sheets: readonly SheetGrid[], name: string | null): SheetGrid[] {
  if (name === null) return sheets.filter((s) => !s.hidden);
  const wanted = name.trim();
  return sheets.filter((s) => s.name.trim() === wanted);
}

function fileErrorSummary(message: string): ImportSummary {
  return { rows: 0, ...structuredClone(NO_CHANGES), skipped: [], errors: [{ sheet: "", row: 0, column: "", message }] };
}

function report(io: ImportIo, args: ImportArgs, summary: ImportSummary, previews: readonly LedgerPreview[]): number {
  if (args.json) io.out(JSON.stringify(summary));
  else printHuman(io, summary, previews);
  return summary.errors.length > 0 ? 1 : 0;
}

function where(row: number | null, column: string): string {
  if (row === null || row === 0) return "";
  return column ? t("ledger.cliCell", { row, column }) : t("ledger.cliRow", { row });
}

function printHuman(io: ImportIo, summary: ImportSummary, previews: readonly LedgerPreview[]): void {
  for (const p of previews) {
    const region = p.rows.find((r) => r.regionName)?.regionName ?? p.header.regionName ?? "—";
    io.out(t("ledger.cliSheetLine", { sheet: p.sheetName, header: p.header.headerRows.join("–"), unit: p.unit, region }));
  }
  const warnings = previews.flatMap((p) =>
    [...p.sheetIssues, ...p.rows.flatMap((r) => r.issues)]
      .filter((i) => i.severity === "warning")
      .map((i) => ({ sheet: p.sheetName, where: where(i.rowNumber, i.column ?? ""), message: issueText(i) })),
  );
  const { created, updated } = summary;
  io.out(t("ledger.cliSummary", { sheets: previews.length, rows: summary.rows, skipped: summary.skipped.length, errors: summary.errors.length, warnings: warnings.length }));
  io.out(t("ledger.cliCounts", { createdCompanies: created.companies, createdProjects: created.projects, updatedCompanies: updated.companies, updatedProjects: updated.projects }));
  for (const s of summary.skipped) io.out(t("ledger.cliSkippedLine", { sheet: s.sheet, where: where(s.row, ""), reason: s.reason }));
  for (const e of summary.errors) io.out(t("ledger.cliErrorLine", { sheet: e.sheet, where: where(e.row, e.column), message: e.message }));
  for (const w of warnings.slice(0, WARNINGS_SHOWN)) io.out(t("ledger.cliWarningLine", w));
  if (warnings.length > WARNINGS_SHOWN) io.out(t("ledger.cliMoreWarnings", { count: warnings.length - WARNINGS_SHOWN }));
  io.out(t(summary.errors.length > 0 ? "ledger.cliHasErrors" : "ledger.cliDryRunDone"));
}

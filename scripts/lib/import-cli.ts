// npm run import -- --file F.xlsx [--region 汉阴县] [--sheet NAME] [--dry-run] [--json]
// (issue 6 §6): the same code path as the browser import (app/models/ledger-import.server.ts),
// acting as the system ("命令行导入" in the audit log and the ImportBatch). With --json, stdout
// holds exactly one JSON object:
//   {"rows":N,"created":{"companies":N,"projects":N},"updated":{…},
//    "skipped":[{"sheet":"…","row":N,"reason":"…"}],"errors":[{"sheet":"…","row":N,"column":"F","message":"…"}]}
// Row numbers and column letters are Excel's; an error of the file itself has row 0. With
// --dry-run, created and updated count what the rows without errors would do and nothing is
// written; without it the file is imported in one transaction, or, while any error remains,
// refused with nothing written. Progress goes to stderr.
// Exit status: 0 imported (or a clean dry run), 1 errors in the file or a failed commit (rolled
// back, nothing written), 2 a usage error.
import fs from "node:fs/promises";
import path from "node:path";
import { issueText, type ImportSummary } from "#app/domain/ledger/summary";
import { type LedgerPreview } from "#app/domain/ledger/preview";
import { t, type MessageKey, type MessageParams } from "#app/i18n";
import { cliActor, commitLedgerImport, fileErrorSummary, previewLedgerImport, workbookSheets, type ImportProgress, type LedgerImportInput } from "#app/models/ledger-import.server";
import { type Db } from "#app/utils/db.server";
import { parseImportArgs, type ImportArgs } from "./import-args";

export type ImportIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  db: Db;
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

  const fileError = (message: MessageKey, params?: MessageParams) => report(io, args, fileErrorSummary(t(message, params)), []);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(args.file);
  } catch {
    return fileError("ledger.cliFileUnreadable", { file: args.file });
  }
  const input: LedgerImportInput = { fileBytes: bytes, fileName: path.basename(args.file), regionName: args.region };
  if (args.sheet !== null) {
    const sheets = await workbookSheets(bytes);
    // An unreadable file is reported by the preview below with the upload check's message.
    if (sheets) {
      const chosen = chosenSheets(sheets, args.sheet);
      if (chosen.length === 0) return fileError("ledger.cliNoSheet", { sheet: args.sheet });
      input.sheets = chosen.map((s) => ({ name: s.name }));
    }
  }

  const actor = cliActor();
  if (args.dryRun) {
    const preview = await previewLedgerImport(actor, input, { db: io.db, now: io.now });
    if (!preview.ok) return report(io, args, preview.summary, []);
    for (const skipped of preview.skippedSheets) io.err(t("ledger.cliSheetSkipped", skipped));
    const status = report(io, args, preview.summary, preview.sheets.map((s) => s.preview));
    if (!args.json) io.out(t(preview.summary.errors.length > 0 ? "ledger.cliHasErrors" : "ledger.cliDryRunDone"));
    return status;
  }

  // One pass: the commit checks the file first and refuses, writing nothing, while errors remain.
  const outcome = await commitLedgerImport(actor, input, undefined, { db: io.db, now: io.now, onProgress: progressPrinter(io) });
  for (const skipped of outcome.skippedSheets) io.err(t("ledger.cliSheetSkipped", skipped));
  if (outcome.ok) {
    const status = report(io, args, outcome.summary, outcome.previews);
    if (!args.json) io.out(t("ledger.cliCommitted", { batchId: outcome.batchId, sha256: outcome.sha256 }));
    return status;
  }
  if (outcome.kind === "refused") {
    const status = report(io, args, outcome.summary, outcome.previews);
    if (!args.json) io.out(t(outcome.previews.length > 0 ? "ledger.cliRefused" : "ledger.cliHasErrors"));
    return status;
  }
  const failure = t("ledger.cliFailed", { message: outcome.message });
  io.err(failure);
  if (args.json) io.out(JSON.stringify({ ...outcome.summary, ...NOTHING_WRITTEN, errors: [{ sheet: "", row: 0, column: "", message: failure }] }));
  else io.out(failure);
  return 1;
}

const NOTHING_WRITTEN = { created: { companies: 0, projects: 0 }, updated: { companies: 0, projects: 0 } };

/** Progress on stderr (stdout stays the one JSON object): each phase, and the writes in steps. */
function progressPrinter(io: ImportIo): (p: ImportProgress) => void {
  let last = "";
  return (p) => {
    const line = t("ledger.cliProgress", { phase: t(`ledger.phase_${p.phase}`), done: p.done, total: p.total });
    if (line !== last) io.err(line);
    last = line;
  };
}

/** The sheet --sheet names (trimmed, as people type sheet names). */
function chosenSheets<S extends { name: string }>(sheets: readonly S[], name: string): S[] {
  const wanted = name.trim();
  return sheets.filter((s) => s.name.trim() === wanted);
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
}

// The outcome of an import as `npm run import -- --json` prints it (issue 6 §6): one object
// with the row count, what was (or would be) created and updated, every skipped row with its
// reason and every error with its cell, row numbers as Excel shows them.
import { t, type MessageParams } from "#app/i18n";
import { type ImportCounts, NO_CHANGES } from "./plan";
import { blockingIssues, type LedgerIssue, type LedgerPreview } from "./preview";
import { ledgerFieldLabelKey } from "./synonyms";

export type SkippedRow = { sheet: string; row: number; reason: string };
export type ImportError = { sheet: string; row: number; column: string; message: string };

export type ImportSummary = {
  /** Data rows that would be imported: under the header, projects, not excluded. */
  rows: number;
  created: ImportCounts["created"];
  updated: ImportCounts["updated"];
  skipped: SkippedRow[];
  errors: ImportError[];
};

export function summarizeImport(previews: readonly LedgerPreview[], counts: ImportCounts = NO_CHANGES): ImportSummary {
  return {
    rows: previews.reduce((sum, p) => sum + p.rows.filter((r) => !r.excluded).length, 0),
    created: { ...counts.created },
    updated: { ...counts.updated },
    skipped: previews.flatMap(skippedRowsOf),
    errors: previews.flatMap((p) => blockingIssues(p).map((issue) => importErrorOf(p, issue))),
  };
}

/** Ignored and excluded rows of a sheet, in sheet order. */
function skippedRowsOf(preview: LedgerPreview): SkippedRow[] {
  const ignored = preview.ignored.map((r) => ({ sheet: preview.sheetName, row: r.rowNumber, reason: t(r.reason) }));
  const excluded = preview.rows.filter((r) => r.excluded).map((r) => ({ sheet: preview.sheetName, row: r.rowNumber, reason: t("ledger.skip_excluded") }));
  return [...ignored, ...excluded].sort((a, b) => a.row - b.row);
}

/** An issue of the whole sheet is placed on the header row, where the columns are named. */
function importErrorOf(preview: LedgerPreview, issue: LedgerIssue): ImportError {
  return {
    sheet: preview.sheetName,
    row: issue.rowNumber ?? preview.header.headerRows[0]!,
    column: issue.column ?? "",
    message: issueText(issue),
  };
}

/**
 * An issue as a sentence. A cell's issue starts with its column's name ("签约时间：日期无法
 * 识别…"); an issue of the whole sheet names the field inside its own text.
 */
export function issueText(issue: LedgerIssue): string {
  const field = issue.field ? t(ledgerFieldLabelKey(issue.field)) : "";
  const params: MessageParams = { field, column: issue.column ?? "", ...issue.params };
  const text = t(issue.message, params);
  return issue.rowNumber !== null && field ? `${field}：${text}` : text;
}

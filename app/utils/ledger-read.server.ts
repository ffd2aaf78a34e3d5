// An uploaded ledger, checked (./xlsx-upload.server) and then read with exceljs into plain
// sheet grids (app/domain/ledger/grid.ts), which is all the import's rules ever see.
import ExcelJS from "exceljs";
import { type CellRange, type CellValue, type LedgerRow, type SheetGrid } from "#app/domain/ledger/grid";
import { type MessageKey, type MessageParams } from "#app/i18n";
import { checkXlsxUpload } from "./xlsx-upload.server";

export type LedgerWorkbook = { ok: true; sheets: SheetGrid[] } | { ok: false; message: MessageKey; params?: MessageParams };

/** Every worksheet of an upload, or the reason the upload is refused. */
export async function readLedgerWorkbook(bytes: Uint8Array): Promise<LedgerWorkbook> {
  const check = checkXlsxUpload(bytes);
  if (!check.ok) return check;
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; a copy also frees it from a pooled Buffer.
    await workbook.xlsx.load(bytes.slice().buffer as ArrayBuffer);
  } catch {
    // A zip with the right parts whose XML exceljs cannot make sense of.
    return { ok: false, message: "ledger.uploadCorrupt" };
  }
  return { ok: true, sheets: workbook.worksheets.map(sheetGridOf) };
}

/**
 * A worksheet as rows of plain values, numbered as Excel numbers them. A merged range keeps
 * its value in its top-left cell only and is listed in `merges`; what a merge means for a
 * header or a data row is decided by the ledger rules, not here.
 */
export function sheetGridOf(sheet: ExcelJS.Worksheet): SheetGrid {
  const cellsByRow = new Map<number, CellValue[]>();
  const merges = new Map<string, CellRange>();
  let lastRow = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (cell.isMerged && cell.master.address !== cell.address) {
        extendMerge(merges, cell.master, rowNumber, column);
        return;
      }
      const value = plainCellValue(cell.value);
      if (value === null) return;
      cells[column - 1] = value;
      lastRow = rowNumber;
    });
    if (cells.length > 0) cellsByRow.set(rowNumber, Array.from(cells, (v) => v ?? null));
  });
  const rows: LedgerRow[] = [];
  for (let n = 1; n <= lastRow; n++) rows.push({ rowNumber: n, cells: cellsByRow.get(n) ?? [] });
  return { name: sheet.name, hidden: sheet.state !== "visible", rows, merges: [...merges.values()] };
}

function extendMerge(merges: Map<string, CellRange>, master: ExcelJS.Cell, row: number, column: number): void {
  const top = Number(master.row);
  const left = Number(master.col);
  const range = merges.get(master.address) ?? { top, left, bottom: top, right: left };
  range.bottom = Math.max(range.bottom, row);
  range.right = Math.max(range.right, column);
  merges.set(master.address, range);
}

/**
 * The value a person sees: rich text and hyperlinks as their text, a formula as its cached
 * result, an error as its code (#N/A), a date as a Date. Empty text is no value.
 */
export function plainCellValue(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if ("richText" in value) return plainCellValue(value.richText.map((run) => run.text).join(""));
  if ("error" in value) return value.error;
  if ("formula" in value || "sharedFormula" in value) return plainCellValue((value as { result?: ExcelJS.CellValue }).result);
  if ("hyperlink" in value) return plainCellValue((value as ExcelJS.CellHyperlinkValue).text);
  return null;
}

// A worksheet as the ledger import reads it: plain values by Excel row number, with the merged
// ranges kept aside so each step decides what a merged cell means where it sits (DESIGN §2
// "ledgers import"). app/utils/ledger-read.server.ts builds it from exceljs; everything in
// app/domain/ledger works on this shape only, so it is tested without files.

/** A resolved cell: rich text as text, a formula as its result, an Excel date as a Date. */
export type CellValue = string | number | boolean | Date | null;

/** One row; `cells[0]` is column A. `rowNumber` is the number Excel shows. */
export type LedgerRow = { rowNumber: number; cells: CellValue[] };

/** A merged range in Excel's 1-based coordinates; its value sits in (top, left) only. */
export type CellRange = { top: number; left: number; bottom: number; right: number };

export type SheetGrid = {
  name: string;
  /** Hidden or very hidden in Excel (helper lists, lookups). */
  hidden: boolean;
  /** Every row from 1 to the last with a value, blank rows included, in order. */
  rows: LedgerRow[];
  merges: CellRange[];
};

/** A grid from plain arrays, row 1 first: for tests and for callers that already have values. */
export function gridFromArrays(name: string, values: CellValue[][], merges: CellRange[] = []): SheetGrid {
  return { name, hidden: false, rows: values.map((cells, i) => ({ rowNumber: i + 1, cells })), merges };
}

export function isBlankValue(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

export function isBlankRow(row: LedgerRow): boolean {
  return row.cells.every(isBlankValue);
}

// Hot paths: a 10 000-row ledger passes every cell through these several times, so text that
// needs no change is returned without building a new string.
const ANY_SPACE = /\s/;
const SPACE_RUNS = /\s+/g;
// NFKC changes only characters outside printable ASCII and the common CJK block (full-width
// forms, ①, ㎡ …); control characters other than tab and newlines take the slow path too.
const NEEDS_NFKC = /[^ -~\t\n\r\u4e00-\u9fff]/;

/** The text of a cell as a person reads it, trimmed, inner runs of whitespace as one space. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return ANY_SPACE.test(value) ? value.replace(SPACE_RUNS, " ").trim() : value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * Text for matching words: half-width (NFKC), without any whitespace, so "合  计", "项目\n名称"
 * and full-width "ＵＳＣＣ" compare equal to what the dictionaries hold.
 */
export function compactText(value: CellValue | undefined): string {
  const text = cellText(value);
  const half = NEEDS_NFKC.test(text) ? text.normalize("NFKC") : text;
  return ANY_SPACE.test(half) ? half.replace(SPACE_RUNS, "") : half;
}

/** "A" for 0, "Z" for 25, "AA" for 26: the column letters Excel shows. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

export function rowByNumber(grid: SheetGrid, rowNumber: number): LedgerRow | undefined {
  const row = grid.rows[rowNumber - 1];
  return row?.rowNumber === rowNumber ? row : grid.rows.find((r) => r.rowNumber === rowNumber);
}

/** The value of a cell by Excel row number and 0-based column, ignoring merges. */
export function valueAt(grid: SheetGrid, rowNumber: number, column: number): CellValue {
  return rowByNumber(grid, rowNumber)?.cells[column] ?? null;
}

/**
 * Header cells with merges spread out: each cell of a merged range shows the range's value, so
 * a group label merged over three columns (投资情况 over 总投资/年度计划投资/累计到位资金) and a
 * label merged down two header rows (项目名称) both reach every column and row they cover.
 */
export function rowsWithMergesSpread(grid: SheetGrid, rowNumbers: readonly number[]): CellValue[][] {
  const rows = rowNumbers.map((n) => [...(rowByNumber(grid, n)?.cells ?? [])]);
  for (const range of grid.merges) {
    const master = valueAt(grid, range.top, range.left - 1);
    rowNumbers.forEach((n, i) => {
      if (n < range.top || n > range.bottom) return;
      const row = rows[i]!;
      for (let c = range.left - 1; c < range.right; c++) row[c] = master;
    });
  }
  return rows;
}

/**
 * Where a data cell inherits a value merged down from a row above: row number of the range's
 * top, keyed "row:column" (0-based column). Only the range's first column counts; the columns
 * to its right are decoration and stay empty.
 */
export function mergedDownOrigins(grid: SheetGrid): Map<string, number> {
  const origins = new Map<string, number>();
  for (const range of grid.merges) {
    for (let r = range.top + 1; r <= range.bottom; r++) origins.set(`${r}:${range.left - 1}`, range.top);
  }
  return origins;
}

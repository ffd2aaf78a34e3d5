// Which rows under the header are projects (issue 6 §2, §4). Ledgers carry blank spacer rows,
// 合计/小计 lines, section headings (一、签约项目), the header repeated for printing, a 栏次 line
// of column numbers, and notes and signatures at the bottom. Each row that is not a project is
// kept with the reason, so the preview lists it and nothing disappears silently.
import { type MessageKey } from "#app/i18n";
import { compactText, isBlankValue, type CellValue, type LedgerRow, type SheetGrid } from "./grid";
import { type LedgerHeader } from "./header";
import { normalizeHeaderLabel } from "./synonyms";

export const ROW_KINDS = ["data", "blank", "total", "section", "repeatedHeader", "columnNumbers", "note"] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export type ClassifiedRow = { row: LedgerRow; kind: RowKind };

export function rowKindReasonKey(kind: Exclude<RowKind, "data">): MessageKey {
  return `ledger.skip_${kind}`;
}

const TOTAL = /^(?:合计|小计|总计|共计|累计)/u;
const NOTE = /^(?:注|备注|说明|附注|填表说明|填报说明)(?:[:：、.．]|\d|[一二三四五六七八九十][、.．])/u;
const SIGNATURE = /^(?:填报人|填表人|审核人|审核|负责人|单位负责人|制表人|统计人|分管领导|主要领导|联系人|联系电话|填报日期|报送日期)[:：]/u;
const SECTION = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|其中[:：]?)/u;
const COLUMN_NUMBER_WORDS = new Set(["甲", "乙", "丙", "丁"]);

/** The rows from the first data row down, each with its kind. */
export function classifyLedgerRows(grid: SheetGrid, header: LedgerHeader): ClassifiedRow[] {
  const headerLabels = header.columns.map((c) => ({ index: c.index, label: normalizeHeaderLabel(c.parts[c.parts.length - 1]) }));
  const classified: ClassifiedRow[] = [];
  let inNotes = false;
  for (const row of grid.rows) {
    if (row.rowNumber < header.firstDataRow) continue;
    let kind = rowKind(row.cells, headerLabels);
    // Notes close a ledger: what follows the first note (numbered lines, signatures) is notes too.
    if (inNotes && kind !== "blank") kind = "note";
    if (kind === "note") inNotes = true;
    classified.push({ row, kind });
  }
  return classified;
}

/** The kind of one row; `headerLabels` are the header's normalised labels by column. */
export function rowKind(cells: readonly CellValue[], headerLabels: readonly { index: number; label: string }[] = []): RowKind {
  let filled = 0;
  let texts = 0;
  let firstTextCell: CellValue = null;
  for (const value of cells) {
    if (isBlankValue(value)) continue;
    filled++;
    if (typeof value === "string") {
      if (texts === 0) firstTextCell = value;
      texts++;
    }
  }
  if (filled === 0) return "blank";
  const firstText = compactText(firstTextCell);
  if (NOTE.test(firstText) || SIGNATURE.test(firstText)) return "note";
  if (TOTAL.test(firstText)) return "total";
  // A heading may carry its subtotal in number cells, but never a second text.
  if (texts === 1 && SECTION.test(firstText)) return "section";
  if (texts >= 2 && repeatsHeader(cells, headerLabels)) return "repeatedHeader";
  if (filled >= 3 && isColumnNumberRow(cells)) return "columnNumbers";
  return "data";
}

/** Half or more of the header's labels, in their own columns (stops as soon as that is out of reach). */
function repeatsHeader(cells: readonly CellValue[], headerLabels: readonly { index: number; label: string }[]): boolean {
  const needed = Math.max(2, Math.ceil(headerLabels.length / 2));
  let same = 0;
  let missed = 0;
  for (const h of headerLabels) {
    const cell = cells[h.index];
    if (typeof cell === "string" && h.label !== "" && normalizeHeaderLabel(cell) === h.label) same++;
    else missed++;
    if (same >= needed) return true;
    if (headerLabels.length - missed < needed) return false;
  }
  return false;
}

/** A 栏次 line under the header: 1, 2, 3 … (after 甲/乙 columns), nothing else. */
function isColumnNumberRow(cells: readonly CellValue[]): boolean {
  let expected = 1;
  for (const cell of cells) {
    if (isBlankValue(cell)) continue;
    const text = compactText(cell);
    if (COLUMN_NUMBER_WORDS.has(text) && expected === 1) continue;
    if (Number(text) !== expected) return false;
    expected++;
  }
  return expected > 3;
}

// Where a ledger's table starts, and what its columns are called (issue 6 §2). Bureaus put a
// title, 填报单位 and 金额单位 above the table, and often a two-row header whose upper row
// groups columns under a merged label (投资情况 over 总投资/年度计划投资/累计到位资金) while
// the other labels are merged down both rows.
import { amountUnitIn, type AmountUnit } from "./values";
import { cellText, columnLetter, compactText, isBlankValue, rowByNumber, rowsWithMergesSpread, type CellValue, type LedgerRow, type SheetGrid } from "./grid";
import { matchHeaderLabel, normalizeHeaderLabel } from "./synonyms";

export type HeaderColumn = {
  /** 0-based; `letter` is what Excel shows. */
  index: number;
  letter: string;
  /** The header as shown: its parts from top to bottom joined by "/" (投资情况/总投资). */
  label: string;
  parts: string[];
  /** A unit written in the header itself ("总投资（亿元）"), which beats the sheet's unit. */
  unit: AmountUnit | null;
};

export type LedgerHeader = {
  /** Excel row numbers of the header: one row, or two. */
  headerRows: number[];
  /** Rows above the header that hold anything (title, 填报单位, 金额单位). */
  titleRows: number[];
  columns: HeaderColumn[];
  /** The sheet's amount unit as stated above the table; null when it says nothing. */
  unit: AmountUnit | null;
  /** The 填报单位 as written ("汉阴县招商局"). */
  reporter: string | null;
  /** The region the reporter names, office words removed ("汉阴县"). */
  regionName: string | null;
  firstDataRow: number;
};

/** Only the top of a sheet is searched: a ledger's header is never far down. */
const HEADER_SEARCH_ROWS = 30;
/** Two recognised column names make a header; one could be a title that happens to match. */
const MIN_RECOGNISED = 2;
const MAX_LABEL_LENGTH = 30;
/** An exact name or an exact name under a group label (see matchHeaderLabel). */
const SURE_MATCH = 0.9;

/** The header of a sheet, or null when no row looks like one (a notes sheet, an empty sheet). */
export function detectLedgerHeader(grid: SheetGrid): LedgerHeader | null {
  const best = bestHeaderRow(grid.rows.slice(0, HEADER_SEARCH_ROWS));
  if (!best) return null;
  const headerRows = headerRowsAround(grid, best.rowNumber);
  const top = headerRows[0]!;
  const titleRows = grid.rows.filter((r) => r.rowNumber < top && !r.cells.every(isBlankValue)).map((r) => r.rowNumber);
  const titleTexts = titleRows.flatMap((n) => (rowByNumber(grid, n)?.cells ?? []).map(cellText).filter((s) => s !== ""));
  const reporter = reporterIn(grid, titleRows);
  return {
    headerRows,
    titleRows,
    columns: headerColumns(grid, headerRows),
    unit: sheetUnitIn(titleTexts),
    reporter,
    regionName: reporter ? regionNameOfReporter(reporter) : null,
    firstDataRow: headerRows[headerRows.length - 1]! + 1,
  };
}

/** How many cells of a row are recognised column names (numbers and long text never are). */
export function recognisedLabelCount(cells: readonly CellValue[]): number {
  return cells.filter((cell) => isLabelLike(cell) && matchHeaderLabel([cellText(cell)]) !== null).length;
}

function isLabelLike(cell: CellValue): boolean {
  if (typeof cell !== "string") return false;
  const text = compactText(cell);
  return text !== "" && text.length <= MAX_LABEL_LENGTH && !/[:：]./u.test(text);
}

function bestHeaderRow(rows: readonly LedgerRow[]): { rowNumber: number; count: number } | null {
  let best: { rowNumber: number; count: number } | null = null;
  for (const row of rows) {
    const count = recognisedLabelCount(row.cells);
    if (count >= MIN_RECOGNISED && (!best || count > best.count)) best = { rowNumber: row.rowNumber, count };
  }
  return best;
}

/**
 * The best row alone, or with its neighbour when the two form one header: the row above
 * groups the best row's columns, or the row below splits the best row's groups.
 */
function headerRowsAround(grid: SheetGrid, rowNumber: number): number[] {
  if (rowNumber > 1 && formOneHeader(grid, rowNumber - 1, rowNumber)) return [rowNumber - 1, rowNumber];
  if (formOneHeader(grid, rowNumber, rowNumber + 1)) return [rowNumber, rowNumber + 1];
  return [rowNumber];
}

/**
 * Two rows form one header when a label is merged down exactly across both, or when a label
 * merged across columns in the upper row has a column name under it that it completes exactly
 * (投资情况 over 总投资, 签约情况 over 时间; not a data cell that merely contains a word). The upper row
 * must itself read as labels (two or more short cells, none "xx：yy"), which keeps a title or a
 * 填报单位 line merged across the table from being taken for a group label.
 */
function formOneHeader(grid: SheetGrid, upper: number, lower: number): boolean {
  const upperCells = rowByNumber(grid, upper)?.cells ?? [];
  const lowerCells = rowByNumber(grid, lower)?.cells ?? [];
  const upperFilled = upperCells.filter((c) => !isBlankValue(c));
  if (upperFilled.length < 2 || !upperFilled.every(isLabelLike)) return false;
  return grid.merges.some((m) => {
    if (m.top === upper && m.bottom === lower) return true;
    if (m.top !== upper || m.bottom !== upper || m.right === m.left) return false;
    const group = cellText(upperCells[m.left - 1]);
    return lowerCells.slice(m.left - 1, m.right).some((c) => isLabelLike(c) && (matchHeaderLabel([group, cellText(c)])?.confidence ?? 0) >= SURE_MATCH);
  });
}

function headerColumns(grid: SheetGrid, headerRows: readonly number[]): HeaderColumn[] {
  const rows = rowsWithMergesSpread(grid, headerRows);
  const width = Math.max(0, ...rows.map((r) => r.length));
  const columns: HeaderColumn[] = [];
  for (let index = 0; index < width; index++) {
    const parts: string[] = [];
    for (const row of rows) {
      const text = cellText(row[index]);
      if (text !== "" && !parts.some((p) => normalizeHeaderLabel(p) === normalizeHeaderLabel(text))) parts.push(text);
    }
    if (parts.length === 0) continue;
    columns.push({ index, letter: columnLetter(index), label: parts.join("/"), parts, unit: unitInBrackets(parts) });
  }
  return columns;
}

/** The unit in brackets in a header: 总投资（亿元）, or a group label 投资情况（万元）. */
function unitInBrackets(parts: readonly string[]): AmountUnit | null {
  for (const part of [...parts].reverse()) {
    for (const [, inside] of part.normalize("NFKC").matchAll(/\(([^()]*)\)/gu)) {
      const unit = amountUnitIn(inside ?? "");
      if (unit) return unit;
    }
  }
  return null;
}

/** "金额单位：万元", "单位：亿元", or a title ending "（万元）". */
export function sheetUnitIn(texts: readonly string[]): AmountUnit | null {
  for (const text of texts) {
    const stated = /单位\s*[:：]?\s*(亿元|万元|元)/u.exec(text.normalize("NFKC"));
    if (stated) return stated[1] as AmountUnit;
  }
  return unitInBrackets(texts);
}

const REPORTER_LABEL = /(?:填报|报送|填表)单位\s*(?:[(（]盖章[)）])?\s*[:：]\s*/u;
// Where the reporter's name ends when more follows on the same line.
const REPORTER_END = /\s{2,}|\s*(?:金额)?单位\s*[:：]|\s*(?:填报|报送)(?:日期|时间|人)|\s*日期\s*[:：]|\s*联系人|\s*[(（]盖章[)）]|\s*[,，;；]/u;

function reporterIn(grid: SheetGrid, rowNumbers: readonly number[]): string | null {
  for (const n of rowNumbers) {
    const cells = (rowByNumber(grid, n)?.cells ?? []).map(cellText);
    for (let i = 0; i < cells.length; i++) {
      const reporter = reporterInText(cells[i]!);
      if (reporter === undefined) continue;
      // "填报单位：" in one cell and the name in the next one.
      return reporter ?? cells.slice(i + 1).find((c) => c !== "") ?? null;
    }
  }
  return null;
}

/**
 * The reporting unit a text names: "填报单位：汉阴县招商局  金额单位：万元" → 汉阴县招商局.
 * Undefined when the text has no 填报单位 label; null when the label has nothing after it.
 */
export function reporterInText(text: string): string | null | undefined {
  const label = REPORTER_LABEL.exec(text);
  if (!label) return undefined;
  const rest = text.slice(label.index + label[0].length);
  const end = REPORTER_END.exec(rest);
  const name = (end ? rest.slice(0, end.index) : rest).trim();
  return name === "" ? null : name;
}

// Offices that report for a region; what is left of the name is the region.
const OFFICE_SUFFIX = /(?:人民政府|招商局|招商服务中心|招商引资服务中心|投资促进局|投资促进中心|投资服务中心|招商办公室|招商办|商务局|经济合作局|经合局|管理委员会|管委会|办公室)$/u;

/** "汉阴县招商局" → "汉阴县", "安康高新区管委会" → "安康高新区"; null if nothing is left. */
export function regionNameOfReporter(reporter: string): string | null {
  let name = reporter.normalize("NFKC").replace(/\s+/gu, "");
  for (let next = name.replace(OFFICE_SUFFIX, ""); next !== name; next = name.replace(OFFICE_SUFFIX, "")) name = next;
  return name === "" ? null : name;
}

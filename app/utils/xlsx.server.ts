// Excel exports (audit log now, project ledgers later): a workbook written row by row into the
// HTTP response, so a 100 000-row export never sits in memory, and cells that a spreadsheet
// would run as formulas neutralised (DESIGN §8, OWASP "CSV/formula injection").
//
//   return xlsxResponse("审计日志", async (workbook, flush) => {
//     const sheet = addSheet(workbook, "审计日志", [{ header: "时间", width: 20, numFmt: XLSX_DATETIME }, …]);
//     for await (const batch of rows) { for (const r of batch) addRow(sheet, [r.at, …]); await flush(); }
//   });
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import ExcelJS from "exceljs";
import { formatDateTime } from "./datetime";
import { now } from "./clock";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Number format for date-time cells; pair with shanghaiWallClock() from ./datetime. */
export const XLSX_DATETIME = "yyyy-mm-dd hh:mm:ss";
/** Excel refuses to open a file with a longer cell. */
const MAX_CELL_CHARS = 32_767;

// = + - @ start a formula in Excel, WPS and LibreOffice; a leading tab or CR can hide one.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The value as it may safely go into a cell: text that a spreadsheet would read as a formula
 * gets a leading apostrophe, over-long text is cut to what Excel accepts. Numbers, dates,
 * booleans and empty values pass unchanged.
 */
export function safeCell(value: unknown): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  let text = typeof value === "string" ? value : typeof value === "bigint" ? value.toString() : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (text.length > MAX_CELL_CHARS) text = `${text.slice(0, MAX_CELL_CHARS - 1)}…`;
  return text;
}

export type XlsxColumn = { header: string; width: number; numFmt?: string };
export type XlsxWorkbook = ExcelJS.stream.xlsx.WorkbookWriter;
export type XlsxSheet = ExcelJS.Worksheet;

/** A worksheet with a bold, frozen header row and the given column widths. */
export function addSheet(workbook: XlsxWorkbook, name: string, columns: XlsxColumn[]): XlsxSheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  sheet.columns = columns.map((c, i) => ({ key: `c${i}`, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const header = sheet.addRow(columns.map((c) => safeCell(c.header)));
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3F4F6" } };
  header.commit();
  return sheet;
}

/** Appends one row, every value through safeCell, and hands it to the stream at once. */
export function addRow(sheet: XlsxSheet, values: unknown[]): void {
  sheet.addRow(values.map(safeCell)).commit();
}

function contentDisposition(baseName: string): string {
  const stamp = formatDateTime(now()).replace(/[-: ]/g, "").slice(0, 12);
  const name = `${baseName}-${stamp}.xlsx`;
  const ascii = `export-${stamp}.xlsx`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * A streamed .xlsx download. `fill` adds sheets and rows; it should `await flush()` between
 * batches so a slow client holds the writer back instead of the server buffering the file.
 * If `fill` throws, the download is cut off (the client sees a failed transfer, never a
 * truncated file that looks complete) and the error is logged.
 */
export function xlsxResponse(baseName: string, fill: (workbook: XlsxWorkbook, flush: () => Promise<void>) => Promise<void>): Response {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const flush = async () => {
    if (stream.writableNeedDrain && !stream.destroyed) {
      // Wait for the client to read, or for it to go away (the response stream is destroyed).
      const ac = new AbortController();
      await Promise.race([once(stream, "drain", { signal: ac.signal }), once(stream, "close", { signal: ac.signal })]).finally(() => ac.abort());
    }
    if (stream.destroyed) throw new Error("client went away");
  };
  void (async () => {
    try {
      await fill(workbook, flush);
      await workbook.commit();
    } catch (error) {
      if (!stream.destroyed) {
        console.error("xlsx export failed", error);
        stream.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    }
  })();
  return new Response(createReadableStreamFromReadable(stream), {
    status: 200,
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": contentDisposition(baseName),
      "Cache-Control": "no-store",
    },
  });
}

// Reading an uploaded ledger into plain sheet grids: values as a person sees them, Excel's row
// numbers kept, merged ranges reported once with their value in the top-left cell.
import type ExcelJS from "exceljs";
import { readLedgerWorkbook, plainCellValue } from "#app/utils/ledger-read.server";
import { excelDate, multiSheetLedger, spacedLedger, titledLedger, xlsxBytes } from "#tests/fixtures/ledger-builders";
import { XLSX_PARTS, zipBytes } from "#tests/fixtures/zip-builder";

async function sheetsOf(bytes: Uint8Array) {
  const workbook = await readLedgerWorkbook(bytes);
  if (!workbook.ok) throw new Error(`refused: ${workbook.message}`);
  return workbook.sheets;
}

describe("readLedgerWorkbook", () => {
  test("cells come back as plain values: rich text as text, formulas as results, links as text, dates as Dates", async () => {
    const bytes = await xlsxBytes([
      {
        name: "台账",
        rows: [
          [
            { richText: [{ text: "毛绒" }, { font: { bold: true }, text: "玩具" }] },
            { formula: "1+2", result: 3 },
            { text: "官网", hyperlink: "https://example.com" },
            excelDate("2026-03-15"),
            "  ",
            { error: "#N/A" },
            true,
            { formula: "TODAY()", result: excelDate("2026-01-02") },
          ],
        ],
      },
    ]);
    const [sheet] = await sheetsOf(bytes);
    expect(sheet!.rows).toEqual([{ rowNumber: 1, cells: ["毛绒玩具", 3, "官网", excelDate("2026-03-15"), null, "#N/A", true, excelDate("2026-01-02")] }]);
  });

  test("every row up to the last with a value is there, blank rows included, numbered as in Excel", async () => {
    const [sheet] = await sheetsOf(await spacedLedger());
    expect(sheet!.rows.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sheet!.rows[2]!.cells).toEqual([]);
    expect(sheet!.rows[5]!.cells).toEqual([]); // a cell holding only spaces is no value
    expect(sheet!.rows[6]!.cells[1]).toBe("玩具电商直播基地");
  });

  test("merged ranges are listed; their value sits in the top-left cell only", async () => {
    const [sheet] = await sheetsOf(await titledLedger());
    expect(sheet!.merges).toEqual(
      expect.arrayContaining([
        { top: 1, left: 1, bottom: 1, right: 13 },
        { top: 3, left: 5, bottom: 3, right: 7 },
        { top: 3, left: 2, bottom: 4, right: 2 },
        { top: 5, left: 13, bottom: 6, right: 13 },
      ]),
    );
    expect(sheet!.merges).toHaveLength(14);
    expect(sheet!.rows[0]!.cells).toEqual(["2026年汉阴县招商引资重点项目推进台账"]);
    expect(sheet!.rows[2]!.cells.slice(4, 8)).toEqual(["投资情况", null, null, "项目进展"]);
    expect(sheet!.rows[5]!.cells[12]).toBeUndefined(); // M6 lies under M5's merge
  });

  test("each sheet is read with its name and whether Excel hides it", async () => {
    const sheets = await sheetsOf(await multiSheetLedger());
    expect(sheets.map((s) => [s.name, s.hidden, s.rows.length])).toEqual([
      ["签约项目", false, 3],
      ["在谈项目", false, 2],
      ["填表说明", false, 3],
      ["字典", true, 3],
    ]);
  });

  test("an upload that fails the checks is refused with the check's message", async () => {
    expect(await readLedgerWorkbook(Buffer.from("项目名称,投资方"))).toEqual({ ok: false, message: "ledger.uploadNotXlsx" });
  });

  test("a zip with the parts of a workbook but XML exceljs cannot parse is corrupt, not a crash", async () => {
    const badRels = zipBytes([...XLSX_PARTS, { name: "xl/_rels/workbook.xml.rels", data: Buffer.from("not xml <<<") }]);
    expect(await readLedgerWorkbook(badRels)).toEqual({ ok: false, message: "ledger.uploadCorrupt" });
    const badWorkbook = zipBytes([XLSX_PARTS[0]!, { name: "xl/workbook.xml", data: Buffer.from("<<<garbage") }]);
    expect(await readLedgerWorkbook(badWorkbook)).toEqual({ ok: false, message: "ledger.uploadCorrupt" });
  });

  test("a workbook without sheets reads as no sheets", async () => {
    expect(await readLedgerWorkbook(zipBytes(XLSX_PARTS))).toEqual({ ok: true, sheets: [] });
  });
});

describe("plainCellValue", () => {
  test.each<[ExcelJS.CellValue | undefined, unknown]>([
    [undefined, null],
    [null, null],
    ["", null],
    [" 文字 ", " 文字 "],
    [0, 0],
    [{ formula: "A1", result: undefined } as unknown as ExcelJS.CellValue, null],
    [{ sharedFormula: "A1", result: "x" } as unknown as ExcelJS.CellValue, "x"],
    [{ formula: "A1", result: { error: "#DIV/0!" } } as unknown as ExcelJS.CellValue, "#DIV/0!"],
    [{ richText: [] }, null],
  ])("%j is %j", (value, plain) => {
    expect(plainCellValue(value)).toEqual(plain);
  });
});

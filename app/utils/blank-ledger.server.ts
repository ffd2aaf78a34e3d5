// The blank ledger users download from /import/template (issue 6 §7): the layout bureaus keep —
// a title, 填报单位 and 金额单位 above a one-row header, one sample row — whose headers the
// import maps by itself (BLANK_LEDGER_FIELDS), plus a 填表说明 sheet.
import ExcelJS from "exceljs";
import { BLANK_LEDGER_FIELDS, BLANK_LEDGER_SAMPLE } from "#app/domain/ledger/template";
import { LEDGER_FIELD_KINDS, ledgerFieldLabelKey } from "#app/domain/ledger/synonyms";
import { columnLetter } from "#app/domain/ledger/grid";
import { t } from "#app/i18n";

const WIDTH_BY_KIND = { text: 18, uscc: 22, amount: 14, date: 14, stage: 12, nature: 10, integer: 12 } as const;

export async function blankLedgerWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = t("common.appName");
  const sheet = workbook.addWorksheet(t("ledger.templateSheetName"), { views: [{ state: "frozen", ySplit: 3, xSplit: 2 }] });
  const columns = ["序号", ...BLANK_LEDGER_FIELDS.map((f) => t(ledgerFieldLabelKey(f)))];
  const last = columnLetter(columns.length - 1);
  sheet.columns = [{ width: 6 }, ...BLANK_LEDGER_FIELDS.map((f) => ({ width: f === "projectName" || f === "companyName" ? 28 : WIDTH_BY_KIND[LEDGER_FIELD_KINDS[f]] }))];

  sheet.getCell("A1").value = t("ledger.templateTitle");
  sheet.mergeCells(`A1:${last}1`);
  sheet.getRow(1).font = { bold: true, size: 16 };
  sheet.getRow(1).alignment = { horizontal: "center" };
  sheet.getCell("A2").value = t("ledger.templateReporter");
  sheet.mergeCells("A2:F2");
  sheet.getCell("H2").value = t("ledger.templateUnit");
  sheet.mergeCells("H2:K2");

  const header = sheet.getRow(3);
  header.values = columns;
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3F4F6" } };
    cell.border = { top: { style: "thin" }, bottom: { style: "thin" }, left: { style: "thin" }, right: { style: "thin" } };
  });
  sheet.getRow(4).values = [1, ...BLANK_LEDGER_FIELDS.map((f) => BLANK_LEDGER_SAMPLE[f] === "" ? null : BLANK_LEDGER_SAMPLE[f])];
  sheet.getRow(4).font = { color: { argb: "FF6B7280" } };

  const notes = workbook.addWorksheet(t("ledger.templateNotesSheet"));
  notes.getColumn(1).width = 100;
  t("ledger.templateNotes")
    .split("\n")
    .forEach((line, i) => (notes.getCell(i + 1, 1).value = line));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// The preview before anything is written (issue 6 §4): parsed values per row, per-cell errors
// and warnings, the user's fixes and exclusions checked again, ignored rows listed with their
// reason. The ledgers are real .xlsx files built by tests/fixtures/ledger-builders.ts, read the
// way an upload is read; the finer rules use small grids.
import { t } from "#app/i18n";
import { gridFromArrays, type CellValue } from "#app/domain/ledger/grid";
import { detectLedgerHeader } from "#app/domain/ledger/header";
import {
  blockingIssues,
  buildLedgerPreview,
  isPreviewCommittable,
  prepareLedgerSheet,
  type LedgerIssue,
  type LedgerOverrides,
  type LedgerPreview,
  type PreviewOptions,
  type PreviewRow,
} from "#app/domain/ledger/preview";
import { type LedgerMapping } from "#app/domain/ledger/synonyms";
import { readLedgerWorkbook } from "#app/utils/ledger-read.server";
import {
  USCC_A,
  USCC_B,
  USCC_BAD,
  multiSheetLedger,
  simpleLedger,
  titledLedger,
  totalsAndNotesLedger,
  valueFormsLedger,
} from "#tests/fixtures/ledger-builders";

const NOW = new Date("2026-06-30T04:00:00Z"); // 2026-06-30 12:00 in Shanghai
const REGIONS = [
  { id: "r-hanyin", name: "汉阴县" },
  { id: "r-shiquan", name: "石泉县" },
  { id: "r-gaoxin", name: "安康高新区" },
];

async function previewsOf(bytes: Uint8Array, options: Partial<PreviewOptions> = {}) {
  const workbook = await readLedgerWorkbook(bytes);
  if (!workbook.ok) throw new Error(workbook.message);
  return workbook.sheets.map((grid) => prepareLedgerSheet(grid, { now: NOW, regions: REGIONS, ...options }));
}

async function previewOf(bytes: Uint8Array, options: Partial<PreviewOptions> = {}): Promise<LedgerPreview> {
  const [prepared] = await previewsOf(bytes, options);
  if (!prepared?.ok) throw new Error("no header");
  return prepared.preview;
}

/** A preview of a small grid whose first row is the header. */
function previewGrid(rows: CellValue[][], options: Partial<PreviewOptions> = {}): LedgerPreview {
  const prepared = prepareLedgerSheet(gridFromArrays("台账", rows), { now: NOW, regions: REGIONS, regionName: "汉阴县", ...options });
  if (!prepared.ok) throw new Error("no header");
  return prepared.preview;
}

const row = (preview: LedgerPreview, n: number): PreviewRow => {
  const found = preview.rows.find((r) => r.rowNumber === n);
  if (!found) throw new Error(`no row ${n}`);
  return found;
};
const issuesOf = (r: PreviewRow, severity?: LedgerIssue["severity"]) =>
  r.issues.filter((i) => !severity || i.severity === severity).map((i) => [i.field, i.column, i.message]);

const HEADER: CellValue[] = ["项目名称", "投资方", "统一社会信用代码", "总投资", "签约时间", "开工时间", "投产时间", "项目进展"];

describe("ledgers as bureaus keep them", () => {
  test("a simple ledger: every row parsed, nothing to fix", async () => {
    const preview = await previewOf(await simpleLedger(), { regionName: "汉阴县" });
    expect(preview.rows.map((r) => [r.rowNumber, r.values.projectName, r.values.plannedInvestment, r.stage, r.regionId])).toEqual([
      [2, "毛绒玩具生产线项目", 12000, "CONSTRUCTION", "r-hanyin"],
      [3, "文创产品研发中心", 5000, "SIGNED", "r-hanyin"],
      [4, "玩具电商直播基地", 3000, "NEGOTIATION", "r-hanyin"],
    ]);
    expect(row(preview, 2).values).toMatchObject({
      companyName: "秦巴绒趣玩具有限公司",
      uscc: USCC_A,
      signedAt: { day: "2026-01-10", precision: "day" },
      startedAt: { day: "2026-03-01", precision: "day" },
      leadLeader: "王副县长",
      responsibleUnit: "县工信局",
    });
    expect(preview.rows.flatMap((r) => r.issues)).toEqual([]);
    expect(preview.sheetIssues).toEqual([]);
    expect(preview.ignored).toEqual([{ rowNumber: 1, kind: "header", reason: "ledger.skip_header", text: expect.stringContaining("项目名称") }]);
    expect(isPreviewCommittable(preview)).toBe(true);
  });

  test("title and unit rows over a two-row merged header: 亿元 converted, region from 填报单位, merged cells resolved", async () => {
    const preview = await previewOf(await titledLedger());
    expect(preview.unit).toBe("亿元");
    expect(preview.mapping).toMatchObject({ projectName: 1, companyName: 2, uscc: 3, plannedInvestment: 4, annualInvestment: 5, fundsInPlace: 6, progress: 7, signedAt: 8, startedAt: 9, producedAt: 10, leadLeader: 11, responsibleUnit: 12 });
    expect(row(preview, 5).values).toMatchObject({ plannedInvestment: 15000, annualInvestment: 5000, fundsInPlace: 3000, producedAt: { day: "2026-03-01", precision: "day" } });
    expect(row(preview, 5)).toMatchObject({ stage: "PRODUCTION", regionName: "汉阴县", regionId: "r-hanyin" });
    // 责任单位 written once for rows 5 and 6 belongs to both.
    expect(row(preview, 6).values.responsibleUnit).toBe("县工信局");
    // 2025年10月 keeps its month precision and is not "after" 2026.1.5.
    expect(row(preview, 6).values).toMatchObject({ plannedInvestment: 8000, signedAt: { day: "2025-10-01", precision: "month" }, startedAt: { day: "2026-01-05", precision: "day" } });
    // One 总投资 merged over 一期 and 二期 is counted once, with a word on the second row.
    expect(row(preview, 7).values.plannedInvestment).toBe(20000);
    expect(row(preview, 8).values.plannedInvestment).toBeNull();
    expect(issuesOf(row(preview, 8))).toEqual([
      ["plannedInvestment", "E", "ledger.amountMergedDown"],
      ["plannedInvestment", "E", "ledger.amountMissing"],
    ]);
    expect(preview.ignored.map((r) => [r.rowNumber, r.kind])).toEqual([
      [1, "title"],
      [2, "title"],
      [3, "header"],
      [4, "header"],
    ]);
    expect(isPreviewCommittable(preview)).toBe(true);
  });

  test("several sheets: each ledger sheet previewed, a notes sheet has no header", async () => {
    const prepared = await previewsOf(await multiSheetLedger(), { regionName: "石泉县" });
    expect(prepared.map((p) => [p.sheetName, p.ok ? p.preview.rows.length : p.message])).toEqual([
      ["签约项目", 2],
      ["在谈项目", 1],
      ["填表说明", "ledger.noHeader"],
      ["字典", "ledger.noHeader"],
    ]);
  });

  test("合计, 小计, headings, a repeated header, the 栏次 line, spacer rows and notes are listed, not imported", async () => {
    const preview = await previewOf(await totalsAndNotesLedger(), { regionName: "汉阴县" });
    expect(preview.rows.map((r) => r.rowNumber)).toEqual([4, 5, 8, 10]);
    expect(preview.ignored.map((r) => [r.rowNumber, r.kind, t(r.reason)])).toEqual([
      [1, "header", "表头行"],
      [2, "columnNumbers", "栏次编号行"],
      [3, "section", "分类标题行"],
      [6, "total", "合计或小计行"],
      [7, "section", "分类标题行"],
      [9, "repeatedHeader", "重复的表头行"],
      [11, "total", "合计或小计行"],
      [12, "blank", "空行"],
      [13, "note", "表尾的注释或签字行"],
      [14, "note", "表尾的注释或签字行"],
      [15, "note", "表尾的注释或签字行"],
    ]);
    expect(preview.ignored.find((r) => r.rowNumber === 13)!.text).toBe("注：1.金额单位为万元；"); // merged across the row, shown once
    expect(isPreviewCommittable(preview)).toBe(true);
  });

  test("values in every written form", async () => {
    const preview = await previewOf(await valueFormsLedger(), { regionName: "汉阴县" });
    expect(preview.rows.map((r) => [r.rowNumber, r.values.plannedInvestment, r.values.signedAt?.day ?? null, r.values.signedAt?.precision ?? null, r.stage])).toEqual([
      [2, 3000, "2026-03-15", "day", "FIRST_CONTACT"],
      [3, 3000, "2026-03-15", "day", "SITE_VISIT"],
      [4, 3000, "2026-03-15", "day", "NEGOTIATION"],
      [5, 15000, "2026-03-15", "day", "SIGNED"],
      [6, 15000, "2026-03-15", "day", "LANDED"],
      [7, 20000, "2026-03-15", "day", "CONSTRUCTION"],
      [8, 1200, "2026-04-01", "month", "COMPLETED"],
      [9, 15000, null, null, "PRODUCTION"],
      [10, null, null, null, "AT_CAPACITY"],
      [11, null, null, null, "ON_HOLD"],
      [12, null, null, null, "TERMINATED"],
      [13, null, null, null, "LEAD"],
    ]);
    expect(issuesOf(row(preview, 7), "warning")).toEqual([["plannedInvestment", "C", "ledger.amountApproximate"]]);
    expect(issuesOf(row(preview, 12), "error")).toEqual([
      ["plannedInvestment", "C", "ledger.amountInvalid"],
      ["signedAt", "D", "ledger.dateInvalid"],
    ]);
    expect(issuesOf(row(preview, 13), "error")).toEqual([
      ["plannedInvestment", "C", "ledger.amountNegative"],
      ["signedAt", "D", "ledger.dateInvalid"],
      ["progress", "E", "ledger.progressUnknown"],
    ]);
    // A progress word behind the dates is worth a second look, not an error.
    expect(issuesOf(row(preview, 2), "warning")).toEqual([["progress", "E", "ledger.stageBehindDates"]]);
    expect(t(row(preview, 2).issues[0]!.message, row(preview, 2).issues[0]!.params)).toBe("进展为“首谈”，但已填写签约时间，请核对");
    expect(isPreviewCommittable(preview)).toBe(false);
  });
});

describe("per-cell errors", () => {
  test("a wrong check character in the 统一社会信用代码 names the expected one", () => {
    const preview = previewGrid([HEADER, ["A项目", "甲公司", USCC_BAD, 100]]);
    const issue = row(preview, 2).issues.find((i) => i.field === "uscc")!;
    expect(issue).toMatchObject({ rowNumber: 2, column: "C", severity: "error", message: "pipeline.usccChecksum", params: { expected: "Y" } });
  });

  test("a missing project or company name is an error on that cell", () => {
    const preview = previewGrid([HEADER, [null, "甲公司", null, 100], ["B项目", "—", null, 100]]);
    expect(issuesOf(row(preview, 2), "error")).toEqual([["projectName", "A", "ledger.projectNameMissing"]]);
    expect(issuesOf(row(preview, 3), "error")).toEqual([["companyName", "B", "ledger.companyNameMissing"]]);
  });

  test("开工 before 签约 and 投产 before 开工 are errors, through the stage ladder's date rule", () => {
    const preview = previewGrid([
      HEADER,
      ["A项目", "甲公司", null, 100, "2026-03-01", "2026-02-01", null, "在建"],
      ["B项目", "乙公司", null, 100, "2026-01-01", "2026-03-01", "2026-02-01", "投产"],
    ]);
    expect(issuesOf(row(preview, 2), "error")).toEqual([["startedAt", "F", "pipeline.notBefore_signedAt"]]);
    expect(t("pipeline.notBefore_signedAt")).toBe("不能早于签约日期");
    expect(issuesOf(row(preview, 3), "error")).toEqual([["producedAt", "G", "pipeline.notBefore_startedAt"]]);
  });

  test("dates known to the month are not out of order with a date in the same month", () => {
    const preview = previewGrid([
      HEADER,
      ["A项目", "甲公司", null, 100, "2026-03-20", "2026年3月", null, "在建"],
      ["B项目", "乙公司", null, 100, "2026-04-20", "2026年3月", null, "在建"],
    ]);
    expect(issuesOf(row(preview, 2), "error")).toEqual([]);
    expect(issuesOf(row(preview, 3), "error")).toEqual([["startedAt", "F", "pipeline.notBefore_signedAt"]]);
  });

  test("an actual date after today is an error (planned dates belong in their own column)", () => {
    const preview = previewGrid([HEADER, ["A项目", "甲公司", null, 100, "2026-07-01", null, null, "签约"]]);
    expect(issuesOf(row(preview, 2), "error")).toEqual([["signedAt", "E", "pipeline.dateInFuture"]]);
  });

  test("an amount that is not a number", () => {
    const preview = previewGrid([HEADER, ["A项目", "甲公司", null, "大约几千万"]]);
    expect(issuesOf(row(preview, 2), "error")).toEqual([["plannedInvestment", "D", "ledger.amountInvalid"]]);
  });

  test("a unit in the column's header beats the sheet's unit", () => {
    const preview = previewGrid([["金额单位：万元"], ["项目名称", "投资方", "总投资（亿元）", "到位资金"], ["A项目", "甲公司", 2, 500]]);
    expect(row(preview, 3).values).toMatchObject({ plannedInvestment: 20000, fundsInPlace: 500 });
  });

  test("a blank progress is read from the latest actual date, or is 线索, with a word either way", () => {
    const preview = previewGrid([HEADER, ["A项目", "甲公司", null, 100, "2026-01-01", "2026-03-01"], ["B项目", "乙公司", null, 100]]);
    expect(row(preview, 2).stage).toBe("CONSTRUCTION");
    expect(issuesOf(row(preview, 2))).toEqual([["progress", "H", "ledger.stageFromDates"]]);
    expect(t(row(preview, 2).issues[0]!.message, row(preview, 2).issues[0]!.params)).toBe("未填写进展，按开工时间推定阶段为“在建”");
    expect(row(preview, 3).stage).toBe("LEAD");
    expect(issuesOf(row(preview, 3))).toEqual([["progress", "H", "ledger.stageDefaultLead"]]);
  });

  test("a 联系人 cell with a phone number fills the phone too", () => {
    const preview = previewGrid([["项目名称", "投资方", "联系人"], ["A项目", "甲公司", "张三 13800138000"]]);
    expect(row(preview, 2).values).toMatchObject({ contactName: "张三", contactPhone: "13800138000" });
  });

  test("the same company and project twice: the later row is flagged", () => {
    const preview = previewGrid([HEADER, ["A项目", "深圳市甲玩具有限公司", null, 100, null, null, null, "在谈"], ["A 项目", "甲玩具有限公司", null, 200, null, null, null, "在谈"]]);
    expect(issuesOf(row(preview, 2))).toEqual([]);
    expect(issuesOf(row(preview, 3))).toEqual([["projectName", "A", "ledger.duplicateRow"]]);
    expect(t("ledger.duplicateRow", row(preview, 3).issues[0]!.params)).toBe("与第 2 行为同一投资方的同名项目，导入时以后一行为准");
  });
});

describe("the user's corrections", () => {
  const rows: CellValue[][] = [HEADER, ["A项目", "甲公司", USCC_BAD, 100, "2026年13月"], ["B项目", "乙公司", USCC_B, "三千万"]];
  const grid = gridFromArrays("台账", rows);
  const header = detectLedgerHeader(grid)!;
  const mapping: LedgerMapping = { projectName: 0, companyName: 1, uscc: 2, plannedInvestment: 3, signedAt: 4, startedAt: 5, producedAt: 6, progress: 7 };
  const preview = (overrides?: LedgerOverrides) => buildLedgerPreview(grid, header, { mapping, now: NOW, regionName: "汉阴县", regions: REGIONS, overrides });

  test("a fixed cell is read like a typed cell and checked again", () => {
    const before = preview();
    expect(blockingIssues(before).map((i) => [i.rowNumber, i.field])).toEqual([
      [2, "uscc"],
      [2, "signedAt"],
      [3, "plannedInvestment"],
    ]);
    const after = preview({
      cells: [
        { row: 2, field: "uscc", value: USCC_A },
        { row: 2, field: "signedAt", value: "2026年3月" },
        { row: 3, field: "plannedInvestment", value: "3000万" },
      ],
    });
    expect(blockingIssues(after)).toEqual([]);
    expect(row(after, 2).values).toMatchObject({ uscc: USCC_A, signedAt: { day: "2026-03-01", precision: "month" } });
    expect(row(after, 3).values.plannedInvestment).toBe(3000);
    expect(isPreviewCommittable(after)).toBe(true);
  });

  test("a fix can itself be wrong, and clearing a cell is a fix", () => {
    const after = preview({ cells: [{ row: 2, field: "signedAt", value: "明年" }, { row: 2, field: "uscc", value: "" }] });
    expect(blockingIssues(after).map((i) => [i.rowNumber, i.field, i.message])).toEqual([
      [2, "signedAt", "ledger.dateInvalid"],
      [3, "plannedInvestment", "ledger.amountInvalid"],
    ]);
    expect(row(after, 2).values.uscc).toBeNull();
  });

  test("an excluded row is shown but blocks nothing", () => {
    const after = preview({ excludedRows: [2, 3] });
    expect(after.rows.map((r) => [r.rowNumber, r.excluded, r.issues.some((i) => i.severity === "error")])).toEqual([
      [2, true, true],
      [3, true, true],
    ]);
    expect(isPreviewCommittable(after)).toBe(true);
  });
});

describe("mapping and region", () => {
  const rows: CellValue[][] = [["项目名称", "投资方", "金额"], ["A项目", "甲公司", 100]];

  test("the user's mapping replaces the proposal", () => {
    const proposed = previewGrid(rows);
    expect(proposed.mapping).toEqual({ projectName: 0, companyName: 1 });
    const chosen = previewGrid(rows, { mapping: { projectName: 0, companyName: 1, plannedInvestment: 2 } });
    expect(row(chosen, 2).values.plannedInvestment).toBe(100);
    expect(chosen.sheetIssues.map((i) => i.message)).toEqual(["ledger.mappingNoProgress"]);
  });

  test("a mapping without project name or company is refused for the whole sheet", () => {
    const preview = previewGrid(rows, { mapping: { projectName: 0 } });
    expect(preview.sheetIssues.filter((i) => i.severity === "error")).toEqual([
      { rowNumber: null, field: "companyName", column: null, severity: "error", message: "ledger.mappingRequired" },
    ]);
    expect(isPreviewCommittable(preview)).toBe(false);
  });

  test("a mapping to a column the header does not have is refused", () => {
    const preview = previewGrid(rows, { mapping: { projectName: 0, companyName: 1, remark: 9 } });
    expect(preview.sheetIssues).toContainEqual(expect.objectContaining({ field: "remark", column: "J", message: "ledger.mappingUnknownColumn" }));
  });

  test("no amount or progress column is a warning for the sheet", () => {
    expect(previewGrid(rows).sheetIssues.map((i) => [i.severity, i.message])).toEqual([
      ["warning", "ledger.mappingNoAmount"],
      ["warning", "ledger.mappingNoProgress"],
    ]);
  });

  test("the user's region beats the 填报单位; the row's own 县区 column beats both", () => {
    const sheet: CellValue[][] = [["填报单位：汉阴县招商局"], ["项目名称", "投资方", "所属县区"], ["A项目", "甲公司", null], ["B项目", "乙公司", "安康高新区"]];
    const byReporter = previewGrid(sheet, { regionName: null });
    expect(byReporter.rows.map((r) => r.regionId)).toEqual(["r-hanyin", "r-gaoxin"]);
    const byUser = previewGrid(sheet, { regionName: "石泉县" });
    expect(byUser.rows.map((r) => r.regionId)).toEqual(["r-shiquan", "r-gaoxin"]);
  });

  test("an unknown region is an error once for the sheet, or on the row that names it", () => {
    const sheetLevel = previewGrid(rows, { regionName: "火星县" });
    expect(sheetLevel.sheetIssues).toContainEqual(expect.objectContaining({ severity: "error", message: "ledger.regionUnknown", params: { name: "火星县" } }));
    expect(sheetLevel.rows[0]!.issues).toEqual([]);
    const rowLevel = previewGrid([["项目名称", "投资方", "县区"], ["A项目", "甲公司", "火星县"]]);
    expect(issuesOf(rowLevel.rows[0]!)).toEqual([["region", "C", "ledger.regionUnknown"]]);
  });

  test("no region anywhere is an error for the sheet", () => {
    const preview = previewGrid(rows, { regionName: null });
    expect(preview.sheetIssues).toContainEqual(expect.objectContaining({ severity: "error", message: "ledger.regionMissing" }));
  });

  test("region names are matched loosely: 汉阴 is 汉阴县, 汉阴县城关镇 is in 汉阴县", () => {
    expect(previewGrid(rows, { regionName: "汉阴" }).rows[0]!.regionId).toBe("r-hanyin");
    expect(previewGrid(rows, { regionName: "汉阴县城关镇" }).rows[0]!.regionId).toBe("r-hanyin");
  });
});

describe("the region chosen against the ledger's 填报单位", () => {
  test("a choice that differs from the 填报单位 is imported as chosen, with a warning on the sheet", () => {
    const grid = gridFromArrays("台账", [["填报单位：石泉县招商局"], ["项目名称", "投资方"], ["甲项目", "甲有限公司"]]);
    const prepared = prepareLedgerSheet(grid, {
      now: new Date("2026-06-30T04:00:00Z"),
      regionName: "汉阴县",
      regions: [
        { id: "r-hanyin", name: "汉阴县" },
        { id: "r-shiquan", name: "石泉县" },
      ],
    });
    if (!prepared.ok) throw new Error("no header");
    expect(prepared.preview.sheetIssues).toContainEqual(
      expect.objectContaining({ severity: "warning", message: "ledger.regionDiffersFromReporter", params: { reporter: "石泉县招商局", name: "汉阴县" } }),
    );
    expect(prepared.preview.rows[0]!.regionId).toBe("r-hanyin");
  });
});

// Which rows under a ledger's header are projects (issue 6 §2, §4): spacer rows, 合计/小计,
// section headings, a repeated header, a 栏次 line and the notes and signatures at the bottom
// are recognised, so the preview can list them as skipped with their reason.
import { t } from "#app/i18n";
import { detectLedgerHeader } from "#app/domain/ledger/header";
import { gridFromArrays, type CellValue } from "#app/domain/ledger/grid";
import { classifyLedgerRows, rowKind, rowKindReasonKey, ROW_KINDS } from "#app/domain/ledger/rows";

const HEADER = [
  { index: 0, label: "序号" },
  { index: 1, label: "项目名称" },
  { index: 2, label: "投资方" },
  { index: 3, label: "总投资" },
];

describe("rowKind", () => {
  test.each<[CellValue[], string]>([
    [[1, "A项目", "甲公司", 100], "data"],
    [[null, "A项目", null, null], "data"],
    [[], "blank"],
    [[null, "  ", "\u3000", null], "blank"],
    [["合计", null, null, 300], "total"],
    [["合  计", null, null, 300], "total"],
    [[null, "小计", null, 200], "total"],
    [["总计（12个）", null, null, 500], "total"],
    [["一、签约项目"], "section"],
    [["（二）在谈项目", null, null, 1200], "section"],
    [["其中：重点项目"], "section"],
    [["序号", "项目名称", "投资方", "总投资"], "repeatedHeader"],
    [["序号", "项目\n名称", "投资方", null], "repeatedHeader"],
    [[1, 2, 3, 4], "columnNumbers"],
    [["甲", "乙", 1, 2, 3], "columnNumbers"],
    [["注：1.金额单位为万元"], "note"],
    [["注:进展按最新情况填写"], "note"],
    [["注1：本表每月5日前报送"], "note"],
    [["备注：无"], "note"],
    [["说明：……"], "note"],
    [["填报人：张三", null, "审核人：李四"], "note"],
    [["联系电话：0915-5212345"], "note"],
  ])("%j is %s", (cells, kind) => {
    expect(rowKind(cells, HEADER)).toBe(kind);
  });

  test("project names that begin like a note, total or heading are data", () => {
    expect(rowKind([1, "注塑件生产项目", "甲公司", 100], HEADER)).toBe("data");
    expect(rowKind([2, "说明书印刷项目", "乙公司", 50], HEADER)).toBe("data");
    expect(rowKind([3, "一、二期综合项目", "丙公司", 80], HEADER)).toBe("data");
    expect(rowKind([4, "合成革项目", "丁公司", 80], HEADER)).toBe("data");
  });

  test("two cells that happen to equal header words do not make a repeated header of a wide table", () => {
    const wide = [...HEADER, ...["a", "b", "c", "d", "e", "f"].map((label, i) => ({ index: 4 + i, label }))];
    expect(rowKind(["序号", "项目名称", "x", 1], wide)).toBe("data");
  });

  test("numbers that are not 1, 2, 3 … are data", () => {
    expect(rowKind([1, 2, 4, 5])).toBe("data");
    expect(rowKind([1, 2])).toBe("data");
  });

  test("every kind but data has a Chinese reason", () => {
    for (const kind of ROW_KINDS) if (kind !== "data") expect(t(rowKindReasonKey(kind))).not.toMatch(/^ledger\./);
  });
});

describe("classifyLedgerRows", () => {
  test("rows under the header are classified; everything after the first note is notes", () => {
    const grid = gridFromArrays("台账", [
      ["项目名称", "投资方", "总投资"],
      ["A项目", "甲公司", 100],
      [],
      ["小计", null, 100],
      ["注：1.金额单位为万元"],
      ["2.进展按最新情况填写"],
      [],
      ["填报人：张三"],
    ]);
    const header = detectLedgerHeader(grid)!;
    expect(classifyLedgerRows(grid, header).map((c) => [c.row.rowNumber, c.kind])).toEqual([
      [2, "data"],
      [3, "blank"],
      [4, "total"],
      [5, "note"],
      [6, "note"],
      [7, "blank"],
      [8, "note"],
    ]);
  });
});

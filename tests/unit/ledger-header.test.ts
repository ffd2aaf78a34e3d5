// Header detection on the layouts bureaus use (issue 6 §2): title and unit rows above, one- or
// two-row headers with merged group cells, the 填报单位 and the amount unit.
import { detectLedgerHeader, regionNameOfReporter, reporterInText, sheetUnitIn } from "#app/domain/ledger/header";
import { gridFromArrays, type CellRange, type CellValue } from "#app/domain/ledger/grid";

/** "A1:C1" → a range in Excel coordinates. */
function range(ref: string): CellRange {
  const [a, b] = ref.split(":") as [string, string];
  const cell = (r: string) => ({ col: r.charCodeAt(0) - 64, row: Number(r.slice(1)) });
  return { top: cell(a).row, left: cell(a).col, bottom: cell(b).row, right: cell(b).col };
}
const grid = (rows: CellValue[][], merges: string[] = []) => gridFromArrays("台账", rows, merges.map(range));

describe("detectLedgerHeader", () => {
  test("a single header row at the top", () => {
    const header = detectLedgerHeader(grid([["序号", "项目名称", "投资方", "总投资（万元）"], [1, "A项目", "甲公司", 100]]));
    expect(header).toEqual({
      headerRows: [1],
      titleRows: [],
      columns: [
        { index: 0, letter: "A", label: "序号", parts: ["序号"], unit: null },
        { index: 1, letter: "B", label: "项目名称", parts: ["项目名称"], unit: null },
        { index: 2, letter: "C", label: "投资方", parts: ["投资方"], unit: null },
        { index: 3, letter: "D", label: "总投资（万元）", parts: ["总投资（万元）"], unit: "万元" },
      ],
      unit: null,
      reporter: null,
      regionName: null,
      firstDataRow: 2,
    });
  });

  test("title, 填报单位 and 金额单位 rows above a two-row header with merged group cells", () => {
    const header = detectLedgerHeader(
      grid(
        [
          ["2026年汉阴县招商引资项目台账"],
          ["填报单位：汉阴县招商局", null, null, "金额单位：亿元"],
          ["项目名称", "投资方", "投资情况", null, null, "项目进展"],
          [null, null, "总投资", "年度计划投资", "累计到位资金"],
          ["A项目", "甲公司", 1.5, 0.5, 0.2, "在建"],
        ],
        ["A1:F1", "A2:C2", "D2:F2", "A3:A4", "B3:B4", "C3:E3", "F3:F4"],
      ),
    );
    expect(header).toMatchObject({ headerRows: [3, 4], titleRows: [1, 2], unit: "亿元", reporter: "汉阴县招商局", regionName: "汉阴县", firstDataRow: 5 });
    expect(header!.columns.map((c) => c.label)).toEqual(["项目名称", "投资方", "投资情况/总投资", "投资情况/年度计划投资", "投资情况/累计到位资金", "项目进展"]);
    expect(header!.columns[2]!.parts).toEqual(["投资情况", "总投资"]);
  });

  test("a two-row header is found from its lower row when that row names more columns", () => {
    const header = detectLedgerHeader(
      grid(
        [
          ["项目名称", "投资方", "投资情况", null, null],
          [null, null, "总投资", "年度计划投资", "累计到位资金"],
          ["A项目", "甲公司", 100, 50, 20],
        ],
        ["A1:A2", "B1:B2", "C1:E1"],
      ),
    );
    expect(header).toMatchObject({ headerRows: [1, 2], firstDataRow: 3 });
  });

  test("a group label merged across columns pairs the rows even without labels merged down", () => {
    const header = detectLedgerHeader(
      grid(
        [
          ["项目名称", "投资方", "时间节点", null],
          ["项目名称", "投资方", "签约时间", "开工时间"],
          ["A项目", "甲公司", "2026-01-01", "2026-03-01"],
        ],
        ["C1:D1"],
      ),
    );
    expect(header!.headerRows).toEqual([1, 2]);
    expect(header!.columns.map((c) => c.label)).toEqual(["项目名称", "投资方", "时间节点/签约时间", "时间节点/开工时间"]);
  });

  test("a title merged across the table is not a group label", () => {
    const header = detectLedgerHeader(grid([["招商项目台账"], ["项目名称", "投资方", "总投资"], ["A项目", "甲公司", 100]], ["A1:C1"]));
    expect(header).toMatchObject({ headerRows: [2], titleRows: [1] });
  });

  test("a 填报单位 line of merged cells is not a group label", () => {
    const header = detectLedgerHeader(
      grid(
        [
          ["填报单位：石泉县招商局", null, "单位：万元"],
          ["项目名称", "投资方", "总投资"],
          ["A项目", "甲公司", 100],
        ],
        ["A1:B1"],
      ),
    );
    expect(header).toMatchObject({ headerRows: [2], unit: "万元", regionName: "石泉县" });
  });

  test("a data row under a single-row header is never taken for a second header row", () => {
    // 投资情况 is merged over two columns only for width; the text under it merely contains 总投资.
    const rows: CellValue[][] = [["项目名称", "投资方", "投资情况", null], ["总投资项目", "甲公司", "总投资3亿元的项目", null]];
    expect(detectLedgerHeader(grid(rows, ["C1:D1"]))!.headerRows).toEqual([1]);
    expect(detectLedgerHeader(grid([["项目名称", "投资方"], ["项目名称甲", "投资方乙"]]))!.headerRows).toEqual([1]);
  });

  test("签约情况 over 时间 and 金额 makes a two-row header", () => {
    const rows: CellValue[][] = [["项目名称", "投资方", "签约情况", null], [null, null, "时间", "金额"]];
    const header = detectLedgerHeader(grid(rows, ["C1:D1"]));
    expect(header!.headerRows).toEqual([1, 2]);
    expect(header!.columns.map((c) => c.label)).toEqual(["项目名称", "投资方", "签约情况/时间", "签约情况/金额"]);
  });

  test("a unit in a group label applies to the columns under it; a column's own unit wins", () => {
    const header = detectLedgerHeader(
      grid(
        [
          ["项目名称", "投资方", "投资情况（万元）", null],
          [null, null, "总投资", "到位资金（亿元）"],
        ],
        ["A1:A2", "B1:B2", "C1:D1"],
      ),
    );
    expect(header!.columns.map((c) => c.unit)).toEqual([null, null, "万元", "亿元"]);
  });

  test("the header may sit below several title rows", () => {
    const rows: CellValue[][] = [["台账"], [], ["说明：每月5日前报送"], [], ["填报单位：汉阴县招商局"], ["项目名称", "企业名称", "签约时间"]];
    expect(detectLedgerHeader(grid(rows))).toMatchObject({ headerRows: [6], titleRows: [1, 3, 5], firstDataRow: 7 });
  });

  test("the row naming the most columns is the header", () => {
    const rows: CellValue[][] = [["项目名称", "备注"], ["项目名称", "投资方", "总投资", "备注"]];
    expect(detectLedgerHeader(grid(rows))!.headerRows).toEqual([2]);
  });

  test("no header: an empty sheet, a notes sheet, one known word, or a header below row 30", () => {
    expect(detectLedgerHeader(grid([]))).toBeNull();
    expect(detectLedgerHeader(grid([["填表说明"], ["1. 金额单位为万元"], ["2. 进展按最新情况填写"]]))).toBeNull();
    expect(detectLedgerHeader(grid([["项目名称", "金额"], ["A", 1]]))).toBeNull();
    const late: CellValue[][] = Array.from({ length: 30 }, () => ["说明"]);
    expect(detectLedgerHeader(grid([...late, ["项目名称", "投资方"]]))).toBeNull();
  });

  test("numbers and long sentences never count as column names", () => {
    const rows: CellValue[][] = [["本表填报说明：项目名称、投资方、总投资均须填写，不得空项"], [1, 2, 3], ["项目名称", "投资方"]];
    expect(detectLedgerHeader(grid(rows))!.headerRows).toEqual([3]);
  });
});

describe("reporter, region and unit", () => {
  test.each([
    ["填报单位：汉阴县招商局", "汉阴县招商局"],
    ["填报单位:汉阴县招商局", "汉阴县招商局"],
    ["填报单位（盖章）：汉阴县招商局", "汉阴县招商局"],
    ["填报单位：汉阴县招商局    金额单位：万元", "汉阴县招商局"],
    ["填报单位：汉阴县招商局金额单位：万元", "汉阴县招商局"],
    ["填报单位：汉阴县招商局（盖章） 填报日期：2026年3月", "汉阴县招商局"],
    ["报送单位：安康高新区管委会", "安康高新区管委会"],
    ["填报单位：", null],
  ])("%j names %j", (text, reporter) => {
    expect(reporterInText(text)).toBe(reporter);
  });

  test("text without a 填报单位 label names nobody", () => {
    expect(reporterInText("金额单位：万元")).toBeUndefined();
  });

  test("the name can sit in the cell after the label", () => {
    const header = detectLedgerHeader(grid([["填报单位：", "旬阳市招商服务中心"], ["项目名称", "投资方"]]));
    expect(header).toMatchObject({ reporter: "旬阳市招商服务中心", regionName: "旬阳市" });
  });

  test.each([
    ["汉阴县招商局", "汉阴县"],
    ["汉阴县人民政府", "汉阴县"],
    ["安康高新区管委会", "安康高新区"],
    ["旬阳市投资促进局", "旬阳市"],
    ["恒口示范区管理委员会办公室", "恒口示范区"],
    ["汉阴县", "汉阴县"],
    ["招商局", null],
  ])("the reporter %j is in region %j", (reporter, region) => {
    expect(regionNameOfReporter(reporter)).toBe(region);
  });

  test.each([
    [["金额单位：万元"], "万元"],
    [["单位:亿元"], "亿元"],
    [["单位 ： 元"], "元"],
    [["2026年招商项目台账（万元）"], "万元"],
    [["填报单位：汉阴县招商局", "金额单位：亿元"], "亿元"],
    [["填报单位：汉阴县招商局"], null],
  ])("%j states the unit %j", (texts, unit) => {
    expect(sheetUnitIn(texts)).toBe(unit);
  });
});

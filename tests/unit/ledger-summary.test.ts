// The import's outcome as the command line reports it (issue 6 §6), and its arguments.
import { gridFromArrays, type CellValue } from "#app/domain/ledger/grid";
import { prepareLedgerSheet, type LedgerPreview } from "#app/domain/ledger/preview";
import { issueText, summarizeImport } from "#app/domain/ledger/summary";
import { parseImportArgs } from "../../scripts/lib/import-args";

const NOW = new Date("2026-06-30T04:00:00Z");

function preview(name: string, rows: CellValue[][], excludedRows: number[] = []): LedgerPreview {
  const prepared = prepareLedgerSheet(gridFromArrays(name, rows), { now: NOW, regionName: "汉阴县", overrides: { excludedRows } });
  if (!prepared.ok) throw new Error("no header");
  return prepared.preview;
}

describe("summarizeImport", () => {
  const signed = preview(
    "签约项目",
    [
      ["2026年台账"],
      ["项目名称", "投资方", "总投资", "签约时间", "项目进展"],
      ["A项目", "甲公司", 100, "2026-03-01", "签约"],
      ["B项目", "乙公司", "很多", "2026-13-01", "签约"],
      ["合计", null, 100],
      ["C项目", "丙公司", 50, null, "在谈"],
    ],
    [6],
  );
  const talks = preview("在谈项目", [["项目名称", "投资方", "总投资", "项目进展"], ["D项目", null, 10, "在谈"]]);

  test("rows, skipped rows with reasons and errors with Excel's row and column", () => {
    const summary = summarizeImport([signed, talks], { created: { companies: 2, projects: 2 }, updated: { companies: 1, projects: 0 } });
    expect(summary).toEqual({
      rows: 3,
      created: { companies: 2, projects: 2 },
      updated: { companies: 1, projects: 0 },
      skipped: [
        { sheet: "签约项目", row: 1, reason: "表头上方的标题或说明行" },
        { sheet: "签约项目", row: 2, reason: "表头行" },
        { sheet: "签约项目", row: 5, reason: "合计或小计行" },
        { sheet: "签约项目", row: 6, reason: "已手动排除" },
        { sheet: "在谈项目", row: 1, reason: "表头行" },
      ],
      errors: [
        { sheet: "签约项目", row: 4, column: "C", message: "总投资（万元）：金额无法识别：“很多”" },
        { sheet: "签约项目", row: 4, column: "D", message: "签约时间：日期无法识别：“2026-13-01”（可写作 2026-03-15、2026/3/15、2026.3.15、2026年3月15日 或 2026年3月）" },
        { sheet: "在谈项目", row: 2, column: "B", message: "投资方（企业名称）：投资方（企业名称）未填写" },
      ],
    });
  });

  test("nothing is created or updated unless counts are given", () => {
    expect(summarizeImport([talks])).toMatchObject({ created: { companies: 0, projects: 0 }, updated: { companies: 0, projects: 0 } });
  });

  test("an error of the whole sheet sits on its header row and names the field in its text", () => {
    const grid = gridFromArrays("台账", [["标题"], ["项目名称", "企业名称"], ["A", "甲"]]);
    const prepared = prepareLedgerSheet(grid, { now: NOW, regionName: "汉阴县", mapping: { projectName: 0 } });
    if (!prepared.ok) throw new Error("no header");
    expect(summarizeImport([prepared.preview]).errors).toEqual([{ sheet: "台账", row: 2, column: "", message: "请指定“投资方（企业名称）”对应的列" }]);
  });

  test("issueText prefixes a cell's issue with its column's name", () => {
    expect(issueText({ rowNumber: 3, field: "signedAt", column: "D", severity: "error", message: "pipeline.dateInFuture" })).toBe("签约时间：日期不能晚于今天");
    expect(issueText({ rowNumber: null, field: "region", column: null, severity: "error", message: "ledger.regionUnknown", params: { name: "火星县" } })).toBe("未知的县区“火星县”");
  });
});

describe("parseImportArgs", () => {
  test("all options, in both spellings", () => {
    expect(parseImportArgs(["--file", "台账.xlsx", "--region", "汉阴县", "--sheet=签约项目", "--dry-run", "--json"])).toEqual({
      ok: true,
      args: { file: "台账.xlsx", region: "汉阴县", sheet: "签约项目", dryRun: true, json: true },
    });
    expect(parseImportArgs(["--file=a.xlsx"])).toEqual({ ok: true, args: { file: "a.xlsx", region: null, sheet: null, dryRun: false, json: false } });
  });

  test.each([
    [[], "请用 --file 指定要导入的 .xlsx 文件"],
    [["--file"], "参数 --file 需要一个值"],
    [["--file", "--json"], "参数 --file 需要一个值"],
    [["--file", "a.xlsx", "--force"], "未知的参数：--force"],
    [["a.xlsx"], "未知的参数：a.xlsx"],
  ])("%j is refused: %s", (argv, message) => {
    expect(parseImportArgs(argv)).toEqual({ ok: false, message });
  });
});

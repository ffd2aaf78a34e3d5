// The sheet grid the ledger rules work on: text as people read it, Excel's column letters, and
// what a merged range means in a header and in data rows.
import { cellText, columnLetter, compactText, gridFromArrays, mergedDownOrigins, rowsWithMergesSpread } from "#app/domain/ledger/grid";

test.each([
  [0, "A"],
  [25, "Z"],
  [26, "AA"],
  [51, "AZ"],
  [52, "BA"],
  [701, "ZZ"],
  [702, "AAA"],
])("column %d is %s", (index, letter) => {
  expect(columnLetter(index)).toBe(letter);
});

test("cellText trims and folds whitespace; compactText also removes it and makes full-width half-width", () => {
  expect(cellText("  项目\n 名称\u3000")).toBe("项目 名称");
  expect(cellText(3000)).toBe("3000");
  expect(cellText(new Date("2026-03-15T00:00:00Z"))).toBe("2026-03-15");
  expect(cellText(new Date(Number.NaN))).toBe("");
  expect(cellText(null)).toBe("");
  expect(compactText("合  计")).toBe("合计");
  expect(compactText("ＵＳＣＣ　１２３")).toBe("USCC123");
  expect(compactText("项目名称")).toBe("项目名称");
});

describe("merged ranges", () => {
  const grid = gridFromArrays(
    "台账",
    [
      ["项目名称", "投资情况", null, null],
      [null, "总投资", "到位资金", null],
      ["A项目", 100, 20, "县工信局"],
      ["B项目", 50, 10, null],
      ["C项目", 20, 5, null],
    ],
    [
      { top: 1, left: 1, bottom: 2, right: 1 }, // 项目名称 down both header rows
      { top: 1, left: 2, bottom: 1, right: 3 }, // 投资情况 over two columns
      { top: 3, left: 4, bottom: 5, right: 4 }, // 责任单位 written once for three rows
    ],
  );

  test("in header rows a merged value reaches every cell it covers", () => {
    expect(rowsWithMergesSpread(grid, [1, 2])).toEqual([
      ["项目名称", "投资情况", "投资情况", null],
      ["项目名称", "总投资", "到位资金", null],
    ]);
  });

  test("in data rows only cells merged down remember the row they come from", () => {
    expect([...mergedDownOrigins(grid)]).toEqual([
      ["2:0", 1],
      ["4:3", 3],
      ["5:3", 3],
    ]);
  });
});

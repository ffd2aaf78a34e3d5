// Exports must not carry formulas into the bureau's spreadsheets (DESIGN §8): text beginning
// with = + - @ tab or CR gets a leading apostrophe; other values pass unchanged.
import { safeCell } from "#app/utils/xlsx.server";

test.each([
  ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
  ["+86 0915", "'+86 0915"],
  ["-1+1", "'-1+1"],
  ["@SUM(A1)", "'@SUM(A1)"],
  ["\t=1", "'\t=1"],
  ["\r=1", "'\r=1"],
])("%j is neutralised", (input, output) => {
  expect(safeCell(input)).toBe(output);
});

test.each(["秦巴绒趣", "a=b", " =1", "", "2026-03-15"])("%j is kept", (text) => {
  expect(safeCell(text)).toBe(text);
});

test("numbers, dates, booleans and empty values pass unchanged", () => {
  const date = new Date("2026-03-15T00:00:00Z");
  expect(safeCell(-5)).toBe(-5);
  expect(safeCell(date)).toBe(date);
  expect(safeCell(true)).toBe(true);
  expect(safeCell(null)).toBeNull();
  expect(safeCell(undefined)).toBeNull();
});

test("text longer than an Excel cell holds is cut", () => {
  const cell = safeCell("x".repeat(40_000)) as string;
  expect(cell).toHaveLength(32_767);
  expect(cell.endsWith("…")).toBe(true);
});

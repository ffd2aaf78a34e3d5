// 台账导入 in the browser (issue 6 acceptance): a 汉阴县 officer uploads a ledger with a title,
// 填报单位 and a two-row header, corrects one column mapping the system could not guess, fixes
// one bad cell in the preview, commits with the progress bar, and finds the projects in the list.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { expect, test } from "./fixtures";

const TAG = `导入${Date.now() % 100_000}`;

/** Rows 1–2 title and 填报单位; rows 3–4 the header; rows 5–7 projects (row 6 has a bad amount); row 8 合计. */
async function writeLedger(file: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("汉阴县");
  const rows: (string | number | Date | null)[][] = [
    [`2026年汉阴县招商引资项目推进台账`],
    ["填报单位：汉阴县招商局", null, null, null, null, null, null, "金额单位：万元"],
    ["序号", "项目名称", "投资方", "投资情况", null, "项目进展", "时间节点", null, "主办科室"],
    [null, null, null, "总投资", "累计到位资金", null, "签约时间", "开工时间"],
    [1, `${TAG}毛绒公仔生产线`, `${TAG}绒趣玩具有限公司`, 8000, 1000, "已开工", new Date("2026-01-10T00:00:00Z"), new Date("2026-03-02T00:00:00Z"), "县工信局"],
    [2, `${TAG}玩具包装材料项目`, `${TAG}包装材料有限公司`, "三千万", null, "洽谈中", null, null, "县招商局"],
    [3, `${TAG}电商直播基地`, `${TAG}电子商务有限公司`, "1.2亿", null, "已签约", "2026年2月", null, "县商务局"],
    ["合计", null, null, 20000],
  ];
  rows.forEach((values, r) => values.forEach((value, c) => value !== null && (sheet.getCell(r + 1, c + 1).value = value)));
  for (const range of ["A1:I1", "A2:F2", "H2:I2", "A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:H3", "I3:I4"]) sheet.mergeCells(range);
  fs.writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
}

test("upload a two-row-header ledger, adjust a mapping, fix a cell, commit, see the projects", async ({ page, login }) => {
  test.setTimeout(90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-ledger-"));
  const file = path.join(dir, "汉阴县台账.xlsx");
  await writeLedger(file);

  await login(page, "hanyin");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "台账导入" }).click();
  await expect(page).toHaveURL(/\/import$/);
  await expect(page.getByText("导入到本辖区：汉阴县")).toBeVisible();
  await page.getByLabel("台账文件（.xlsx，不超过 10 MB）").setInputFiles(file);
  await page.getByRole("button", { name: "上传并预览" }).click();

  await expect(page).toHaveURL(/\/import\/[\w-]+\?/);
  await expect(page.getByTestId("detected-header")).toHaveText("表头在第 3–4 行，金额单位 万元，填报单位 汉阴县招商局");
  // 合计 and the title rows are listed as not imported.
  await expect(page.getByTestId("ignored-rows")).toContainText("未作为项目导入的行（5 行）");

  // 主办科室 is not a column name the system knows: map it to 责任单位 by hand.
  const unit = page.getByLabel("主办科室");
  await expect(unit).toHaveValue("");
  await expect(page.getByLabel("投资情况/总投资")).toHaveValue("plannedInvestment");
  await unit.selectOption("responsibleUnit");
  await page.getByRole("button", { name: "应用列对应" }).click();
  await expect(page.getByTestId("preview-table").locator("thead")).toContainText("责任单位");
  await expect(page.locator('tr[data-row="5"] td[data-field="responsibleUnit"]')).toHaveText("县工信局");

  // Row 6's 总投资 "三千万" cannot be read: the cell is marked, the commit is blocked.
  const bad = page.locator('tr[data-row="6"] td[data-field="plannedInvestment"]');
  await expect(bad).toHaveAttribute("data-state", "error");
  await expect(bad).toContainText("金额无法识别：“三千万”");
  await expect(page.getByText("还有 1 处错误：改正或排除这些行后才能导入")).toBeVisible();
  await expect(page.getByRole("button", { name: "确认导入" })).toBeDisabled();

  await page.getByLabel("改正第 6 行的“总投资（万元）”").fill("3000万");
  await bad.getByRole("button", { name: "改正" }).click();
  await expect(bad).toHaveAttribute("data-state", "ok");
  await expect(bad).toContainText("3,000万元");
  await expect(bad).toContainText("已改正（原值：三千万）");
  await expect(page.getByTestId("preview-summary")).toContainText("将新建企业 3 家、项目 3 个；更新企业 0 家、项目 0 个");

  await page.getByRole("button", { name: "确认导入" }).click();
  const result = page.getByTestId("import-result");
  await expect(result).toContainText("导入完成", { timeout: 30_000 });
  await expect(result).toContainText("3 行项目数据：新建企业 3 家、项目 3 个；更新企业 0 家、项目 0 个");

  await result.getByRole("link", { name: "在项目列表中查看汉阴县的项目" }).click();
  await expect(page).toHaveURL(/\/projects\?region=/);
  await page.goto(`${page.url()}&q=${encodeURIComponent(TAG)}`);
  const table = page.getByTestId("projects-table");
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table).toContainText(`${TAG}毛绒公仔生产线`);
  await expect(table).toContainText(`${TAG}玩具包装材料项目`);
  await expect(table).toContainText(`${TAG}电商直播基地`);
  fs.rmSync(dir, { recursive: true, force: true });
});

// 月度通报 in the browser (issue 5 item 5): the city leader opens 驾驶舱, keeps the default month
// (last month) and downloads the bulletin — a non-empty .docx named after the month.
import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";

test("leader downloads the 月度通报 from 驾驶舱", async ({ page, login }) => {
  await login(page, "leader");
  await page.goto("/cockpit");
  await expect(page.getByRole("heading", { name: "领导驾驶舱" })).toBeVisible();
  await expect(page.getByLabel("通报月份")).toHaveValue(/^\d{4}-\d{2}$/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载月度通报" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^\d{4}年\d{1,2}月招商引资工作通报\.docx$/);
  const file = await download.path();
  const bytes = await readFile(file);
  expect(bytes.length).toBeGreaterThan(1000);
  // A .docx is a zip: it starts with "PK".
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
});

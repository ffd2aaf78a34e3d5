// 导出台账 in the browser, on the demo data: the leader opens /projects (filtered) and the link
// downloads a non-empty .xlsx of the project ledger.
import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";

test("a leader downloads the project ledger of the filtered list", async ({ page, login }) => {
  await login(page, "leader");
  await page.goto("/projects?stage=NEGOTIATION");
  const link = page.getByTestId("projects-export");
  await expect(link).toHaveText("导出台账");
  await expect(link).toHaveAttribute("href", "/projects/export?stage=NEGOTIATION");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const path = await download.path();
  const bytes = await readFile(path);
  expect(bytes.length).toBeGreaterThan(0);
  expect(bytes.subarray(0, 2).toString()).toBe("PK");
});

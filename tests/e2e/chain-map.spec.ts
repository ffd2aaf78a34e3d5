// 产业链图谱 in the browser (issue 5 item 4): the city leader opens it from the cockpit, finds a
// link marked 补链 with its target companies, and a count on it opens the company list that
// shows exactly that many companies; a stage count opens the project list of that link and
// stage. A screenshot of the whole map is kept with the test results.
import { expect, test } from "./fixtures";

test("leader opens 产业链图谱 from the cockpit, sees a 补链 gap and drills from its counts to the lists", async ({ page, login }, testInfo) => {
  await login(page, "leader");
  await page.goto("/cockpit");
  await page.getByTestId("chain-map-link").click();
  await expect(page).toHaveURL(/\/cockpit\/chains$/);
  await expect(page.getByRole("heading", { name: "产业链图谱", level: 1 })).toBeVisible();
  const shot = testInfo.outputPath("chain-map.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("chain-map", { path: shot, contentType: "image/png" });

  // A gap with companies to target (the demo data tags companies to links that have none landed).
  const gap = page.locator('[data-testid="chain-link"][data-gap="1"]').filter({ has: page.getByTestId("gap-target") }).first();
  await expect(gap.getByTestId("gap-badge")).toHaveText("补链");
  await expect(gap.getByTestId("gap-target").first()).toBeVisible();
  const linkName = await gap.locator("h3").innerText();

  const companies = gap.locator("dl [data-figure]").first();
  const count = Number((await companies.innerText()).replace(/[^\d]/g, ""));
  expect(count).toBeGreaterThan(0);
  expect(Number(await companies.getAttribute("data-list-total"))).toBe(count);
  await companies.click();
  await expect(page).toHaveURL(/\/companies\?chain=[^&]+&link=[^&]+&own=1$/);
  await expect(page.getByTestId("result-count")).toHaveText(`共 ${count} 条`);
  await expect(page.locator("#filter-link option:checked")).toHaveText(linkName);
  const rows = page.getByTestId("companies-table").locator("tbody tr");
  await expect(rows).toHaveCount(Math.min(count, 50));

  // Back on the map: a stage count with projects opens that link's projects at that stage.
  await page.goBack();
  const stage = page.locator('[data-testid="chain-link"] li[data-stage] [data-figure]').filter({ hasNotText: /^0$/ }).first();
  const projects = Number((await stage.innerText()).replace(/[^\d]/g, ""));
  await stage.click();
  await expect(page).toHaveURL(/\/projects\?chain=[^&]+&link=[^&]+&stage=[A-Z_]+$/);
  await expect(page.getByTestId("link-filter")).toBeVisible();
  await expect(page.getByTestId("result-count")).toHaveText(`共 ${projects} 条`);
});

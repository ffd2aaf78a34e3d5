// 驾驶舱 in the browser (issue 5): the city leader opens it from the navigation, every number is a
// link, and the 签约 count of 汉阴县 opens the project list that shows that many projects. A
// screenshot of the whole cockpit is kept with the test results.
import { expect, test } from "./fixtures";

test("leader opens 驾驶舱 and drills from 汉阴县's 签约 count to the matching list", async ({ page, login }, testInfo) => {
  await login(page, "leader");
  await page.getByRole("link", { name: "驾驶舱", exact: true }).click();
  await expect(page).toHaveURL(/\/cockpit$/);
  await expect(page.getByRole("heading", { name: "领导驾驶舱" })).toBeVisible();
  await expect(page.getByTestId("county-ranking")).toBeVisible();
  // The charts are drawn on the server: in the page as it arrives, no chart library loaded.
  await expect(page.locator(".chart-svg svg")).toHaveCount(3);
  const shot = testInfo.outputPath("cockpit.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("cockpit", { path: shot, contentType: "image/png" });

  const signed = page.getByTestId("signed-汉阴县");
  const count = Number((await signed.innerText()).replace(/[^\d]/g, ""));
  expect(Number(await signed.getAttribute("data-list-total"))).toBe(count);
  // A figure is a plain link that navigates client-side: the page is not reloaded.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await signed.click();
  await expect(page).toHaveURL(/\/projects\?metric=SIGNED&periodFrom=\d{4}-01-01&periodTo=\d{4}-12-31&region=/);
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await expect(page.getByTestId("metric-filter")).toContainText("签约项目");
  await expect(page.getByTestId("result-count")).toHaveText(`共 ${count} 条`);
  if (count > 0) {
    const rows = page.getByTestId("projects-table").locator("tbody tr");
    await expect(rows).toHaveCount(Math.min(count, 50));
    for (const region of await rows.locator("td:nth-child(4)").allInnerTexts()) expect(region).toBe("汉阴县");
  }
});

test("clicking a bar of the stage funnel opens the list of that stage", async ({ page, login }) => {
  await login(page, "leader");
  await page.goto("/cockpit");
  const funnel = page.getByRole("img", { name: "项目漏斗（按阶段）" });
  const bar = funnel.locator('[ecmeta_ssr_type="chart"][ecmeta_series_index="0"]').first();
  const index = Number(await bar.getAttribute("ecmeta_data_index"));
  const row = page.getByTestId("funnel-table").locator("tbody tr").nth(index);
  const stage = (await row.locator("th").innerText()).trim();
  const count = (await row.locator("td").first().innerText()).replace(/[^\d]/g, "");
  await bar.click({ force: true });
  await expect(page).toHaveURL(/\/projects\?stage=/);
  await expect(page.getByTestId("result-count")).toHaveText(`共 ${count} 条`);
  expect(stage.length).toBeGreaterThan(0);
});

test("a county officer's cockpit shows the county only", async ({ page, login }) => {
  await login(page, "hanyin");
  await page.goto("/cockpit");
  await expect(page.getByRole("heading", { name: "领导驾驶舱" })).toBeVisible();
  const rows = page.getByTestId("county-ranking").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-region", "汉阴县");
  await expect(page.getByText("汉滨区")).toHaveCount(0);
});

test("the cockpit and the project list hydrate what the server drew, without a React error", async ({ page, login }) => {
  // Their loaders hand the render their data as it is (pageData), the browser gets it through
  // JSON: a value the two see differently makes React report a hydration error.
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await login(page, "leader");
  for (const path of ["/cockpit", "/projects?stage=NEGOTIATION&sort=name", "/projects?view=kanban"]) {
    await page.goto(path);
    // Hydrated: the root's listener turns a plain link's click into a client-side navigation.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await page.locator("main a[data-client-nav]").first().click();
    await page.waitForURL((url) => `${url.pathname}${url.search}` !== path);
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  }
  expect(errors).toEqual([]);
});

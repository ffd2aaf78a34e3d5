// The project table, the kanban board, saved views, global search and the 工作台 in the
// browser, on the demo data: a county officer sees only their county, moves a card onto 签约
// through the required-fields dialog (keyboard) and drags one forward and back (with a
// reason); a leader finds 秦巴绒趣 by its pinyin initials.
import { expect, test } from "./fixtures";

test("a county officer's table shows only their county, filters by stage and keeps a saved view", async ({ page, login }) => {
  await login(page, "hanyin");
  await page.goto("/projects");
  const table = page.getByTestId("projects-table");
  await expect(table).toBeVisible();
  const regions = await table.locator("tbody tr td:nth-child(4)").allInnerTexts();
  expect(regions.length).toBeGreaterThan(0);
  expect(new Set(regions)).toEqual(new Set(["汉阴县"]));

  await page.getByText("全部阶段").click();
  await page.getByLabel("洽谈", { exact: true }).check();
  await page.getByRole("button", { name: "筛选" }).click();
  // With script the empty fields stay out of the URL; before hydration the plain GET keeps them.
  await expect(page).toHaveURL(/[?&]stage=NEGOTIATION(&|$)/);
  await expect.poll(async () => new Set(await table.locator("tbody tr td:nth-child(5)").allInnerTexts())).toEqual(new Set(["洽谈"]));

  const name = `洽谈中${Date.now() % 10_000}`;
  await page.getByTestId("open-saveView").click();
  await page.getByLabel("视图名称").fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("saved-view").filter({ hasText: name })).toBeVisible();
  await page.getByRole("link", { name: "重置" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await page.getByTestId("saved-view").filter({ hasText: name }).click();
  await expect(page).toHaveURL(/\/projects\?stage=NEGOTIATION$/);
});

test("kanban: 移至 签约 asks for the signing fields, then the card moves; dragging back asks for a reason", async ({ page, login }) => {
  await login(page, "hanyin");
  await page.goto("/projects?view=kanban");
  const column = (stage: string) => page.locator(`section[data-stage="${stage}"]`);
  const card = column("NEGOTIATION").getByTestId("kanban-card").first();
  await expect(card).toBeVisible();
  const id = await card.getAttribute("data-project-id");

  // The card's button opens its stage list, focused, for the keyboard.
  await card.getByRole("button", { name: /移至其他阶段/ }).click();
  await expect(card.getByRole("combobox")).toBeFocused();
  await card.getByRole("combobox").selectOption("SIGNED");
  const dialog = page.getByTestId("kanban-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("label")).toHaveText(["签约日期", "签约金额（万元）", "合同类型"]);
  await dialog.getByLabel("签约日期").fill("2030-01-01");
  await dialog.getByLabel("签约金额（万元）").fill("12000");
  await dialog.getByLabel("合同类型").selectOption("FORMAL");
  await dialog.getByRole("button", { name: "确认变更" }).click();
  // A date in the future is refused next to its field; what was typed stays.
  await expect(dialog.getByText("日期不能晚于今天")).toBeVisible();
  await expect(dialog.getByLabel("签约金额（万元）")).toHaveValue("12000");
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  await dialog.getByLabel("签约日期").fill(today);
  await dialog.getByRole("button", { name: "确认变更" }).click();
  await expect(dialog).toBeHidden();
  await expect(column("SIGNED").locator(`[data-project-id="${id}"]`)).toBeVisible();

  // Dragging: forward onto 考察 needs nothing more; back onto 首谈 needs a reason. Dropped on
  // the column's heading, which stays in view whatever the column's height.
  const heading = { targetPosition: { x: 60, y: 16 } };
  const dragged = column("FIRST_CONTACT").getByTestId("kanban-card").first();
  const draggedId = await dragged.getAttribute("data-project-id");
  await dragged.dragTo(column("SITE_VISIT"), heading);
  await expect(column("SITE_VISIT").locator(`[data-project-id="${draggedId}"]`)).toBeVisible();
  await column("SITE_VISIT").locator(`[data-project-id="${draggedId}"]`).dragTo(column("FIRST_CONTACT"), heading);
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("label")).toHaveText(["原因说明"]);
  await dialog.getByLabel("原因说明").fill("企业考察行程推迟，退回首谈继续对接");
  await dialog.getByRole("button", { name: "确认变更" }).click();
  await expect(column("FIRST_CONTACT").locator(`[data-project-id="${draggedId}"]`)).toBeVisible();
});

test("a column header sorts the table and says so (aria-sort), the second click reverses it", async ({ page, login }) => {
  await login(page, "hanyin");
  await page.goto("/projects");
  const header = page.getByTestId("projects-table").getByRole("columnheader", { name: /计划投资/ });
  await expect(header).toHaveAttribute("aria-sort", "none");
  await header.getByRole("link").click();
  await expect(page).toHaveURL(/sort=amount&dir=asc/);
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  const amounts = async () => (await page.getByTestId("projects-table").locator("tbody tr td:nth-child(7)").allInnerTexts()).map((text) => Number(text.replace(/[^\d.]/g, "")) * (text.includes("亿") ? 10_000 : 1));
  const ascending = await amounts();
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  await header.getByRole("link").click();
  await expect(page).toHaveURL(/sort=amount&dir=desc/);
  await expect(header).toHaveAttribute("aria-sort", "descending");
  const descending = await amounts();
  expect(descending).toEqual([...descending].sort((a, b) => b - a));
});

test("a leader finds 秦巴绒趣 by its pinyin initials from the header search", async ({ page, login }) => {
  await login(page, "leader");
  await page.getByRole("searchbox", { name: "全局搜索" }).fill("qbrq");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=qbrq/);
  await expect(page.getByTestId("search-companies").getByRole("link", { name: /秦巴绒趣/ })).toBeVisible();
});

test("a county officer's 工作台 lists their overdue projects, each linking to its page", async ({ page, login }) => {
  await login(page, "hanyin");
  const section = page.getByTestId("desk-stage");
  await expect(section).toBeVisible();
  const first = section.locator("li a").first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page).toHaveURL(/\/projects\/[^/]+$/);
});

test("a project's row opens its page as a client-side navigation, without reloading the document", async ({ page, login }) => {
  await login(page, "leader");
  await page.goto("/projects");
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  const link = page.getByTestId("projects-table").locator("tbody tr").first().locator("a").first();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/projects\/[^/?]+$/);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

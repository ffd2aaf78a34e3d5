// Logging in through the real /login page in Chromium (issue 2 acceptance): every demo role
// reaches its 工作台; a wrong password gets the Chinese message; after five failures the sixth
// attempt is refused even with the right password.
//
// The wrong-password and lockout tests use accounts created for them (support/e2e-db.ts),
// never the demo accounts: a locked demo account would stay locked for 15 minutes and break
// every later spec that signs in with it, whatever order the specs run in.
import { type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, expect, test } from "./fixtures";
import { createE2eUser } from "./support/e2e-db";

// What the home page says about each demo account: role, and the scope it works in.
const HOME_ROLE: Record<(typeof DEMO_ACCOUNTS)[number]["username"], RegExp> = {
  admin: /^管理员/,
  auditor: /^审计员/,
  city: /^市局专员 · 全市$/,
  hanbin: /^县区专员 · 汉滨区$/,
  hanyin: /^县区专员 · 汉阴县$/,
  leader: /^领导 · 全市$/,
  zrzy: /^部门人员/,
};

for (const account of DEMO_ACCOUNTS) {
  test(`demo account ${account.username} (${account.role}) logs in and sees 工作台`, async ({ page, login }) => {
    // Two TOTP logins in one 30-second window wait for the next code (fixtures.totpCode).
    if (account.totp) test.setTimeout(75_000);
    await login(page, account.username);
    await expect(page).toHaveURL((url) => url.pathname === "/");
    await expect(page.getByRole("heading", { level: 1, name: "工作台" })).toBeVisible();
    await expect(page.getByTestId("home-role")).toHaveText(HOME_ROLE[account.username]);
    await expect(page.getByTestId("current-user")).toBeVisible();
  });
}

async function submitPassword(page: Page, username: string, password: string) {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
}

test("a wrong password shows 用户名或密码错误 and stays on /login", async ({ page }) => {
  const user = createE2eUser("wrongpw");
  await page.goto("/login");
  await submitPassword(page, user.username, "Wrong#Password1");
  await expect(page.getByRole("alert")).toHaveText("用户名或密码错误");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('input[name="username"]')).toHaveValue(user.username);
});

test("an unknown username gets the same message", async ({ page }) => {
  await page.goto("/login");
  await submitPassword(page, "no_such_user_here", "Zhaoshang@2026");
  await expect(page.getByRole("alert")).toHaveText("用户名或密码错误");
});

test("after five failures the sixth attempt is refused even with the right password", async ({ page, login }) => {
  const user = createE2eUser("lockout");
  await page.goto("/login");
  for (let i = 1; i <= 5; i++) {
    await submitPassword(page, user.username, `Wrong#Password${i}`);
    await expect(page.getByRole("alert"), `attempt ${i}`).toHaveText("用户名或密码错误");
  }
  await submitPassword(page, user.username, user.password);
  await expect(page.getByRole("alert")).toContainText("账户已锁定");
  await expect(page.getByRole("alert")).toContainText("15 分钟");
  await expect(page).toHaveURL(/\/login$/);

  // The lock is per account: a demo user still signs in from the same browser.
  await login(page, "hanyin");
  await expect(page.getByRole("heading", { level: 1, name: "工作台" })).toBeVisible();
});

// Playwright helpers: log in through the real /login form, as a user would.
//
//   import { test, expect, DEMO_ACCOUNTS } from "./fixtures";
//   test("city officer sees 工作台", async ({ page, login }) => {
//     await login(page, "city");
//     await expect(page.getByRole("heading", { name: "工作台" })).toBeVisible();
//   });
import { test as base, expect, type Page, type Response } from "@playwright/test";
import * as OTPAuth from "otpauth";

// The published demo credentials (README 演示账户).
export const DEMO_PASSWORD = "Zhaoshang@2026";
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

export const DEMO_ACCOUNTS = [
  { username: "admin", role: "管理员", totp: true },
  { username: "auditor", role: "审计员", totp: true },
  { username: "city", role: "市招商局专员", totp: false },
  { username: "hanbin", role: "汉滨区专员", totp: false },
  { username: "hanyin", role: "汉阴县专员", totp: false },
  { username: "leader", role: "市领导", totp: false },
  { username: "zrzy", role: "市自然资源局", totp: false },
] as const;

function totp(secret: string) {
  return new OTPAuth.TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** The current TOTP code for a base32 secret. */
export function totpCode(secret: string = DEMO_TOTP_SECRET): string {
  return totp(secret).generate();
}

// The server accepts each 30-second step at most once per account (ASVS 2.8.4), so a second
// login of the same account within one step must wait for the next code. Steps used by this
// worker, per account:
const usedSteps = new Map<string, number>();

/** A TOTP code `username` has not used yet, waiting for the next step if need be. */
async function freshTotpCode(username: string, secret: string): Promise<string> {
  const generator = totp(secret);
  const key = `${username}\n${secret}`;
  if (usedSteps.get(key) === generator.counter()) {
    const wait = generator.remaining() + 250;
    const info = base.info();
    if (info.timeout > 0) info.setTimeout(info.timeout + wait);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  usedSteps.set(key, generator.counter());
  return generator.generate();
}

const isLoginPost = (response: Response) =>
  response.request().method() === "POST" && new URL(response.url()).pathname === "/login";

/** Submits the login form holding `field`; throws with the page's message if refused. */
async function submit(page: Page, field: string, username: string) {
  const [response] = await Promise.all([
    page.waitForResponse(isLoginPost),
    page.locator(`form:has([name="${field}"])`).locator('button[type="submit"]').click(),
  ]);
  if (response.status() >= 400) {
    const alert = page.getByRole("alert");
    await alert.first().waitFor({ state: "visible", timeout: 5_000 }).catch(() => {});
    const message = (await alert.allInnerTexts()).join(" ");
    throw new Error(`Login as "${username}" refused (HTTP ${response.status()})${message ? `: ${message}` : ""}`);
  }
}

/** After an accepted submission: either the browser leaves /login or the TOTP step shows. */
async function nextStep(page: Page): Promise<"done" | "totp"> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (new URL(page.url()).pathname !== "/login") return "done";
    if (await page.locator('input[name="totp"]').isVisible()) return "totp";
    await page.waitForTimeout(100);
  }
  throw new Error(`Login did not leave /login (still at ${page.url()})`);
}

/**
 * Logs in through /login with the fields `username`, `password` and, when the page asks for
 * it, `totp` (computed from `totpSecret`, by default the demo secret). Resolves once the
 * browser has left /login; throws with the page's message if the login was refused.
 */
export async function login(page: Page, username: string, password: string = DEMO_PASSWORD, totpSecret: string = DEMO_TOTP_SECRET) {
  await page.goto("/login");
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  const totpOnFirstStep = page.locator('input[name="totp"]');
  if (await totpOnFirstStep.isVisible()) await totpOnFirstStep.fill(await freshTotpCode(username, totpSecret));
  await submit(page, "username", username);

  if ((await nextStep(page)) === "totp") {
    await page.locator('input[name="totp"]').fill(await freshTotpCode(username, totpSecret));
    await submit(page, "totp", username);
    // The TOTP field stays on screen until the redirect lands, so wait for the URL alone.
    await page.waitForURL((url) => url.pathname !== "/login", { timeout: 15_000 });
  }
}

export const test = base.extend<{ login: typeof login }>({
  // Playwright's `use` callback is named `provide` so the React hooks lint rule does not take
  // it for React's use(); fixtures must destructure their (here: no) dependencies.
  // eslint-disable-next-line no-empty-pattern
  login: async ({}, provide) => {
    await provide(login);
  },
});

export { expect };

// End-to-end tests in headless Chromium against the production build (scripts/e2e-server.mjs).
// Uses Debian's /usr/bin/chromium (apt-get install -y chromium fonts-noto-cjk): browsers are
// never downloaded here (`npx playwright install` cannot reach its host; PLATFORM.md).
import { defineConfig, devices } from "@playwright/test";

const PORT = process.env.E2E_PORT ?? "3100";

export default defineConfig({
  testDir: "./tests/e2e",
  testMatch: "**/*.{spec,test}.ts",
  outputDir: "test-results",
  // One worker: the server writes to one SQLite file, and tests share the demo accounts
  // (a lockout test must not race a login test).
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          // Without the networking flags Chromium tries to reach Google's services and stalls.
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${PORT}/healthz`,
    // Always a fresh server and database: tests lock accounts and leave sessions behind.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});

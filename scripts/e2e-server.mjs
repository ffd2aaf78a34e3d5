#!/usr/bin/env node
// The server Playwright tests run against (playwright.config.ts → webServer): the PRODUCTION
// build on a fresh SQLite database with the demo data, on http://localhost:3100 (E2E_PORT).
// Every run starts from scratch, because tests change state (lockouts, sessions, audit rows).
// Run `npm run build` first; `npm run test:e2e` and `npm test` do.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

if (!fs.existsSync(path.join(root, "build/index.js"))) {
  console.error("e2e-server: no production build (build/index.js). Run `npm run build` first.");
  process.exit(1);
}

const dbFile = path.join(root, "tests/.tmp/e2e.db");
fs.mkdirSync(path.dirname(dbFile), { recursive: true });
for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${dbFile}${suffix}`, { force: true });

const env = {
  ...process.env,
  NODE_ENV: "production",
  PORT: process.env.E2E_PORT ?? "3100",
  HOST: "127.0.0.1",
  DATABASE_URL: `file:${dbFile}`,
  // Production mode marks session cookies Secure (and __Host-), which a browser will not send
  // back over plain http. The server honours ZS_INSECURE_COOKIES=1 to drop that for local
  // test runs only; a real deployment sits behind HTTPS and never sets it.
  ZS_INSECURE_COOKIES: "1",
};

const tsx = path.join(root, "node_modules/.bin/tsx");
function step(label, args) {
  console.log(`e2e-server: ${label}`);
  const result = spawnSync(tsx, args, { env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`e2e-server: ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}
step("migrating tests/.tmp/e2e.db", ["scripts/db-migrate.ts"]);
step("seeding demo data", ["prisma/seed/index.ts", "--demo"]);

const server = spawn(process.execPath, ["server.js"], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

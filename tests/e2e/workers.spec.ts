// server.js with WEB_CONCURRENCY (README, production): N worker processes share the port, a
// worker that dies is replaced, and the workers do not outlive a primary killed with SIGKILL
// (so a supervisor that restarts the server never finds the port held by orphans).
import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { startServer, type SpawnedServer } from "./support/e2e-db";

function workersOf(pid: number): number[] {
  const out = spawnSync("ps", ["--ppid", String(pid), "-o", "pid="], { encoding: "utf8" }).stdout;
  return out.split("\n").map((l) => Number(l.trim())).filter((n) => n > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let server: SpawnedServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

test("WEB_CONCURRENCY=2: two workers answer, a killed worker is replaced, none outlives a SIGKILLed primary", async ({ request }) => {
  server = await startServer({ WEB_CONCURRENCY: "2", ZS_INSECURE_COOKIES: "1" });
  const primary = server.child.pid!;
  await expect.poll(() => workersOf(primary).length, { timeout: 15_000 }).toBe(2);
  for (let i = 0; i < 4; i += 1) expect((await request.get(`${server.url}/healthz`)).status()).toBe(200);

  const [first, second] = workersOf(primary) as [number, number];
  process.kill(first, "SIGKILL");
  await expect.poll(() => workersOf(primary).filter((pid) => pid !== first).length, { timeout: 15_000 }).toBe(2);
  expect(workersOf(primary)).toContain(second);
  await expect.poll(async () => (await request.get(`${server!.url}/healthz`)).status(), { timeout: 15_000 }).toBe(200);

  const workers = workersOf(primary);
  process.kill(primary, "SIGKILL");
  await expect.poll(() => workers.filter(alive).length, { timeout: 10_000 }).toBe(0);
});

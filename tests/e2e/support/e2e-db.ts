// Access to the e2e server's database from Playwright specs, and a second server when a spec
// needs one configured differently (e.g. without ZS_INSECURE_COOKIES).
//
// The database is the one scripts/e2e-server.mjs creates (tests/.tmp/e2e.db); E2E_DATABASE_URL
// overrides it if that script ever moves it. Writes go through a child process running the
// app's own code with tsx, so specs never open the database themselves.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? `file:${path.join(ROOT, "tests/.tmp/e2e.db")}`;
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export type E2eUser = { id: string; username: string; password: string; displayName: string };

/** A fresh county officer (汉阴县) that no other spec knows, so it can be locked freely. */
export function createE2eUser(prefix: string): E2eUser {
  const username = `e2e_${prefix}_${randomBytes(3).toString("hex")}`;
  const input = { username, password: "Lockout#Test2026", displayName: `测试用户${username.slice(-6)}`, role: "COUNTY_OFFICER", regionName: "汉阴县" };
  const run = spawnSync(TSX, [path.join(ROOT, "tests/e2e/support/create-user.ts"), JSON.stringify(input)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`creating ${username} failed: ${run.stderr || run.stdout}`);
  const { id } = JSON.parse(run.stdout.trim().split("\n").pop()!) as { id: string };
  return { id, ...input };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type SpawnedServer = { url: string; output: () => string; stop: () => Promise<void> };

/**
 * Starts `node server.js` from the production build on a free port, on the e2e database, with
 * the environment given (NODE_ENV=production unless overridden). Resolves when /healthz answers.
 */
export async function startServer(env: Record<string, string | undefined>): Promise<SpawnedServer> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: E2E_DATABASE_URL };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const child: ChildProcess = spawn(process.execPath, ["server.js"], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server.js exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`server.js did not answer /healthz within 30 s:\n${log}`);
}

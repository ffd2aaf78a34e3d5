// Access to the e2e server's database from Playwright specs, and a second server when a spec
// needs one configured differently (e.g. without ZS_INSECURE_COOKIES).
//
// The database is the one scripts/e2e-server.mjs creates (tests/.tmp/e2e.db); E2E_DATABASE_URL
// overrides it if that script ever moves it. Writes go through a child process running the
// app's own code with tsx, so specs never open the database themselves.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnServer, type ServerProcess } from "../../../scripts/lib/spawn-server";

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

export type SpawnedServer = Pick<ServerProcess, "child" | "url" | "output" | "stop">;

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
  return spawnServer(childEnv, { url: `http://127.0.0.1:${port}`, pollMs: 200 });
}

// Shared by the global setup (main process) and the per-file setup (workers): where test
// databases live and how to reach the PostgreSQL server that hosts them.
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export type TestDbKind = "sqlite" | "postgres";

/** What the global setup hands to every worker (vitest provide/inject). */
export type TestDatabaseContext = {
  kind: TestDbKind;
  /** The main process id: names this run's databases so parallel runs never collide. */
  runId: number;
  /** SQLite: the folder holding the template and the per-file copies. */
  dir: string;
  /** SQLite: absolute path of the migrated, seeded template file. */
  templateFile: string;
  /** PostgreSQL: a connection URL for administrative statements (CREATE/DROP DATABASE). */
  adminUrl: string;
  /** PostgreSQL: name of the migrated, seeded template database. */
  templateName: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseContext;
  }
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const TMP_ROOT = path.join(REPO_ROOT, "tests/.tmp");
export const DEFAULT_TEST_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function testDbKind(env: NodeJS.ProcessEnv = process.env): TestDbKind {
  const value = (env.TEST_DB ?? "sqlite").trim().toLowerCase();
  if (value === "sqlite") return "sqlite";
  if (value === "postgres" || value === "postgresql") return "postgres";
  throw new Error(`TEST_DB must be "sqlite" or "postgres", got "${env.TEST_DB}".`);
}

export function testPgUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_PG_URL?.trim() || DEFAULT_TEST_PG_URL;
}

/** The same server and credentials as `baseUrl`, another database. */
export function pgDatabaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Database names become SQL identifiers; keep them to a safe alphabet. */
export function quoteIdent(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
  return `"${name}"`;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/**
 * Connects to the PostgreSQL server named by `url`, or throws an error that cannot be
 * mistaken for a skipped suite: the test command must cover PostgreSQL as well as SQLite.
 */
export async function connectPgAdmin(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    const reason = error instanceof Error ? `${(error as { code?: string }).code ?? ""} ${error.message}`.trim() : String(error);
    const bar = "█".repeat(78);
    throw new Error(
      [
        "",
        bar,
        `TEST_DB=postgres, but no usable PostgreSQL server at ${redact(url)}`,
        `  reason: ${reason}`,
        "  Start the local server (as root):",
        "    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
        "  or point TEST_PG_URL at a server where this role may CREATE DATABASE.",
        "  The PostgreSQL tests were NOT run; this is a failure, not a skip.",
        bar,
      ].join("\n"),
    );
  }
}

/** Whether the server is on this machine, so process ids in database names mean something. */
export function isLocalServer(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "" || host === "127.0.0.1" || host === "localhost" || host === "[::1]" || host.startsWith("/");
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

// Which database the product talks to, decided once from DATABASE_URL. Shared by the server,
// the migration runner and the scripts so they can never disagree.
import path from "node:path";

export type DatabaseKind = "sqlite" | "postgres";

export const DEFAULT_DATABASE_URL = "file:./data/zhaoshang.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function databaseKind(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: or postgres(ql)://, got "${url}"`);
}

/** Whether the product's database (DATABASE_URL) is PostgreSQL: for SQL that differs by dialect. */
export function isPostgres(): boolean {
  return databaseKind(databaseUrl()) === "postgres";
}

/** Absolute path of a `file:` URL; relative paths are taken from the current directory. */
export function sqliteFilePath(url: string): string {
  const raw = url.slice("file:".length).replace(/\?.*$/, "");
  return path.resolve(raw);
}

// The one Prisma client of the process. SQLite or PostgreSQL is chosen from DATABASE_URL
// (docs/decisions/002-sqlite-and-postgresql.md). Both generated clients come from the same
// schema, so the SQLite client's type describes either.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "#app/generated/postgres/client";
import { PrismaClient as SqliteClient } from "#app/generated/sqlite/client";
import { databaseKind, databaseUrl } from "./database-url";
import { createSqliteAdapter } from "./sqlite-adapter.server";

export { Prisma } from "#app/generated/sqlite/client";
export type Db = SqliteClient;
/** A client or an interactive transaction: model functions accept either. */
export type DbTx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createPrismaClient(url: string): Db {
  if (databaseKind(url) === "postgres") {
    const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  return new SqliteClient({ adapter: createSqliteAdapter(url) });
}

const globalForDb = globalThis as unknown as { __db?: Db };

/** The process-wide client, created on first use (kept across dev rebuilds). */
export const prisma: Db = (globalForDb.__db ??= createPrismaClient(databaseUrl()));

/** A number from an aggregate row of $queryRaw: SQLite and PostgreSQL give bigint, Decimal or number; none is 0. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return Number(String(value));
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === "P2002";
}

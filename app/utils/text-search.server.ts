// Substring search in a text column that behaves alike on both databases: SQLite's LIKE
// ignores ASCII case, PostgreSQL needs Prisma's `mode: "insensitive"` (which SQLite rejects).
import { isPostgres } from "./database-url";
import { Prisma } from "./db.server";

export function containsText(text: string): { contains: string } {
  return isPostgres()
    ? ({ contains: text, mode: "insensitive" } as { contains: string })
    : { contains: text };
}

/**
 * containsText in raw SQL: the condition Prisma sends for it (LIKE on SQLite, ILIKE on
 * PostgreSQL; % and _ in the text act as wildcards there too).
 */
export function containsTextSql(column: Prisma.Sql, text: string): Prisma.Sql {
  const like = Prisma.raw(isPostgres() ? "ILIKE" : "LIKE");
  return Prisma.sql`${column} ${like} ${`%${text}%`}`;
}

// Substring search in a text column that behaves alike on both databases: SQLite's LIKE
// ignores ASCII case, PostgreSQL needs Prisma's `mode: "insensitive"` (which SQLite rejects).
import { databaseKind, databaseUrl } from "./database-url";

export function containsText(text: string): { contains: string } {
  return databaseKind(databaseUrl()) === "postgres"
    ? ({ contains: text, mode: "insensitive" } as { contains: string })
    : { contains: text };
}

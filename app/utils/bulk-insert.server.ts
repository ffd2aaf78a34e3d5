// Many rows into one table in one statement, for the ledger import (DESIGN §8: 10 000 rows in
// under 10 s). Prisma's createMany passes every value through its query compiler, which costs
// about a millisecond per row of Chinese text on a small server (non-ASCII text is its slow
// path). Here the rows travel as one parameter of UTF-8 bytes holding JSON — bytes cross the
// compiler as base64, which is ASCII — and the database unpacks them itself (SQLite json_each,
// PostgreSQL json_populate_recordset). Values are written exactly as Prisma writes them, so
// Prisma reads them back unchanged: SQLite dates as ISO text with "+00:00", booleans as 0/1.
//
// Only for tables and columns named in code (never user input); each column states its type.
import { isPostgres } from "./database-url";
import { type DbTx } from "./db.server";

export type ColumnType = "text" | "int" | "float" | "bool" | "datetime";
export type BulkColumns<T> = { [K in keyof T & string]?: ColumnType };

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

function quote(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Unsafe identifier: ${name}`);
  return `"${name}"`;
}

/** JSON as UTF-8 bytes: the one parameter of a bulk insert. */
function jsonBytes(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(value), "utf8"));
}

function sqliteValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (type === "datetime") return (value as Date).toISOString().replace("Z", "+00:00");
  if (type === "bool") return value ? 1 : 0;
  return value;
}

function postgresValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  // timestamp(3) without time zone holds UTC wall time, as Prisma writes it.
  if (type === "datetime") return (value as Date).toISOString().replace("Z", "");
  return value;
}

/**
 * Inserts `rows` into `table`, setting the given columns (others take their defaults).
 * Returns the number of rows inserted.
 */
export async function bulkInsert<T extends Record<string, unknown>>(db: DbTx, table: string, columns: BulkColumns<T>, rows: readonly T[]): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = Object.entries(columns) as [string, ColumnType][];
  const names = cols.map(([name]) => quote(name)).join(", ");
  if (isPostgres()) {
    const json = jsonBytes(rows.map((row) => Object.fromEntries(cols.map(([name, type]) => [name, postgresValue(row[name], type)]))));
    return db.$executeRawUnsafe(`INSERT INTO ${quote(table)} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${quote(table)}, convert_from($1, 'UTF8')::json)`, json);
  }
  const json = jsonBytes(rows.map((row) => cols.map(([name, type]) => sqliteValue(row[name], type))));
  const values = cols.map((_, i) => `value ->> ${i}`).join(", ");
  return db.$executeRawUnsafe(`INSERT INTO ${quote(table)} (${names}) SELECT ${values} FROM json_each(CAST(? AS TEXT))`, json);
}

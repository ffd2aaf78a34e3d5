// A counter of data changes, shared by every process on the database (ADR 009). writeAudit bumps
// it in the transaction that makes an audited data change, so a reader that sees a version also
// sees that change; numbers derived from the data (the cockpit) are cached against it.
import { num, prisma, type DbTx } from "./db.server";

const ROW = 1;

/** One atomic statement on both databases, so concurrent first bumps cannot collide. */
export async function bumpDataVersion(db: DbTx): Promise<void> {
  await db.$executeRaw`INSERT INTO "DataVersion" ("id", "version") VALUES (${ROW}, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "DataVersion"."version" + 1`;
}

/** Read on every cached page view, so in SQL (ADR 014). */
export async function dataVersion(db: DbTx = prisma): Promise<number> {
  const [row] = await db.$queryRaw<{ version: number | bigint }[]>`SELECT "version" FROM "DataVersion" WHERE "id" = ${ROW}`;
  return num(row?.version);
}

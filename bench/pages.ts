// What the route benchmark and the profiler drive (ADR 010): the large database, the two
// roles and the five pages. One place, so that `npm run bench` and bench/profile.ts measure the
// same requests.
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

const ROOT = path.resolve(import.meta.dirname, "..");
export const PASSWORD = "Zhaoshang@2026";
/** The city leader (whole city) and a county officer (汉滨区). */
export const BENCH_ROLES = { leader: "leader", county: "hanbin" } as const;
export type BenchRole = keyof typeof BENCH_ROLES;
const COUNTY_NAME = "汉滨区";

/** data/large.db (LARGE_SQLITE_FILE=… for another copy) or zs_large (LARGE_PG_DB=…) on LARGE_PG_URL / TEST_PG_URL. */
export function benchDatabase(kind: "sqlite" | "postgres") {
  const sqliteFile = process.env.LARGE_SQLITE_FILE ? path.resolve(process.env.LARGE_SQLITE_FILE) : path.join(ROOT, "data/large.db");
  const pgAdminUrl = process.env.LARGE_PG_URL ?? process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const pgDatabase = process.env.LARGE_PG_DB ?? "zs_large";
  const url = kind === "sqlite" ? `file:${sqliteFile}` : Object.assign(new URL(pgAdminUrl), { pathname: `/${pgDatabase}` }).toString();
  return { sqliteFile, pgAdminUrl, pgDatabase, url };
}

/** One read-only query against the large database through the raw driver. */
export async function rawQuery<T>(kind: "sqlite" | "postgres", url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  if (kind === "sqlite") {
    const db = new Database(url.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The county's project with the most follow-ups (it is in both roles' scope). */
export async function busiestProjectId(kind: "sqlite" | "postgres", url: string): Promise<string> {
  const [busiest] = await rawQuery<{ id: string; n: number }>(
    kind,
    url,
    `SELECT p."id" AS "id", COUNT(*) AS "n" FROM "FollowUp" f JOIN "Project" p ON p."id" = f."projectId" JOIN "Region" r ON r."id" = p."regionId"
     WHERE r."name" = ${kind === "sqlite" ? "?" : "$1"} AND f."deletedAt" IS NULL AND p."deletedAt" IS NULL GROUP BY p."id" ORDER BY 2 DESC, 1 LIMIT 1`,
    [COUNTY_NAME],
  );
  if (!busiest) throw new Error(`no project in ${COUNTY_NAME}: is the large database seeded?`);
  return busiest.id;
}

/**
 * The pages. The project list: the negotiation pipeline's middle (考察 + 洽谈), second page, as
 * an officer looks through it; the project page and its 跟进 tab: the busiest project.
 */
export const BENCH_PAGES = (projectId: string): { name: string; path: string; numbersCached?: boolean }[] => [
  // 工作台 and the cockpit serve their numbers from a cache (ADR 009): the floor is the SQL
  // they are computed from.
  { name: "desk", path: "/", numbersCached: true },
  { name: "projects", path: "/projects?stage=SITE_VISIT&stage=NEGOTIATION&page=2" },
  { name: "project", path: `/projects/${projectId}` },
  { name: "followups", path: `/projects/${projectId}?tab=followUps` },
  { name: "cockpit", path: "/cockpit", numbersCached: true },
];

/** Makes the next cached page view compute its numbers again (ADR 009's version counter). */
export const BUMP_DATA_VERSION = `UPDATE "DataVersion" SET "version" = "version" + 1`;

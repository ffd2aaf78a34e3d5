// The route list, read from app/routes at test time (Remix v2 flat routes), so a new route file
// is in the security suite the moment it exists. Also: calling a loader or action with a real
// Request and reading the answer, and a fingerprint of every business table to prove that a
// refused request changed nothing.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Prisma } from "#app/utils/db.server";
import { testDb, testDbKind } from "#tests/setup/db";
import { testRequest } from "#tests/setup/session";

const ROUTES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../app/routes");

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
export type RouteModule = { id: string; file: string; loader?: Handler; action?: Handler };

/** Route ids (file names without extension, or folder names holding a route.tsx), sorted. */
export function routeIds(): string[] {
  const ids: string[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (fs.readdirSync(path.join(ROUTES_DIR, entry.name)).some((f) => /^route\.(ts|tsx|js|jsx)$/.test(f))) ids.push(entry.name);
    } else if (/\.(ts|tsx|js|jsx)$/.test(entry.name) && !/\.(test|spec)\./.test(entry.name)) {
      ids.push(entry.name.replace(/\.(ts|tsx|js|jsx)$/, ""));
    }
  }
  return ids.sort();
}

export async function importRoute(id: string): Promise<RouteModule> {
  const direct = fs.readdirSync(ROUTES_DIR).find((f) => f.replace(/\.(ts|tsx|js|jsx)$/, "") === id && !fs.statSync(path.join(ROUTES_DIR, f)).isDirectory());
  const file = direct ? path.join(ROUTES_DIR, direct) : path.join(ROUTES_DIR, id, fs.readdirSync(path.join(ROUTES_DIR, id)).find((f) => f.startsWith("route."))!);
  const mod = (await import(file)) as { loader?: Handler; action?: Handler };
  return { id, file, loader: typeof mod.loader === "function" ? mod.loader : undefined, action: typeof mod.action === "function" ? mod.action : undefined };
}

// Flat-route segments: "." separates, "_index" is the index, "$x" a param, a trailing "_" opts
// out of layout nesting, a leading "_" is a pathless layout.
function segments(id: string): string[] {
  return id.split(".").filter((s) => s !== "_index" && !(s.startsWith("_") && !s.startsWith("$")));
}

/** The `$param` names of a route id, e.g. projects.$projectId.sites → ["projectId"]. */
export function routeParams(id: string): string[] {
  return segments(id)
    .filter((s) => s.startsWith("$"))
    .map((s) => s.slice(1).replace(/_$/, ""));
}

/** The URL path of a route with its params filled in. */
export function routePath(id: string, params: Record<string, string>): string {
  const parts = segments(id).map((s) => {
    const bare = s.replace(/_$/, "");
    return bare.startsWith("$") ? encodeURIComponent(params[bare.slice(1)] ?? "") : bare;
  });
  return `/${parts.join("/")}`;
}

export type Answer = { status: number; location: string | null; thrownError?: string; body?: string };

async function bodyOf(response: Response): Promise<string | undefined> {
  if (response.status < 400 || response.status >= 500) return undefined;
  return (await response.text().catch(() => "")).slice(0, 400);
}

/** Calls a loader or action and reads the status a browser would get (a returned plain object is 200). */
export async function answerOf(handler: Handler, request: Request, params: Record<string, string>): Promise<Answer> {
  try {
    const value = await handler({ request, params, context: {} });
    if (value instanceof Response) return { status: value.status, location: value.headers.get("Location"), body: await bodyOf(value) };
    return { status: 200, location: null };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, location: error.headers.get("Location"), body: await bodyOf(error) };
    return { status: 500, location: null, thrownError: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

export function call(handler: Handler, id: string, params: Record<string, string>, opts: { cookie?: string; form?: Record<string, string> } = {}) {
  return answerOf(handler, testRequest(routePath(id, params), opts), params);
}

// ───────────────────────────── "nothing changed" ─────────────────────────────

const SKIPPED_TABLES = new Set(["Session"]); // every signed-in request touches its own session row

const fingerprintSql = new Map<boolean, string>();

function buildFingerprintSql(withAudit: boolean): string {
  const parts: string[] = [];
  const enums = Prisma as unknown as Record<string, Record<string, string> | undefined>;
  for (const model of Object.values(Prisma.ModelName)) {
    if (SKIPPED_TABLES.has(model) || (!withAudit && model === "AuditLog")) continue;
    const table = `"${model}"`;
    parts.push(`(SELECT COUNT(*) FROM ${table})`);
    const fields = enums[`${model}ScalarFieldEnum`] ?? {};
    for (const column of ["updatedAt", "version", "deletedAt", "readAt", "failedLoginCount", "lockedUntil", "disabled", "repliedAt"]) {
      if (!(column in fields)) continue;
      const value = column === "disabled" ? `SUM(CASE WHEN "disabled" THEN 1 ELSE 0 END)` : column === "version" || column === "failedLoginCount" ? `SUM("${column}")` : `MAX("${column}")`;
      parts.push(`(SELECT ${value} FROM ${table})`);
    }
  }
  const cast = testDbKind() === "postgres" ? "::text" : "";
  return `SELECT ${parts.map((p, i) => `${p}${cast} AS f${i}`).join(", ")}`;
}

/**
 * Row counts of every table (the audit log included unless `withAudit: false`, so an audited
 * write shows) plus the latest update, version sum, deletion and read marks: equal before and
 * after means nothing was written.
 */
export async function dbFingerprint(opts: { withAudit?: boolean } = {}): Promise<string> {
  const withAudit = opts.withAudit ?? true;
  let sql = fingerprintSql.get(withAudit);
  if (!sql) fingerprintSql.set(withAudit, (sql = buildFingerprintSql(withAudit)));
  const rows = await testDb().$queryRawUnsafe<Record<string, unknown>[]>(sql);
  return JSON.stringify(rows[0], (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Date ? v.toISOString() : v));
}

/** The newest audit row's id (rows are append-only with increasing ids). */
export async function lastAuditId(): Promise<number> {
  return (await testDb().auditLog.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0;
}

/** The actions of the audit rows written after `afterId`. */
export async function auditActionsSince(afterId: number): Promise<string[]> {
  const rows = await testDb().auditLog.findMany({ where: { id: { gt: afterId } }, select: { action: true }, orderBy: { id: "asc" } });
  return [...new Set(rows.map((r) => r.action))];
}

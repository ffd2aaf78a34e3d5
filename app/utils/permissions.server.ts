// The one place that answers "may this user do this to this record" and "which records may
// this user list". Every loader and action goes through it; a record outside the user's scope
// is answered with 404 (not 403) so its existence does not leak. DESIGN §1.
import { roleHasPermission, type Permission, type Role } from "#app/domain/roles";
import { t } from "#app/i18n";
import { prisma, type DbTx } from "./db.server";

export type SessionUser = {
  id: string;
  username: string;
  displayName: string;
  title: string | null;
  role: Role;
  regionId: string | null;
  departmentId: string | null;
  totpEnabled: boolean;
  sessionId: string;
};

/** null means every region; otherwise the region ids whose records the user may see. */
export type RegionScope = readonly string[] | null;

type RegionRow = { id: string; name: string; parentId: string | null; level: string };
let regionCache: { at: number; rows: RegionRow[] } | null = null;
const REGION_CACHE_MS = 60_000;

/** The region tree (id, name, parent, level), cached for a minute: the scope of every request reads it. */
export async function regionTree(db: DbTx = prisma): Promise<readonly RegionRow[]> {
  if (regionCache && Date.now() - regionCache.at < REGION_CACHE_MS) return regionCache.rows;
  const rows = await db.region.findMany({ select: { id: true, name: true, parentId: true, level: true } });
  regionCache = { at: Date.now(), rows };
  return rows;
}

/** Forget cached regions (after an admin edits the tree). */
export function invalidateRegionCache() {
  regionCache = null;
}

function descendantsOf(rootId: string, rows: readonly RegionRow[]): string[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) {
    for (const r of rows) if (r.parentId === ids[i]) ids.push(r.id);
  }
  return ids;
}

/**
 * The regions whose business records the user may read. City officers and city-level leaders
 * see everything; county officers and county leaders see their region and its sub-regions;
 * roles without business data (admin, auditor, department staff) see no region.
 */
export async function regionScope(user: SessionUser, db: DbTx = prisma): Promise<RegionScope> {
  if (!roleHasPermission(user.role, "pipeline:read")) return [];
  if (user.role === "CITY_OFFICER") return null;
  if (!user.regionId) return [];
  const rows = await regionTree(db);
  const home = rows.find((r) => r.id === user.regionId);
  if (!home) return [];
  if (home.level === "CITY") return null;
  return descendantsOf(home.id, rows);
}

export function inScope(scope: RegionScope, regionId: string): boolean {
  return scope === null || scope.includes(regionId);
}

/** A Prisma `where` fragment restricting a region-owned record to the scope. */
export function regionWhere(scope: RegionScope, field = "regionId"): Record<string, unknown> {
  return scope === null ? {} : { [field]: { in: [...scope] } };
}

export function hasPermission(user: Pick<SessionUser, "role">, permission: Permission): boolean {
  return roleHasPermission(user.role, permission);
}

export function forbidden(): Response {
  return new Response(t("common.forbiddenBody"), { status: 403, statusText: "Forbidden" });
}

export function notFound(): Response {
  return new Response(t("common.notFoundBody"), { status: 404, statusText: "Not Found" });
}

/** Throws 403 unless the user's role grants the permission. */
export function requirePermission(user: Pick<SessionUser, "role">, permission: Permission): void {
  if (!hasPermission(user, permission)) throw forbidden();
}

/** Throws 404 unless the record's region is in the user's scope. */
export async function requireRegionAccess(user: SessionUser, regionId: string, db: DbTx = prisma): Promise<void> {
  if (!inScope(await regionScope(user, db), regionId)) throw notFound();
}

// Reading the audit trail (auditor only; DESIGN §8 三权分立). Read-only by design: the table
// is append-only (database triggers refuse UPDATE and early DELETE) and no function anywhere
// in the app changes or removes its rows. Writing is app/utils/audit.server.ts.
import { hasMessage, t } from "#app/i18n";
import { audit } from "#app/i18n/zh-CN/audit";
import { type AuditAction } from "#app/utils/audit.server";
import { prisma } from "#app/utils/db.server";
import { containsText } from "#app/utils/text-search.server";
import { type AuditFilters } from "#app/schemas/audit";

/** The actions the filter offers, in the order an auditor thinks of them. */
export const AUDIT_ACTIONS = [
  "LOGIN_SUCCESS",
  "LOGIN_FAILURE",
  "LOGIN_CHALLENGE",
  "LOGOUT",
  "PASSWORD_CHANGE",
  "TOTP_ENROL",
  "SESSIONS_END",
  "CREATE",
  "UPDATE",
  "DELETE",
  "RESTORE",
  "MERGE",
  "MOVE_STAGE",
  "IMPORT",
  "EXPORT",
] as const satisfies readonly AuditAction[];

/** Entities the filter offers; rows of entities added later are still listed and matched. */
// The entities the filter offers are those the dictionary names, so a new entity needs one line there.
export const AUDIT_ENTITIES = Object.keys(audit)
  .filter((key) => key.startsWith("entity."))
  .map((key) => key.slice("entity.".length));

export function auditActionLabel(action: string): string {
  const key = `audit.action.${action}`;
  return hasMessage(key) ? t(key) : action;
}

export function auditEntityLabel(entity: string | null): string {
  if (!entity) return "";
  const key = `audit.entity.${entity}`;
  return hasMessage(key) ? t(key) : entity;
}

/** A stored before/after image indented for reading; text that is not JSON stays as it is. */
export function prettyAuditImage(json: string | null): string | null {
  if (!json) return null;
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

const AUDIT_SELECT = {
  id: true,
  at: true,
  actorId: true,
  actorName: true,
  action: true,
  entity: true,
  entityId: true,
  ip: true,
  userAgent: true,
  before: true,
  after: true,
  detail: true,
} as const;

export type AuditRow = {
  id: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  ip: string | null;
  userAgent: string | null;
  before: string | null;
  after: string | null;
  detail: string | null;
};

/**
 * The `where` of a filtered audit query. The actor matches the users with that username or a
 * display name containing it, the name stored on the row, and failed logins under an unknown
 * username (which have no actor id; login() records "username=<name>" in the detail).
 */
async function auditWhere(filters: AuditFilters) {
  const and: Record<string, unknown>[] = [];
  if (filters.from) and.push({ at: { gte: filters.from } });
  if (filters.to) and.push({ at: { lt: filters.to } });
  if (filters.action) and.push({ action: filters.action });
  if (filters.entity) and.push({ entity: filters.entity });
  if (filters.entityId) and.push({ entityId: filters.entityId });
  if (filters.ip) and.push({ ip: { startsWith: filters.ip } });
  if (filters.q) and.push({ detail: containsText(filters.q) });
  if (filters.actor) {
    const users = await prisma.user.findMany({
      where: { OR: [{ username: filters.actor }, { displayName: containsText(filters.actor) }] },
      select: { id: true },
      take: 500,
    });
    and.push({
      OR: [
        { actorId: { in: users.map((u) => u.id) } },
        { actorName: containsText(filters.actor) },
        { action: "LOGIN_FAILURE", detail: { endsWith: ` username=${filters.actor}` } },
      ],
    });
  }
  return { AND: and };
}

/** One page of the log, newest first, with the number of rows matching. */
export async function listAuditLog(filters: AuditFilters, page: { skip: number; take: number }): Promise<{ total: number; rows: AuditRow[] }> {
  const where = await auditWhere(filters);
  const [total, rows] = await Promise.all([
    prisma.auditLog.count({ where }),
    prisma.auditLog.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: page.skip, take: page.take, select: AUDIT_SELECT }),
  ]);
  return { total, rows };
}

export async function countAuditLog(filters: AuditFilters): Promise<number> {
  return prisma.auditLog.count({ where: await auditWhere(filters) });
}

/** The id of the newest row, so an export can stop at the log as it was when it was asked for. */
export async function latestAuditId(): Promise<number> {
  const { _max } = await prisma.auditLog.aggregate({ _max: { id: true } });
  return _max.id ?? 0;
}

/**
 * Every matching row up to `upToId`, newest first, in batches (keyset paging on id, so a
 * large export reads the table once and never holds it all).
 */
export async function* auditLogBatches(filters: AuditFilters, upToId: number, batchSize = 1000): AsyncGenerator<AuditRow[]> {
  const where = await auditWhere(filters);
  let below = upToId + 1;
  for (;;) {
    const rows = await prisma.auditLog.findMany({
      where: { AND: [where, { id: { lt: below } }] },
      orderBy: { id: "desc" },
      take: batchSize,
      select: AUDIT_SELECT,
    });
    if (rows.length === 0) return;
    yield rows;
    below = rows[rows.length - 1]!.id;
    if (rows.length < batchSize) return;
  }
}

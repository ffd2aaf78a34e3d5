// Writes the append-only audit trail (DESIGN §4, §8): every login attempt and every change made
// through the app, with actor, time, address, entity and before/after images. Pass the
// transaction that makes the change so the record and its audit row commit together (and, for a
// data change, the bumped data version that invalidates cached cockpit numbers).
import { prisma, type DbTx } from "./db.server";
import { type RequestMeta } from "./request-meta.server";
import { now } from "./clock";
import { bumpDataVersion } from "./data-version.server";

export type AuditAction =
  | "LOGIN_SUCCESS"
  | "LOGIN_FAILURE"
  | "LOGIN_CHALLENGE"
  | "LOGOUT"
  | "PASSWORD_CHANGE"
  | "TOTP_ENROL"
  | "CREATE"
  | "UPDATE"
  | "DELETE"
  | "RESTORE"
  | "MERGE"
  | "MOVE_STAGE"
  | "EXPORT"
  | "IMPORT"
  | "SESSIONS_END";

export type AuditEntry = {
  /** A user, or the system acting under a name (id null, e.g. 命令行导入), or nobody. */
  actor: { id: string | null; username?: string; displayName?: string } | null;
  action: AuditAction;
  entity?: string;
  entityId?: string;
  before?: unknown;
  after?: unknown;
  detail?: string;
  meta?: RequestMeta;
};

/** Actions that change business data (not sign-ins, exports or session housekeeping). */
const DATA_CHANGES: ReadonlySet<AuditAction> = new Set(["CREATE", "UPDATE", "DELETE", "RESTORE", "MERGE", "MOVE_STAGE", "IMPORT"]);

const SECRET_FIELDS = new Set(["passwordHash", "totpSecret"]);

/** JSON with secrets removed and keys sorted, so before/after images diff cleanly. */
export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => {
    if (SECRET_FIELDS.has(key)) return "[redacted]";
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return typeof v === "bigint" ? v.toString() : v;
  });
}

export async function writeAudit(entry: AuditEntry, db: DbTx = prisma): Promise<void> {
  await db.auditLog.create({
    data: {
      at: now(),
      actorId: entry.actor?.id ?? null,
      actorName: entry.actor ? (entry.actor.displayName ?? entry.actor.username ?? null) : null,
      action: entry.action,
      entity: entry.entity ?? null,
      entityId: entry.entityId ?? null,
      before: auditJson(entry.before),
      after: auditJson(entry.after),
      detail: entry.detail ?? null,
      ip: entry.meta?.ip ?? null,
      userAgent: entry.meta?.userAgent ?? null,
    },
  });
  if (DATA_CHANGES.has(entry.action)) await bumpDataVersion(db);
}

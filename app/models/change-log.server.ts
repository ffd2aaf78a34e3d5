// The 变更记录 tab of a record: its own audit rows, read-only. Callers must have checked that
// the user may see the record itself; this never lists more than that one record's history.
import { prisma } from "#app/utils/db.server";

export type ChangeEntry = {
  id: number;
  at: Date;
  actorName: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  detail: string | null;
};

function parse(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function listChanges(entity: string, entityId: string, take = 200): Promise<ChangeEntry[]> {
  const rows = await prisma.auditLog.findMany({
    where: { entity, entityId },
    orderBy: { id: "desc" },
    take,
    select: { id: true, at: true, actorName: true, action: true, before: true, after: true, detail: true },
  });
  return rows.map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) }));
}

/** Field-level differences between two audit images, for display. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): { field: string; from: unknown; to: unknown }[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const ignored = new Set(["version", "updatedAt", "searchKey", "normalizedName"]);
  return [...keys]
    .filter((k) => !ignored.has(k) && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null))
    .map((k) => ({ field: k, from: before?.[k] ?? null, to: after?.[k] ?? null }));
}

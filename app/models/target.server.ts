// 目标任务 (DESIGN §2 "annual targets per county, live progress"; §4 Target): the city's annual
// plan, one value per year, region and metric (the "235" plan: new firms, output, key projects
// …). City officers set it on /cockpit/targets; every change writes its audit row in the same
// transaction, and a cell saved from a stale version is refused (409) rather than overwritten.
// Progress is never stored: the cockpit reads the actual values live (metrics.server.ts).
import { TARGET_METRICS, isTargetMetric, type TargetMetric } from "#app/domain/metrics";
import { writeAudit } from "#app/utils/audit.server";
import { isUniqueViolation, prisma } from "#app/utils/db.server";
import { requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";

export type TargetRow = { id: string; year: number; regionId: string; metric: string; value: number; version: number };

const TARGET_SELECT = { id: true, year: true, regionId: true, metric: true, value: true, version: true } as const;

/** Targets of a year for these regions (null: all), as regionId → metric → row. */
export async function targetsForYear(year: number, regionIds: readonly string[] | null): Promise<Map<string, Partial<Record<TargetMetric, TargetRow>>>> {
  const out = new Map<string, Partial<Record<TargetMetric, TargetRow>>>();
  if (regionIds !== null && regionIds.length === 0) return out;
  const rows = await prisma.target.findMany({ where: { year, ...(regionIds === null ? {} : { regionId: { in: [...regionIds] } }) }, select: TARGET_SELECT });
  for (const row of rows) {
    if (!isTargetMetric(row.metric)) continue;
    const cells = out.get(row.regionId) ?? {};
    cells[row.metric] = row;
    out.set(row.regionId, cells);
  }
  return out;
}

/** regionId → metric → value, for the ranking and the progress bars. */
export function targetValues(rows: Map<string, Partial<Record<TargetMetric, TargetRow>>>, regionId: string): Partial<Record<TargetMetric, number>> {
  const cells = rows.get(regionId) ?? {};
  return Object.fromEntries(TARGET_METRICS.filter((m) => cells[m]).map((m) => [m, cells[m]?.value ?? 0]));
}

export type TargetCellInput = {
  regionId: string;
  metric: TargetMetric;
  /** null clears the cell. */
  value: number | null;
  /** The version the form was filled from; null for a cell that was empty. */
  version: number | null;
};

export type TargetConflict = { regionId: string; metric: TargetMetric; current: number | null };
export type SaveTargetsResult = { ok: true; changed: number } | { ok: false; conflicts: TargetConflict[] };

class StaleTargets extends Error {
  constructor(readonly conflicts: TargetConflict[]) {
    super("targets changed by someone else");
  }
}

/**
 * Saves the cells of one year's plan that differ from what is stored, all or nothing, each with
 * its audit row. The caller has validated regions, metrics and values (schemas/target.ts).
 */
export async function saveTargets(user: SessionUser, year: number, cells: readonly TargetCellInput[], meta?: RequestMeta): Promise<SaveTargetsResult> {
  requirePermission(user, "target:edit");
  try {
    const changed = await prisma.$transaction(
      async (tx) => {
        const current = await tx.target.findMany({ where: { year, regionId: { in: [...new Set(cells.map((c) => c.regionId))] } }, select: TARGET_SELECT });
        const find = (c: TargetCellInput) => current.find((r) => r.regionId === c.regionId && r.metric === c.metric) ?? null;
        const conflicts: TargetConflict[] = [];
        let count = 0;
        for (const cell of cells) {
          const row = find(cell);
          if ((row?.version ?? null) !== cell.version) {
            conflicts.push({ regionId: cell.regionId, metric: cell.metric, current: row?.value ?? null });
            continue;
          }
          if (row && cell.value === row.value) continue;
          const entityId = `${year}:${cell.regionId}:${cell.metric}`;
          const image = (value: number | null, version: number) => ({ year, regionId: cell.regionId, metric: cell.metric, value, version });
          if (!row) {
            if (cell.value === null) continue;
            const created = await tx.target.create({ data: { year, regionId: cell.regionId, metric: cell.metric, value: cell.value, createdById: user.id, updatedById: user.id }, select: TARGET_SELECT });
            await writeAudit({ actor: user, action: "CREATE", entity: "Target", entityId, after: image(created.value, created.version), meta }, tx);
          } else if (cell.value === null) {
            const gone = await tx.target.deleteMany({ where: { id: row.id, version: row.version } });
            if (gone.count !== 1) conflicts.push({ regionId: cell.regionId, metric: cell.metric, current: row.value });
            else await writeAudit({ actor: user, action: "DELETE", entity: "Target", entityId, before: image(row.value, row.version), meta }, tx);
          } else {
            const updated = await tx.target.updateMany({ where: { id: row.id, version: row.version }, data: { value: cell.value, updatedById: user.id, version: { increment: 1 } } });
            if (updated.count !== 1) conflicts.push({ regionId: cell.regionId, metric: cell.metric, current: row.value });
            else await writeAudit({ actor: user, action: "UPDATE", entity: "Target", entityId, before: image(row.value, row.version), after: image(cell.value, row.version + 1), meta }, tx);
          }
          count += 1;
        }
        if (conflicts.length > 0) throw new StaleTargets(conflicts);
        return count;
      },
      { maxWait: 20_000, timeout: 20_000 },
    );
    return { ok: true, changed };
  } catch (error) {
    if (error instanceof StaleTargets) return { ok: false, conflicts: error.conflicts };
    // Two officers adding the same empty cell at once: the unique index lets one in.
    if (isUniqueViolation(error)) return { ok: false, conflicts: [] };
    throw error;
  }
}

// 安商稳商 (DESIGN §7.6; issue 4 §9): landed firms — projects in the mechanism's aftercare stages
// (投产, 达效 by default) — are visited on a cadence; a visit records who went, what they found,
// red flags (停产/半停产, 欠薪, 裁员, 欠缴水电, 经营异常) and perhaps an expansion (增资扩产) lead,
// which becomes a new project of the same company in one click. The rules (cadence, flag
// levels, the draft of the new project) are app/domain/aftercare.ts; scope is the projects'.
import {
  aftercareVisitClock,
  currentRedFlags,
  expansionProjectDraft,
  formatRedFlags,
  needsAftercare,
  parseRedFlags,
  redFlagLevel,
  type RedFlag,
} from "#app/domain/aftercare";
import { isStageCode, type StageCode } from "#app/domain/stages";
import { worstLevel, WARNING_LEVELS, type WarningLevel } from "#app/domain/warnings";
import { t } from "#app/i18n";
import { runAlertsFor } from "#app/models/alerts.server";
import { getMechanism } from "#app/models/mechanism.server";
import { createProject, projectScopeWhere, WRITE_TX_OPTIONS, type ProjectWriteResult } from "#app/models/project.server";
import { type AftercareVisitInput } from "#app/schemas/alerts";
import { writeAudit } from "#app/utils/audit.server";
import { now as clockNow } from "#app/utils/clock";
import { prisma, type DbTx, type Prisma } from "#app/utils/db.server";
import { notFound, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

const ID_CHUNK = 1_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ───────────────────────────── the list of landed firms ─────────────────────────────

export const AFTERCARE_FILTERS = ["all", "overdue", "flagged"] as const;
export type AftercareFilter = (typeof AFTERCARE_FILTERS)[number];

export type LandedFirmRow = {
  projectId: string;
  code: string;
  projectName: string;
  companyId: string;
  companyName: string;
  regionName: string;
  stage: StageCode;
  isKey: boolean;
  officerName: string | null;
  lastVisitAt: Date | null;
  daysSince: number;
  cadenceDays: number | null;
  visitLevel: WarningLevel;
  overdue: boolean;
  flags: RedFlag[];
  flagLevel: WarningLevel;
};

type Firm = { id: string; stage: StageCode; isKey: boolean; since: Date; lastVisitAt: Date | null; flags: RedFlag[] };

/**
 * Landed firms in the user's scope with their last visit, the visit clock and the red flags of
 * their latest visit; `overdue` keeps firms whose visit is past the cadence, `flagged` firms
 * whose latest visit reported a flag. Worst first: red flags, then overdue visits, longest
 * unvisited first. Reads one small row per firm plus two aggregate queries, then details only
 * for the page shown.
 */
export async function listLandedFirms(
  user: SessionUser,
  opts: { filter?: AftercareFilter; skip?: number; take?: number; now?: Date } = {},
): Promise<{ total: number; counts: Record<AftercareFilter, number>; rows: LandedFirmRow[] }> {
  requirePermission(user, "pipeline:read");
  const at = opts.now ?? clockNow();
  const config = await getMechanism();
  const stages = [...config.aftercare.stages];
  const base = await prisma.project.findMany({
    where: { AND: [await projectScopeWhere(user), { stage: { in: stages } }] },
    select: { id: true, stage: true, isKey: true, producedAt: true, stageEnteredAt: true },
  });
  const ids = base.map((p) => p.id);
  const lastVisit = new Map<string, Date>();
  const flagged = new Map<string, { visitedAt: Date; flags: string }[]>();
  for (const part of chunks(ids, ID_CHUNK)) {
    const [latest, flaggedVisits] = await Promise.all([
      prisma.aftercareVisit.groupBy({ by: ["projectId"], where: { deletedAt: null, projectId: { in: part } }, _max: { visitedAt: true } }),
      prisma.aftercareVisit.findMany({ where: { deletedAt: null, flagLevel: { not: "NONE" }, projectId: { in: part } }, select: { projectId: true, visitedAt: true, flags: true } }),
    ]);
    for (const row of latest) if (row._max.visitedAt) lastVisit.set(row.projectId, row._max.visitedAt);
    for (const row of flaggedVisits) flagged.set(row.projectId, [...(flagged.get(row.projectId) ?? []), row]);
  }

  const firms: (Firm & { clock: ReturnType<typeof aftercareVisitClock>; flagLevel: WarningLevel })[] = [];
  for (const p of base) {
    if (!isStageCode(p.stage)) continue;
    const last = lastVisit.get(p.id) ?? null;
    // The latest visit's flags: a flagged visit counts only if no later visit exists.
    const latestFlagged = last ? flagged.get(p.id)?.find((v) => v.visitedAt.getTime() === last.getTime()) : undefined;
    const flags = latestFlagged ? parseRedFlags(latestFlagged.flags) : [];
    const since = p.producedAt ?? p.stageEnteredAt;
    const clock = aftercareVisitClock({ stage: p.stage as StageCode, isKey: p.isKey, lastVisitAt: last, since, now: at, config });
    firms.push({ id: p.id, stage: p.stage as StageCode, isKey: p.isKey, since, lastVisitAt: last, flags, clock, flagLevel: worstLevel(...flags.map(redFlagLevel)) });
  }
  const counts = { all: firms.length, overdue: firms.filter((f) => f.clock.overdue).length, flagged: firms.filter((f) => f.flags.length > 0).length };
  const filter = opts.filter ?? "all";
  const shown = firms.filter((f) => (filter === "overdue" ? f.clock.overdue : filter === "flagged" ? f.flags.length > 0 : true));
  const rank = (level: WarningLevel) => WARNING_LEVELS.indexOf(level);
  shown.sort((a, b) => rank(b.flagLevel) - rank(a.flagLevel) || Number(b.clock.overdue) - Number(a.clock.overdue) || b.clock.daysSince - a.clock.daysSince || a.id.localeCompare(b.id));
  const pageFirms = shown.slice(opts.skip ?? 0, (opts.skip ?? 0) + (opts.take ?? 50));
  const details = pageFirms.length
    ? await prisma.project.findMany({
        where: { id: { in: pageFirms.map((f) => f.id) } },
        select: { id: true, code: true, name: true, companyId: true, company: { select: { name: true } }, region: { select: { name: true } }, officer: { select: { displayName: true } } },
      })
    : [];
  const byId = new Map(details.map((d) => [d.id, d]));
  return {
    total: shown.length,
    counts,
    rows: pageFirms.flatMap((f) => {
      const d = byId.get(f.id);
      if (!d) return [];
      return [
        {
          projectId: f.id,
          code: d.code,
          projectName: d.name,
          companyId: d.companyId,
          companyName: d.company.name,
          regionName: d.region.name,
          stage: f.stage,
          isKey: f.isKey,
          officerName: d.officer?.displayName ?? null,
          lastVisitAt: f.lastVisitAt,
          daysSince: f.clock.daysSince,
          cadenceDays: f.clock.cadenceDays,
          visitLevel: f.clock.level,
          overdue: f.clock.overdue,
          flags: f.flags,
          flagLevel: f.flagLevel,
        },
      ];
    }),
  };
}

// ───────────────────────────── one firm ─────────────────────────────

const VISIT_SELECT = {
  id: true,
  projectId: true,
  visitedAt: true,
  participants: true,
  summary: true,
  flags: true,
  flagLevel: true,
  expansionNote: true,
  expansionAmountWan: true,
  expansionProjectId: true,
  createdById: true,
  createdAt: true,
  deletedAt: true,
  version: true,
} as const satisfies Prisma.AftercareVisitSelect;

type VisitRow = Prisma.AftercareVisitGetPayload<{ select: typeof VISIT_SELECT }>;

export type AftercareVisitView = VisitRow & {
  flagList: RedFlag[];
  createdByName: string | null;
  expansionProject: { id: string; code: string; name: string; visible: boolean } | null;
};

export async function getAftercareForUser(user: SessionUser, projectId: string, now: Date = clockNow()) {
  requirePermission(user, "pipeline:read");
  const scope = await projectScopeWhere(user);
  const project = await prisma.project.findFirst({
    where: { AND: [{ id: projectId }, scope] },
    select: {
      id: true,
      code: true,
      name: true,
      stage: true,
      isKey: true,
      producedAt: true,
      stageEnteredAt: true,
      companyId: true,
      company: { select: { name: true } },
      region: { select: { name: true } },
      officer: { select: { displayName: true } },
      leadLeader: { select: { displayName: true, title: true } },
    },
  });
  if (!project || !isStageCode(project.stage)) throw notFound();
  const config = await getMechanism();
  const rows = await prisma.aftercareVisit.findMany({ where: { projectId, deletedAt: null }, orderBy: [{ visitedAt: "desc" }, { createdAt: "desc" }], take: 200, select: VISIT_SELECT });
  const authorIds = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => !!id))];
  const expansionIds = [...new Set(rows.map((r) => r.expansionProjectId).filter((id): id is string => !!id))];
  const [authors, expansions, visibleExpansions] = await Promise.all([
    authorIds.length ? prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, displayName: true } }) : [],
    expansionIds.length ? prisma.project.findMany({ where: { id: { in: expansionIds } }, select: { id: true, code: true, name: true } }) : [],
    expansionIds.length ? prisma.project.findMany({ where: { AND: [{ id: { in: expansionIds } }, scope] }, select: { id: true } }) : [],
  ]);
  const authorName = new Map(authors.map((a) => [a.id, a.displayName]));
  const visible = new Set(visibleExpansions.map((p) => p.id));
  const visits: AftercareVisitView[] = rows.map((row) => {
    const expansion = row.expansionProjectId ? expansions.find((p) => p.id === row.expansionProjectId) : undefined;
    return {
      ...row,
      flagList: parseRedFlags(row.flags),
      createdByName: row.createdById ? (authorName.get(row.createdById) ?? null) : null,
      expansionProject: expansion ? { ...expansion, visible: visible.has(expansion.id) } : null,
    };
  });
  const stage = project.stage as StageCode;
  const clock = aftercareVisitClock({ stage, isKey: project.isKey, lastVisitAt: rows[0]?.visitedAt ?? null, since: project.producedAt ?? project.stageEnteredAt, now, config });
  const current = currentRedFlags(visits.map((v) => ({ id: v.id, visitedAt: v.visitedAt, flags: v.flagList })));
  return { project: { ...project, stage }, visits, clock, current, inAftercare: needsAftercare(stage, config) };
}

// ───────────────────────────── writes ─────────────────────────────

async function visitInScope(user: SessionUser, visitId: string, db: DbTx): Promise<VisitRow & { project: { id: string; name: string; companyId: string; regionId: string; chainId: string | null; linkId: string | null; officerId: string | null } }> {
  const row = await db.aftercareVisit.findFirst({
    where: { id: visitId, deletedAt: null, project: await projectScopeWhere(user, db) },
    select: { ...VISIT_SELECT, project: { select: { id: true, name: true, companyId: true, regionId: true, chainId: true, linkId: true, officerId: true } } },
  });
  if (!row) throw notFound();
  return row;
}

export type VisitOutcome = { ok: true; id: string } | { ok: false; errors: Partial<Record<keyof AftercareVisitInput, string[]>> };

/** Records a visit to a landed firm; its red flags alert at once (runAlertsFor after commit). */
export async function createAftercareVisit(user: SessionUser, projectId: string, input: AftercareVisitInput, meta?: RequestMeta): Promise<VisitOutcome> {
  requirePermission(user, "pipeline:write");
  const project = await prisma.project.findFirst({ where: { AND: [{ id: projectId }, await projectScopeWhere(user)] }, select: { id: true, stage: true } });
  if (!project || !isStageCode(project.stage)) throw notFound();
  const config = await getMechanism();
  if (!needsAftercare(project.stage as StageCode, config)) return { ok: false, errors: { visitedAt: [t("alerts.visitNotLanded")] } };
  const at = clockNow();
  if (input.visitedAt.getTime() > at.getTime()) return { ok: false, errors: { visitedAt: [t("alerts.visitInFuture")] } };
  const flags = formatRedFlags(input.flags);
  const id = await prisma.$transaction(async (tx) => {
    const row = await tx.aftercareVisit.create({
      data: {
        projectId,
        visitedAt: input.visitedAt,
        participants: input.participants,
        summary: input.summary,
        flags,
        flagLevel: worstLevel(...input.flags.map(redFlagLevel)),
        expansionNote: input.expansionNote || null,
        expansionAmountWan: input.expansionNote ? (input.expansionAmountWan ?? null) : null,
        createdById: user.id,
      },
      select: VISIT_SELECT,
    });
    await writeAudit({ actor: user, action: "CREATE", entity: "AftercareVisit", entityId: row.id, after: row, meta }, tx);
    return row.id;
  }, WRITE_TX_OPTIONS);
  await runAlertsFor(projectId);
  return { ok: true, id };
}

/** Removes a visit entered by mistake (soft delete, audited). */
export async function deleteAftercareVisit(user: SessionUser, visitId: string, version: number, meta?: RequestMeta): Promise<{ projectId: string }> {
  requirePermission(user, "pipeline:write");
  const before = await visitInScope(user, visitId, prisma);
  const { project, ...image } = before;
  if (before.version !== version) throw new VersionConflict("AftercareVisit", image);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.aftercareVisit.updateMany({ where: { id: visitId, version, deletedAt: null }, data: { deletedAt: clockNow(), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("AftercareVisit", await tx.aftercareVisit.findUnique({ where: { id: visitId }, select: VISIT_SELECT }));
    const after = await tx.aftercareVisit.findUniqueOrThrow({ where: { id: visitId }, select: VISIT_SELECT });
    await writeAudit({ actor: user, action: "DELETE", entity: "AftercareVisit", entityId: visitId, before: image, after, meta }, tx);
  }, WRITE_TX_OPTIONS);
  return { projectId: project.id };
}

export type ExpansionOutcome =
  | { ok: true; projectId: string; code: string }
  | { ok: false; reason: "already"; projectId: string }
  | { ok: false; reason: "noLead" }
  | { ok: false; reason: "invalid"; errors: Extract<ProjectWriteResult, { ok: false }>["errors"] };

/**
 * 转为新项目: the visit's expansion lead becomes a new 线索 project of the same company (same
 * region and chain, nature 扩建, the lead's amount as planned investment), created by the
 * projects model, and the visit records it (expansionProjectId). Once only: the visit's version
 * is claimed before the project is created, so a double click or two officers at once make one
 * project; the loser is told which project exists.
 */
export async function convertExpansionLead(user: SessionUser, visitId: string, version: number, meta?: RequestMeta): Promise<ExpansionOutcome> {
  requirePermission(user, "pipeline:write");
  const visit = await visitInScope(user, visitId, prisma);
  if (visit.expansionProjectId) return { ok: false, reason: "already", projectId: visit.expansionProjectId };
  if (!visit.expansionNote) return { ok: false, reason: "noLead" };
  const { project, ...before } = visit;
  if (visit.version !== version) throw new VersionConflict("AftercareVisit", before);

  const claim = await prisma.aftercareVisit.updateMany({ where: { id: visitId, version, expansionProjectId: null, deletedAt: null }, data: { version: { increment: 1 } } });
  if (claim.count === 0) {
    const fresh = await prisma.aftercareVisit.findUnique({ where: { id: visitId }, select: VISIT_SELECT });
    if (fresh?.expansionProjectId) return { ok: false, reason: "already", projectId: fresh.expansionProjectId };
    throw new VersionConflict("AftercareVisit", fresh);
  }
  const claimed = version + 1;
  const release = () => prisma.aftercareVisit.updateMany({ where: { id: visitId, version: claimed, expansionProjectId: null }, data: { version } });

  const draft = expansionProjectDraft({ project, visit, suffix: t("alerts.expansionSuffix") });
  const input = {
    name: draft.name,
    companyId: draft.companyId,
    regionId: draft.regionId,
    chainId: draft.chainId,
    linkId: draft.linkId,
    nature: draft.nature,
    plannedInvestment: draft.plannedInvestment ?? 0,
    description: draft.description,
    officerId: project.officerId,
  };
  let created: ProjectWriteResult;
  try {
    created = await createProject(user, input, meta);
    // The source's officer may no longer qualify (disabled, moved): the new lead then has none yet.
    if (!created.ok && Object.keys(created.errors).every((field) => field === "officerId")) created = await createProject(user, { ...input, officerId: null }, meta);
  } catch (error) {
    await release();
    throw error;
  }
  if (!created.ok) {
    await release();
    return { ok: false, reason: "invalid", errors: created.errors };
  }
  const projectId = created.id;
  await prisma.$transaction(async (tx) => {
    await tx.aftercareVisit.updateMany({ where: { id: visitId, expansionProjectId: null }, data: { expansionProjectId: projectId, version: { increment: 1 } } });
    const after = await tx.aftercareVisit.findUniqueOrThrow({ where: { id: visitId }, select: VISIT_SELECT });
    await writeAudit(
      { actor: user, action: "UPDATE", entity: "AftercareVisit", entityId: visitId, before, after, detail: t("alerts.auditExpansionCreated", { code: created.code }), meta },
      tx,
    );
  }, WRITE_TX_OPTIONS);
  return { ok: true, projectId, code: created.code };
}

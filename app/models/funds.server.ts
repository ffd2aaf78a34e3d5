// 到位资金 (DESIGN §4 FundsInPlace, §6 资金到位率): money that has actually arrived for a project,
// by date and source (本地/市外/省外/外资). The cumulative total against the contract amount in
// force (Project.contractAmount, kept by the contracts) is the project's 资金到位率. Entries are
// versioned, deleted softly and audited like every other record.
import {
  fundsBySource,
  fundsInPlaceRate,
  isFundsSource,
  monthlyFunds,
  totalFundsInPlace,
  type FundsEntry,
  type FundsMonth,
  type FundsSource,
} from "#app/domain/contract-performance";
import { isLaterDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { projectInScopeWhere } from "#app/models/landing.server";
import { WRITE_TX_OPTIONS, projectScopeWhere } from "#app/models/project.server";
import { type FieldErrors } from "#app/schemas/project";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { prisma, type DbTx } from "#app/utils/db.server";
import { notFound, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export type FundsInput = { receivedAt: Date; amountWan: number; source: FundsSource; note: string | null };
export type FundsWriteResult = { ok: true; id: string; version: number } | { ok: false; errors: FieldErrors };

const FUNDS_SELECT = { id: true, projectId: true, receivedAt: true, amountWan: true, source: true, note: true, createdById: true, deletedAt: true, version: true } as const;

function fundsImage(id: string, db: DbTx) {
  return db.fundsInPlace.findUnique({ where: { id }, select: FUNDS_SELECT });
}

async function entryInScope(user: SessionUser, projectId: string, id: string) {
  const row = await prisma.fundsInPlace.findFirst({ where: { id, projectId, deletedAt: null, project: await projectScopeWhere(user) }, select: FUNDS_SELECT });
  if (!row) throw notFound();
  return row;
}

function validate(input: FundsInput): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (Number.isNaN(input.receivedAt.getTime())) add("receivedAt", t("projects.dateInvalid"));
  else if (isLaterDay(input.receivedAt, now())) add("receivedAt", t("pipeline.dateInFuture"));
  if (!Number.isFinite(input.amountWan) || input.amountWan <= 0) add("amountWan", t("landingPages.fundsAmountPositive"));
  if (!isFundsSource(input.source)) add("source", t("landingPages.fundsSourceRequired"));
  return errors;
}

function rowData(input: FundsInput) {
  return { receivedAt: input.receivedAt, amountWan: input.amountWan, source: input.source, note: input.note?.trim() || null };
}

export async function createFundsEntry(user: SessionUser, projectId: string, input: FundsInput, meta?: RequestMeta): Promise<FundsWriteResult> {
  requirePermission(user, "pipeline:write");
  if (!(await prisma.project.findFirst({ where: await projectInScopeWhere(user, projectId), select: { id: true } }))) throw notFound();
  const errors = validate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return prisma.$transaction(async (tx) => {
    const created = await tx.fundsInPlace.create({ data: { ...rowData(input), projectId, createdById: user.id }, select: { id: true, version: true } });
    await writeAudit({ actor: user, action: "CREATE", entity: "FundsInPlace", entityId: created.id, after: await fundsImage(created.id, tx), detail: projectId, meta }, tx);
    return { ok: true as const, id: created.id, version: created.version };
  }, WRITE_TX_OPTIONS);
}

export async function updateFundsEntry(user: SessionUser, projectId: string, id: string, version: number, input: FundsInput, meta?: RequestMeta): Promise<FundsWriteResult> {
  requirePermission(user, "pipeline:write");
  const before = await entryInScope(user, projectId, id);
  if (before.version !== version) throw new VersionConflict("FundsInPlace", before);
  const errors = validate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.fundsInPlace.updateMany({ where: { id, version, deletedAt: null }, data: { ...rowData(input), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("FundsInPlace", await fundsImage(id, tx));
    const after = await fundsImage(id, tx);
    await writeAudit({ actor: user, action: "UPDATE", entity: "FundsInPlace", entityId: id, before, after, detail: projectId, meta }, tx);
    return { ok: true as const, id, version: after?.version ?? version + 1 };
  }, WRITE_TX_OPTIONS);
}

export async function deleteFundsEntry(user: SessionUser, projectId: string, id: string, version: number, meta?: RequestMeta): Promise<void> {
  requirePermission(user, "pipeline:write");
  const before = await entryInScope(user, projectId, id);
  if (before.version !== version) throw new VersionConflict("FundsInPlace", before);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.fundsInPlace.updateMany({ where: { id, version, deletedAt: null }, data: { deletedAt: now(), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("FundsInPlace", await fundsImage(id, tx));
    await writeAudit({ actor: user, action: "DELETE", entity: "FundsInPlace", entityId: id, before, after: await fundsImage(id, tx), detail: projectId, meta }, tx);
  }, WRITE_TX_OPTIONS);
}

// ───────────────────────────── reads ─────────────────────────────

export type FundsRow = { id: string; receivedAt: Date; amountWan: number; source: FundsSource; note: string | null; version: number };

/** The project's live entries, oldest first, without a scope check: callers pass a project they checked. */
export async function fundsEntriesOf(projectId: string, db: DbTx = prisma): Promise<FundsRow[]> {
  const rows = await db.fundsInPlace.findMany({
    where: { projectId, deletedAt: null },
    orderBy: [{ receivedAt: "asc" }, { createdAt: "asc" }],
    select: { id: true, receivedAt: true, amountWan: true, source: true, note: true, version: true },
  });
  return rows.filter((r): r is FundsRow => isFundsSource(r.source));
}

export function asFundsEntries(rows: readonly FundsRow[]): FundsEntry[] {
  return rows.map((r) => ({ date: r.receivedAt, amountWan: r.amountWan, source: r.source }));
}

export type FundsSummary = {
  entries: FundsRow[];
  totalWan: number;
  contractAmountWan: number | null;
  /** 资金到位率 (may pass 1), null without a contract amount. */
  rate: number | null;
  bySource: Record<FundsSource, number>;
  months: FundsMonth[];
};

/**
 * The 到位资金 tab: entries, the cumulative total, 资金到位率 against the contract amount in
 * force, the split by source and the month-by-month series up to this month.
 */
export async function fundsSummaryForProject(user: SessionUser, projectId: string): Promise<FundsSummary> {
  const project = await prisma.project.findFirst({ where: await projectInScopeWhere(user, projectId), select: { contractAmount: true } });
  if (!project) throw notFound();
  const entries = await fundsEntriesOf(projectId);
  const list = asFundsEntries(entries);
  const totalWan = totalFundsInPlace(list);
  return {
    entries,
    totalWan,
    contractAmountWan: project.contractAmount,
    rate: fundsInPlaceRate(totalWan, project.contractAmount),
    bySource: fundsBySource(list),
    months: list.length ? monthlyFunds(list, { to: now() }) : [],
  };
}

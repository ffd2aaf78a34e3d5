// 政策兑现 (DESIGN §2, §4 Incentive, §7.3; issue 4 §7): what the bureau promised a project, against
// what has been paid. The status (已承诺/部分兑现/已兑现/逾期未兑现/已取消) is computed by
// incentiveState because 逾期 depends on the day; `settled` is kept on the row as a fact of the
// write for the overdue index. Every save checks the wording against the configured rules of
// the 公平竞争审查条例 (fairCompetitionFlagsOf): a match is a warning shown with its reason,
// never a refusal, and the matched rule ids are stored for the "flagged items" filter. Scope is
// the project's; writes need pipeline:write; every write is versioned and audited.
import { fairCompetitionFlagsOf } from "#app/domain/fair-competition";
import { incentiveState, incentiveStatusLabelKey, type IncentiveStatus } from "#app/domain/incentives";
import { formatWan } from "#app/domain/money";
import { isLaterDay, shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { runAlertsFor } from "#app/models/alerts.server";
import { getMechanism } from "#app/models/mechanism.server";
import { WRITE_TX_OPTIONS, projectScopeWhere } from "#app/models/project.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type FieldErrors } from "#app/schemas/project";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { prisma, type DbTx, type Prisma } from "#app/utils/db.server";
import { hasPermission, notFound, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export type IncentiveInput = {
  item: string;
  conditions: string | null;
  promisedWan: number;
  dueAt: Date | null;
  /** Paid so far, 万元 (cumulative). */
  paidWan: number;
  /** The last payment's day. */
  paidAt: Date | null;
  note: string | null;
  cancelled: boolean;
  cancelReason: string | null;
};

export type FairFlagView = { ruleId: string; reason: string; matched: string[] };

export type IncentiveWriteResult = { ok: true; id: string; version: number; flags: FairFlagView[] } | { ok: false; errors: FieldErrors };

const AUDIT_SELECT = {
  id: true,
  projectId: true,
  item: true,
  conditions: true,
  promisedWan: true,
  dueAt: true,
  paidWan: true,
  paidAt: true,
  cancelledAt: true,
  cancelReason: true,
  settled: true,
  fairFlags: true,
  note: true,
  createdById: true,
  deletedAt: true,
  version: true,
} as const satisfies Prisma.IncentiveSelect;

type IncentiveImage = Prisma.IncentiveGetPayload<{ select: typeof AUDIT_SELECT }>;

async function image(id: string, db: DbTx): Promise<IncentiveImage | null> {
  return db.incentive.findUnique({ where: { id }, select: AUDIT_SELECT });
}

/** The flags of the item's wording under the rules in force, with their reasons in words. */
export function incentiveFairFlags(value: { item: string; conditions: string | null; note: string | null }, config: MechanismConfig): FairFlagView[] {
  return fairCompetitionFlagsOf([value.item, value.conditions, value.note], config).map((f) => ({ ruleId: f.ruleId, reason: t(f.reason.key, f.reason.params), matched: f.matched }));
}

async function projectInScope(user: SessionUser, projectId: string) {
  const project = await prisma.project.findFirst({ where: { AND: [{ id: projectId }, await projectScopeWhere(user)] }, select: { id: true } });
  if (!project) throw notFound();
  return project;
}

async function incentiveInScope(user: SessionUser, id: string): Promise<IncentiveImage> {
  const row = await prisma.incentive.findFirst({ where: { id, deletedAt: null, project: await projectScopeWhere(user) }, select: AUDIT_SELECT });
  if (!row) throw notFound();
  return row;
}

function validate(input: IncentiveInput, at: Date): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (!input.item.trim()) add("item", t("problems.incentiveItemRequired"));
  if (!(input.promisedWan > 0)) add("promisedWan", t("problems.incentivePromisedRequired"));
  if (input.paidWan < 0) add("paidWan", t("problems.numberNegative"));
  // 不打折扣 works both ways: a payment above the promise is a typing error or a new promise.
  if (input.paidWan > input.promisedWan) add("paidWan", t("problems.incentivePaidAbovePromised", { promised: formatWan(input.promisedWan) }));
  if (input.paidWan > 0 && !input.paidAt) add("paidAt", t("problems.incentivePaidAtRequired"));
  if (input.paidAt && input.paidWan === 0) add("paidWan", t("problems.incentivePaidAmountRequired"));
  if (input.paidAt && isLaterDay(input.paidAt, at)) add("paidAt", t("problems.dateInFuture"));
  if (input.cancelled && !input.cancelReason?.trim()) add("cancelReason", t("problems.incentiveCancelReasonRequired"));
  return errors;
}

function rowData(input: IncentiveInput, current: IncentiveImage | null, config: MechanismConfig, at: Date) {
  const text = (value: string | null) => value?.trim() || null;
  const value = { item: input.item.trim(), conditions: text(input.conditions), note: text(input.note) };
  const cancelledAt = input.cancelled ? (current?.cancelledAt ?? at) : null;
  return {
    ...value,
    promisedWan: input.promisedWan,
    dueAt: input.dueAt,
    paidWan: input.paidWan,
    paidAt: input.paidAt,
    cancelledAt,
    cancelReason: input.cancelled ? text(input.cancelReason) : null,
    settled: cancelledAt !== null || input.paidWan >= input.promisedWan,
    fairFlags: incentiveFairFlags(value, config)
      .map((f) => f.ruleId)
      .join(","),
  };
}

export async function createIncentive(user: SessionUser, projectId: string, input: IncentiveInput, meta?: RequestMeta): Promise<IncentiveWriteResult> {
  requirePermission(user, "pipeline:write");
  await projectInScope(user, projectId);
  const at = now();
  const errors = validate(input, at);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const config = await getMechanism();
  return prisma.$transaction(async (tx) => {
    const created = await tx.incentive.create({ data: { ...rowData(input, null, config, at), projectId, createdById: user.id }, select: { id: true, version: true } });
    await writeAudit({ actor: user, action: "CREATE", entity: "Incentive", entityId: created.id, after: await image(created.id, tx), detail: `project=${projectId}`, meta }, tx);
    // An item entered already due or overdue is escalated at once (政策兑现 alerts).
    await runAlertsFor(projectId, { db: tx, now: at });
    return { ok: true as const, id: created.id, version: created.version, flags: incentiveFairFlags(input, config) };
  }, WRITE_TX_OPTIONS);
}

/** Saves an edit made from `version`; a stale version throws VersionConflict with the item as it now stands. */
export async function updateIncentive(user: SessionUser, id: string, version: number, input: IncentiveInput, meta?: RequestMeta): Promise<IncentiveWriteResult> {
  requirePermission(user, "pipeline:write");
  const before = await incentiveInScope(user, id);
  if (before.version !== version) throw new VersionConflict("Incentive", before);
  const at = now();
  const errors = validate(input, at);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const config = await getMechanism();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.incentive.updateMany({ where: { id, version, deletedAt: null }, data: { ...rowData(input, before, config, at), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("Incentive", await image(id, tx));
    const after = await image(id, tx);
    await writeAudit({ actor: user, action: "UPDATE", entity: "Incentive", entityId: id, before, after, detail: `project=${before.projectId}`, meta }, tx);
    await runAlertsFor(before.projectId, { db: tx, now: at });
    return { ok: true as const, id, version: after?.version ?? version + 1, flags: incentiveFairFlags(input, config) };
  }, WRITE_TX_OPTIONS);
}

/** Soft delete (a record entered by mistake; a withdrawn promise is 已取消 instead). */
export async function deleteIncentive(user: SessionUser, id: string, version: number, meta?: RequestMeta): Promise<void> {
  requirePermission(user, "pipeline:write");
  const before = await incentiveInScope(user, id);
  if (before.version !== version) throw new VersionConflict("Incentive", before);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.incentive.updateMany({ where: { id, version, deletedAt: null }, data: { deletedAt: now(), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("Incentive", await image(id, tx));
    await writeAudit({ actor: user, action: "DELETE", entity: "Incentive", entityId: id, before, after: await image(id, tx), detail: `project=${before.projectId}`, meta }, tx);
  }, WRITE_TX_OPTIONS);
}

export type IncentiveView = {
  id: string;
  version: number;
  item: string;
  conditions: string | null;
  note: string | null;
  promisedWan: number;
  promised: string;
  paidWan: number;
  paid: string;
  outstanding: string;
  dueOn: string | null;
  paidOn: string | null;
  status: IncentiveStatus;
  statusLabel: string;
  overdue: boolean;
  daysOverdue: number;
  dueSoon: boolean;
  daysToDue: number | null;
  cancelled: boolean;
  cancelReason: string | null;
  /** Recomputed under the rules in force, each with its reason. */
  flags: FairFlagView[];
};

export type IncentivesPanelData = {
  projectId: string;
  canWrite: boolean;
  items: IncentiveView[];
  totals: { promised: string; paid: string; outstanding: string; overdue: number; flagged: number };
};

const STATUS_RANK: Record<IncentiveStatus, number> = { OVERDUE: 0, PARTIAL: 1, PROMISED: 2, PAID: 3, CANCELLED: 4 };

/** A project's incentive items for its page: overdue first, then by due date. 404 outside the user's scope. */
export async function listIncentivesForProject(user: SessionUser, projectId: string): Promise<IncentivesPanelData> {
  await projectInScope(user, projectId);
  const [rows, config] = await Promise.all([
    prisma.incentive.findMany({ where: { projectId, deletedAt: null }, orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }], take: 500, select: AUDIT_SELECT }),
    getMechanism(),
  ]);
  const at = now();
  const items = rows.map<IncentiveView>((r) => {
    const state = incentiveState({ promisedWan: r.promisedWan, paidWan: r.paidWan, dueAt: r.dueAt, cancelledAt: r.cancelledAt }, at, config);
    return {
      id: r.id,
      version: r.version,
      item: r.item,
      conditions: r.conditions,
      note: r.note,
      promisedWan: r.promisedWan,
      promised: formatWan(r.promisedWan),
      paidWan: r.paidWan,
      paid: formatWan(r.paidWan),
      outstanding: formatWan(state.outstandingWan),
      dueOn: r.dueAt ? shanghaiDay(r.dueAt) : null,
      paidOn: r.paidAt ? shanghaiDay(r.paidAt) : null,
      status: state.status,
      statusLabel: t(incentiveStatusLabelKey(state.status)),
      overdue: state.status === "OVERDUE",
      daysOverdue: state.daysOverdue,
      dueSoon: state.dueSoon,
      daysToDue: state.daysToDue,
      cancelled: r.cancelledAt !== null,
      cancelReason: r.cancelReason,
      flags: incentiveFairFlags(r, config),
    };
  });
  items.sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status]);
  const live = items.filter((i) => !i.cancelled);
  const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
  const promisedWan = sum(live.map((i) => i.promisedWan));
  const paidWan = sum(live.map((i) => i.paidWan));
  return {
    projectId,
    canWrite: hasPermission(user, "pipeline:write"),
    items,
    totals: {
      promised: formatWan(promisedWan),
      paid: formatWan(paidWan),
      outstanding: formatWan(Math.max(0, promisedWan - paidWan)),
      overdue: items.filter((i) => i.overdue).length,
      flagged: items.filter((i) => i.flags.length > 0).length,
    },
  };
}

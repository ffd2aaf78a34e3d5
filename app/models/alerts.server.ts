// The alerts run (issue 4 §10; DESIGN §7.2 "escalation that fires by itself"): load what is
// open — problems, incentives, instructions, stage clocks, landed firms — as the snapshots of
// app/domain/alert-rules.ts, ask alertsDue() what is due under the mechanism in force, and
// deliver it (deliverAlerts: inbox rows deduped per recipient, group-robot deliveries queued).
//
//   runAlerts()             every open item, in batches (npm run alerts, from cron/systemd)
//   runAlertsFor(projectId) one project's items, right after a change to it
//
// Both are idempotent: an alert already delivered is not delivered again, so they can run as
// often as wanted. Queries are bounded: each source is read in id-ordered batches on its
// indexes, stage clocks only where the clock has already reached yellow (warning-cutoffs).
import { parseRedFlags } from "#app/domain/aftercare";
import {
  alertsDue,
  type AftercareAlertSnapshot,
  type Alert,
  type AlertSnapshots,
  type IncentiveAlertSnapshot,
  type InstructionAlertSnapshot,
  type ProblemAlertSnapshot,
  type StageClockSnapshot,
} from "#app/domain/alert-rules";
import { isProblemStatus, type ProblemStatus } from "#app/domain/problem-status";
import { isStageCode, type StageCode } from "#app/domain/stages";
import { warningCutoffs } from "#app/domain/warning-cutoffs";
import { getMechanism } from "#app/models/mechanism.server";
import { deliverAlerts, type AlertDelivery, type AlertPeople, type NotifyCache } from "#app/models/notification.server";
import { WRITE_TX_OPTIONS } from "#app/models/project.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { now as clockNow } from "#app/utils/clock";
import { prisma, type DbTx } from "#app/utils/db.server";

const DAY_MS = 86_400_000;
const INSTRUCTION_LABEL_CHARS = 30;

export const ALERT_SOURCES = ["problems", "incentives", "instructions", "stageClocks", "aftercare"] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export type SourceSummary = { scanned: number; alerts: number; notifications: number };
export type AlertRunSummary = { at: Date; sources: Record<AlertSource, SourceSummary>; alertsByKind: Record<string, number>; notifications: number };

type Batch = { snapshots: AlertSnapshots; people: Map<string, AlertPeople> };
type Loader = (db: DbTx, args: { projectId?: string; cursor?: string; take: number; now: Date; config: MechanismConfig }) => Promise<{ batch: Batch; scanned: number; last?: string }>;

const projectPeople = { regionId: true, officerId: true, leadLeaderId: true } as const;
const page = (cursor: string | undefined, take: number) => ({ orderBy: { id: "asc" as const }, take, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
const subjectKey = (type: string, id: string) => `${type}:${id}`;

const loadProblems: Loader = async (db, { projectId, cursor, take }) => {
  const rows = await db.problem.findMany({
    where: { deletedAt: null, status: { in: ["IN_PROGRESS", "RESOLVED"] }, project: { deletedAt: null }, ...(projectId ? { projectId } : {}) },
    ...page(cursor, take),
    select: {
      id: true,
      code: true,
      title: true,
      projectId: true,
      status: true,
      departmentId: true,
      assigneeId: true,
      reportedById: true,
      assignedAt: true,
      departmentAssignedAt: true,
      deadlineAt: true,
      resolvedAt: true,
      closureRejectedAt: true,
      project: { select: projectPeople },
    },
  });
  const people = new Map<string, AlertPeople>();
  const problems: ProblemAlertSnapshot[] = [];
  for (const r of rows) {
    if (!isProblemStatus(r.status)) continue;
    problems.push({
      id: r.id,
      projectId: r.projectId,
      label: `${r.code} ${r.title}`,
      status: r.status as ProblemStatus,
      departmentId: r.departmentId,
      assignedAt: r.assignedAt,
      departmentAssignedAt: r.departmentAssignedAt,
      deadlineAt: r.deadlineAt,
      resolvedAt: r.resolvedAt,
      closureRejectedAt: r.closureRejectedAt,
    });
    people.set(subjectKey("PROBLEM", r.id), {
      assigneeId: r.assigneeId,
      departmentId: r.departmentId,
      reporterId: r.reportedById,
      officerId: r.project.officerId,
      leadLeaderId: r.project.leadLeaderId,
      regionId: r.project.regionId,
    });
  }
  return { batch: { snapshots: { problems }, people }, scanned: rows.length, last: rows.at(-1)?.id };
};

const loadIncentives: Loader = async (db, { projectId, cursor, take, now, config }) => {
  // Only items already overdue or inside the due-soon window (one day of slack for the day boundary).
  const horizon = new Date(now.getTime() + (config.incentiveDueSoonDays + 2) * DAY_MS);
  const rows = await db.incentive.findMany({
    where: { deletedAt: null, settled: false, cancelledAt: null, dueAt: { not: null, lt: horizon }, project: { deletedAt: null }, ...(projectId ? { projectId } : {}) },
    ...page(cursor, take),
    select: { id: true, item: true, projectId: true, promisedWan: true, paidWan: true, dueAt: true, cancelledAt: true, project: { select: projectPeople } },
  });
  const people = new Map<string, AlertPeople>();
  const incentives: IncentiveAlertSnapshot[] = rows.map((r) => {
    people.set(subjectKey("INCENTIVE", r.id), { officerId: r.project.officerId, leadLeaderId: r.project.leadLeaderId, regionId: r.project.regionId });
    return { id: r.id, projectId: r.projectId, label: r.item, promisedWan: r.promisedWan, paidWan: r.paidWan, dueAt: r.dueAt, cancelledAt: r.cancelledAt };
  });
  return { batch: { snapshots: { incentives }, people }, scanned: rows.length, last: rows.at(-1)?.id };
};

const loadInstructions: Loader = async (db, { projectId, cursor, take }) => {
  const rows = await db.instruction.findMany({
    where: { deletedAt: null, recipients: { some: { repliedAt: null } }, project: { deletedAt: null }, ...(projectId ? { projectId } : {}) },
    ...page(cursor, take),
    select: {
      id: true,
      projectId: true,
      text: true,
      issuedAt: true,
      replyDueAt: true,
      leaderId: true,
      recipients: { select: { userId: true, repliedAt: true } },
      project: { select: projectPeople },
      problem: { select: { departmentId: true } },
    },
  });
  const people = new Map<string, AlertPeople>();
  const instructions: InstructionAlertSnapshot[] = rows.map((r) => {
    people.set(subjectKey("INSTRUCTION", r.id), {
      instructionLeaderId: r.leaderId,
      officerId: r.project.officerId,
      leadLeaderId: r.project.leadLeaderId,
      departmentId: r.problem?.departmentId ?? null,
      regionId: r.project.regionId,
    });
    const text = r.text.replace(/\s+/g, " ").trim();
    return {
      id: r.id,
      projectId: r.projectId,
      label: text.length > INSTRUCTION_LABEL_CHARS ? `${text.slice(0, INSTRUCTION_LABEL_CHARS)}…` : text,
      issuedAt: r.issuedAt,
      replyDueAt: r.replyDueAt,
      recipients: r.recipients.map((x) => ({ recipientId: x.userId, repliedAt: x.repliedAt })),
    };
  });
  return { batch: { snapshots: { instructions }, people }, scanned: rows.length, last: rows.at(-1)?.id };
};

const STAGE_SELECT = { id: true, name: true, stage: true, stageEnteredAt: true, ...projectPeople } as const;

function stageBatch(rows: { id: string; name: string; stage: string; stageEnteredAt: Date; regionId: string; officerId: string | null; leadLeaderId: string | null }[]): Batch {
  const people = new Map<string, AlertPeople>();
  const stageClocks: StageClockSnapshot[] = [];
  for (const r of rows) {
    if (!isStageCode(r.stage)) continue;
    stageClocks.push({ projectId: r.id, label: r.name, stage: r.stage as StageCode, stageEnteredAt: r.stageEnteredAt });
    people.set(subjectKey("PROJECT", r.id), { officerId: r.officerId, leadLeaderId: r.leadLeaderId, regionId: r.regionId });
  }
  return { snapshots: { stageClocks }, people };
}

/** Stage clocks that have reached yellow: per timed stage, entered before its yellow cut-off. */
const loadStageClocks: Loader = async (db, { projectId, cursor, take, now, config }) => {
  if (projectId) {
    const rows = await db.project.findMany({ where: { id: projectId, deletedAt: null }, select: STAGE_SELECT });
    return { batch: stageBatch(rows), scanned: rows.length };
  }
  const clocks = warningCutoffs(config, now).stageClocks;
  if (clocks.length === 0) return { batch: { snapshots: {}, people: new Map() }, scanned: 0 };
  const rows = await db.project.findMany({
    where: { deletedAt: null, OR: clocks.map((c) => ({ stage: c.stage, stageEnteredAt: { lt: c.yellowBefore } })) },
    ...page(cursor, take),
    select: STAGE_SELECT,
  });
  return { batch: stageBatch(rows), scanned: rows.length, last: rows.at(-1)?.id };
};

/** The visits a firm's red-flag run is read from: the latest ones are enough. */
const VISITS_PER_FIRM = 24;

const loadAftercare: Loader = async (db, { projectId, cursor, take, config }) => {
  if (config.aftercare.stages.length === 0) return { batch: { snapshots: {}, people: new Map() }, scanned: 0 };
  const rows = await db.project.findMany({
    where: { deletedAt: null, stage: { in: [...config.aftercare.stages] }, ...(projectId ? { id: projectId } : {}) },
    ...page(cursor, take),
    select: {
      id: true,
      stage: true,
      isKey: true,
      producedAt: true,
      stageEnteredAt: true,
      ...projectPeople,
      company: { select: { name: true } },
      aftercareVisits: { where: { deletedAt: null }, orderBy: { visitedAt: "desc" }, take: VISITS_PER_FIRM, select: { id: true, visitedAt: true, flags: true } },
    },
  });
  const people = new Map<string, AlertPeople>();
  const aftercare: AftercareAlertSnapshot[] = [];
  for (const r of rows) {
    if (!isStageCode(r.stage)) continue;
    aftercare.push({
      projectId: r.id,
      label: r.company.name,
      stage: r.stage as StageCode,
      isKey: r.isKey,
      since: r.producedAt ?? r.stageEnteredAt,
      visits: r.aftercareVisits.map((v) => ({ id: v.id, visitedAt: v.visitedAt, flags: parseRedFlags(v.flags) })),
    });
    people.set(subjectKey("PROJECT", r.id), { officerId: r.officerId, leadLeaderId: r.leadLeaderId, regionId: r.regionId });
  }
  return { batch: { snapshots: { aftercare }, people }, scanned: rows.length, last: rows.at(-1)?.id };
};

const LOADERS: Record<AlertSource, Loader> = {
  problems: loadProblems,
  incentives: loadIncentives,
  instructions: loadInstructions,
  stageClocks: loadStageClocks,
  aftercare: loadAftercare,
};

function deliveriesOf(batch: Batch, now: Date, config: MechanismConfig): AlertDelivery[] {
  return alertsDue(batch.snapshots, now, config).map((alert: Alert) => ({
    alert,
    people: batch.people.get(subjectKey(alert.subject.type, alert.subject.id)) ?? {},
  }));
}

function emptySummary(at: Date): AlertRunSummary {
  return {
    at,
    sources: Object.fromEntries(ALERT_SOURCES.map((s) => [s, { scanned: 0, alerts: 0, notifications: 0 }])) as Record<AlertSource, SourceSummary>,
    alertsByKind: {},
    notifications: 0,
  };
}

function count(summary: AlertRunSummary, source: AlertSource, scanned: number, deliveries: AlertDelivery[], notifications: number) {
  const s = summary.sources[source];
  s.scanned += scanned;
  s.alerts += deliveries.length;
  s.notifications += notifications;
  summary.notifications += notifications;
  for (const d of deliveries) summary.alertsByKind[d.alert.kind] = (summary.alertsByKind[d.alert.kind] ?? 0) + 1;
}

export type RunOptions = { now?: Date; batchSize?: number; sources?: readonly AlertSource[] };

/**
 * Every open item's alerts due now, delivered. Each batch is written in one transaction, so a
 * run killed half-way leaves whole batches and the next run finishes the rest.
 */
export async function runAlerts(opts: RunOptions = {}): Promise<AlertRunSummary> {
  const at = opts.now ?? clockNow();
  const config = await getMechanism();
  const take = opts.batchSize ?? 500;
  const summary = emptySummary(at);
  const cache: NotifyCache = {};
  for (const source of opts.sources ?? ALERT_SOURCES) {
    let cursor: string | undefined;
    for (;;) {
      const { batch, scanned, last } = await LOADERS[source](prisma, { cursor, take, now: at, config });
      const deliveries = deliveriesOf(batch, at, config);
      const notifications = deliveries.length ? await prisma.$transaction((tx) => deliverAlerts(tx, deliveries, cache), WRITE_TX_OPTIONS) : 0;
      count(summary, source, scanned, deliveries, notifications);
      if (!last || scanned < take) break;
      cursor = last;
    }
  }
  return summary;
}

/**
 * The same rules for one project, right after a change to it (a visit with red flags, a new
 * problem, an instruction, a stage move …). Pass `db` to run inside the caller's transaction
 * (the notices then commit with the change); without it the call opens its own, so on SQLite
 * call it after your transaction has committed, not inside it. Group-robot messages are only
 * queued here; `npm run alerts` (or deliverDueWebhooks) sends them.
 */
export async function runAlertsFor(projectId: string, opts: { db?: DbTx; now?: Date } = {}): Promise<AlertRunSummary> {
  const at = opts.now ?? clockNow();
  const work = async (db: DbTx) => {
    const config = await getMechanism(db);
    const summary = emptySummary(at);
    const cache: NotifyCache = {};
    for (const source of ALERT_SOURCES) {
      // A project has few open items; one generous page covers them.
      const { batch, scanned } = await LOADERS[source](db, { projectId, take: 1_000, now: at, config });
      const deliveries = deliveriesOf(batch, at, config);
      const notifications = deliveries.length ? await deliverAlerts(db, deliveries, cache) : 0;
      count(summary, source, scanned, deliveries, notifications);
    }
    return summary;
  };
  return opts.db ? work(opts.db) : prisma.$transaction((tx) => work(tx), WRITE_TX_OPTIONS);
}

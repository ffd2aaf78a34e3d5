// 问题交办和销号 (DESIGN §2, §4 Problem; issue 4 §6): a project's problem is reported by the
// officers who run the project, assigned (交办) to the department that can solve it with a
// deadline in 工作日, answered and reported solved (办结) by that department, and closed (销号)
// only by the reporting side or the city after verification — or sent back (退回重办) with a
// reason. Who may do what is app/domain/problem-status.ts; this file applies it to the database:
// scope in every `where`, the optimistic lock, the thread, the audit row and the notices that
// the change causes, all in one transaction.
//
// Scope: officers and leaders see the problems of the projects in their region scope.
// Department staff see only the problems assigned to their department, each with a summary of
// its project (code, name, company, region, stage) and nothing else of the project.
import {
  PROBLEM_ACTIONS,
  PROBLEM_CATEGORIES,
  PROBLEM_SIDES,
  PROBLEM_STATUSES,
  isProblemCategory,
  isProblemStatus,
  planProblemMove,
  problemActionsFor,
  problemActionLabelKey,
  problemCategoryLabelKey,
  problemClock,
  problemStatusLabelKey,
  type ProblemAction,
  type ProblemActor,
  type ProblemCategory,
  type ProblemClock,
  type ProblemSide,
  type ProblemStatus,
} from "#app/domain/problem-status";
import { isStageCode, stageLabelKey } from "#app/domain/stages";
import { workdayCutoff } from "#app/domain/warning-cutoffs";
import { type WarningLevel } from "#app/domain/warnings";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { getMechanism } from "#app/models/mechanism.server";
import { runAlertsFor } from "#app/models/alerts.server";
import { WRITE_TX_OPTIONS, projectScopeWhere } from "#app/models/project.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type ProblemFilters } from "#app/schemas/problem";
import { type FieldErrors } from "#app/schemas/project";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { isUniqueViolation, prisma, type DbTx, type Prisma } from "#app/utils/db.server";
import { forbidden, hasPermission, notFound, regionScope, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { containsText } from "#app/utils/text-search.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

type Where = Prisma.ProblemWhereInput;

// ───────────────────────────── scope ─────────────────────────────

/** May the user look at problems at all (officers, leaders, department staff)? */
export function canSeeProblems(user: Pick<SessionUser, "role">): boolean {
  return hasPermission(user, "pipeline:read") || hasPermission(user, "problem:handle");
}

/**
 * THE `where` of every problem query: not deleted, its project not deleted, and either the
 * project in the user's region scope or — for department staff — assigned to the user's own
 * department. Roles that see no problems (admin, auditor) get 403.
 */
export async function problemScopeWhere(user: SessionUser, db: DbTx = prisma): Promise<Where> {
  if (hasPermission(user, "pipeline:read")) return { deletedAt: null, project: await projectScopeWhere(user, db) };
  if (hasPermission(user, "problem:handle")) {
    // Staff without a department see nothing rather than every unassigned problem.
    return { deletedAt: null, departmentId: user.departmentId ?? "-none-", project: { deletedAt: null } };
  }
  throw forbidden();
}

async function actorOf(user: SessionUser): Promise<ProblemActor & { id: string }> {
  return { id: user.id, role: user.role, regionScope: await regionScope(user), departmentId: user.departmentId };
}

// ───────────────────────────── audit images ─────────────────────────────

const PROBLEM_AUDIT_SELECT = {
  id: true,
  code: true,
  projectId: true,
  title: true,
  description: true,
  category: true,
  status: true,
  reportingRegionId: true,
  reportedById: true,
  reportedAt: true,
  departmentId: true,
  assigneeId: true,
  assignedAt: true,
  departmentAssignedAt: true,
  limitWorkdays: true,
  deadlineAt: true,
  resolvedAt: true,
  closureRejectedAt: true,
  closedAt: true,
  closedById: true,
  deletedAt: true,
  version: true,
} as const satisfies Prisma.ProblemSelect;

export type ProblemImage = Prisma.ProblemGetPayload<{ select: typeof PROBLEM_AUDIT_SELECT }>;

async function problemImage(id: string, db: DbTx): Promise<ProblemImage | null> {
  return db.problem.findUnique({ where: { id }, select: PROBLEM_AUDIT_SELECT });
}

// ───────────────────────────── reading ─────────────────────────────

const STATUS_ORDER: readonly ProblemStatus[] = ["IN_PROGRESS", "PENDING", "RESOLVED", "CLOSED"];

/** What department staff (and everyone) are shown of the project: nothing more. */
export type ProblemProjectSummary = { id: string; code: string; name: string; companyName: string; regionName: string; stage: string; stageLabel: string };

const PROJECT_SUMMARY_SELECT = {
  id: true,
  code: true,
  name: true,
  stage: true,
  company: { select: { name: true } },
  region: { select: { name: true } },
} as const satisfies Prisma.ProjectSelect;

function summaryOf(p: Prisma.ProjectGetPayload<{ select: typeof PROJECT_SUMMARY_SELECT }>): ProblemProjectSummary {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    companyName: p.company.name,
    regionName: p.region.name,
    stage: p.stage,
    stageLabel: isStageCode(p.stage) ? t(stageLabelKey(p.stage)) : p.stage,
  };
}

const ROW_SELECT = {
  id: true,
  code: true,
  title: true,
  category: true,
  status: true,
  reportedAt: true,
  assignedAt: true,
  deadlineAt: true,
  resolvedAt: true,
  closedAt: true,
  version: true,
  department: { select: { id: true, name: true } },
  assignee: { select: { id: true, displayName: true } },
  project: { select: PROJECT_SUMMARY_SELECT },
} as const satisfies Prisma.ProblemSelect;

type RowData = Prisma.ProblemGetPayload<{ select: typeof ROW_SELECT }>;

/** A problem as lists show it: plain values, ready for JSON. */
export type ProblemRow = {
  id: string;
  code: string;
  title: string;
  category: string;
  categoryLabel: string;
  status: string;
  statusLabel: string;
  reportedOn: string;
  deadline: string | null;
  department: string | null;
  assignee: string | null;
  level: WarningLevel;
  /** 工作日 left (negative: overdue by), while the clock runs. */
  daysLeft: number | null;
  overdue: boolean;
  project: ProblemProjectSummary;
};

function clockOf(row: { status: string; assignedAt: Date | null; deadlineAt: Date | null; resolvedAt: Date | null }, at: Date, config: MechanismConfig): ProblemClock {
  const status = isProblemStatus(row.status) ? row.status : "PENDING";
  return problemClock({ status, assignedAt: row.assignedAt, deadlineAt: row.deadlineAt, resolvedAt: row.resolvedAt }, at, config);
}

export function problemStatusLabel(status: string): string {
  return isProblemStatus(status) ? t(problemStatusLabelKey(status)) : status;
}
export function problemCategoryLabel(category: string): string {
  return isProblemCategory(category) ? t(problemCategoryLabelKey(category)) : category;
}

function rowView(r: RowData, at: Date, config: MechanismConfig): ProblemRow {
  const clock = clockOf(r, at, config);
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    category: r.category,
    categoryLabel: problemCategoryLabel(r.category),
    status: r.status,
    statusLabel: problemStatusLabel(r.status),
    reportedOn: shanghaiDay(r.reportedAt),
    deadline: r.deadlineAt ? shanghaiDay(r.deadlineAt) : null,
    department: r.department?.name ?? null,
    assignee: r.assignee?.displayName ?? null,
    level: clock.level,
    daysLeft: clock.stopped ? null : clock.daysLeft,
    overdue: clock.overdue && !clock.stopped,
    project: summaryOf(r.project),
  };
}

/** Open problems first, the most overdue on top; then 待交办, 待销号, and 已销号 last. */
function byUrgency(a: ProblemRow, b: ProblemRow): number {
  const rank = (s: string) => STATUS_ORDER.indexOf(s as ProblemStatus);
  return rank(a.status) - rank(b.status) || (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.reportedOn.localeCompare(b.reportedOn);
}

export type ThreadEntry = { id: string; at: string; author: string | null; side: string; sideLabel: string; action: string; actionLabel: string; fromStatus: string; toStatus: string; text: string | null };

export type ProblemDetail = ProblemRow & {
  description: string | null;
  version: number;
  reportedBy: string | null;
  reportingRegion: string;
  departmentId: string | null;
  limitWorkdays: number | null;
  usedWorkdays: number;
  resolvedOn: string | null;
  closedOn: string | null;
  closedBy: string | null;
  /** The moves the user may make now, in the order the page offers them. */
  actions: ProblemAction[];
  /** Whether the user may open the project page (officers and leaders in scope). */
  canOpenProject: boolean;
  thread: ThreadEntry[];
};

/** The problem as its page shows it; a 404 Response when it is not the user's to see. */
export async function getProblemForUser(user: SessionUser, id: string): Promise<ProblemDetail> {
  const where = await problemScopeWhere(user);
  const row = await prisma.problem.findFirst({
    where: { AND: [{ id }, where] },
    select: {
      ...ROW_SELECT,
      description: true,
      departmentId: true,
      reportingRegionId: true,
      reportingRegion: { select: { name: true } },
      reportedBy: { select: { displayName: true } },
      limitWorkdays: true,
      closedById: true,
      responses: {
        orderBy: { createdAt: "asc" },
        select: { id: true, createdAt: true, authorName: true, side: true, action: true, fromStatus: true, toStatus: true, text: true },
      },
    },
  });
  if (!row || !isProblemStatus(row.status)) throw notFound();
  const [config, actor] = await Promise.all([getMechanism(), actorOf(user)]);
  const at = now();
  const clock = clockOf(row, at, config);
  const closer = row.closedById ? await prisma.user.findUnique({ where: { id: row.closedById }, select: { displayName: true } }) : null;
  return {
    ...rowView(row, at, config),
    description: row.description,
    version: row.version,
    reportedBy: row.reportedBy?.displayName ?? null,
    reportingRegion: row.reportingRegion.name,
    departmentId: row.departmentId,
    limitWorkdays: clock.limitWorkdays,
    usedWorkdays: clock.usedWorkdays,
    resolvedOn: row.resolvedAt ? shanghaiDay(row.resolvedAt) : null,
    closedOn: row.closedAt ? shanghaiDay(row.closedAt) : null,
    closedBy: closer?.displayName ?? null,
    actions: problemActionsFor(actor, { status: row.status, reportingRegionId: row.reportingRegionId, departmentId: row.departmentId }),
    canOpenProject: hasPermission(user, "pipeline:read"),
    thread: row.responses.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      author: r.authorName,
      side: r.side,
      sideLabel: isProblemSide(r.side) ? t(`landing.problemSide_${r.side}`) : r.side,
      action: r.action,
      actionLabel: actionLabel(r.action),
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      text: r.text,
    })),
  };
}

function isProblemSide(side: string): side is ProblemSide {
  return (PROBLEM_SIDES as readonly string[]).includes(side);
}

export function isProblemAction(action: unknown): action is ProblemAction {
  return typeof action === "string" && (PROBLEM_ACTIONS as readonly string[]).includes(action);
}

function actionLabel(action: string): string {
  return isProblemAction(action) ? t(problemActionLabelKey(action)) : action;
}

// ───────────────────────────── form options ─────────────────────────────

export type DepartmentOption = { id: string; name: string; people: { id: string; name: string }[] };

/** Departments a problem can be assigned to, each with its active staff (the optional 承办人). */
export async function problemDepartmentOptions(db: DbTx = prisma): Promise<DepartmentOption[]> {
  const [departments, staff] = await Promise.all([
    db.department.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
    db.user.findMany({ where: { role: "DEPT_STAFF", disabled: false, departmentId: { not: null } }, orderBy: { displayName: "asc" }, select: { id: true, displayName: true, departmentId: true } }),
  ]);
  return departments.map((d) => ({ id: d.id, name: d.name, people: staff.filter((s) => s.departmentId === d.id).map((s) => ({ id: s.id, name: s.displayName })) }));
}

// ───────────────────────────── project panel ─────────────────────────────

export type ProblemsPanelData = {
  projectId: string;
  items: ProblemRow[];
  counts: { total: number; open: number; overdue: number; awaitingClose: number };
  /** The report form's choices, when the user may report (officers in scope). */
  form: { categories: { value: ProblemCategory; label: string }[]; departments: DepartmentOption[]; defaultLimitWorkdays: number } | null;
};

/**
 * A project's problems for its page, most urgent first, and what the report form offers. The
 * project must be the user's to see (404 otherwise).
 */
export async function listProblemsForProject(user: SessionUser, projectId: string): Promise<ProblemsPanelData> {
  const project = await prisma.project.findFirst({ where: { AND: [{ id: projectId }, await projectScopeWhere(user)] }, select: { id: true } });
  if (!project) throw notFound();
  const [rows, config] = await Promise.all([
    prisma.problem.findMany({ where: { projectId, deletedAt: null }, orderBy: { reportedAt: "desc" }, take: 500, select: ROW_SELECT }),
    getMechanism(),
  ]);
  const at = now();
  const items = rows.map((r) => rowView(r, at, config)).sort(byUrgency);
  const canReport = hasPermission(user, "pipeline:write");
  return {
    projectId,
    items,
    counts: {
      total: items.length,
      open: items.filter((i) => i.status === "PENDING" || i.status === "IN_PROGRESS").length,
      overdue: items.filter((i) => i.overdue).length,
      awaitingClose: items.filter((i) => i.status === "RESOLVED").length,
    },
    form: canReport
      ? {
          categories: PROBLEM_CATEGORIES.map((value) => ({ value, label: t(problemCategoryLabelKey(value)) })),
          departments: await problemDepartmentOptions(),
          defaultLimitWorkdays: config.problemLimitWorkdays,
        }
      : null,
  };
}

// ───────────────────────────── writes ─────────────────────────────

export type ProblemReportInput = {
  title: string;
  category: string;
  description?: string | null;
  departmentId?: string | null;
  assigneeId?: string | null;
  limitWorkdays?: number | null;
};

export type ProblemMoveInput = {
  text?: string | null;
  departmentId?: string | null;
  assigneeId?: string | null;
  limitWorkdays?: number | null;
};

export type ProblemWriteResult = { ok: true; id: string; code: string; version: number } | { ok: false; errors: FieldErrors };

function addError(errors: FieldErrors, field: string, message: string) {
  (errors[field] ??= []).push(message);
}

/** The department exists and the 承办人, if named, is an active member of its staff. */
async function checkAssignment(input: { departmentId?: string | null; assigneeId?: string | null }, errors: FieldErrors, db: DbTx) {
  const departmentId = input.departmentId?.trim() || null;
  const assigneeId = input.assigneeId?.trim() || null;
  if (!departmentId) {
    if (assigneeId) addError(errors, "departmentId", t("landing.problemDepartmentRequired"));
    return;
  }
  const department = await db.department.findUnique({ where: { id: departmentId }, select: { id: true } });
  if (!department) return addError(errors, "departmentId", t("problems.departmentNotFound"));
  if (assigneeId) {
    const person = await db.user.findFirst({ where: { id: assigneeId, role: "DEPT_STAFF", departmentId, disabled: false }, select: { id: true } });
    if (!person) addError(errors, "assigneeId", t("problems.assigneeNotInDepartment"));
  }
}

/** WT-2026-0012, from the year's CodeSequence row bumped in the caller's transaction. */
async function nextProblemCode(tx: DbTx, at: Date): Promise<string> {
  const year = Number(shanghaiDay(at).slice(0, 4));
  const key = `problem-${year}`;
  const row = await tx.codeSequence.upsert({ where: { key }, create: { key, value: 1 }, update: { value: { increment: 1 } } });
  return `WT-${year}-${String(row.value).padStart(4, "0")}`;
}

function authorOf(user: SessionUser) {
  return { authorId: user.id, authorName: user.displayName };
}

const FIELD_OF_MOVE_ERROR = { action: "action", reason: "text", departmentId: "departmentId", limitWorkdays: "limitWorkdays" } as const;

/**
 * Reports a problem on a project (问题报送): officers who may write to the project. With a
 * department it is assigned (交办) at once, with the deadline in 工作日 from the mechanism's
 * problemLimitWorkdays unless the form gives another limit.
 */
export async function reportProblem(user: SessionUser, projectId: string, input: ProblemReportInput, meta?: RequestMeta): Promise<ProblemWriteResult> {
  requirePermission(user, "pipeline:write");
  const project = await prisma.project.findFirst({ where: { AND: [{ id: projectId }, await projectScopeWhere(user)] }, select: { id: true, regionId: true } });
  if (!project) throw notFound();
  const errors: FieldErrors = {};
  const title = input.title.trim();
  if (!title) addError(errors, "title", t("problems.titleRequired"));
  if (!isProblemCategory(input.category)) addError(errors, "category", t("problems.categoryRequired"));
  await checkAssignment(input, errors, prisma);
  const [config, actor] = await Promise.all([getMechanism(), actorOf(user)]);
  const at = now();
  const assign = input.departmentId?.trim()
    ? planProblemMove({
        actor,
        problem: { status: "PENDING", reportingRegionId: project.regionId, departmentId: null },
        action: "ASSIGN",
        input: { departmentId: input.departmentId, assigneeId: input.assigneeId, limitWorkdays: input.limitWorkdays ?? null },
        config,
        now: at,
      })
    : null;
  if (assign && !assign.ok) for (const e of assign.errors) addError(errors, FIELD_OF_MOVE_ERROR[e.field], t(e.message, e.params));
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        const code = await nextProblemCode(tx, at);
        const created = await tx.problem.create({
          data: {
            code,
            projectId,
            title,
            description: input.description?.trim() || null,
            category: input.category,
            status: "PENDING",
            reportingRegionId: project.regionId,
            reportedById: user.id,
            reportedAt: at,
          },
          select: { id: true },
        });
        const afterCreate = await problemImage(created.id, tx);
        await writeAudit({ actor: user, action: "CREATE", entity: "Problem", entityId: created.id, after: afterCreate, detail: `project=${projectId}`, meta }, tx);
        if (assign?.ok) {
          await tx.problem.update({
            where: { id: created.id },
            data: { ...assign.updates, limitWorkdays: input.limitWorkdays ?? null, version: { increment: 1 } },
          });
          await tx.problemResponse.create({
            data: { problemId: created.id, ...authorOf(user), side: assign.side, action: "ASSIGN", fromStatus: "PENDING", toStatus: assign.to, text: null, createdAt: at },
          });
          await writeAudit({ actor: user, action: "UPDATE", entity: "Problem", entityId: created.id, before: afterCreate, after: await problemImage(created.id, tx), detail: "ASSIGN", meta }, tx);
          // The 交办 notice to the department (and whatever else of the project is due), with the change.
          await runAlertsFor(projectId, { db: tx, now: at });
        }
        const row = await tx.problem.findUniqueOrThrow({ where: { id: created.id }, select: { version: true } });
        return { ok: true as const, id: created.id, code, version: row.version };
      }, WRITE_TX_OPTIONS);
    } catch (error) {
      // Two first-of-the-year reports can race to insert the sequence row; the loser retries.
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * One move of the status machine (交办, 改派, 退回, 答复, 办结, 销号, 退回重办) as the user,
 * from `version` (a reply needs none: it only adds to the thread). Refusals come back as field
 * errors in Chinese; a stale version throws VersionConflict; a problem the user cannot see, 404.
 */
export async function moveProblem(
  user: SessionUser,
  id: string,
  action: ProblemAction,
  version: number | null,
  input: ProblemMoveInput,
  meta?: RequestMeta,
): Promise<ProblemWriteResult> {
  const where = await problemScopeWhere(user);
  const before = await prisma.problem.findFirst({ where: { AND: [{ id }, where] }, select: PROBLEM_AUDIT_SELECT });
  if (!before || !isProblemStatus(before.status)) throw notFound();
  if (action !== "RESPOND" && version !== before.version) throw new VersionConflict("Problem", before);
  const [config, actor] = await Promise.all([getMechanism(), actorOf(user)]);
  const errors: FieldErrors = {};
  if (action === "ASSIGN" || action === "REASSIGN") await checkAssignment(input, errors, prisma);
  const at = now();
  const plan = planProblemMove({
    actor,
    problem: { status: before.status, reportingRegionId: before.reportingRegionId, departmentId: before.departmentId, assignedAt: before.assignedAt },
    action,
    input: { text: input.text, departmentId: input.departmentId, assigneeId: input.assigneeId, limitWorkdays: input.limitWorkdays ?? null },
    config,
    now: at,
  });
  if (!plan.ok) for (const e of plan.errors) addError(errors, FIELD_OF_MOVE_ERROR[e.field], t(e.message, e.params));
  if (!plan.ok || Object.keys(errors).length > 0) return { ok: false, errors };

  const limit =
    action === "ASSIGN" ? { limitWorkdays: input.limitWorkdays ?? null } : action === "REASSIGN" && input.limitWorkdays ? { limitWorkdays: input.limitWorkdays } : action === "RETURN" ? { limitWorkdays: null } : {};
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.problem.updateMany({
      where: { id, version: before.version, deletedAt: null },
      data: { ...plan.updates, ...limit, version: { increment: 1 } },
    });
    if (count === 0) throw new VersionConflict("Problem", await problemImage(id, tx));
    await tx.problemResponse.create({
      data: { problemId: id, ...authorOf(user), side: plan.side, action, fromStatus: plan.from, toStatus: plan.to, text: plan.text, createdAt: at },
    });
    const after = await problemImage(id, tx);
    await writeAudit(
      { actor: user, action: "UPDATE", entity: "Problem", entityId: id, before, after, detail: plan.text ? `${action}：${plan.text}` : action, meta },
      tx,
    );
    // Notices the move causes (交办, 办结 to the reporter, 退回重办, and the clock's escalation), with the change.
    await runAlertsFor(before.projectId, { db: tx, now: at });
    return { ok: true as const, id, code: before.code, version: after?.version ?? before.version + 1 };
  }, WRITE_TX_OPTIONS);
}

// ───────────────────────────── the /problems list ─────────────────────────────

async function regionAndDescendants(regionId: string): Promise<string[]> {
  const rows = await prisma.region.findMany({ select: { id: true, parentId: true } });
  const ids = [regionId];
  for (let i = 0; i < ids.length; i++) for (const r of rows) if (r.parentId === ids[i]) ids.push(r.id);
  return ids;
}

/** The filters except status and level, which the list applies per status segment. */
async function filterWhere(filters: ProblemFilters): Promise<Where> {
  const and: Where[] = [];
  if (filters.category.length) and.push({ category: { in: filters.category } });
  if (filters.departmentId) and.push({ departmentId: filters.departmentId });
  if (filters.regionId) and.push({ project: { regionId: { in: await regionAndDescendants(filters.regionId) } } });
  if (filters.q) {
    const q = filters.q;
    and.push({ OR: [{ title: containsText(q) }, { code: containsText(q) }, { project: { name: containsText(q) } }, { project: { code: containsText(q) } }] });
  }
  return { AND: and };
}

export type DepartmentSummary = { departmentId: string | null; name: string; pending: number; inProgress: number; overdue: number; resolved: number; closed: number };

export type ProblemListResult = {
  total: number;
  rows: ProblemRow[];
  /** Problems per status under the other filters (the status tabs). */
  statusCounts: Record<ProblemStatus, number>;
  /** 办理中 and past the deadline, under the other filters. */
  overdue: number;
  /** One line per department (督办 by department); null for department staff, who see only theirs. */
  byDepartment: DepartmentSummary[] | null;
};

const SEGMENT_ORDER: Record<ProblemStatus, Prisma.ProblemOrderByWithRelationInput[]> = {
  IN_PROGRESS: [{ deadlineAt: "asc" }, { id: "asc" }],
  PENDING: [{ reportedAt: "asc" }, { id: "asc" }],
  RESOLVED: [{ resolvedAt: "asc" }, { id: "asc" }],
  CLOSED: [{ closedAt: "desc" }, { id: "asc" }],
};

/**
 * /problems: by status — 办理中 first with the most overdue on top (red is "the deadline day
 * is before the last workday", one date cut-off), then 待交办, 已办结 awaiting 销号 and 已销号 —
 * filtered and paged by the database. A yellow or blue level filter needs each clock's own
 * limit, so those open problems are coloured in memory (open problems are few next to closed).
 */
export async function listProblems(
  user: SessionUser,
  filters: ProblemFilters,
  paging: { skip: number; take: number; /** false: no per-department summary (an export reading page after page) */ byDepartment?: boolean },
): Promise<ProblemListResult> {
  const scope = await problemScopeWhere(user);
  const base: Where = { AND: [scope, await filterWhere(filters)] };
  const config = await getMechanism();
  const at = now();
  const redBefore = workdayCutoff(at, 1);
  const overdueWhere: Where = { status: "IN_PROGRESS", deadlineAt: { lt: redBefore } };

  const [grouped, overdue] = await Promise.all([
    prisma.problem.groupBy({ by: ["status"], where: base, _count: { _all: true } }),
    prisma.problem.count({ where: { AND: [base, overdueWhere] } }),
  ]);
  const statusCounts = Object.fromEntries(PROBLEM_STATUSES.map((s) => [s, grouped.find((g) => g.status === s)?._count._all ?? 0])) as Record<ProblemStatus, number>;

  let statuses = STATUS_ORDER.filter((s) => filters.status.length === 0 || filters.status.includes(s));
  if (filters.level.length) statuses = statuses.filter((s) => s === "IN_PROGRESS");

  let ids: string[] = [];
  let total = 0;
  if (filters.level.length && statuses.length) {
    const levels = new Set<WarningLevel>(filters.level);
    const onlyRed = levels.size === 1 && levels.has("RED");
    const candidates = await prisma.problem.findMany({
      where: { AND: [base, onlyRed ? overdueWhere : { status: "IN_PROGRESS" }] },
      orderBy: SEGMENT_ORDER.IN_PROGRESS,
      select: { id: true, status: true, assignedAt: true, deadlineAt: true, resolvedAt: true },
    });
    const matching = onlyRed ? candidates : candidates.filter((c) => levels.has(clockOf(c, at, config).level));
    total = matching.length;
    ids = matching.slice(paging.skip, paging.skip + paging.take).map((c) => c.id);
  } else {
    total = statuses.reduce((sum, s) => sum + statusCounts[s], 0);
    let skip = paging.skip;
    let take = paging.take;
    for (const status of statuses) {
      const count = statusCounts[status];
      if (take <= 0) break;
      if (skip >= count) {
        skip -= count;
        continue;
      }
      const page = await prisma.problem.findMany({ where: { AND: [base, { status }] }, orderBy: SEGMENT_ORDER[status], skip, take, select: { id: true } });
      ids.push(...page.map((p) => p.id));
      take -= page.length;
      skip = 0;
    }
  }

  const found = ids.length ? await prisma.problem.findMany({ where: { id: { in: ids } }, select: ROW_SELECT }) : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows = ids.map((id) => byId.get(id)).filter((r): r is RowData => !!r).map((r) => rowView(r, at, config));

  const summary = paging.byDepartment !== false && hasPermission(user, "pipeline:read");
  return { total, rows, statusCounts, overdue, byDepartment: summary ? await departmentSummary(base, overdueWhere) : null };
}

async function departmentSummary(base: Where, overdueWhere: Where): Promise<DepartmentSummary[]> {
  const [grouped, overdue, departments] = await Promise.all([
    prisma.problem.groupBy({ by: ["departmentId", "status"], where: base, _count: { _all: true } }),
    prisma.problem.groupBy({ by: ["departmentId"], where: { AND: [base, overdueWhere] }, _count: { _all: true } }),
    prisma.department.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
  ]);
  const lines = new Map<string | null, DepartmentSummary>();
  const line = (departmentId: string | null) => {
    let l = lines.get(departmentId);
    if (!l) {
      l = { departmentId, name: departmentId ? (departments.find((d) => d.id === departmentId)?.name ?? "") : t("problems.unassigned"), pending: 0, inProgress: 0, overdue: 0, resolved: 0, closed: 0 };
      lines.set(departmentId, l);
    }
    return l;
  };
  const field: Record<ProblemStatus, "pending" | "inProgress" | "resolved" | "closed"> = { PENDING: "pending", IN_PROGRESS: "inProgress", RESOLVED: "resolved", CLOSED: "closed" };
  for (const g of grouped) if (isProblemStatus(g.status)) line(g.departmentId)[field[g.status]] += g._count._all;
  for (const g of overdue) line(g.departmentId).overdue += g._count._all;
  const order = (id: string | null) => (id === null ? -1 : departments.findIndex((d) => d.id === id));
  return [...lines.values()].sort((a, b) => b.overdue - a.overdue || order(a.departmentId) - order(b.departmentId));
}

/** The filter bar's choices: regions in the user's scope, departments, categories. */
export async function problemListOptions(user: SessionUser) {
  const scope = await regionScope(user);
  const [regions, departments] = await Promise.all([
    hasPermission(user, "pipeline:read")
      ? prisma.region.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true, level: true } })
      : Promise.resolve([]),
    prisma.department.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
  ]);
  return {
    regions: regions.filter((r) => r.level !== "CITY" && (scope === null || scope.includes(r.id))).map((r) => ({ value: r.id, label: r.name })),
    departments: departments.map((d) => ({ value: d.id, label: d.name })),
    /** Department staff: the name of their own department (their inbox). */
    ownDepartment: user.role === "DEPT_STAFF" ? (departments.find((d) => d.id === user.departmentId)?.name ?? null) : null,
  };
}

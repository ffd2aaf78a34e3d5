// 领导批示 (DESIGN §2 四个亲自 / 领导包抓, §4 Instruction, §7.2; issue 4 §8): a leader writes an
// instruction on a project or on one of its problems, to named recipients, with a reply
// deadline in 工作日 (the mechanism's instructionReplyWorkdays unless the leader sets a day).
// It stays open — at the top of the project page and on each recipient's 工作台 — until every
// recipient has replied. Only leaders write (instruction:write); only recipients reply.
//
// Who may receive one: the people who can see what it is about — city officers, the county
// officers and leaders whose region holds the project's, and, for an instruction on a problem,
// the staff of the department the problem is assigned to.
import { instructionClock, instructionReplyDeadline, unansweredRecipients } from "#app/domain/instructions";
import { regionLineage } from "#app/domain/projects";
import { isRole } from "#app/domain/roles";
import { type WarningLevel } from "#app/domain/warnings";
import { isLaterDay, shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { getMechanism } from "#app/models/mechanism.server";
import { runAlertsFor } from "#app/models/alerts.server";
import { problemScopeWhere } from "#app/models/problem.server";
import { WRITE_TX_OPTIONS, projectScopeWhere, type ProjectDetail } from "#app/models/project.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type FieldErrors } from "#app/schemas/project";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { formatDateTimeShort } from "#app/utils/datetime";
import { num, Prisma, prisma, type DbTx } from "#app/utils/db.server";
import { forbidden, hasPermission, notFound, regionTree, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";

type Where = Prisma.InstructionWhereInput;

// ───────────────────────────── scope ─────────────────────────────

/**
 * Instructions the user may read: on a project in their scope, on a problem they may see
 * (department staff), or addressed to them. Roles that see no business data get 403.
 */
async function instructionScopeWhere(user: SessionUser): Promise<Where> {
  const or: Where[] = [{ recipients: { some: { userId: user.id } }, project: { deletedAt: null } }];
  if (hasPermission(user, "pipeline:read")) or.push({ project: await projectScopeWhere(user) });
  else if (hasPermission(user, "problem:handle")) or.push({ problem: await problemScopeWhere(user) });
  else throw forbidden();
  return { deletedAt: null, OR: or };
}

// ───────────────────────────── recipients ─────────────────────────────

type Person = { id: string; displayName: string; title: string | null; role: string; regionId: string | null; departmentId: string | null; disabled: boolean };
type Subject = { regionId: string; problemDepartmentId: string | null };

/** Whether a person may receive an instruction on this project (or problem): they can see it. */
function canReceive(person: Person, subject: Subject, lineage: readonly string[]): boolean {
  if (person.disabled) return false;
  switch (person.role) {
    case "CITY_OFFICER":
      return true;
    case "COUNTY_OFFICER":
    case "LEADER":
      return person.regionId !== null && lineage.includes(person.regionId);
    case "DEPT_STAFF":
      return subject.problemDepartmentId !== null && person.departmentId === subject.problemDepartmentId;
    default:
      return false;
  }
}

export type RecipientOption = { id: string; label: string; group: string };

async function eligiblePeople(subject: Subject, excludeId: string | null, db: DbTx = prisma): Promise<Person[]> {
  const department = subject.problemDepartmentId ? Prisma.sql` OR (u."role" = 'DEPT_STAFF' AND u."departmentId" = ${subject.problemDepartmentId})` : Prisma.empty;
  const [regions, people] = await Promise.all([
    regionTree(db),
    db.$queryRaw<Person[]>`
      SELECT u."id" AS "id", u."displayName" AS "displayName", u."title" AS "title", u."role" AS "role", u."regionId" AS "regionId",
             u."departmentId" AS "departmentId", u."disabled" AS "disabled"
      FROM "User" u
      WHERE u."disabled" = FALSE AND (u."role" IN ('CITY_OFFICER', 'COUNTY_OFFICER', 'LEADER')${department})
      ORDER BY u."displayName" ASC`,
  ]);
  const lineage = regionLineage(subject.regionId, regions);
  return people.filter((p) => p.id !== excludeId && canReceive(p, subject, lineage));
}

const ROLE_ORDER = ["COUNTY_OFFICER", "CITY_OFFICER", "DEPT_STAFF", "LEADER"];

function recipientOptions(people: Person[]): RecipientOption[] {
  return [...people]
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.displayName.localeCompare(b.displayName, "zh-CN"))
    .map((p) => ({ id: p.id, label: p.title ? `${p.displayName}（${p.title}）` : p.displayName, group: isRole(p.role) ? t(`roles.${p.role}`) : p.role }));
}

// ───────────────────────────── writes ─────────────────────────────

export type InstructionInput = { text: string; recipientIds: string[]; replyDueAt?: Date | null; problemId?: string | null };
export type InstructionWriteResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };

const INSTRUCTION_AUDIT_SELECT = {
  id: true,
  projectId: true,
  problemId: true,
  leaderId: true,
  text: true,
  issuedAt: true,
  replyDueAt: true,
  deletedAt: true,
  version: true,
  recipients: { select: { userId: true, repliedAt: true }, orderBy: { userId: "asc" } },
} as const satisfies Prisma.InstructionSelect;

async function instructionImage(id: string, db: DbTx) {
  return db.instruction.findUnique({ where: { id }, select: INSTRUCTION_AUDIT_SELECT });
}

/**
 * A leader's 批示 on a project (or, with problemId, on one of its problems). The project must be
 * in the leader's scope; recipients must be able to see what it is about. The recipients are
 * notified in the same transaction.
 */
export async function createInstruction(user: SessionUser, projectId: string, input: InstructionInput, meta?: RequestMeta): Promise<InstructionWriteResult> {
  requirePermission(user, "instruction:write");
  const project = await prisma.project.findFirst({ where: { AND: [{ id: projectId }, await projectScopeWhere(user)] }, select: { id: true, regionId: true } });
  if (!project) throw notFound();
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const problemId = input.problemId?.trim() || null;
  const problem = problemId
    ? await prisma.problem.findFirst({ where: { id: problemId, projectId, deletedAt: null }, select: { id: true, code: true, title: true, departmentId: true } })
    : null;
  if (problemId && !problem) throw notFound();
  const text = input.text.trim();
  if (!text) add("text", t("problems.instructionTextRequired"));
  const ids = [...new Set(input.recipientIds.map((id) => id.trim()).filter(Boolean))];
  if (ids.length === 0) add("recipientIds", t("problems.instructionRecipientsRequired"));
  const eligible = new Set((await eligiblePeople({ regionId: project.regionId, problemDepartmentId: problem?.departmentId ?? null }, user.id)).map((p) => p.id));
  const refused = ids.filter((id) => !eligible.has(id));
  if (refused.length) {
    const names = await prisma.user.findMany({ where: { id: { in: refused } }, select: { displayName: true } });
    add("recipientIds", t("problems.instructionRecipientInvalid", { names: names.map((n) => n.displayName).join("、") || refused.length }));
  }
  const at = now();
  const config = await getMechanism();
  if (input.replyDueAt && isLaterDay(at, input.replyDueAt)) add("replyDueAt", t("problems.replyDueInPast"));
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  return prisma.$transaction(async (tx) => {
    const created = await tx.instruction.create({
      data: {
        projectId,
        problemId,
        leaderId: user.id,
        text,
        issuedAt: at,
        replyDueAt: instructionReplyDeadline(at, config, input.replyDueAt),
        recipients: { create: ids.map((userId) => ({ userId })) },
      },
      select: { id: true },
    });
    await writeAudit({ actor: user, action: "CREATE", entity: "Instruction", entityId: created.id, after: await instructionImage(created.id, tx), detail: `project=${projectId}${problemId ? ` problem=${problemId}` : ""}`, meta }, tx);
    // The recipients hear of it (批示 notice) in the same transaction.
    await runAlertsFor(projectId, { db: tx, now: at });
    return { ok: true as const, id: created.id };
  }, WRITE_TX_OPTIONS);
}

/**
 * A recipient's reply. The first reply of each recipient marks them answered; the instruction
 * closes when every recipient has. Someone who may read it but is not a recipient gets 403.
 */
export async function replyToInstruction(user: SessionUser, instructionId: string, text: string, meta?: RequestMeta): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const row = await prisma.instruction.findFirst({ where: { AND: [{ id: instructionId }, await instructionScopeWhere(user)] }, select: { id: true, recipients: { where: { userId: user.id }, select: { userId: true } } } });
  if (!row) throw notFound();
  if (row.recipients.length === 0) throw forbidden();
  const body = text.trim();
  if (!body) return { ok: false, errors: { text: [t("problems.replyTextRequired")] } };
  const at = now();
  await prisma.$transaction(async (tx) => {
    const before = await instructionImage(instructionId, tx);
    const reply = await tx.instructionReply.create({ data: { instructionId, authorId: user.id, text: body, createdAt: at }, select: { id: true, instructionId: true, authorId: true, text: true, createdAt: true } });
    await tx.instructionRecipient.updateMany({ where: { instructionId, userId: user.id, repliedAt: null }, data: { repliedAt: at } });
    await writeAudit({ actor: user, action: "CREATE", entity: "InstructionReply", entityId: reply.id, after: reply, detail: `instruction=${instructionId}`, meta }, tx);
    await writeAudit({ actor: user, action: "UPDATE", entity: "Instruction", entityId: instructionId, before, after: await instructionImage(instructionId, tx), detail: "REPLY", meta }, tx);
  }, WRITE_TX_OPTIONS);
  return { ok: true };
}

// ───────────────────────────── reading ─────────────────────────────

export type InstructionView = {
  id: string;
  text: string;
  leader: string;
  issuedAt: string;
  replyDue: string;
  open: boolean;
  level: WarningLevel;
  overdue: boolean;
  daysLeft: number;
  problem: { id: string; code: string; title: string } | null;
  recipients: { id: string; name: string; replied: boolean; repliedAt: string | null }[];
  replies: { id: string; author: string | null; at: string; text: string }[];
  /** The user is a recipient (and may reply). */
  isRecipient: boolean;
  /** The user is a recipient who has not replied yet. */
  awaitingMyReply: boolean;
};

const VIEW_SELECT = {
  id: true,
  text: true,
  issuedAt: true,
  replyDueAt: true,
  leader: { select: { displayName: true, title: true } },
  problem: { select: { id: true, code: true, title: true } },
  recipients: { select: { userId: true, repliedAt: true, user: { select: { displayName: true } } } },
  replies: { orderBy: { createdAt: "asc" }, select: { id: true, text: true, createdAt: true, author: { select: { displayName: true } } } },
} as const satisfies Prisma.InstructionSelect;

function view(row: ViewRow, user: SessionUser, at: Date, config: MechanismConfig): InstructionView {
  const snapshots = row.recipients.map((r) => ({ recipientId: r.userId, repliedAt: r.repliedAt }));
  const clock = instructionClock({ issuedAt: row.issuedAt, replyDueAt: row.replyDueAt, recipients: snapshots, now: at, config });
  const mine = row.recipients.find((r) => r.userId === user.id);
  return {
    id: row.id,
    text: row.text,
    leader: row.leader.title ? `${row.leader.displayName}（${row.leader.title}）` : row.leader.displayName,
    issuedAt: formatDateTimeShort(row.issuedAt),
    replyDue: shanghaiDay(row.replyDueAt),
    open: unansweredRecipients(snapshots).length > 0,
    level: clock.level,
    overdue: clock.overdue,
    daysLeft: clock.daysLeft,
    problem: row.problem,
    recipients: row.recipients
      .map((r) => ({ id: r.userId, name: r.user.displayName, replied: r.repliedAt !== null, repliedAt: r.repliedAt ? formatDateTimeShort(r.repliedAt) : null }))
      .sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
    replies: row.replies.map((r) => ({ id: r.id, author: r.author?.displayName ?? null, at: formatDateTimeShort(r.createdAt), text: r.text })),
    isRecipient: mine !== undefined,
    awaitingMyReply: mine !== undefined && mine.repliedAt === null,
  };
}

/** Open ones first (mine to answer on top), then newest first. */
function byOpenThenNewest(a: InstructionView & { sortAt: number }, b: InstructionView & { sortAt: number }): number {
  return Number(b.awaitingMyReply) - Number(a.awaitingMyReply) || Number(b.open) - Number(a.open) || b.sortAt - a.sortAt;
}

type ViewRow = Prisma.InstructionGetPayload<{ select: typeof VIEW_SELECT }>;

/**
 * The instructions on one project or one problem as VIEW_SELECT reads them, in at most three
 * statements through $queryRaw (ADR 014): the project page shows this panel on every visit.
 * The caller has checked that the user may see the subject, which lets them read every
 * instruction on it (instructionScopeWhere).
 */
async function subjectViewRows(subject: { projectId: string } | { problemId: string }): Promise<ViewRow[]> {
  const on = "projectId" in subject ? Prisma.sql`i."projectId" = ${subject.projectId}` : Prisma.sql`i."problemId" = ${subject.problemId}`;
  const rows = await prisma.$queryRaw<
    { id: string; text: string; issuedAt: Date; replyDueAt: Date; leaderName: string; leaderTitle: string | null; problemId: string | null; problemCode: string | null; problemTitle: string | null }[]
  >`
    SELECT i."id" AS "id", i."text" AS "text", i."issuedAt" AS "issuedAt", i."replyDueAt" AS "replyDueAt", l."displayName" AS "leaderName", l."title" AS "leaderTitle",
           pr."id" AS "problemId", pr."code" AS "problemCode", pr."title" AS "problemTitle"
    FROM "Instruction" i JOIN "User" l ON l."id" = i."leaderId" LEFT JOIN "Problem" pr ON pr."id" = i."problemId"
    WHERE i."deletedAt" IS NULL AND ${on}
    ORDER BY i."issuedAt" DESC
    LIMIT 200`;
  if (rows.length === 0) return [];
  const ids = Prisma.join(rows.map((r) => r.id));
  const [recipients, replies] = await Promise.all([
    prisma.$queryRaw<{ instructionId: string; userId: string; repliedAt: Date | null; name: string }[]>`
      SELECT r."instructionId" AS "instructionId", r."userId" AS "userId", r."repliedAt" AS "repliedAt", u."displayName" AS "name"
      FROM "InstructionRecipient" r JOIN "User" u ON u."id" = r."userId" WHERE r."instructionId" IN (${ids})`,
    prisma.$queryRaw<{ id: string; instructionId: string; text: string; createdAt: Date; author: string | null }[]>`
      SELECT x."id" AS "id", x."instructionId" AS "instructionId", x."text" AS "text", x."createdAt" AS "createdAt", a."displayName" AS "author"
      FROM "InstructionReply" x LEFT JOIN "User" a ON a."id" = x."authorId" WHERE x."instructionId" IN (${ids})
      ORDER BY x."createdAt" ASC, x."id" ASC`,
  ]);
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    issuedAt: r.issuedAt,
    replyDueAt: r.replyDueAt,
    leader: { displayName: r.leaderName, title: r.leaderTitle },
    problem: r.problemId ? { id: r.problemId, code: r.problemCode!, title: r.problemTitle! } : null,
    recipients: recipients.filter((x) => x.instructionId === r.id).map((x) => ({ userId: x.userId, repliedAt: x.repliedAt, user: { displayName: x.name } })),
    replies: replies.filter((x) => x.instructionId === r.id).map((x) => ({ id: x.id, text: x.text, createdAt: x.createdAt, author: x.author === null ? null : { displayName: x.author } })),
  }));
}

async function listViews(user: SessionUser, subject: { projectId: string } | { problemId: string }): Promise<InstructionView[]> {
  const [rows, config] = await Promise.all([subjectViewRows(subject), getMechanism()]);
  const at = now();
  return rows
    .map((r) => ({ ...view(r, user, at, config), sortAt: r.issuedAt.getTime() }))
    .sort(byOpenThenNewest)
    .map(({ sortAt: _sortAt, ...v }) => v);
}

export type InstructionForm = { recipients: RecipientOption[]; defaultReplyDue: string; replyWorkdays: number; today: string; problemId: string | null };

async function instructionForm(user: SessionUser, subject: Subject, problemId: string | null): Promise<InstructionForm | null> {
  if (!hasPermission(user, "instruction:write")) return null;
  const [people, config] = await Promise.all([eligiblePeople(subject, user.id), getMechanism()]);
  const at = now();
  return {
    recipients: recipientOptions(people),
    defaultReplyDue: shanghaiDay(instructionReplyDeadline(at, config)),
    replyWorkdays: config.instructionReplyWorkdays,
    today: shanghaiDay(at),
    problemId,
  };
}

export type InstructionsPanelData = {
  projectId: string;
  items: InstructionView[];
  openCount: number;
  /** The leader's form; null for everyone else. */
  form: InstructionForm | null;
};

/**
 * A project's instructions (on the project and on its problems) for the top of its page: open
 * ones first. `project` is the page's project as getProjectForUser loaded it, which has
 * checked the user's scope (404 otherwise).
 */
export async function listInstructionsForProject(user: SessionUser, project: Pick<ProjectDetail, "id" | "regionId">): Promise<InstructionsPanelData> {
  const items = await listViews(user, { projectId: project.id });
  return {
    projectId: project.id,
    items,
    openCount: items.filter((i) => i.open).length,
    form: await instructionForm(user, { regionId: project.regionId, problemDepartmentId: null }, null),
  };
}

/** The instructions on one problem, for the problem page (which has checked the user may see the problem). */
export async function listInstructionsForProblem(
  user: SessionUser,
  problem: { id: string; projectId: string; departmentId: string | null },
): Promise<InstructionsPanelData> {
  const items = await listViews(user, { problemId: problem.id });
  const project = await prisma.project.findUnique({ where: { id: problem.projectId }, select: { regionId: true } });
  return {
    projectId: problem.projectId,
    items,
    openCount: items.filter((i) => i.open).length,
    form: project ? await instructionForm(user, { regionId: project.regionId, problemDepartmentId: problem.departmentId }, problem.id) : null,
  };
}

/** One instruction for its own page (/instructions/:id); 404 when not the user's to read. */
export async function getInstructionForUser(user: SessionUser, id: string): Promise<InstructionView & { project: { id: string; code: string; name: string } }> {
  const row = await prisma.instruction.findFirst({
    where: { AND: [{ id }, await instructionScopeWhere(user)] },
    select: { ...VIEW_SELECT, project: { select: { id: true, code: true, name: true } } },
  });
  if (!row) throw notFound();
  return { ...view(row, user, now(), await getMechanism()), project: row.project };
}

export type OpenInstruction = {
  id: string;
  text: string;
  leader: string;
  issuedAt: string;
  replyDue: string;
  level: WarningLevel;
  overdue: boolean;
  daysLeft: number;
  project: { id: string; code: string; name: string };
  problem: { id: string; code: string; title: string } | null;
  /** Where to read and answer it. */
  href: string;
};

/**
 * The 批示 the user still has to answer, for the 工作台: overdue and nearest deadline first.
 * `total` counts all of them; `items` holds up to `take`.
 */
export async function openInstructionsForUser(user: SessionUser, take = 10): Promise<{ total: number; items: OpenInstruction[] }> {
  // On every officer's and leader's 工作台: SQL through $queryRaw (ADR 014), the names joined in
  // and the total a window count over the same rows, then the recipients of the rows shown.
  type Row = {
    id: string;
    text: string;
    issuedAt: Date;
    replyDueAt: Date;
    leaderName: string;
    leaderTitle: string | null;
    projectId: string;
    projectCode: string;
    projectName: string;
    problemId: string | null;
    problemCode: string | null;
    problemTitle: string | null;
    total: bigint;
  };
  const [rows, config] = await Promise.all([
    prisma.$queryRaw<Row[]>`
      SELECT i."id" AS "id", i."text" AS "text", i."issuedAt" AS "issuedAt", i."replyDueAt" AS "replyDueAt",
             l."displayName" AS "leaderName", l."title" AS "leaderTitle", p."id" AS "projectId", p."code" AS "projectCode", p."name" AS "projectName",
             pr."id" AS "problemId", pr."code" AS "problemCode", pr."title" AS "problemTitle", COUNT(*) OVER () AS "total"
      FROM "Instruction" i
      JOIN "InstructionRecipient" me ON me."instructionId" = i."id" AND me."userId" = ${user.id} AND me."repliedAt" IS NULL
      JOIN "Project" p ON p."id" = i."projectId" AND p."deletedAt" IS NULL
      JOIN "User" l ON l."id" = i."leaderId"
      LEFT JOIN "Problem" pr ON pr."id" = i."problemId"
      WHERE i."deletedAt" IS NULL
      ORDER BY i."replyDueAt" ASC, i."issuedAt" ASC
      LIMIT ${take}`,
    getMechanism(),
  ]);
  const recipients = rows.length
    ? await prisma.$queryRaw<{ instructionId: string; userId: string; repliedAt: Date | null }[]>`
        SELECT r."instructionId" AS "instructionId", r."userId" AS "userId", r."repliedAt" AS "repliedAt"
        FROM "InstructionRecipient" r WHERE r."instructionId" IN (${Prisma.join(rows.map((r) => r.id))})`
    : [];
  const at = now();
  return {
    total: num(rows[0]?.total),
    items: rows.map((r) => {
      const snapshots = recipients.filter((x) => x.instructionId === r.id).map((x) => ({ recipientId: x.userId, repliedAt: x.repliedAt }));
      const clock = instructionClock({ issuedAt: r.issuedAt, replyDueAt: r.replyDueAt, recipients: snapshots, now: at, config });
      return {
        id: r.id,
        text: r.text,
        leader: r.leaderTitle ? `${r.leaderName}（${r.leaderTitle}）` : r.leaderName,
        issuedAt: formatDateTimeShort(r.issuedAt),
        replyDue: shanghaiDay(r.replyDueAt),
        level: clock.level,
        overdue: clock.overdue,
        daysLeft: clock.daysLeft,
        project: { id: r.projectId, code: r.projectCode, name: r.projectName },
        problem: r.problemId ? { id: r.problemId, code: r.problemCode!, title: r.problemTitle! } : null,
        href: `/instructions/${r.id}`,
      };
    }),
  };
}

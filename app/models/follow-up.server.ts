// 跟进记录 (DESIGN §2, §4): who talked to the investor, when and how, which leaders took part in
// which 四个亲自 capacity, and what comes next. Scope is the project's: a follow-up of a project
// the user cannot see answers 404. Each write keeps Project.lastFollowUpAt (the follow-up
// cadence clock of app/domain/warnings.ts) equal to the latest follow-up's date.
import { canJoinProject, canLeadProject, canOfficeProject, type Capacity, type FollowUpKind } from "#app/domain/projects";
import { isLaterDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { WRITE_TX_OPTIONS, projectScopeWhere } from "#app/models/project.server";
import { type FieldErrors } from "#app/schemas/project";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { Prisma, prisma, type DbTx } from "#app/utils/db.server";
import { notFound, regionTree, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export type FollowUpInput = {
  kind: FollowUpKind;
  date: Date;
  summary: string;
  nextAction?: string | null;
  nextActionDue?: Date | null;
  /** Users who took part; a leader may carry the capacity of 四个亲自 they acted in. */
  participants: { userId: string; capacity?: Capacity | null }[];
};

export type FollowUpWriteResult = { ok: true; id: string; version: number } | { ok: false; errors: FieldErrors };

const AUDIT_SELECT = {
  id: true,
  projectId: true,
  kind: true,
  date: true,
  summary: true,
  nextAction: true,
  nextActionDue: true,
  createdById: true,
  deletedAt: true,
  version: true,
  participants: { select: { userId: true, capacity: true }, orderBy: { userId: "asc" } },
} as const;

async function image(id: string, db: DbTx) {
  return db.followUp.findUnique({ where: { id }, select: AUDIT_SELECT });
}

/** The project, if the user may see it; 404 otherwise. */
async function projectInScope(user: SessionUser, projectId: string) {
  const project = await prisma.project.findFirst({ where: { AND: [{ id: projectId }, await projectScopeWhere(user)] }, select: { id: true } });
  if (!project) throw notFound();
  return project;
}

/** The follow-up, if its project is one the user may see (and neither is deleted); 404 otherwise. */
async function followUpInScope(user: SessionUser, id: string) {
  const row = await prisma.followUp.findFirst({
    where: { id, deletedAt: null, project: await projectScopeWhere(user) },
    select: AUDIT_SELECT,
  });
  if (!row) throw notFound();
  return row;
}

async function validate(input: FollowUpInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (!input.summary.trim()) add("summary", t("projects.summaryRequired"));
  if (Number.isNaN(input.date.getTime())) add("date", t("projects.dateInvalid"));
  else if (isLaterDay(input.date, now())) add("date", t("pipeline.dateInFuture"));
  if (input.nextActionDue && input.nextActionDue.getTime() < input.date.getTime()) add("nextActionDue", t("projects.dueBeforeDate"));

  const ids = [...new Set(input.participants.map((p) => p.userId))];
  if (ids.length) {
    const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, role: true, regionId: true, disabled: true, displayName: true } });
    const bad = ids.filter((id) => {
      const u = users.find((x) => x.id === id);
      return !u || u.disabled || !canJoinProject(u);
    });
    if (bad.length) add("participantIds", t("projects.participantInvalid", { names: bad.map((id) => users.find((u) => u.id === id)?.displayName ?? id).join("、") }));
    const capacityOfNonLeader = input.participants.some((p) => p.capacity && users.find((u) => u.id === p.userId)?.role !== "LEADER");
    if (capacityOfNonLeader) add("capacities", t("projects.capacityLeaderOnly"));
  }
  return errors;
}

function participantRows(input: FollowUpInput) {
  const seen = new Set<string>();
  return input.participants
    .filter((p) => !seen.has(p.userId) && seen.add(p.userId))
    .map((p) => ({ userId: p.userId, capacity: p.capacity ?? null }));
}

function fields(input: FollowUpInput) {
  return {
    kind: input.kind,
    date: input.date,
    summary: input.summary.trim(),
    nextAction: input.nextAction?.trim() || null,
    nextActionDue: input.nextActionDue ?? null,
  };
}

/** Project.lastFollowUpAt := the latest date among its follow-ups that are not deleted. */
async function refreshLastFollowUp(projectId: string, tx: DbTx) {
  const latest = await tx.followUp.findFirst({ where: { projectId, deletedAt: null }, orderBy: { date: "desc" }, select: { date: true } });
  // Not a version bump: the date is derived, and an officer's open edit form must not go stale
  // because a colleague logged a visit.
  await tx.project.update({ where: { id: projectId }, data: { lastFollowUpAt: latest?.date ?? null } });
}

export async function createFollowUp(user: SessionUser, projectId: string, input: FollowUpInput, meta?: RequestMeta): Promise<FollowUpWriteResult> {
  requirePermission(user, "pipeline:write");
  await projectInScope(user, projectId);
  const errors = await validate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return prisma.$transaction(async (tx) => {
    const created = await tx.followUp.create({
      data: { ...fields(input), projectId, createdById: user.id, participants: { create: participantRows(input) } },
      select: { id: true, version: true },
    });
    await refreshLastFollowUp(projectId, tx);
    await writeAudit({ actor: user, action: "CREATE", entity: "FollowUp", entityId: created.id, after: await image(created.id, tx), detail: projectId, meta }, tx);
    return { ok: true as const, id: created.id, version: created.version };
  }, WRITE_TX_OPTIONS);
}

export async function updateFollowUp(user: SessionUser, id: string, version: number, input: FollowUpInput, meta?: RequestMeta): Promise<FollowUpWriteResult> {
  requirePermission(user, "pipeline:write");
  const before = await followUpInScope(user, id);
  if (before.version !== version) throw new VersionConflict("FollowUp", before);
  const errors = await validate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.followUp.updateMany({ where: { id, version, deletedAt: null }, data: { ...fields(input), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("FollowUp", await image(id, tx));
    await tx.followUpParticipant.deleteMany({ where: { followUpId: id } });
    await tx.followUpParticipant.createMany({ data: participantRows(input).map((p) => ({ ...p, followUpId: id })) });
    await refreshLastFollowUp(before.projectId, tx);
    const after = await image(id, tx);
    await writeAudit({ actor: user, action: "UPDATE", entity: "FollowUp", entityId: id, before, after, detail: before.projectId, meta }, tx);
    return { ok: true as const, id, version: after?.version ?? version + 1 };
  }, WRITE_TX_OPTIONS);
}

/** Soft delete; the project's last follow-up date falls back to the one before. */
export async function deleteFollowUp(user: SessionUser, id: string, meta?: RequestMeta): Promise<void> {
  requirePermission(user, "pipeline:write");
  const before = await followUpInScope(user, id);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.followUp.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: now(), version: { increment: 1 } } });
    if (count === 0) throw notFound();
    await refreshLastFollowUp(before.projectId, tx);
    await writeAudit({ actor: user, action: "DELETE", entity: "FollowUp", entityId: id, before, after: await image(id, tx), detail: before.projectId, meta }, tx);
  }, WRITE_TX_OPTIONS);
}

export type FollowUpView = {
  id: string;
  kind: string;
  date: Date;
  summary: string;
  nextAction: string | null;
  nextActionDue: Date | null;
  createdAt: Date;
  version: number;
  author: string | null;
  participants: { userId: string; displayName: string; title: string | null; role: string; capacity: string | null }[];
};

type FollowUpRow = Omit<FollowUpView, "participants">;
type ParticipantRow = FollowUpView["participants"][number] & { followUpId: string };

/**
 * A project's follow-ups, newest first. The caller has checked that the user may see the
 * project (getProjectForUser); this lists nothing else. Raw SQL: the 跟进 tab and the timeline
 * read it on every view, and Prisma's query compiler costs more than these two statements.
 */
export async function listFollowUpsForProject(projectId: string, take = 200): Promise<FollowUpView[]> {
  const [rows, participants] = await Promise.all([
    prisma.$queryRaw<FollowUpRow[]>(Prisma.sql`
      SELECT f."id" AS "id", f."kind" AS "kind", f."date" AS "date", f."summary" AS "summary", f."nextAction" AS "nextAction",
        f."nextActionDue" AS "nextActionDue", f."createdAt" AS "createdAt", f."version" AS "version", a."displayName" AS "author"
      FROM "FollowUp" f LEFT JOIN "User" a ON a."id" = f."createdById"
      WHERE f."projectId" = ${projectId} AND f."deletedAt" IS NULL
      ORDER BY f."date" DESC, f."createdAt" DESC
      LIMIT ${take}`),
    // Of all the project's follow-ups; those beyond `take` find no row below.
    prisma.$queryRaw<ParticipantRow[]>(Prisma.sql`
      SELECT fp."followUpId" AS "followUpId", fp."userId" AS "userId", fp."capacity" AS "capacity",
        u."displayName" AS "displayName", u."title" AS "title", u."role" AS "role"
      FROM "FollowUpParticipant" fp
      JOIN "FollowUp" f ON f."id" = fp."followUpId"
      JOIN "User" u ON u."id" = fp."userId"
      WHERE f."projectId" = ${projectId} AND f."deletedAt" IS NULL`),
  ]);
  const byFollowUp = new Map<string, FollowUpView["participants"]>();
  for (const { followUpId, ...p } of participants) {
    const list = byFollowUp.get(followUpId);
    if (list) list.push(p);
    else byFollowUp.set(followUpId, [p]);
  }
  return rows.map((r) => ({
    ...r,
    participants: (byFollowUp.get(r.id) ?? [])
      // Leaders first, as a 通报 lists them.
      .sort((a, b) => Number(b.role === "LEADER") - Number(a.role === "LEADER") || a.displayName.localeCompare(b.displayName, "zh-CN")),
  }));
}

/**
 * Who the follow-up form offers as participants for a project: leaders who may lead it
 * (its region's and the city's), officers who may run it, its 专班 and liaisons, and anyone
 * already on the follow-up being edited. Leaders first.
 */
export async function followUpParticipantOptions(project: { regionId: string; members: { user: { id: string } }[] }, alsoIds: string[] = []) {
  const memberIds = new Set([...project.members.map((m) => m.user.id), ...alsoIds]);
  const [regions, users] = await Promise.all([
    regionTree(),
    prisma.$queryRaw<{ id: string; displayName: string; title: string | null; role: string; regionId: string | null }[]>(Prisma.sql`
      SELECT u."id" AS "id", u."displayName" AS "displayName", u."title" AS "title", u."role" AS "role", u."regionId" AS "regionId"
      FROM "User" u
      WHERE (u."disabled" = FALSE AND u."role" IN ('LEADER', 'CITY_OFFICER', 'COUNTY_OFFICER'))${memberIds.size ? Prisma.sql` OR u."id" IN (${Prisma.join([...memberIds])})` : Prisma.empty}
      ORDER BY u."displayName" ASC`),
  ]);
  const rank = (role: string) => (role === "LEADER" ? 0 : role === "CITY_OFFICER" || role === "COUNTY_OFFICER" ? 1 : 2);
  return users
    .filter((u) => memberIds.has(u.id) || canLeadProject(u, project.regionId, regions) || canOfficeProject(u, project.regionId))
    .sort((a, b) => rank(a.role) - rank(b.role) || a.displayName.localeCompare(b.displayName, "zh-CN"))
    .map(({ id, displayName, title, role }) => ({ id, displayName, title, role }));
}

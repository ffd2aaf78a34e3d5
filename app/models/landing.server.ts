// What the three landing models (contracts, milestones, funds in place) share: finding the
// project within the user's scope, serialising writes of one project, and the refusal that
// rolls a transaction back when a rule can only be judged on the records as they will be.
import { checkProjectDates, isStageCode, type StageCode, type StageFieldValues } from "#app/domain/stages";
import { t } from "#app/i18n";
import { projectScopeWhere } from "#app/models/project.server";
import { type FieldErrors } from "#app/schemas/project";
import { now } from "#app/utils/clock";
import { prisma, type DbTx } from "#app/utils/db.server";
import { notFound, type SessionUser } from "#app/utils/permissions.server";
import { projectFieldLabel } from "#app/utils/project-display";

/** Thrown inside a write transaction to roll it back; the model answers `{ ok: false, errors }`. */
export class LandingRefusal extends Error {
  constructor(readonly errors: FieldErrors) {
    super("refused");
  }
}

export const LANDING_PROJECT_SELECT = {
  id: true,
  regionId: true,
  stage: true,
  resumeStage: true,
  version: true,
  plannedInvestment: true,
  keyManual: true,
  firstContactAt: true,
  signedAt: true,
  contractAmount: true,
  contractType: true,
  startedAt: true,
  completedAt: true,
  producedAt: true,
  nature: true,
  chainId: true,
  leadLeaderId: true,
  officerId: true,
  responsibleUnit: true,
  expectedJobs: true,
  expectedOutput: true,
  expectedTax: true,
} as const;

/** The `where` of a project the user may see, by id. */
export async function projectInScopeWhere(user: SessionUser, projectId: string) {
  return { AND: [{ id: projectId }, await projectScopeWhere(user)] };
}

/** 404 unless the project exists, is not deleted and is in the user's scope. */
export async function requireProjectInScope(user: SessionUser, projectId: string): Promise<{ id: string; stage: StageCode }> {
  const project = await prisma.project.findFirst({ where: await projectInScopeWhere(user, projectId), select: { id: true, stage: true } });
  if (!project || !isStageCode(project.stage)) throw notFound();
  return project as { id: string; stage: StageCode };
}

/**
 * Takes the project's row lock at the start of a landing write (a no-op update: PostgreSQL
 * locks the row, SQLite takes the write lock), so two writes of one project's contracts or
 * milestones recompute the project from each other's results instead of racing. Returns the
 * project as it stands; 404 when it went away.
 */
export async function lockProjectForLanding(tx: DbTx, projectId: string) {
  const { count } = await tx.project.updateMany({ where: { id: projectId, deletedAt: null }, data: { updatedAt: now() } });
  if (count === 0) throw notFound();
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: LANDING_PROJECT_SELECT });
  if (!isStageCode(project.stage)) throw notFound();
  return project as typeof project & { stage: StageCode };
}

/**
 * Date incoherences (DESIGN §3: 开工 not before 签约 …) that `next` has and `current` had not,
 * as sentences naming the field: what a landing write would break. Old incoherent data does
 * not block an unrelated write.
 */
export function newDateErrors(current: StageFieldValues, next: StageFieldValues): string[] {
  const key = (e: { field: string; message: string }) => `${e.field}|${e.message}`;
  const before = new Set(checkProjectDates(current, now()).map(key));
  return checkProjectDates(next, now())
    .filter((e) => !before.has(key(e)))
    .map((e) => `${projectFieldLabel(e.field)}${t(e.message, e.params)}`);
}

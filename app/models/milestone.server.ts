// 落地节点 (DESIGN §4 Milestone, issue 4 §4): registered (with the new local company's 统一社会
// 信用代码), site delivered, started, completed, producing, at capacity — each planned and
// actual, one row per kind and project. Milestones and landing stages are one truth, kept in
// the transaction of whichever side is written:
//   · an actual 开工/建成/投产 date is Project.startedAt/completedAt/producedAt, and the stage the
//     actual dates reach (stageReachedByMilestones) is entered when the ladder rules allow;
//   · a stage move that sets one of those dates records the milestone (milestonesFollowStageMove),
//     and entering 达效 records the 达产 date when none was.
import { MILESTONE_KINDS, MILESTONE_PROJECT_FIELD, isMilestoneKind, milestoneLabelKey, type MilestoneKind } from "#app/domain/contract-performance";
import { MIRRORED_KINDS, isMirroredKind, stageReachedByMilestones } from "#app/domain/landing-truth";
import { clearedHeldFields, heldFields } from "#app/domain/projects";
import {
  fieldLabelKey,
  isKeyProject,
  isLadderStage,
  isStageCode,
  planTransition,
  stageDefinition,
  stageLabelKey,
  type LadderStage,
  type StageField,
  type StageFieldValues,
} from "#app/domain/stages";
import { parseUscc } from "#app/domain/uscc";
import { isLaterDay, startOfShanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { LandingRefusal, lockProjectForLanding, newDateErrors, projectInScopeWhere } from "#app/models/landing.server";
import { getMechanism } from "#app/models/mechanism.server";
import { WRITE_TX_OPTIONS, projectImage } from "#app/models/project.server";
import { type FieldErrors } from "#app/schemas/project";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { prisma, type DbTx } from "#app/utils/db.server";
import { notFound, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export type MilestoneInput = {
  plannedAt: Date | null;
  actualAt: Date | null;
  /** REGISTERED only: the local company's 统一社会信用代码 and name. */
  localCompanyUscc?: string | null;
  localCompanyName?: string | null;
  note: string | null;
};

export type MilestoneWriteResult =
  | { ok: true; version: number; /** The stage the project entered because of this date, if any. */ movedTo: LadderStage | null; /** Why the stage did not follow, in words. */ stageNote: string | null }
  | { ok: false; errors: FieldErrors };

const MILESTONE_SELECT = {
  id: true,
  projectId: true,
  kind: true,
  plannedAt: true,
  actualAt: true,
  localCompanyUscc: true,
  localCompanyName: true,
  note: true,
  updatedById: true,
  version: true,
} as const;

function milestoneImage(projectId: string, kind: MilestoneKind, db: DbTx) {
  return db.milestone.findUnique({ where: { projectId_kind: { projectId, kind } }, select: MILESTONE_SELECT });
}

function validate(kind: MilestoneKind, input: MilestoneInput): { errors: FieldErrors; uscc: string | null } {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (input.actualAt && isLaterDay(input.actualAt, now())) add("actualAt", t("pipeline.dateInFuture"));
  let uscc: string | null = null;
  const typed = input.localCompanyUscc?.trim() ?? "";
  if (typed && kind === "REGISTERED") {
    const parsed = parseUscc(typed);
    if (parsed.ok) uscc = parsed.value;
    else add("localCompanyUscc", t(parsed.message, parsed.params));
  }
  return { errors, uscc };
}

function ladderOrNull(code: string | null): LadderStage | null {
  return code && isStageCode(code) && isLadderStage(code) ? code : null;
}

/**
 * Records (creates or edits) one milestone of a project. `version` is the one the user saw, or
 * null for a milestone not recorded yet; a stale one throws VersionConflict. Refused with field
 * errors when the actual date would be in the future, clear a date the project's stage holds, or
 * make the project's dates incoherent (开工 before 签约 …).
 */
export async function saveMilestone(
  user: SessionUser,
  projectId: string,
  kind: MilestoneKind,
  version: number | null,
  input: MilestoneInput,
  meta?: RequestMeta,
): Promise<MilestoneWriteResult> {
  requirePermission(user, "pipeline:write");
  if (!isMilestoneKind(kind)) throw new Response(t("common.badRequestTitle"), { status: 400 });
  if (!(await prisma.project.findFirst({ where: await projectInScopeWhere(user, projectId), select: { id: true } }))) throw notFound();
  const { errors, uscc } = validate(kind, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const config = await getMechanism();
  const at = now();

  try {
    return await prisma.$transaction(async (tx) => {
      const project = await lockProjectForLanding(tx, projectId);
      const before = await milestoneImage(projectId, kind, tx);
      if ((before?.version ?? null) !== version) throw new VersionConflict("Milestone", before);
      const data = {
        plannedAt: input.plannedAt,
        actualAt: input.actualAt,
        localCompanyUscc: kind === "REGISTERED" ? uscc : null,
        localCompanyName: kind === "REGISTERED" ? input.localCompanyName?.trim() || null : null,
        note: input.note?.trim() || null,
        updatedById: user.id,
      };
      if (before) {
        const { count } = await tx.milestone.updateMany({ where: { projectId, kind, version: before.version }, data: { ...data, version: { increment: 1 } } });
        if (count === 0) throw new VersionConflict("Milestone", await milestoneImage(projectId, kind, tx));
      } else {
        await tx.milestone.create({ data: { ...data, projectId, kind } });
      }
      const after = await milestoneImage(projectId, kind, tx);
      await writeAudit({ actor: user, action: before ? "UPDATE" : "CREATE", entity: "Milestone", entityId: after?.id, before, after, detail: projectId, meta }, tx);

      // One truth, first half: the mirrored project date.
      let values: StageFieldValues = project;
      if (isMirroredKind(kind)) {
        const field = MILESTONE_PROJECT_FIELD[kind];
        const current = project[field];
        if ((current?.getTime() ?? null) !== (input.actualAt?.getTime() ?? null)) {
          const next = { ...project, [field]: input.actualAt } as StageFieldValues;
          const resume = ladderOrNull(project.resumeStage);
          if (clearedHeldFields(project as StageFieldValues, next, heldFields(config, project.stage, resume)).length) {
            const reference = project.stage === "ON_HOLD" ? resume : project.stage;
            throw new LandingRefusal({ actualAt: [t("landingPages.milestoneActualHeld", { stage: reference ? t(stageLabelKey(reference)) : "" })] });
          }
          const incoherent = newDateErrors(project as StageFieldValues, next);
          if (incoherent.length) throw new LandingRefusal({ actualAt: incoherent });
          const projectBefore = await projectImage(projectId, tx);
          await tx.project.update({ where: { id: projectId }, data: { [field]: input.actualAt, version: { increment: 1 } } });
          await writeAudit(
            { actor: user, action: "UPDATE", entity: "Project", entityId: projectId, before: projectBefore, after: await projectImage(projectId, tx), detail: "Milestone", meta },
            tx,
          );
          values = next;
        }
      }

      // Second half: the stage the actual dates reach, entered when the ladder allows it.
      const actuals = await tx.milestone.findMany({ where: { projectId, actualAt: { not: null } }, select: { kind: true, actualAt: true } });
      const reached = stageReachedByMilestones(Object.fromEntries(actuals.map((m) => [m.kind, m.actualAt])));
      const from = project.stage;
      const ahead = (stage: LadderStage) => isLadderStage(from) && (stageDefinition(config, stage)?.order ?? 0) > (stageDefinition(config, from)?.order ?? Infinity);
      let movedTo: LadderStage | null = null;
      let stageNote: string | null = null;
      if (input.actualAt && reached && ahead(reached)) {
        const plan = planTransition({ from, to: reached, resumeStage: ladderOrNull(project.resumeStage), project: values, input: {}, config, now: at });
        if (plan.ok) {
          const projectBefore = await projectImage(projectId, tx);
          await tx.project.update({
            where: { id: projectId },
            data: { ...plan.updates, stageEnteredAt: at, isKey: isKeyProject(project.plannedInvestment, project.keyManual, config), version: { increment: 1 } },
          });
          const note = t("landingPages.autoMoveNote", { milestone: t(milestoneLabelKey(kind)) });
          await tx.stageTransition.create({ data: { projectId, fromStage: from, toStage: reached, at, actorId: user.id, actorName: user.displayName, note, source: "MANUAL" } });
          await writeAudit(
            { actor: user, action: "MOVE_STAGE", entity: "Project", entityId: projectId, before: projectBefore, after: await projectImage(projectId, tx), detail: `${from} → ${reached}`, meta },
            tx,
          );
          movedTo = reached;
        } else {
          const missing = [...new Set(plan.errors.map((e) => e.field))].filter((f): f is StageField => f !== "reason" && f !== "stage").map((f) => t(fieldLabelKey(f)));
          stageNote = t("landingPages.autoMoveBlocked", { stage: t(stageLabelKey(reached)), fields: missing.join("、") || t("projects.none") });
        }
      }
      return { ok: true as const, version: after?.version ?? 1, movedTo, stageNote };
    }, WRITE_TX_OPTIONS);
  } catch (error) {
    if (error instanceof LandingRefusal) return { ok: false, errors: error.errors };
    throw error;
  }
}

/** Sets a milestone's actual date inside the caller's transaction, auditing it; no-op when it already says so. */
async function recordActual(tx: DbTx, projectId: string, kind: MilestoneKind, actualAt: Date, actor: SessionUser, meta?: RequestMeta) {
  const before = await milestoneImage(projectId, kind, tx);
  if (before?.actualAt?.getTime() === actualAt.getTime()) return;
  if (before) await tx.milestone.update({ where: { id: before.id }, data: { actualAt, updatedById: actor.id, version: { increment: 1 } } });
  else await tx.milestone.create({ data: { projectId, kind, actualAt, updatedById: actor.id } });
  const after = await milestoneImage(projectId, kind, tx);
  await writeAudit({ actor, action: before ? "UPDATE" : "CREATE", entity: "Milestone", entityId: after?.id, before, after, detail: projectId, meta }, tx);
}

/**
 * The milestone side of a stage move, inside its transaction (called by moveProjectToStage):
 * each 开工/建成/投产 date the move set becomes that milestone's actual date, and entering 达效
 * records the 达产 date as the day of the move unless one is recorded.
 */
export async function milestonesFollowStageMove(tx: DbTx, projectId: string, fields: StageFieldValues, to: string, at: Date, actor: SessionUser, meta?: RequestMeta) {
  for (const kind of MIRRORED_KINDS) {
    const date = fields[MILESTONE_PROJECT_FIELD[kind]];
    if (date instanceof Date) await recordActual(tx, projectId, kind, date, actor, meta);
  }
  if (to === "AT_CAPACITY") {
    const capacity = await tx.milestone.findUnique({ where: { projectId_kind: { projectId, kind: "AT_CAPACITY" } }, select: { actualAt: true } });
    if (!capacity?.actualAt) await recordActual(tx, projectId, "AT_CAPACITY", startOfShanghaiDay(at), actor, meta);
  }
}

// ───────────────────────────── reads ─────────────────────────────

export type MilestoneRow = {
  kind: MilestoneKind;
  id: string | null;
  plannedAt: Date | null;
  actualAt: Date | null;
  localCompanyUscc: string | null;
  localCompanyName: string | null;
  note: string | null;
  /** null: not recorded yet. */
  version: number | null;
};

/** All six milestones of a project in ladder order, recorded or not (404 when the project is not the user's). */
export async function listMilestonesForProject(user: SessionUser, projectId: string): Promise<MilestoneRow[]> {
  const project = await prisma.project.findFirst({
    where: await projectInScopeWhere(user, projectId),
    select: { milestones: { select: MILESTONE_SELECT } },
  });
  if (!project) throw notFound();
  return MILESTONE_KINDS.map((kind) => {
    const row = project.milestones.find((m) => m.kind === kind);
    return {
      kind,
      id: row?.id ?? null,
      plannedAt: row?.plannedAt ?? null,
      actualAt: row?.actualAt ?? null,
      localCompanyUscc: row?.localCompanyUscc ?? null,
      localCompanyName: row?.localCompanyName ?? null,
      note: row?.note ?? null,
      version: row?.version ?? null,
    };
  });
}

/**
 * Why the project's stage lags behind what its actual dates reach, in words, or null when it
 * does not (a date recorded before the fields an intermediate stage requires were filled).
 */
export async function milestoneStageGap(
  project: { stage: string; resumeStage: string | null } & StageFieldValues,
  rows: readonly MilestoneRow[],
): Promise<string | null> {
  if (!isStageCode(project.stage) || !isLadderStage(project.stage)) return null;
  const config = await getMechanism();
  const reached = stageReachedByMilestones(Object.fromEntries(rows.map((m) => [m.kind, m.actualAt])));
  if (!reached || (stageDefinition(config, reached)?.order ?? 0) <= (stageDefinition(config, project.stage)?.order ?? Infinity)) return null;
  const plan = planTransition({ from: project.stage, to: reached, resumeStage: null, project, input: {}, config, now: now() });
  const missing = plan.ok ? [] : [...new Set(plan.errors.map((e) => e.field))].filter((f): f is StageField => f !== "reason" && f !== "stage").map((f) => t(fieldLabelKey(f)));
  return t("landingPages.stageGap", { reached: t(stageLabelKey(reached)), stage: t(stageLabelKey(project.stage)), fields: missing.join("、") || t("projects.none") });
}

// Moving a project along the stage ladder (DESIGN §3): the rules of app/domain/stages.ts with the
// mechanism in force, applied in one transaction that writes the project's fields and stage,
// the StageTransition row that makes "days in stage" a fact, and the MOVE_STAGE audit row.
// The project page's dialog, its no-script fallback page and the kanban all come through here.
import {
  CONTRACT_TYPES,
  PROJECT_NATURES,
  canLeadProject,
  canOfficeProject,
  contractTypeLabelKey,
  isContractType,
  isProjectNature,
  moveRequirements,
  natureLabelKey,
  type MoveRequirements,
} from "#app/domain/projects";
import {
  isKeyProject,
  isLadderStage,
  isStageCode,
  planTransition,
  STAGE_FIELD_KINDS,
  STAGE_FIELDS,
  stageLabelKey,
  transitionTargets,
  type LadderStage,
  type StageCode,
  type StageField,
  type StageFieldValues,
} from "#app/domain/stages";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { contractsFollowStageMove } from "#app/models/contract.server";
import { getMechanism } from "#app/models/mechanism.server";
import { milestonesFollowStageMove } from "#app/models/milestone.server";
import { WRITE_TX_OPTIONS, projectImage, projectScopeWhere, type ProjectDetail } from "#app/models/project.server";
import { type FieldErrors } from "#app/schemas/project";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { prisma, type DbTx } from "#app/utils/db.server";
import { notFound, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export type StageMoveInput = {
  /** The project version the user saw. */
  version: number;
  to: StageCode;
  /** Stage fields supplied with the move (signedAt, contractAmount …); absent ones keep their value. */
  fields?: StageFieldValues;
  /** Required for backward moves, 暂缓, 终止 and some resumes. */
  reason?: string | null;
  /** A remark for the transition when no reason is needed. */
  note?: string | null;
};

export type StageMoveResult = { ok: true; transitionId: string; version: number; stage: StageCode } | { ok: false; errors: FieldErrors };

const MOVE_SELECT = {
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

function ladderOrNull(code: string | null): LadderStage | null {
  return code && isStageCode(code) && isLadderStage(code) ? code : null;
}

/**
 * Values of a move's fields that the ladder rules do not judge: codes from their dictionaries,
 * references to existing rows, people allowed to hold the role for the project's region.
 */
async function checkFieldValues(fields: StageFieldValues, regionId: string, db: DbTx): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (fields.contractType && !isContractType(fields.contractType)) errors.contractType = [t("projects.optionInvalid")];
  if (fields.nature && !isProjectNature(fields.nature)) errors.nature = [t("projects.optionInvalid")];
  if (fields.chainId && !(await db.industryChain.findFirst({ where: { id: fields.chainId, deletedAt: null }, select: { id: true } }))) {
    errors.chainId = [t("projects.chainNotFound")];
  }
  if (fields.leadLeaderId || fields.officerId) {
    const [regions, people] = await Promise.all([
      db.region.findMany({ select: { id: true, parentId: true, level: true } }),
      db.user.findMany({
        where: { id: { in: [fields.leadLeaderId, fields.officerId].filter((id): id is string => !!id) }, disabled: false },
        select: { id: true, role: true, regionId: true },
      }),
    ]);
    const leader = people.find((p) => p.id === fields.leadLeaderId);
    if (fields.leadLeaderId && (!leader || !canLeadProject(leader, regionId, regions))) errors.leadLeaderId = [t("projects.leaderInvalid")];
    const officer = people.find((p) => p.id === fields.officerId);
    if (fields.officerId && (!officer || !canOfficeProject(officer, regionId))) errors.officerId = [t("projects.officerInvalid")];
  }
  return errors;
}

/**
 * Moves a project to `to`. Refusals come back as field errors in Chinese (missing required
 * fields, a reason not given, incoherent dates); a stale `version` throws VersionConflict; a
 * project outside the user's scope throws a 404 Response.
 */
export async function moveProjectToStage(user: SessionUser, projectId: string, input: StageMoveInput, meta?: RequestMeta): Promise<StageMoveResult> {
  requirePermission(user, "pipeline:write");
  const config = await getMechanism();
  const where = { AND: [{ id: projectId }, await projectScopeWhere(user)] };
  const project = await prisma.project.findFirst({ where, select: MOVE_SELECT });
  if (!project || !isStageCode(project.stage)) throw notFound();
  if (project.version !== input.version) throw new VersionConflict("Project", await projectImage(projectId));

  const at = now();
  const { regionId, stage, resumeStage, plannedInvestment, keyManual } = project;
  const values: StageFieldValues = project;
  const plan = planTransition({
    from: stage,
    to: input.to,
    resumeStage: ladderOrNull(resumeStage),
    project: values,
    input: { reason: input.reason ?? null, fields: input.fields ?? {} },
    config,
    now: at,
  });
  if (!plan.ok) {
    const errors: FieldErrors = {};
    for (const e of plan.errors) {
      const field = e.field === "stage" ? "to" : e.field;
      (errors[field] ??= []).push(t(e.message, e.params));
    }
    return { ok: false, errors };
  }
  const fieldErrors = await checkFieldValues(plan.fields, regionId, prisma);
  if (Object.keys(fieldErrors).length > 0) return { ok: false, errors: fieldErrors };

  const note = [plan.reason, input.note?.trim() || null].filter(Boolean).join("；") || null;
  return prisma.$transaction(async (tx) => {
    const before = await projectImage(projectId, tx);
    if (!before || before.deletedAt) throw notFound();
    const { count } = await tx.project.updateMany({
      where: { id: projectId, version: input.version, deletedAt: null },
      data: {
        ...plan.fields,
        ...plan.updates,
        stageEnteredAt: at,
        // Recomputed on every write: the threshold may have changed since the last one.
        isKey: isKeyProject(plannedInvestment, keyManual, config),
        version: { increment: 1 },
      },
    });
    if (count === 0) throw new VersionConflict("Project", await projectImage(projectId, tx));
    const transition = await tx.stageTransition.create({
      data: { projectId, fromStage: plan.from, toStage: plan.to, at, actorId: user.id, actorName: user.displayName, note, source: "MANUAL" },
      select: { id: true },
    });
    // One truth (issue 4 §4): the contracts and landing milestones follow what the move recorded.
    await contractsFollowStageMove(tx, projectId, plan.fields, user, meta);
    await milestonesFollowStageMove(tx, projectId, plan.fields, plan.to, at, user, meta);
    const after = await projectImage(projectId, tx);
    await writeAudit(
      { actor: user, action: "MOVE_STAGE", entity: "Project", entityId: projectId, before, after, detail: `${plan.from} → ${plan.to}`, meta },
      tx,
    );
    return { ok: true as const, transitionId: transition.id, version: after?.version ?? input.version + 1, stage: plan.to };
  }, WRITE_TX_OPTIONS);
}

export type StageTarget = { code: StageCode; requirements: MoveRequirements };

/** The stages a project may move to from where it stands, each with what the move asks for. */
export async function stageTargetsFor(project: { stage: StageCode; resumeStage: string | null }): Promise<StageTarget[]> {
  const config = await getMechanism();
  const at = now();
  const resume = ladderOrNull(project.resumeStage);
  return transitionTargets(config, project.stage).flatMap((code) => {
    const requirements = moveRequirements(config, project.stage, code, resume, at);
    return requirements ? [{ code, requirements }] : [];
  });
}

export type StageMoveTarget = { code: StageCode; label: string; fields: StageField[]; reasonRequired: boolean };
export type StageMoveData = {
  projectId: string;
  version: number;
  stage: StageCode;
  stageLabel: string;
  /** Today in Shanghai, YYYY-MM-DD: dates record what happened, none may be later. */
  today: string;
  targets: StageMoveTarget[];
  /** The project's current values of every stage field, as form inputs take them. */
  values: Partial<Record<StageField, string>>;
  /** Choices for stage fields that hold a code or a reference, when some target asks for them. */
  options: Partial<Record<StageField, { value: string; label: string }[]>>;
};

type MovableProject = Pick<ProjectDetail, "id" | "version" | "stage" | "resumeStage" | "regionId"> & StageFieldValues;

function inputValue(field: StageField, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date || STAGE_FIELD_KINDS[field] === "date") return shanghaiDay(new Date(value as Date));
  return String(value);
}

/**
 * Everything a stage dialog needs for one project: allowed targets with their required
 * fields, current values, and the choices of select fields. The page's dialog, the no-script
 * page and the kanban (by loading /projects/:id/stage) all render from this.
 */
export async function stageMoveData(project: MovableProject): Promise<StageMoveData> {
  const targets = (await stageTargetsFor(project)).map(({ code, requirements }) => ({
    code,
    label: t(stageLabelKey(code)),
    fields: requirements.fields,
    reasonRequired: requirements.reasonRequired,
  }));
  const asked = new Set(targets.flatMap((target) => target.fields));
  const values: Partial<Record<StageField, string>> = {};
  for (const field of STAGE_FIELDS) values[field] = inputValue(field, project[field]);

  const options: StageMoveData["options"] = {};
  if (asked.has("contractType")) options.contractType = CONTRACT_TYPES.map((c) => ({ value: c, label: t(contractTypeLabelKey(c)) }));
  if (asked.has("nature")) options.nature = PROJECT_NATURES.map((c) => ({ value: c, label: t(natureLabelKey(c)) }));
  if (asked.has("chainId")) {
    const chains = await prisma.industryChain.findMany({ where: { deletedAt: null }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } });
    options.chainId = chains.map((c) => ({ value: c.id, label: c.name }));
  }
  if (asked.has("leadLeaderId") || asked.has("officerId")) {
    const [regions, people] = await Promise.all([
      prisma.region.findMany({ select: { id: true, parentId: true, level: true } }),
      prisma.user.findMany({
        where: { disabled: false, role: { in: ["LEADER", "CITY_OFFICER", "COUNTY_OFFICER"] } },
        orderBy: { displayName: "asc" },
        select: { id: true, displayName: true, title: true, role: true, regionId: true },
      }),
    ]);
    const label = (p: { displayName: string; title: string | null }) => (p.title ? `${p.displayName}（${p.title}）` : p.displayName);
    if (asked.has("leadLeaderId")) options.leadLeaderId = people.filter((p) => canLeadProject(p, project.regionId, regions)).map((p) => ({ value: p.id, label: label(p) }));
    if (asked.has("officerId")) options.officerId = people.filter((p) => canOfficeProject(p, project.regionId)).map((p) => ({ value: p.id, label: label(p) }));
  }
  return {
    projectId: project.id,
    version: project.version,
    stage: project.stage,
    stageLabel: t(stageLabelKey(project.stage)),
    today: shanghaiDay(now()),
    targets,
    values,
    options,
  };
}

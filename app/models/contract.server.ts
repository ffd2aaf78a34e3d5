// 签约 (DESIGN §4 Contract, issue 4 §3): a project's 框架协议, 正式合同 and 补充协议 with their
// obligations (投资强度, 亩均税收, 达产期限, jobs, land). Contracts are the truth of 签约: after
// every write, in the same transaction, the project's signedAt / contractAmount / contractType
// become what signingFromContracts() says, and the project change is audited with it.
// Contract performance (promised vs achieved, DESIGN §7.3) is computed here from the contracts,
// the funds in place, the 达产 milestone and the confirmed site's land.
import {
  contractPerformance,
  isContractType,
  termsInForce,
  totalFundsInPlace,
  type Achieved,
  type ContractPerformance,
  type ContractTerms,
  type ContractType,
  type TermsInForce,
} from "#app/domain/contract-performance";
import { signingFromContracts, sameSigning, type ProjectSigning } from "#app/domain/landing-truth";
import { clearedHeldFields, heldFields } from "#app/domain/projects";
import { isLadderStage, isStageCode, stageLabelKey, type LadderStage, type StageField, type StageFieldValues } from "#app/domain/stages";
import { isLaterDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { asFundsEntries, fundsEntriesOf } from "#app/models/funds.server";
import { LandingRefusal, lockProjectForLanding, newDateErrors, projectInScopeWhere } from "#app/models/landing.server";
import { getMechanism } from "#app/models/mechanism.server";
import { WRITE_TX_OPTIONS, projectImage, projectScopeWhere } from "#app/models/project.server";
import { type FieldErrors } from "#app/schemas/project";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { prisma, type DbTx } from "#app/utils/db.server";
import { notFound, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export type ContractInput = {
  type: ContractType;
  signedAt: Date;
  title: string | null;
  amountWan: number | null;
  landMu: number | null;
  investmentIntensityWanPerMu: number | null;
  taxPerMuWan: number | null;
  capacityDeadline: Date | null;
  promisedJobs: number | null;
  note: string | null;
};

export type ContractWriteResult = { ok: true; id: string; version: number } | { ok: false; errors: FieldErrors };

const CONTRACT_SELECT = {
  id: true,
  projectId: true,
  type: true,
  signedAt: true,
  title: true,
  amountWan: true,
  landMu: true,
  investmentIntensityWanPerMu: true,
  taxPerMuWan: true,
  capacityDeadline: true,
  promisedJobs: true,
  note: true,
  createdById: true,
  deletedAt: true,
  version: true,
} as const;

const TERMS_SELECT = {
  id: true,
  type: true,
  signedAt: true,
  amountWan: true,
  investmentIntensityWanPerMu: true,
  taxPerMuWan: true,
  capacityDeadline: true,
  promisedJobs: true,
  landMu: true,
} as const;

function contractImage(id: string, db: DbTx) {
  return db.contract.findUnique({ where: { id }, select: CONTRACT_SELECT });
}

async function liveTerms(projectId: string, db: DbTx): Promise<ContractTerms[]> {
  const rows = await db.contract.findMany({ where: { projectId, deletedAt: null }, orderBy: [{ signedAt: "asc" }, { createdAt: "asc" }], select: TERMS_SELECT });
  return rows.filter((r): r is typeof r & { type: ContractType } => isContractType(r.type));
}

/** The contract, if it belongs to the project and the project is the user's; 404 otherwise. */
async function contractInScope(user: SessionUser, projectId: string, id: string) {
  const row = await prisma.contract.findFirst({ where: { id, projectId, deletedAt: null, project: await projectScopeWhere(user) }, select: CONTRACT_SELECT });
  if (!row) throw notFound();
  return row;
}

function validate(input: ContractInput): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (!isContractType(input.type)) add("type", t("landingPages.contractTypeRequired"));
  if (Number.isNaN(input.signedAt.getTime())) add("signedAt", t("projects.dateInvalid"));
  else if (isLaterDay(input.signedAt, now())) add("signedAt", t("pipeline.dateInFuture"));
  // A 补充协议 may only change obligations; a 框架协议 or 正式合同 states what is invested.
  if (input.type !== "SUPPLEMENT" && (input.amountWan === null || input.amountWan <= 0)) add("amountWan", t("landingPages.contractAmountRequired"));
  if (input.capacityDeadline && isLaterDay(input.signedAt, input.capacityDeadline)) add("capacityDeadline", t("landingPages.capacityBeforeSigning"));
  return errors;
}

function rowData(input: ContractInput) {
  return {
    type: input.type,
    signedAt: input.signedAt,
    title: input.title?.trim() || null,
    amountWan: input.amountWan,
    landMu: input.landMu,
    investmentIntensityWanPerMu: input.investmentIntensityWanPerMu,
    taxPerMuWan: input.taxPerMuWan,
    capacityDeadline: input.capacityDeadline,
    promisedJobs: input.promisedJobs,
    note: input.note?.trim() || null,
  };
}

const SIGNING_FIELDS = ["signedAt", "contractAmount", "contractType"] as const satisfies readonly StageField[];

/**
 * Makes the project's 签约 fields what its live contracts say (one truth), inside the caller's
 * transaction, bumping its version (an open edit form must not save the old values back) and
 * auditing the change. With `check`, refuses (LandingRefusal) a result that would clear a
 * field the project's stage holds or make its dates incoherent.
 */
async function syncProjectSigning(tx: DbTx, projectId: string, opts: { actor: SessionUser; meta?: RequestMeta; check: boolean; bumpVersion: boolean }) {
  const project = await tx.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { stage: true, resumeStage: true, firstContactAt: true, signedAt: true, contractAmount: true, contractType: true, startedAt: true, completedAt: true, producedAt: true },
  });
  const signing = signingFromContracts(await liveTerms(projectId, tx));
  const current: ProjectSigning = { signedAt: project.signedAt, contractAmount: project.contractAmount, contractType: isContractType(project.contractType) ? project.contractType : null };
  if (sameSigning(current, signing) && current.contractType === project.contractType) return;

  if (opts.check && isStageCode(project.stage)) {
    const config = await getMechanism(tx); // tx: on SQLite the global client would wait for this very transaction
    const resume = project.resumeStage && isStageCode(project.resumeStage) && isLadderStage(project.resumeStage) ? (project.resumeStage as LadderStage) : null;
    const held = heldFields(config, project.stage, resume).filter((f) => (SIGNING_FIELDS as readonly string[]).includes(f));
    const cleared = clearedHeldFields(project as StageFieldValues, { ...project, ...signing } as StageFieldValues, held);
    const reference = project.stage === "ON_HOLD" ? resume : project.stage;
    if (cleared.length) throw new LandingRefusal({ form: [t("landingPages.contractsHeld", { stage: reference ? t(stageLabelKey(reference)) : "" })] });
    const incoherent = newDateErrors(project as StageFieldValues, { ...project, ...signing } as StageFieldValues);
    if (incoherent.length) throw new LandingRefusal({ signedAt: incoherent.map((line) => t("landingPages.signingIncoherent", { detail: line })) });
  }

  const before = await projectImage(projectId, tx);
  await tx.project.update({ where: { id: projectId }, data: { ...signing, ...(opts.bumpVersion ? { version: { increment: 1 } } : {}) } });
  const after = await projectImage(projectId, tx);
  await writeAudit({ actor: opts.actor, action: "UPDATE", entity: "Project", entityId: projectId, before, after, detail: "Contract", meta: opts.meta }, tx);
}

async function writeInTransaction<T>(work: (tx: DbTx) => Promise<T>): Promise<T | { ok: false; errors: FieldErrors }> {
  try {
    return await prisma.$transaction(work, WRITE_TX_OPTIONS);
  } catch (error) {
    if (error instanceof LandingRefusal) return { ok: false, errors: error.errors };
    throw error;
  }
}

export async function createContract(user: SessionUser, projectId: string, input: ContractInput, meta?: RequestMeta): Promise<ContractWriteResult> {
  requirePermission(user, "pipeline:write");
  const where = await projectInScopeWhere(user, projectId);
  if (!(await prisma.project.findFirst({ where, select: { id: true } }))) throw notFound();
  const errors = validate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return writeInTransaction(async (tx) => {
    await lockProjectForLanding(tx, projectId);
    const created = await tx.contract.create({ data: { ...rowData(input), projectId, createdById: user.id }, select: { id: true, version: true } });
    await writeAudit({ actor: user, action: "CREATE", entity: "Contract", entityId: created.id, after: await contractImage(created.id, tx), detail: projectId, meta }, tx);
    await syncProjectSigning(tx, projectId, { actor: user, meta, check: true, bumpVersion: true });
    return { ok: true as const, id: created.id, version: created.version };
  });
}

/** Saves an edit made from `version`; a stale one throws VersionConflict with the contract as it stands. */
export async function updateContract(user: SessionUser, projectId: string, id: string, version: number, input: ContractInput, meta?: RequestMeta): Promise<ContractWriteResult> {
  requirePermission(user, "pipeline:write");
  const before = await contractInScope(user, projectId, id);
  if (before.version !== version) throw new VersionConflict("Contract", before);
  const errors = validate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return writeInTransaction(async (tx) => {
    await lockProjectForLanding(tx, projectId);
    const { count } = await tx.contract.updateMany({ where: { id, version, deletedAt: null }, data: { ...rowData(input), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("Contract", await contractImage(id, tx));
    const after = await contractImage(id, tx);
    await writeAudit({ actor: user, action: "UPDATE", entity: "Contract", entityId: id, before, after, detail: projectId, meta }, tx);
    await syncProjectSigning(tx, projectId, { actor: user, meta, check: true, bumpVersion: true });
    return { ok: true as const, id, version: after?.version ?? version + 1 };
  });
}

/**
 * Soft delete. Refused when it would take away 签约 facts the project's stage holds (the last
 * contract of a signed project): the stage is moved back first, with a reason.
 */
export async function deleteContract(user: SessionUser, projectId: string, id: string, version: number, meta?: RequestMeta): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  requirePermission(user, "pipeline:write");
  const before = await contractInScope(user, projectId, id);
  if (before.version !== version) throw new VersionConflict("Contract", before);
  return writeInTransaction(async (tx) => {
    await lockProjectForLanding(tx, projectId);
    const { count } = await tx.contract.updateMany({ where: { id, version, deletedAt: null }, data: { deletedAt: now(), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("Contract", await contractImage(id, tx));
    await writeAudit({ actor: user, action: "DELETE", entity: "Contract", entityId: id, before, after: await contractImage(id, tx), detail: projectId, meta }, tx);
    await syncProjectSigning(tx, projectId, { actor: user, meta, check: true, bumpVersion: true });
    return { ok: true as const };
  });
}

/**
 * The 签约 side of a stage move, inside its transaction (called by moveProjectToStage): a move
 * that gave the project its 签约 facts while it has no contract records them as its first
 * contract; a project with contracts keeps what they say, whatever the move carried.
 */
export async function contractsFollowStageMove(tx: DbTx, projectId: string, fields: StageFieldValues, actor: SessionUser, meta?: RequestMeta): Promise<void> {
  if (!SIGNING_FIELDS.some((f) => fields[f] !== undefined && fields[f] !== null)) return;
  const live = await tx.contract.count({ where: { projectId, deletedAt: null } });
  if (live > 0) {
    await syncProjectSigning(tx, projectId, { actor, meta, check: false, bumpVersion: false });
    return;
  }
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { signedAt: true, contractAmount: true, contractType: true } });
  if (!project.signedAt || !isContractType(project.contractType)) return;
  const created = await tx.contract.create({
    data: { projectId, type: project.contractType, signedAt: project.signedAt, amountWan: project.contractAmount, note: t("landingPages.contractFromStageMove"), createdById: actor.id },
    select: { id: true },
  });
  await writeAudit({ actor, action: "CREATE", entity: "Contract", entityId: created.id, after: await contractImage(created.id, tx), detail: projectId, meta }, tx);
}

// ───────────────────────────── reads ─────────────────────────────

export type ContractRow = Awaited<ReturnType<typeof contractInScope>> & { type: ContractType };

/** The project's live contracts, oldest first (404 when the project is not the user's). */
export async function listContractsForProject(user: SessionUser, projectId: string): Promise<ContractRow[]> {
  const rows = await prisma.contract.findMany({
    where: { projectId, deletedAt: null, project: await projectScopeWhere(user) },
    orderBy: [{ signedAt: "asc" }, { createdAt: "asc" }],
    select: CONTRACT_SELECT,
  });
  return rows.filter((r): r is ContractRow => isContractType(r.type));
}

export type ProjectPerformance = { terms: TermsInForce; achieved: Achieved; performance: ContractPerformance; contractCount: number };

/**
 * Promised vs achieved for one project (DESIGN §7.3). Achieved investment is the funds in place
 * (no fixed-asset figure is recorded); land is the confirmed site's when it states 亩, else the
 * contract's; 达产 is the AT_CAPACITY milestone's actual date. Annual tax and actual jobs have
 * no record yet, so those two lines show the promise only.
 */
export async function performanceForProject(user: SessionUser, projectId: string, contracts?: ContractRow[]): Promise<ProjectPerformance> {
  const list = contracts ?? (await listContractsForProject(user, projectId));
  const [funds, capacity, project] = await Promise.all([
    fundsEntriesOf(projectId),
    prisma.milestone.findUnique({ where: { projectId_kind: { projectId, kind: "AT_CAPACITY" } }, select: { actualAt: true } }),
    prisma.project.findFirst({ where: await projectInScopeWhere(user, projectId), select: { site: { select: { areaMu: true } } } }),
  ]);
  if (!project) throw notFound();
  const terms = termsInForce(list);
  const fundsInPlaceWan = totalFundsInPlace(asFundsEntries(funds));
  const achieved: Achieved = {
    investedWan: funds.length ? fundsInPlaceWan : null,
    landMu: project.site?.areaMu ?? null,
    annualTaxWan: null,
    jobs: null,
    atCapacityAt: capacity?.actualAt ?? null,
    fundsInPlaceWan,
  };
  return { terms, achieved, performance: contractPerformance(terms, achieved, now()), contractCount: list.length };
}

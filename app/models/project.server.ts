// 招商项目 (DESIGN §3–§4): the one place that reads and writes projects. Every query goes through
// projectScopeWhere(user) so a county officer never sees another county's project (404, not
// 403); every write checks the version it started from (no lost update), recomputes 重点 from
// the mechanism in force and writes its audit row in the same transaction.
import {
  canJoinProject,
  canLeadProject,
  canOfficeProject,
  clearedHeldFields,
  formatProjectCode,
  heldFields,
  isProjectRegion,
  PROJECT_PEOPLE_ROLES,
  projectCodeSequenceKey,
  type MemberRole,
  type RegionRef,
} from "#app/domain/projects";
import { searchKeyFor } from "#app/domain/company-name";
import { formatWan } from "#app/domain/money";
import {
  checkProjectDates,
  isKeyProject,
  isLadderStage,
  isStageCode,
  ladderStages,
  stageLabelKey,
  type LadderStage,
  type StageCode,
  type StageFieldValues,
} from "#app/domain/stages";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { companyOptionsForUser } from "#app/models/company.server";
import { contractsFollowStageMove } from "#app/models/contract.server";
import { getMechanism } from "#app/models/mechanism.server";
import { projectColumns, projectInScope } from "#app/models/metric-sql.server";
import { milestonesFollowStageMove } from "#app/models/milestone.server";
import { type FieldErrors } from "#app/schemas/project";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { isUniqueViolation, Prisma, prisma, type DbTx } from "#app/utils/db.server";
import { hasPermission, inScope, notFound, regionScope, requirePermission, type RegionScope, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

// Interactive transactions wait for the SQLite write queue or a PostgreSQL pool connection;
// under a burst of saves (50 at once, DESIGN §8) Prisma's 2 s default is too short.
export const WRITE_TX_OPTIONS = { maxWait: 20_000, timeout: 20_000 } as const;

// ───────────────────────────── scope ─────────────────────────────

function whereForScope(scope: RegionScope): Prisma.ProjectWhereInput {
  return scope === null ? { deletedAt: null } : { deletedAt: null, regionId: { in: [...scope] } };
}

/**
 * THE `where` of every project query: not deleted, and in the user's region scope. Lists,
 * kanban, search and the cockpit combine their filters with it (`AND`).
 */
export async function projectScopeWhere(user: SessionUser, db: DbTx = prisma): Promise<Prisma.ProjectWhereInput> {
  return whereForScope(await regionScope(user, db));
}

type Person = { id: string; displayName: string; title: string | null; role: string };

/** The project's own columns of ProjectDetail, read as they are; their types come from the schema. */
export const PROJECT_DETAIL_FIELDS = {
  id: true,
  code: true,
  name: true,
  companyId: true,
  regionId: true,
  chainId: true,
  linkId: true,
  nature: true,
  plannedInvestment: true,
  stage: true,
  stageEnteredAt: true,
  resumeStage: true,
  keyManual: true,
  isKey: true,
  leadLeaderId: true,
  officerId: true,
  responsibleUnit: true,
  expectedJobs: true,
  povertyJobs: true,
  expectedOutput: true,
  expectedTax: true,
  firstContactAt: true,
  signedAt: true,
  contractAmount: true,
  contractType: true,
  startedAt: true,
  completedAt: true,
  producedAt: true,
  holdReason: true,
  terminateReason: true,
  description: true,
  lastFollowUpAt: true,
  createdAt: true,
  updatedAt: true,
  version: true,
} as const satisfies Prisma.ProjectSelect;
const DETAIL_COLUMNS = Object.keys(PROJECT_DETAIL_FIELDS);

export type ProjectDetail = Omit<Prisma.ProjectGetPayload<{ select: typeof PROJECT_DETAIL_FIELDS }>, "stage"> & {
  stage: StageCode;
  company: { id: string; name: string; deletedAt: Date | null };
  region: { id: string; name: string };
  chain: { id: string; name: string } | null;
  link: { id: string; name: string } | null;
  leadLeader: Person | null;
  officer: Person | null;
  /** 专班 and liaisons, by name. */
  members: { role: string; user: Person }[];
};

type DetailRow = Omit<ProjectDetail, "company" | "region" | "chain" | "link" | "leadLeader" | "officer" | "members" | "stage"> & {
  stage: string;
  companyName: string;
  companyDeletedAt: Date | null;
  regionName: string;
  chainName: string | null;
  linkName: string | null;
  leadLeaderName: string | null;
  leadLeaderTitle: string | null;
  leadLeaderRole: string | null;
  officerName: string | null;
  officerTitle: string | null;
  officerRole: string | null;
};

type MemberRow = { role: string; id: string; displayName: string; title: string | null; userRole: string };

function personOf(id: string | null, displayName: string | null, title: string | null, role: string | null): Person | null {
  return id === null || displayName === null || role === null ? null : { id, displayName, title, role };
}

/**
 * The project as its page shows it; throws a 404 Response when missing, deleted or out of scope.
 * One statement for the project with the names it refers to, one for its members: raw SQL, as
 * every page of a project reads this first and Prisma's query compiler costs more than the query.
 * Single names come from scalar subqueries rather than joins: PostgreSQL plans every statement
 * afresh, and as seven joins this one took 0.84 ms to plan and 0.1 ms to run (now 0.18 ms).
 */
export async function getProjectForUser(user: SessionUser, id: string): Promise<ProjectDetail> {
  const scope = await regionScope(user);
  const [rows, members] = await Promise.all([
    prisma.$queryRaw<DetailRow[]>(Prisma.sql`
      SELECT ${projectColumns(DETAIL_COLUMNS)},
        (SELECT co."name" FROM "Company" co WHERE co."id" = p."companyId") AS "companyName",
        (SELECT co."deletedAt" FROM "Company" co WHERE co."id" = p."companyId") AS "companyDeletedAt",
        (SELECT r."name" FROM "Region" r WHERE r."id" = p."regionId") AS "regionName",
        (SELECT ch."name" FROM "IndustryChain" ch WHERE ch."id" = p."chainId") AS "chainName",
        (SELECT l."name" FROM "ChainLink" l WHERE l."id" = p."linkId") AS "linkName",
        ll."displayName" AS "leadLeaderName", ll."title" AS "leadLeaderTitle", ll."role" AS "leadLeaderRole",
        o."displayName" AS "officerName", o."title" AS "officerTitle", o."role" AS "officerRole"
      FROM "Project" p
      LEFT JOIN "User" ll ON ll."id" = p."leadLeaderId"
      LEFT JOIN "User" o ON o."id" = p."officerId"
      WHERE p."id" = ${id} AND ${projectInScope(scope)}`),
    // Read alongside; thrown away with the 404 when the project is not the user's to see.
    prisma.$queryRaw<MemberRow[]>(Prisma.sql`
      SELECT m."role" AS "role", u."id" AS "id", u."displayName" AS "displayName", u."title" AS "title", u."role" AS "userRole"
      FROM "ProjectMember" m JOIN "User" u ON u."id" = m."userId"
      WHERE m."projectId" = ${id}
      ORDER BY u."displayName" ASC`),
  ]);
  const row = rows[0];
  if (!row || !isStageCode(row.stage)) throw notFound();
  const { companyName, companyDeletedAt, regionName, chainName, linkName, leadLeaderName, leadLeaderTitle, leadLeaderRole, officerName, officerTitle, officerRole, ...fields } =
    row;
  return {
    ...fields,
    stage: row.stage,
    company: { id: row.companyId, name: companyName, deletedAt: companyDeletedAt },
    region: { id: row.regionId, name: regionName },
    chain: row.chainId !== null && chainName !== null ? { id: row.chainId, name: chainName } : null,
    link: row.linkId !== null && linkName !== null ? { id: row.linkId, name: linkName } : null,
    leadLeader: personOf(row.leadLeaderId, leadLeaderName, leadLeaderTitle, leadLeaderRole),
    officer: personOf(row.officerId, officerName, officerTitle, officerRole),
    members: members.map((m) => ({ role: m.role, user: { id: m.id, displayName: m.displayName, title: m.title, role: m.userRole } })),
  };
}

// ───────────────────────────── audit images ─────────────────────────────

const PROJECT_AUDIT_SELECT = {
  id: true,
  code: true,
  name: true,
  companyId: true,
  regionId: true,
  chainId: true,
  linkId: true,
  nature: true,
  plannedInvestment: true,
  stage: true,
  stageEnteredAt: true,
  resumeStage: true,
  keyManual: true,
  isKey: true,
  leadLeaderId: true,
  officerId: true,
  responsibleUnit: true,
  expectedJobs: true,
  povertyJobs: true,
  expectedOutput: true,
  expectedTax: true,
  firstContactAt: true,
  signedAt: true,
  contractAmount: true,
  contractType: true,
  startedAt: true,
  completedAt: true,
  producedAt: true,
  holdReason: true,
  terminateReason: true,
  description: true,
  deletedAt: true,
  version: true,
  members: { select: { userId: true, role: true } },
} as const satisfies Prisma.ProjectSelect;

type AuditRow = Prisma.ProjectGetPayload<{ select: typeof PROJECT_AUDIT_SELECT }>;

/** What the audit log and a 409 answer show of a project: its fields, members as id lists. */
export type ProjectImage = Omit<AuditRow, "members"> & { taskForceIds: string[]; liaisonIds: string[] };

function imageOf(row: AuditRow): ProjectImage {
  const { members, ...fields } = row;
  const ids = (role: MemberRole) =>
    members
      .filter((m) => m.role === role)
      .map((m) => m.userId)
      .sort();
  return { ...fields, taskForceIds: ids("TASK_FORCE"), liaisonIds: ids("LIAISON") };
}

/** The audit image of a project as it stands (deleted or not), or null. */
export async function projectImage(id: string, db: DbTx = prisma): Promise<ProjectImage | null> {
  const row = await db.project.findUnique({ where: { id }, select: PROJECT_AUDIT_SELECT });
  return row ? imageOf(row) : null;
}

// ───────────────────────────── input ─────────────────────────────

/** A project as a form or an import gives it. On update, `undefined` keeps a value and `null` clears it. */
export type ProjectInput = {
  name: string;
  companyId: string;
  /** Defaults to the county officer's own region on create. */
  regionId?: string | null;
  chainId?: string | null;
  linkId?: string | null;
  nature?: string | null;
  plannedInvestment: number;
  keyManual?: boolean;
  leadLeaderId?: string | null;
  officerId?: string | null;
  responsibleUnit?: string | null;
  taskForceIds?: string[];
  liaisonIds?: string[];
  expectedJobs?: number | null;
  povertyJobs?: number | null;
  expectedOutput?: number | null;
  expectedTax?: number | null;
  description?: string | null;
  firstContactAt?: Date | null;
  signedAt?: Date | null;
  contractAmount?: number | null;
  contractType?: string | null;
  startedAt?: Date | null;
  completedAt?: Date | null;
  producedAt?: Date | null;
};

type Resolved = Omit<Required<ProjectInput>, "regionId"> & { regionId: string };

function cleanText(value: string | null | undefined): string | null {
  const s = value?.trim() ?? "";
  return s === "" ? null : s;
}

/** The record as it will be after the write: input over the current values. */
function resolveInput(input: ProjectInput, current: ProjectImage | null, fallbackRegionId: string | null): Resolved {
  const pick = <K extends keyof ProjectInput>(key: K): ProjectInput[K] | null => {
    const value = input[key];
    if (value !== undefined) return value;
    return current ? ((current as unknown as Record<string, ProjectInput[K]>)[key] ?? null) : null;
  };
  return {
    name: (input.name ?? current?.name ?? "").trim(),
    companyId: input.companyId ?? current?.companyId ?? "",
    // A project always has a region: an edit that does not post one keeps it.
    regionId: input.regionId || current?.regionId || fallbackRegionId || "",
    chainId: cleanText(pick("chainId") as string | null),
    linkId: cleanText(pick("linkId") as string | null),
    nature: cleanText(pick("nature") as string | null),
    plannedInvestment: input.plannedInvestment ?? current?.plannedInvestment ?? 0,
    keyManual: input.keyManual ?? current?.keyManual ?? false,
    leadLeaderId: cleanText(pick("leadLeaderId") as string | null),
    officerId: cleanText(pick("officerId") as string | null),
    responsibleUnit: cleanText(pick("responsibleUnit") as string | null),
    taskForceIds: [...new Set(input.taskForceIds ?? current?.taskForceIds ?? [])].sort(),
    liaisonIds: [...new Set(input.liaisonIds ?? current?.liaisonIds ?? [])].sort(),
    expectedJobs: pick("expectedJobs") as number | null,
    povertyJobs: pick("povertyJobs") as number | null,
    expectedOutput: pick("expectedOutput") as number | null,
    expectedTax: pick("expectedTax") as number | null,
    description: cleanText(pick("description") as string | null),
    firstContactAt: pick("firstContactAt") as Date | null,
    signedAt: pick("signedAt") as Date | null,
    contractAmount: pick("contractAmount") as number | null,
    contractType: cleanText(pick("contractType") as string | null),
    startedAt: pick("startedAt") as Date | null,
    completedAt: pick("completedAt") as Date | null,
    producedAt: pick("producedAt") as Date | null,
  };
}

function addError(errors: FieldErrors, field: string, message: string) {
  (errors[field] ??= []).push(message);
}

async function regionRows(db: DbTx): Promise<RegionRef[]> {
  return db.region.findMany({ select: { id: true, parentId: true, level: true } });
}

/** Companies a user may attach a project to: not deleted, owned by a region in scope. */
function selectableCompanyWhere(scope: RegionScope): Prisma.CompanyWhereInput {
  return scope === null ? { deletedAt: null } : { deletedAt: null, ownerRegionId: { in: [...scope] } };
}

/**
 * The business rules of a project write that need the database (DESIGN §1, §3): region within
 * the user's scope (only pipeline:assign moves a project to another region), a company in
 * scope, chain and link that belong together, a leader and officer who may hold the role for
 * that region, existing people in the task force, coherent dates, and no field cleared that
 * the stage reached requires. Values left as they were are not re-checked: a leader since
 * disabled does not block editing the project's name.
 */
async function validate(user: SessionUser, scope: RegionScope, value: Resolved, current: ProjectImage | null, db: DbTx): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const changed = (key: keyof Resolved) => !current || JSON.stringify((current as Record<string, unknown>)[key] ?? null) !== JSON.stringify(value[key] ?? null);
  const regions = await regionRows(db);

  if (!value.name) addError(errors, "name", t("projects.nameRequired"));

  const region = regions.find((r) => r.id === value.regionId);
  if (!value.regionId) addError(errors, "regionId", t("projects.regionRequired"));
  else if (changed("regionId")) {
    if (!region || !inScope(scope, region.id)) addError(errors, "regionId", t("projects.regionNotAllowed"));
    else if (!isProjectRegion(region)) addError(errors, "regionId", t("projects.regionNotProjectLevel"));
    else if (current && !hasPermission(user, "pipeline:assign")) addError(errors, "regionId", t("projects.regionChangeForbidden"));
  }

  if (!value.companyId) addError(errors, "companyId", t("projects.companyRequired"));
  else if (changed("companyId")) {
    const company = await db.company.findFirst({ where: { AND: [{ id: value.companyId }, selectableCompanyWhere(scope)] }, select: { id: true } });
    if (!company) addError(errors, "companyId", t("projects.companyNotFound"));
  }

  if (value.linkId && !value.chainId) addError(errors, "linkId", t("projects.linkNotInChain"));
  if (value.chainId && (changed("chainId") || changed("linkId"))) {
    const chain = await db.industryChain.findFirst({ where: { id: value.chainId, deletedAt: null }, select: { id: true } });
    if (!chain) addError(errors, "chainId", t("projects.chainNotFound"));
    else if (value.linkId) {
      const link = await db.chainLink.findFirst({ where: { id: value.linkId, chainId: chain.id, deletedAt: null }, select: { id: true } });
      if (!link) addError(errors, "linkId", t("projects.linkNotInChain"));
    }
  }

  const personIds = [value.leadLeaderId, value.officerId, ...value.taskForceIds, ...value.liaisonIds].filter((id): id is string => !!id);
  const people = personIds.length
    ? await db.user.findMany({ where: { id: { in: [...new Set(personIds)] } }, select: { id: true, role: true, regionId: true, disabled: true, displayName: true } })
    : [];
  const person = (id: string) => people.find((p) => p.id === id && !p.disabled);
  if (region && value.leadLeaderId && (changed("leadLeaderId") || changed("regionId"))) {
    const leader = person(value.leadLeaderId);
    if (!leader || !canLeadProject(leader, region.id, regions)) addError(errors, "leadLeaderId", t("projects.leaderInvalid"));
  }
  if (region && value.officerId && (changed("officerId") || changed("regionId"))) {
    const officer = person(value.officerId);
    if (!officer || !canOfficeProject(officer, region.id)) addError(errors, "officerId", t("projects.officerInvalid"));
  }
  for (const key of ["taskForceIds", "liaisonIds"] as const) {
    const before = new Set(current?.[key] ?? []);
    const bad = value[key].filter((id) => !before.has(id)).filter((id) => {
      const p = person(id);
      return !p || !canJoinProject(p);
    });
    if (bad.length) {
      const names = bad.map((id) => people.find((p) => p.id === id)?.displayName ?? id).join("、");
      addError(errors, key, t("projects.memberInvalid", { names }));
    }
  }

  if (value.povertyJobs !== null && value.expectedJobs !== null && value.povertyJobs > value.expectedJobs) {
    addError(errors, "povertyJobs", t("projects.povertyAboveJobs"));
  }

  const dates: StageFieldValues = value;
  for (const e of checkProjectDates(dates, now())) addError(errors, e.field, t(e.message, e.params));
  return errors;
}

/** Held fields (the stage reached requires them) that an edit tries to clear. */
async function heldFieldErrors(before: ProjectImage, value: Resolved, errors: FieldErrors) {
  if (!isStageCode(before.stage)) return;
  const config = await getMechanism();
  const resume = before.resumeStage && isStageCode(before.resumeStage) && isLadderStage(before.resumeStage) ? (before.resumeStage as LadderStage) : null;
  const reference = before.stage === "ON_HOLD" ? resume : before.stage;
  const cleared = clearedHeldFields(before as StageFieldValues, value as StageFieldValues, heldFields(config, before.stage, resume));
  for (const field of cleared) addError(errors, field, t("projects.heldFieldCleared", { stage: reference ? t(stageLabelKey(reference)) : "" }));
}

const LANDING_FIELDS = ["signedAt", "contractAmount", "contractType", "startedAt", "completedAt", "producedAt"] as const;

/** The signing and landing values an edit changes (others left out, so nothing is re-recorded). */
function changedLandingFields(before: ProjectImage, value: Resolved): StageFieldValues {
  const changed: StageFieldValues = {};
  for (const field of LANDING_FIELDS) {
    const was = (before as StageFieldValues)[field] ?? null;
    const next = (value as StageFieldValues)[field] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(next)) Object.assign(changed, { [field]: next });
  }
  return changed;
}

/** Once a project has contracts they are the truth of 签约: its signing fields change there. */
async function contractGovernedErrors(projectId: string, landing: StageFieldValues, errors: FieldErrors) {
  const signing = (["signedAt", "contractAmount", "contractType"] as const).filter((f) => f in landing);
  if (!signing.length) return;
  if ((await prisma.contract.count({ where: { projectId, deletedAt: null } })) === 0) return;
  for (const field of signing) if (!errors[field]) addError(errors, field, t("projects.signingFollowsContracts"));
}

function rowData(value: Resolved, isKey: boolean) {
  return {
    name: value.name,
    searchKey: "", // set by the caller, which knows the code
    companyId: value.companyId,
    regionId: value.regionId,
    chainId: value.chainId,
    linkId: value.linkId,
    nature: value.nature,
    plannedInvestment: value.plannedInvestment,
    keyManual: value.keyManual,
    isKey,
    leadLeaderId: value.leadLeaderId,
    officerId: value.officerId,
    responsibleUnit: value.responsibleUnit,
    expectedJobs: value.expectedJobs,
    povertyJobs: value.povertyJobs,
    expectedOutput: value.expectedOutput,
    expectedTax: value.expectedTax,
    description: value.description,
    firstContactAt: value.firstContactAt,
    signedAt: value.signedAt,
    contractAmount: value.contractAmount,
    contractType: value.contractType,
    startedAt: value.startedAt,
    completedAt: value.completedAt,
    producedAt: value.producedAt,
  };
}

/** What global search matches a project by: its name (with pinyin) and its code. */
export function projectSearchKey(name: string, code: string): string {
  return `${searchKeyFor(name)}|${code.toLowerCase()}`;
}

function memberRows(projectId: string, value: Pick<Resolved, "taskForceIds" | "liaisonIds">) {
  return [
    ...value.taskForceIds.map((userId) => ({ projectId, userId, role: "TASK_FORCE" as MemberRole })),
    ...value.liaisonIds.map((userId) => ({ projectId, userId, role: "LIAISON" as MemberRole })),
  ];
}

// ───────────────────────────── writes ─────────────────────────────

export type ProjectWriteResult = { ok: true; id: string; code: string; version: number } | { ok: false; errors: FieldErrors };

/**
 * The next code of the year, AK-2026-0042, from the CodeSequence row bumped inside the caller's
 * transaction: two creates never share a number, and a rolled-back create gives its number back.
 */
export async function nextProjectCode(tx: DbTx, at: Date): Promise<string> {
  const year = Number(shanghaiDay(at).slice(0, 4));
  const key = projectCodeSequenceKey(year);
  const row = await tx.codeSequence.upsert({ where: { key }, create: { key, value: 1 }, update: { value: { increment: 1 } } });
  return formatProjectCode(year, row.value);
}

/**
 * Creates a project in the first ladder stage (线索). County officers create in their own
 * region only; city officers choose any county or park.
 */
export async function createProject(user: SessionUser, input: ProjectInput, meta?: RequestMeta): Promise<ProjectWriteResult> {
  requirePermission(user, "pipeline:write");
  const scope = await regionScope(user);
  const fallbackRegion = user.role === "COUNTY_OFFICER" ? user.regionId : null;
  const value = resolveInput(input, null, fallbackRegion);
  const errors = await validate(user, scope, value, null, prisma);
  const config = await getMechanism();
  const first = ladderStages(config)[0];
  if (!first) throw new Error("The mechanism has no ladder stages");
  for (const field of first.requiredFields) {
    const v = (value as unknown as Record<string, unknown>)[field];
    if (v === null || v === undefined || v === "") addError(errors, field, t(`pipeline.requiredFor_${first.code}`));
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const at = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        const code = await nextProjectCode(tx, at);
        const created = await tx.project.create({
          data: {
            ...rowData(value, isKeyProject(value.plannedInvestment, value.keyManual, config)),
            searchKey: projectSearchKey(value.name, code),
            code,
            stage: first.code,
            stageEnteredAt: at,
            createdById: user.id,
            members: { create: memberRows("", value).map(({ userId, role }) => ({ userId, role })) },
          },
          select: { id: true, code: true, version: true },
        });
        await tx.stageTransition.create({
          data: { projectId: created.id, fromStage: null, toStage: first.code, at, actorId: user.id, actorName: user.displayName, source: "MANUAL" },
        });
        await writeAudit({ actor: user, action: "CREATE", entity: "Project", entityId: created.id, after: await projectImage(created.id, tx), meta }, tx);
        return { ok: true as const, id: created.id, code: created.code, version: created.version };
      }, WRITE_TX_OPTIONS);
    } catch (error) {
      // Two first-of-the-year creates can race to insert the sequence row; the loser retries.
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * Saves an edit made from `version`. Throws VersionConflict (carrying the record as it now
 * stands) when someone saved in between; a 404 Response when the project is not the user's.
 */
export async function updateProject(user: SessionUser, id: string, version: number, input: ProjectInput, meta?: RequestMeta): Promise<ProjectWriteResult> {
  requirePermission(user, "pipeline:write");
  const scope = await regionScope(user);
  const current = await prisma.project.findFirst({ where: { AND: [{ id }, whereForScope(scope)] }, select: PROJECT_AUDIT_SELECT });
  if (!current) throw notFound();
  const before = imageOf(current);
  if (before.version !== version) throw new VersionConflict("Project", before);
  const value = resolveInput(input, before, null);
  const errors = await validate(user, scope, value, before, prisma);
  await heldFieldErrors(before, value, errors);
  const landing = changedLandingFields(before, value);
  await contractGovernedErrors(id, landing, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const config = await getMechanism();

  return prisma.$transaction(async (tx) => {
    const { count } = await tx.project.updateMany({
      where: { id, version, deletedAt: null },
      data: {
        ...rowData(value, isKeyProject(value.plannedInvestment, value.keyManual, config)),
        searchKey: projectSearchKey(value.name, before.code),
        version: { increment: 1 },
      },
    });
    if (count === 0) throw new VersionConflict("Project", await projectImage(id, tx));
    const membersChanged = JSON.stringify([before.taskForceIds, before.liaisonIds]) !== JSON.stringify([value.taskForceIds, value.liaisonIds]);
    if (membersChanged) {
      await tx.projectMember.deleteMany({ where: { projectId: id } });
      const rows = memberRows(id, value);
      if (rows.length) await tx.projectMember.createMany({ data: rows });
    }
    // One truth (issue 4 §4): a signing or landing date typed here is recorded where it lives.
    await contractsFollowStageMove(tx, id, landing, user, meta);
    await milestonesFollowStageMove(tx, id, landing, before.stage, now(), user, meta);
    const after = await projectImage(id, tx);
    await writeAudit({ actor: user, action: "UPDATE", entity: "Project", entityId: id, before, after, meta }, tx);
    return { ok: true as const, id, code: before.code, version: after?.version ?? version + 1 };
  }, WRITE_TX_OPTIONS);
}

/** Soft delete (回收站): the project disappears from every list and page until restored. */
export async function deleteProject(user: SessionUser, id: string, version: number | null, meta?: RequestMeta): Promise<void> {
  requirePermission(user, "pipeline:write");
  const scope = await regionScope(user);
  const current = await prisma.project.findFirst({ where: { AND: [{ id }, whereForScope(scope)] }, select: PROJECT_AUDIT_SELECT });
  if (!current) throw notFound();
  const before = imageOf(current);
  if (version !== null && before.version !== version) throw new VersionConflict("Project", before);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.project.updateMany({
      where: { id, deletedAt: null, version: before.version },
      data: { deletedAt: now(), version: { increment: 1 } },
    });
    if (count === 0) throw new VersionConflict("Project", await projectImage(id, tx));
    await writeAudit({ actor: user, action: "DELETE", entity: "Project", entityId: id, before, after: await projectImage(id, tx), meta }, tx);
  }, WRITE_TX_OPTIONS);
}

/** Brings a deleted project back from the recycle bin. */
export async function restoreProject(user: SessionUser, id: string, meta?: RequestMeta): Promise<void> {
  requirePermission(user, "pipeline:write");
  const scope = await regionScope(user);
  const where: Prisma.ProjectWhereInput = scope === null ? { id, deletedAt: { not: null } } : { id, deletedAt: { not: null }, regionId: { in: [...scope] } };
  const current = await prisma.project.findFirst({ where, select: PROJECT_AUDIT_SELECT });
  if (!current) throw notFound();
  const before = imageOf(current);
  const config = await getMechanism();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.project.updateMany({
      where: { id, deletedAt: { not: null }, version: before.version },
      data: { deletedAt: null, isKey: isKeyProject(before.plannedInvestment, before.keyManual, config), version: { increment: 1 } },
    });
    if (count === 0) throw new VersionConflict("Project", await projectImage(id, tx));
    await writeAudit({ actor: user, action: "RESTORE", entity: "Project", entityId: id, before, after: await projectImage(id, tx), meta }, tx);
  }, WRITE_TX_OPTIONS);
}

export type DeletedProject = {
  id: string;
  code: string;
  name: string;
  companyName: string;
  regionName: string;
  stage: string;
  deletedAt: Date;
  deletedBy: string | null;
};

/** The recycle bin's projects: deleted ones within the user's scope, most recently deleted first. */
export async function listDeletedProjects(user: SessionUser, take = 200): Promise<DeletedProject[]> {
  requirePermission(user, "pipeline:read");
  const scope = await regionScope(user);
  const where: Prisma.ProjectWhereInput = scope === null ? { deletedAt: { not: null } } : { deletedAt: { not: null }, regionId: { in: [...scope] } };
  const rows = await prisma.project.findMany({
    where,
    orderBy: { deletedAt: "desc" },
    take,
    select: { id: true, code: true, name: true, stage: true, deletedAt: true, company: { select: { name: true } }, region: { select: { name: true } } },
  });
  const deletions = rows.length
    ? await prisma.auditLog.findMany({
        where: { entity: "Project", action: "DELETE", entityId: { in: rows.map((r) => r.id) } },
        orderBy: { id: "desc" },
        select: { entityId: true, actorName: true },
      })
    : [];
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    companyName: r.company.name,
    regionName: r.region.name,
    stage: r.stage,
    deletedAt: r.deletedAt as Date,
    deletedBy: deletions.find((d) => d.entityId === r.id)?.actorName ?? null,
  }));
}

// ───────────────────────────── form options ─────────────────────────────

export type PersonOption = { id: string; displayName: string; title: string | null; role: string; regionId: string | null; department: string | null };
export type RegionOption = { id: string; name: string; parentId: string | null; level: string };
export type ChainOption = { id: string; name: string; links: { id: string; name: string }[] };
export type CompanyOption = { id: string; name: string };

/**
 * What the project and follow-up forms choose from: the regions the user may file a project
 * under (all regions come along, for the leader lineage), chains with their links, and the
 * people who can hold a role on a project. The forms narrow people by region with the rules of
 * app/domain/projects.ts, which the server applies again on save.
 */
export async function projectFormOptions(user: SessionUser) {
  const scope = await regionScope(user);
  const [regions, chains, people] = await Promise.all([
    prisma.region.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true, parentId: true, level: true } }),
    prisma.industryChain.findMany({
      where: { deletedAt: null },
      orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
      select: { id: true, name: true, links: { where: { deletedAt: null }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } } },
    }),
    prisma.user.findMany({
      where: { disabled: false, role: { in: [...PROJECT_PEOPLE_ROLES] } },
      orderBy: [{ role: "asc" }, { displayName: "asc" }],
      select: { id: true, displayName: true, title: true, role: true, regionId: true, department: { select: { name: true } } },
    }),
  ]);
  return {
    regions: regions as RegionOption[],
    /** Regions a new project may be filed under by this user. */
    projectRegionIds: regions.filter((r) => isProjectRegion(r) && inScope(scope, r.id)).map((r) => r.id),
    canAssign: hasPermission(user, "pipeline:assign"),
    chains: chains as ChainOption[],
    people: people.map(({ department, ...p }) => ({ ...p, department: department?.name ?? null })) as PersonOption[],
  };
}

export type ProjectFormOptions = Awaited<ReturnType<typeof projectFormOptions>>;

/**
 * Companies the project form offers (companyOptionsForUser: in scope, by name or pinyin), with
 * the one already chosen kept in the list. The same scope rule is checked again on save.
 */
export async function projectCompanyOptions(user: SessionUser, q: string | null, selectedId: string | null): Promise<CompanyOption[]> {
  const rows: CompanyOption[] = (await companyOptionsForUser(user, q?.trim() || undefined)).map(({ id, name }) => ({ id, name }));
  if (selectedId && !rows.some((r) => r.id === selectedId)) {
    const scope = await regionScope(user);
    const selected = await prisma.company.findFirst({ where: { AND: [{ id: selectedId }, selectableCompanyWhere(scope)] }, select: { id: true, name: true } });
    if (selected) rows.unshift(selected);
  }
  return rows;
}

/** Labels for the ids an audit image holds (people, regions, chains, companies), for display. */
export async function namesForImages(images: Record<string, unknown>[]): Promise<Record<string, string>> {
  const ids = new Set<string>();
  const keys = ["companyId", "regionId", "chainId", "linkId", "leadLeaderId", "officerId", "createdById"];
  for (const image of images) {
    for (const key of keys) if (typeof image[key] === "string") ids.add(image[key] as string);
    for (const key of ["taskForceIds", "liaisonIds"]) if (Array.isArray(image[key])) for (const id of image[key] as unknown[]) if (typeof id === "string") ids.add(id);
  }
  if (ids.size === 0) return {};
  const list = [...ids];
  const [users, regions, chains, links, companies] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: list } }, select: { id: true, displayName: true } }),
    prisma.region.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    prisma.industryChain.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    prisma.chainLink.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    prisma.company.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
  ]);
  return Object.fromEntries([
    ...users.map((u) => [u.id, u.displayName]),
    ...regions.map((r) => [r.id, r.name]),
    ...chains.map((c) => [c.id, c.name]),
    ...links.map((l) => [l.id, l.name]),
    ...companies.map((c) => [c.id, c.name]),
  ]);
}

/** Everything the project form renders from (ProjectFormData of app/components/project-form.tsx). */
export async function projectFormData(user: SessionUser, opts: { companyQ: string | null; companyId: string | null; region: { id: string; name: string } | null }) {
  const [options, companies, config] = await Promise.all([projectFormOptions(user), projectCompanyOptions(user, opts.companyQ, opts.companyId), getMechanism()]);
  const own = user.regionId ? options.regions.find((r) => r.id === user.regionId && options.projectRegionIds.includes(r.id)) : undefined;
  return {
    ...options,
    companies,
    fixedRegion: opts.region ?? (own ? { id: own.id, name: own.name } : null),
    keyThresholdText: formatWan(config.keyProjectThresholdWan),
    companyQ: opts.companyQ ?? "",
  };
}

// Pure rules of a project record (DESIGN §3–§4) that are not the stage ladder itself: the
// project code, the stored codes of its dictionaries, which fields a stage move asks for and
// which fields a stage already reached keeps required.
import { type MessageKey } from "#app/i18n";
import { type MechanismConfig } from "#app/schemas/mechanism";
import {
  isLadderStage,
  ladderStages,
  planTransition,
  stageDefinition,
  STAGE_FIELDS,
  type LadderStage,
  type StageCode,
  type StageField,
  type StageFieldValues,
} from "./stages";

// ───────────────────────────── codes ─────────────────────────────

/** 安康 (AK): the city prefix of every project code, e.g. AK-2026-0042. */
export const PROJECT_CODE_PREFIX = "AK";

/** AK-2026-0042; a year past 9 999 projects simply grows a fifth digit. */
export function formatProjectCode(year: number, sequence: number): string {
  return `${PROJECT_CODE_PREFIX}-${year}-${String(sequence).padStart(4, "0")}`;
}

/** The CodeSequence row that numbers a year's projects. */
export function projectCodeSequenceKey(year: number): string {
  return `project:${year}`;
}

export const PROJECT_NATURES = ["NEW", "EXPANSION", "RENOVATION"] as const;
export type ProjectNature = (typeof PROJECT_NATURES)[number];
export const CONTRACT_TYPES = ["FRAMEWORK", "FORMAL", "SUPPLEMENT"] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];
export const FOLLOW_UP_KINDS = ["PHONE", "VISIT", "INBOUND", "INSPECTION", "NEGOTIATION", "PROMOTION", "SIGNING_CEREMONY"] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
/** 四个亲自: the capacity in which a leader took part in a follow-up. */
export const CAPACITIES = ["RECRUIT", "MEET", "COORDINATE", "SUPERVISE"] as const;
export type Capacity = (typeof CAPACITIES)[number];
/** 专班 members and 驻厂联络员 (ProjectMember.role). */
export const MEMBER_ROLES = ["TASK_FORCE", "LIAISON"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (list as readonly string[]).includes(value);
}
export const isProjectNature = (v: unknown): v is ProjectNature => isOneOf(PROJECT_NATURES, v);
export const isContractType = (v: unknown): v is ContractType => isOneOf(CONTRACT_TYPES, v);
export const isFollowUpKind = (v: unknown): v is FollowUpKind => isOneOf(FOLLOW_UP_KINDS, v);
export const isCapacity = (v: unknown): v is Capacity => isOneOf(CAPACITIES, v);

export const natureLabelKey = (v: ProjectNature): MessageKey => `pipeline.nature_${v}`;
export const contractTypeLabelKey = (v: ContractType): MessageKey => `pipeline.contractType_${v}`;
export const followUpKindLabelKey = (v: FollowUpKind): MessageKey => `pipeline.followUpKind_${v}`;
export const capacityLabelKey = (v: Capacity): MessageKey => `pipeline.capacity_${v}`;

// ───────────────────────────── people ─────────────────────────────

export type RegionRef = { id: string; parentId: string | null; level: string };
export type PersonRef = { id: string; role: string; regionId: string | null };

/** Roles whose users can be named on a project (leader, officer, 专班, follow-up participant). */
export const PROJECT_PEOPLE_ROLES = ["LEADER", "CITY_OFFICER", "COUNTY_OFFICER", "DEPT_STAFF"] as const;

/** Projects belong to a county or a park (首报归属), never to the city itself. */
export function isProjectRegion(region: Pick<RegionRef, "level">): boolean {
  return region.level !== "CITY";
}

/** The region and every region above it. */
export function regionLineage(regionId: string, regions: readonly RegionRef[]): string[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const lineage: string[] = [];
  for (let r = byId.get(regionId); r && !lineage.includes(r.id); r = r.parentId ? byId.get(r.parentId) : undefined) lineage.push(r.id);
  return lineage;
}

/** 包抓领导: a leader of the project's region or of a region above it (the city). */
export function canLeadProject(person: PersonRef, regionId: string, regions: readonly RegionRef[]): boolean {
  return person.role === "LEADER" && person.regionId !== null && regionLineage(regionId, regions).includes(person.regionId);
}

/** 责任专员: a county officer of the project's own region, or a city officer. */
export function canOfficeProject(person: PersonRef, regionId: string): boolean {
  return person.role === "CITY_OFFICER" || (person.role === "COUNTY_OFFICER" && person.regionId === regionId);
}

/** 专班 members, liaisons and follow-up participants: any of the people roles. */
export function canJoinProject(person: PersonRef): boolean {
  return (PROJECT_PEOPLE_ROLES as readonly string[]).includes(person.role);
}

// ───────────────────────────── stage moves ─────────────────────────────

export type MoveRequirements = {
  /** Fields the move must carry (the dialog asks for them, filled with the current values). */
  fields: StageField[];
  reasonRequired: boolean;
};

/**
 * What moving from `from` to `to` asks of the user, or null when the move is not possible at
 * all. Read off planTransition itself on an empty project, so the dialog can never ask for
 * something other than what the move will check.
 */
export function moveRequirements(
  config: MechanismConfig,
  from: StageCode,
  to: StageCode,
  resumeStage: LadderStage | null,
  now: Date,
): MoveRequirements | null {
  const result = planTransition({ from, to, resumeStage, project: {}, config, now });
  if (result.ok) return { fields: [], reasonRequired: false };
  if (result.errors.some((e) => e.field === "stage")) return null;
  const fields = result.errors.map((e) => e.field).filter((f): f is StageField => f !== "reason" && f !== "stage");
  return { fields: [...new Set(fields)], reasonRequired: result.errors.some((e) => e.field === "reason") };
}

/**
 * Fields the project must keep filled where it stands: those required to enter each ladder
 * stage up to its current one (for a paused project, the stage it paused in). Editing the
 * project cannot clear them, or the ladder's entry rules could be undone behind its back.
 */
export function heldFields(config: MechanismConfig, stage: StageCode, resumeStage: LadderStage | null): StageField[] {
  const reference = isLadderStage(stage) ? stage : stage === "ON_HOLD" ? resumeStage : null;
  if (!reference) return [];
  const order = stageDefinition(config, reference)?.order ?? -Infinity;
  const fields = ladderStages(config)
    .filter((s) => s.order <= order)
    .flatMap((s) => s.requiredFields);
  return STAGE_FIELDS.filter((f) => fields.includes(f));
}

function filled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (typeof value === "number") return Number.isFinite(value);
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return true;
}

/** Held fields that were filled before an edit and are empty after it. */
export function clearedHeldFields(before: StageFieldValues, after: StageFieldValues, held: StageField[]): StageField[] {
  return held.filter((f) => filled(before[f]) && !filled(after[f]));
}

// ───────────────────────────── timeline ─────────────────────────────

/** Merges lists into one, newest first; entries at the same instant keep a stable order by key. */
export function newestFirst<T extends { at: Date; key: string }>(...lists: T[][]): T[] {
  return lists.flat().sort((a, b) => b.at.getTime() - a.at.getTime() || a.key.localeCompare(b.key));
}

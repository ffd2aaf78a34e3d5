// A project's fields in words, for the 变更记录 tab, the timeline and the 409 comparison: labels
// from the dictionary, dates as Shanghai days, money in 万元/亿元, codes as their Chinese names
// and ids as the names of what they point to.
import { formatNumber, formatWanNumber } from "#app/domain/money";
import { isCapacity, isContractType, isFollowUpKind, isProjectNature, contractTypeLabelKey, natureLabelKey } from "#app/domain/projects";
import { isStageCode, stageLabelKey } from "#app/domain/stages";
import { shanghaiDay } from "#app/domain/workdays";
import { hasMessage, t } from "#app/i18n";
import { formatDateTimeShort } from "./datetime";

const DAY_FIELDS = new Set(["firstContactAt", "signedAt", "startedAt", "completedAt", "producedAt", "date", "nextActionDue"]);
const TIME_FIELDS = new Set(["stageEnteredAt", "deletedAt", "lastFollowUpAt", "createdAt", "updatedAt"]);
const MONEY_FIELDS = new Set(["plannedInvestment", "contractAmount", "expectedOutput", "expectedTax"]);
const ID_FIELDS = new Set(["companyId", "regionId", "chainId", "linkId", "leadLeaderId", "officerId", "createdById"]);

export function projectFieldLabel(field: string): string {
  for (const key of [`pipeline.field_${field}`, `projects.field_${field}`]) if (hasMessage(key)) return t(key);
  return field;
}

function asDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return new Date(value);
  return null;
}

/** One field's value as a person reads it; "—" for nothing. */
export function displayValue(field: string, value: unknown, names: Record<string, string> = {}): string {
  if (value === null || value === undefined || value === "") return t("projects.none");
  if (Array.isArray(value)) return value.length ? value.map((v) => names[String(v)] ?? String(v)).join("、") : t("projects.none");
  if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
  const date = asDate(value);
  if (date && DAY_FIELDS.has(field)) return shanghaiDay(date);
  if (date && TIME_FIELDS.has(field)) return formatDateTimeShort(date);
  // The field's label carries the unit (计划投资（万元）), so the amount stands alone.
  if (typeof value === "number" && MONEY_FIELDS.has(field)) return formatWanNumber(value);
  if (typeof value === "number") return formatNumber(value, 3);
  if (typeof value === "string") {
    if ((field === "stage" || field === "resumeStage") && isStageCode(value)) return t(stageLabelKey(value));
    if (field === "nature" && isProjectNature(value)) return t(natureLabelKey(value));
    if (field === "contractType" && isContractType(value)) return t(contractTypeLabelKey(value));
    if (field === "kind" && isFollowUpKind(value)) return t(`pipeline.followUpKind_${value}`);
    if (field === "capacity" && isCapacity(value)) return t(`pipeline.capacity_${value}`);
    if (ID_FIELDS.has(field)) return names[value] ?? value;
    return value;
  }
  return JSON.stringify(value);
}

// The order fields are listed in wherever several are shown (change log rows, 409 comparison).
const FIELD_ORDER = [
  "code", "name", "companyId", "regionId", "chainId", "linkId", "nature", "plannedInvestment", "keyManual", "isKey",
  "stage", "stageEnteredAt", "resumeStage", "holdReason", "terminateReason",
  "leadLeaderId", "officerId", "responsibleUnit", "taskForceIds", "liaisonIds",
  "expectedJobs", "povertyJobs", "expectedOutput", "expectedTax", "description",
  "firstContactAt", "signedAt", "contractAmount", "contractType", "startedAt", "completedAt", "producedAt",
  "lastFollowUpAt", "deletedAt",
];

/** Sorts field names into the order above; unknown ones go last, alphabetically. */
export function byFieldOrder(a: string, b: string): number {
  const ia = FIELD_ORDER.indexOf(a);
  const ib = FIELD_ORDER.indexOf(b);
  if (ia === -1 && ib === -1) return a.localeCompare(b);
  if (ia === -1) return 1;
  if (ib === -1) return -1;
  return ia - ib;
}

export type FieldDiff = { field: string; label: string; theirs: string; yours: string };

/** Fields where two images of a record differ, in words (the 409 comparison). */
export function diffImages(fields: readonly string[], theirs: Record<string, unknown>, yours: Record<string, unknown>, names: Record<string, string>): FieldDiff[] {
  return fields.flatMap((field) => {
    const a = displayValue(field, theirs[field], names);
    const b = displayValue(field, yours[field], names);
    return a === b ? [] : [{ field, label: projectFieldLabel(field), theirs: a, yours: b }];
  });
}

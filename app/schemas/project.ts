// Forms of the project page, shared by the browser and the server: the project form (create and
// edit), the stage move and the follow-up. Rules that need the database or the mechanism (scope,
// who may lead a project, date coherence, the fields a stage requires) are checked by the models.
import { z } from "zod";
import { CAPACITIES, CONTRACT_TYPES, FOLLOW_UP_KINDS, PROJECT_NATURES, type Capacity } from "#app/domain/projects";
import { STAGE_CODES, STAGE_FIELD_KINDS, STAGE_FIELDS, type StageCode, type StageField, type StageFieldValues } from "#app/domain/stages";
import { t } from "#app/i18n";
import { shanghaiDayStart } from "#app/utils/datetime";

const MAX_WAN = 100_000_000; // 1万亿元: anything above is a typing error, not a project
const MAX_PEOPLE = 10_000_000;

const text = (max: number) => z.string().trim().max(max, t("projects.tooLong", { max })).optional();
const optionalId = z.string().trim().max(64).optional();
const idList = z.array(z.string().trim().max(64)).max(100).default([]);

/** A Shanghai calendar day typed as YYYY-MM-DD, as the instant it starts. */
const day = z
  .string()
  .trim()
  .refine((s) => shanghaiDayStart(s) !== null, t("projects.dateInvalid"))
  .transform((s) => shanghaiDayStart(s) as Date);

const amount = z
  .number({ invalid_type_error: t("projects.numberInvalid") })
  .min(0, t("projects.numberNegative"))
  .max(MAX_WAN, t("projects.numberTooBig"));
const people = z
  .number({ invalid_type_error: t("projects.numberInvalid") })
  .int(t("projects.integerRequired"))
  .min(0, t("projects.numberNegative"))
  .max(MAX_PEOPLE, t("projects.numberTooBig"));
const option = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { errorMap: () => ({ message: t("projects.optionInvalid") }) });

const ProjectFields = z.object({
  name: z
    .string({ required_error: t("projects.nameRequired") })
    .trim()
    .min(1, t("projects.nameRequired"))
    .max(100, t("projects.tooLong", { max: 100 })),
  companyId: z.string({ required_error: t("projects.companyRequired") }).trim().min(1, t("projects.companyRequired")).max(64),
  regionId: optionalId,
  chainId: optionalId,
  linkId: optionalId,
  nature: option(PROJECT_NATURES).optional(),
  plannedInvestment: z
    .number({ required_error: t("projects.amountRequired"), invalid_type_error: t("projects.numberInvalid") })
    .min(0, t("projects.numberNegative"))
    .max(MAX_WAN, t("projects.numberTooBig")),
  keyManual: z.boolean().optional(),
  leadLeaderId: optionalId,
  officerId: optionalId,
  responsibleUnit: text(100),
  taskForceIds: idList,
  liaisonIds: idList,
  expectedJobs: people.optional(),
  povertyJobs: people.optional(),
  expectedOutput: amount.optional(),
  expectedTax: amount.optional(),
  description: text(2000),
  // Recorded facts of the ladder, corrected on the edit page (moves go through the stage dialog).
  firstContactAt: day.optional(),
  signedAt: day.optional(),
  contractAmount: amount.optional(),
  contractType: option(CONTRACT_TYPES).optional(),
  startedAt: day.optional(),
  completedAt: day.optional(),
  producedAt: day.optional(),
});

function jobsCoherent(value: { expectedJobs?: number; povertyJobs?: number }, ctx: z.RefinementCtx) {
  if (value.povertyJobs !== undefined && value.expectedJobs !== undefined && value.povertyJobs > value.expectedJobs) {
    ctx.addIssue({ code: "custom", path: ["povertyJobs"], message: t("projects.povertyAboveJobs") });
  }
}

/** The fields the edit form posts, in form order (also the rows of a 409 comparison). */
export const PROJECT_FORM_FIELDS = Object.keys(ProjectFields.shape) as (keyof typeof ProjectFields.shape)[];

export const ProjectCreateSchema = ProjectFields.superRefine(jobsCoherent);
export const ProjectEditSchema = ProjectFields.extend({
  version: z.number({ required_error: t("projects.versionMissing") }).int().min(1),
}).superRefine(jobsCoherent);

export type ProjectFormValue = z.output<typeof ProjectCreateSchema>;

/**
 * The form's value as the models take it: every field of the form is posted, so a field left
 * empty means no value (null), not "keep what was there".
 */
export function projectInputFromForm(value: ProjectFormValue) {
  return {
    ...value,
    keyManual: value.keyManual ?? false,
    regionId: value.regionId ?? null,
    chainId: value.chainId ?? null,
    linkId: value.linkId ?? null,
    nature: value.nature ?? null,
    leadLeaderId: value.leadLeaderId ?? null,
    officerId: value.officerId ?? null,
    responsibleUnit: value.responsibleUnit ?? null,
    expectedJobs: value.expectedJobs ?? null,
    povertyJobs: value.povertyJobs ?? null,
    expectedOutput: value.expectedOutput ?? null,
    expectedTax: value.expectedTax ?? null,
    description: value.description ?? null,
    firstContactAt: value.firstContactAt ?? null,
    signedAt: value.signedAt ?? null,
    contractAmount: value.contractAmount ?? null,
    contractType: value.contractType ?? null,
    startedAt: value.startedAt ?? null,
    completedAt: value.completedAt ?? null,
    producedAt: value.producedAt ?? null,
  };
}

// ───────────────────────────── stage move ─────────────────────────────

export type FieldErrors = Record<string, string[]>;

export type StageMoveValue = {
  to: StageCode;
  version: number;
  reason: string | null;
  note: string | null;
  fields: StageFieldValues;
};

type FormLike = { get(name: string): FormDataEntryValue | null };

function formText(form: FormLike, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/**
 * Reads a stage move as posted by the dialog, the fallback page or the kanban: `to`, `version`,
 * `reason`, optional `note`, and any stage field (signedAt, contractAmount …) by its name. A
 * field left empty is not part of the move; the project keeps its value.
 */
export function parseStageMove(form: FormLike): { ok: true; value: StageMoveValue } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const to = formText(form, "to");
  if (!(STAGE_CODES as readonly string[]).includes(to)) errors.to = [t("projects.moveTargetInvalid")];
  const version = Number(formText(form, "version"));
  if (!Number.isInteger(version) || version < 1) errors.version = [t("projects.versionMissing")];
  const reason = formText(form, "reason");
  const note = formText(form, "note");
  if (reason.length > 500) errors.reason = [t("projects.tooLong", { max: 500 })];
  if (note.length > 500) errors.note = [t("projects.tooLong", { max: 500 })];

  const fields: Record<string, unknown> = {};
  for (const field of STAGE_FIELDS) {
    const raw = formText(form, field);
    if (raw === "") continue;
    const parsed = parseStageFieldValue(field, raw);
    if (parsed.ok) fields[field] = parsed.value;
    else errors[field] = [parsed.message];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { to: to as StageCode, version, reason: reason || null, note: note || null, fields: fields as StageFieldValues } };
}

function parseStageFieldValue(field: StageField, raw: string): { ok: true; value: Date | number | string } | { ok: false; message: string } {
  switch (STAGE_FIELD_KINDS[field]) {
    case "date": {
      const date = shanghaiDayStart(raw);
      return date ? { ok: true, value: date } : { ok: false, message: t("projects.dateInvalid") };
    }
    case "number": {
      const n = Number(raw.replaceAll(",", ""));
      if (!Number.isFinite(n)) return { ok: false, message: t("projects.numberInvalid") };
      if (n < 0) return { ok: false, message: t("projects.numberNegative") };
      if (n > MAX_WAN) return { ok: false, message: t("projects.numberTooBig") };
      if (field === "expectedJobs" && !Number.isInteger(n)) return { ok: false, message: t("projects.integerRequired") };
      return { ok: true, value: n };
    }
    default:
      return raw.length > 100 ? { ok: false, message: t("projects.tooLong", { max: 100 }) } : { ok: true, value: raw };
  }
}

// ───────────────────────────── follow-ups ─────────────────────────────

const FollowUpFields = z.object({
  kind: z.enum(FOLLOW_UP_KINDS, { errorMap: () => ({ message: t("projects.kindRequired") }) }),
  date: z
    .string({ required_error: t("projects.dateRequired") })
    .trim()
    .refine((s) => shanghaiDayStart(s) !== null, t("projects.dateInvalid"))
    .transform((s) => shanghaiDayStart(s) as Date),
  summary: z
    .string({ required_error: t("projects.summaryRequired") })
    .trim()
    .min(1, t("projects.summaryRequired"))
    .max(2000, t("projects.tooLong", { max: 2000 })),
  nextAction: text(500),
  nextActionDue: day.optional(),
  participantIds: idList,
  /**
   * capacities.<userId> = RECRUIT | MEET | COORDINATE | SUPERVISE, for leaders only; "" for
   * 未标注 (Conform does not turn empty strings inside a record into undefined).
   */
  capacities: z.record(z.string(), option(["", ...CAPACITIES]).optional()).optional(),
});

function dueCoherent(value: { date: Date; nextActionDue?: Date }, ctx: z.RefinementCtx) {
  if (value.nextActionDue && value.nextActionDue.getTime() < value.date.getTime()) {
    ctx.addIssue({ code: "custom", path: ["nextActionDue"], message: t("projects.dueBeforeDate") });
  }
}

/** One form posts both: `intent` create, or update with the record's id and version. */
export const FollowUpSchema = z
  .discriminatedUnion("intent", [
    FollowUpFields.extend({ intent: z.literal("create") }),
    FollowUpFields.extend({ intent: z.literal("update"), id: z.string().trim().min(1).max(64), version: z.number().int().min(1) }),
  ])
  .superRefine(dueCoherent);

export type FollowUpFormValue = z.output<typeof FollowUpSchema>;

/**
 * The follow-up as the model takes it. A leader whose capacity was chosen took part even if
 * their box was left unticked: the capacity says so.
 */
export function followUpInputFromForm(value: FollowUpFormValue) {
  const capacities = value.capacities ?? {};
  const ids = [...new Set([...value.participantIds, ...Object.keys(capacities).filter((id) => capacities[id])])];
  return {
    kind: value.kind,
    date: value.date,
    summary: value.summary,
    nextAction: value.nextAction ?? null,
    nextActionDue: value.nextActionDue ?? null,
    participants: ids.map((userId) => ({ userId, capacity: capacities[userId] || null }) as { userId: string; capacity: Capacity | null }),
  };
}

// Forms of the project page's 签约与履约, 落地节点 and 到位资金 tabs, shared by the browser
// (Conform) and the actions. Rules that need the database — scope, date coherence with the
// project, the fields a stage holds — are checked by the models.
import { z } from "zod";
import { CONTRACT_TYPES, FUNDS_SOURCES, MILESTONE_KINDS } from "#app/domain/contract-performance";
import { t } from "#app/i18n";
import { shanghaiDayStart } from "#app/utils/datetime";

const MAX_WAN = 100_000_000; // 1万亿元: anything above is a typing error
const MAX_MU = 1_000_000;
const MAX_PEOPLE = 10_000_000;

const text = (max: number) => z.string().trim().max(max, t("projects.tooLong", { max })).optional();

/** A Shanghai calendar day typed as YYYY-MM-DD, as the instant it starts. */
const dayOf = (required: string) =>
  z
    .string({ required_error: required })
    .trim()
    .refine((s) => shanghaiDayStart(s) !== null, t("projects.dateInvalid"))
    .transform((s) => shanghaiDayStart(s) as Date);
const day = dayOf(t("projects.dateInvalid"));

const number = (max: number) =>
  z.number({ invalid_type_error: t("projects.numberInvalid") }).min(0, t("projects.numberNegative")).max(max, t("projects.numberTooBig"));
const id = z.string().trim().min(1).max(64);
const version = z.number({ required_error: t("projects.versionMissing") }).int().min(1);
const option = <T extends readonly [string, ...string[]]>(values: T, message: string = t("projects.optionInvalid")) => z.enum(values, { errorMap: () => ({ message }) });

// ───────────────────────────── 签约 contracts ─────────────────────────────

const ContractFields = z.object({
  type: option(CONTRACT_TYPES, t("landingPages.contractTypeRequired")),
  signedAt: dayOf(t("landingPages.contractDateRequired")),
  title: text(100),
  amountWan: number(MAX_WAN).optional(),
  landMu: number(MAX_MU).optional(),
  investmentIntensityWanPerMu: number(MAX_WAN).optional(),
  taxPerMuWan: number(MAX_WAN).optional(),
  capacityDeadline: day.optional(),
  promisedJobs: number(MAX_PEOPLE).int(t("projects.integerRequired")).optional(),
  note: text(1000),
});

export const ContractSchema = z.discriminatedUnion("intent", [
  ContractFields.extend({ intent: z.literal("create") }),
  ContractFields.extend({ intent: z.literal("update"), id, version }),
]);
export type ContractFormValue = z.output<typeof ContractSchema>;

/** A contract as the model takes it: a field left empty means no value. */
export function contractInputFromForm(value: ContractFormValue) {
  return {
    type: value.type,
    signedAt: value.signedAt,
    title: value.title || null,
    amountWan: value.amountWan ?? null,
    landMu: value.landMu ?? null,
    investmentIntensityWanPerMu: value.investmentIntensityWanPerMu ?? null,
    taxPerMuWan: value.taxPerMuWan ?? null,
    capacityDeadline: value.capacityDeadline ?? null,
    promisedJobs: value.promisedJobs ?? null,
    note: value.note || null,
  };
}

// ───────────────────────────── 落地节点 milestones ─────────────────────────────

export const MilestoneSchema = z.object({
  intent: z.literal("save"),
  kind: option(MILESTONE_KINDS),
  /** The version the user saw; absent for a milestone not recorded yet. */
  version: version.optional(),
  plannedAt: day.optional(),
  actualAt: day.optional(),
  localCompanyUscc: text(40),
  localCompanyName: text(100),
  note: text(1000),
});
export type MilestoneFormValue = z.output<typeof MilestoneSchema>;

export function milestoneInputFromForm(value: MilestoneFormValue) {
  return {
    plannedAt: value.plannedAt ?? null,
    actualAt: value.actualAt ?? null,
    localCompanyUscc: value.localCompanyUscc || null,
    localCompanyName: value.localCompanyName || null,
    note: value.note || null,
  };
}

// ───────────────────────────── 到位资金 funds in place ─────────────────────────────

const FundsFields = z.object({
  receivedAt: dayOf(t("landingPages.fundsDateRequired")),
  amountWan: z
    .number({ required_error: t("landingPages.fundsAmountRequired"), invalid_type_error: t("projects.numberInvalid") })
    .positive(t("landingPages.fundsAmountPositive"))
    .max(MAX_WAN, t("projects.numberTooBig")),
  source: option(FUNDS_SOURCES, t("landingPages.fundsSourceRequired")),
  note: text(500),
});

export const FundsSchema = z.discriminatedUnion("intent", [
  FundsFields.extend({ intent: z.literal("create") }),
  FundsFields.extend({ intent: z.literal("update"), id, version }),
]);
export type FundsFormValue = z.output<typeof FundsSchema>;

export function fundsInputFromForm(value: FundsFormValue) {
  return { receivedAt: value.receivedAt, amountWan: value.amountWan, source: value.source, note: value.note || null };
}

/** Deleting a contract or a funds entry: which one, from which version. */
export const DeleteSchema = z.object({ id, version });

// Forms of 问题交办/销号, 政策兑现 and 领导批示, shared by the browser (Conform) and the actions.
// Rules that need the database or the mechanism (who may move a problem, which department,
// the fair-competition wording check, who may receive a 批示) are the models'.
import { z } from "zod";
import { PROBLEM_ACTIONS, PROBLEM_CATEGORIES, isProblemCategory, isProblemStatus, type ProblemCategory, type ProblemStatus } from "#app/domain/problem-status";
import { t } from "#app/i18n";
import { shanghaiDayStart } from "#app/utils/datetime";

const MAX_WAN = 100_000_000;
/** Longest time limit a form accepts, in 工作日 (about two years). */
export const MAX_LIMIT_WORKDAYS = 500;

const id = z.string().trim().min(1).max(64);
const optionalId = z.string().trim().max(64).optional();
const longText = (max: number) => z.string().trim().max(max, t("problems.tooLong", { max })).optional();
const requiredText = (max: number, required: string) =>
  z.string({ required_error: required }).trim().min(1, required).max(max, t("problems.tooLong", { max }));

/** A Shanghai calendar day typed as YYYY-MM-DD, as the instant it starts. */
const day = z
  .string()
  .trim()
  .refine((s) => shanghaiDayStart(s) !== null, t("problems.dateInvalid"))
  .transform((s) => shanghaiDayStart(s) as Date);

const wan = z
  .number({ invalid_type_error: t("problems.numberInvalid") })
  .min(0, t("problems.numberNegative"))
  .max(MAX_WAN, t("problems.numberTooBig"));

const limitWorkdays = z
  .number({ invalid_type_error: t("problems.limitInvalid") })
  .int(t("problems.limitInvalid"))
  .min(1, t("problems.limitInvalid"))
  .max(MAX_LIMIT_WORKDAYS, t("problems.limitInvalid"));

/** Where to go after a panel's form is saved: a path of this site, never another origin. */
export const redirectTo = z
  .string()
  .trim()
  .max(500)
  .refine((s) => s.startsWith("/") && !s.startsWith("//") && !s.includes("\\"))
  .optional()
  .catch(undefined);

/** `redirectTo` (or the fallback) with `?done=<notice>` set, for the one-shot notice the page shows. */
export function withDone(target: string | undefined, fallback: string, done: string): string {
  const url = new URL(target ?? fallback, "http://local");
  url.searchParams.set("done", done);
  return `${url.pathname}${url.search}${url.hash}`;
}

// ───────────────────────────── problems ─────────────────────────────

export const ProblemReportSchema = z.object({
  title: requiredText(100, t("problems.titleRequired")),
  category: z.enum(PROBLEM_CATEGORIES, { errorMap: () => ({ message: t("problems.categoryRequired") }) }),
  description: longText(2000),
  /** Optional: report and 交办 in one step. */
  departmentId: optionalId,
  assigneeId: optionalId,
  limitWorkdays: limitWorkdays.optional(),
  redirectTo,
});
export type ProblemReportValue = z.output<typeof ProblemReportSchema>;

// ───────────────────────────── the /problems list ─────────────────────────────

/** The overdue levels /problems filters on (the colours of a running clock). */
export const PROBLEM_LEVEL_FILTERS = ["RED", "YELLOW", "BLUE"] as const;
export type ProblemLevelFilter = (typeof PROBLEM_LEVEL_FILTERS)[number];

export type ProblemFilters = {
  status: ProblemStatus[];
  category: ProblemCategory[];
  departmentId: string | null;
  regionId: string | null;
  level: ProblemLevelFilter[];
  q: string | null;
};

/** The list's filters from its URL, leniently: an unknown value is ignored, not an error. */
export function readProblemFilters(params: URLSearchParams): ProblemFilters {
  const text = (name: string) => params.get(name)?.trim() || null;
  return {
    status: params.getAll("status").filter(isProblemStatus),
    category: params.getAll("category").filter(isProblemCategory),
    departmentId: text("department"),
    regionId: text("region"),
    level: params.getAll("level").filter((l): l is ProblemLevelFilter => (PROBLEM_LEVEL_FILTERS as readonly string[]).includes(l)),
    q: text("q")?.slice(0, 100) ?? null,
  };
}

/** One form per move; `intent` is the action (交办, 办结, 销号 …). Required text is the model's rule. */
export const ProblemMoveSchema = z.object({
  intent: z.enum(PROBLEM_ACTIONS),
  version: z.number().int().min(1).optional(),
  text: longText(2000),
  departmentId: optionalId,
  assigneeId: optionalId,
  limitWorkdays: limitWorkdays.optional(),
});
export type ProblemMoveValue = z.output<typeof ProblemMoveSchema>;

// ───────────────────────────── incentives ─────────────────────────────

const IncentiveFields = z.object({
  item: requiredText(200, t("problems.incentiveItemRequired")),
  conditions: longText(1000),
  promisedWan: z
    .number({ required_error: t("problems.incentivePromisedRequired"), invalid_type_error: t("problems.numberInvalid") })
    .gt(0, t("problems.incentivePromisedRequired"))
    .max(MAX_WAN, t("problems.numberTooBig")),
  dueAt: day.optional(),
  paidWan: wan.optional(),
  paidAt: day.optional(),
  note: longText(1000),
  cancelled: z.boolean().optional(),
  cancelReason: longText(500),
  redirectTo,
});

export const IncentiveSchema = z.discriminatedUnion("intent", [
  IncentiveFields.extend({ intent: z.literal("create") }),
  IncentiveFields.extend({ intent: z.literal("update"), id, version: z.number().int().min(1) }),
]);
export type IncentiveFormValue = z.output<typeof IncentiveSchema>;

export const IncentiveDeleteSchema = z.object({ intent: z.literal("delete"), id, version: z.number().int().min(1), redirectTo });

/** The incentive as the model takes it: a field left empty means no value. */
export function incentiveInputFromForm(value: z.output<typeof IncentiveFields>) {
  return {
    item: value.item,
    conditions: value.conditions ?? null,
    promisedWan: value.promisedWan,
    dueAt: value.dueAt ?? null,
    paidWan: value.paidWan ?? 0,
    paidAt: value.paidAt ?? null,
    note: value.note ?? null,
    cancelled: value.cancelled ?? false,
    cancelReason: value.cancelReason ?? null,
  };
}

// ───────────────────────────── instructions ─────────────────────────────

export const InstructionSchema = z.object({
  text: requiredText(2000, t("problems.instructionTextRequired")),
  recipientIds: z.array(id, { required_error: t("problems.instructionRecipientsRequired") }).min(1, t("problems.instructionRecipientsRequired")).max(100),
  replyDueAt: day.optional(),
  problemId: optionalId,
  redirectTo,
});
export type InstructionFormValue = z.output<typeof InstructionSchema>;

export const InstructionReplySchema = z.object({
  text: requiredText(2000, t("problems.replyTextRequired")),
  redirectTo,
});

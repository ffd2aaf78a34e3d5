// The stage ladder (DESIGN §3) and the rules for moving a project along it. The codes and their
// halves are fixed here; everything a city may tune (order, time limits, fields required to
// enter a stage) comes from the MechanismConfig passed in, never from constants in this file.
import { type MessageKey, type MessageParams } from "#app/i18n";
import { type MechanismConfig, type StageDefinition } from "#app/schemas/mechanism";
import { isLaterDay } from "./workdays";

export const NEGOTIATION_STAGES = ["LEAD", "FIRST_CONTACT", "SITE_VISIT", "NEGOTIATION", "SIGNED"] as const;
export const LANDING_STAGES = ["LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY"] as const;
export const EXIT_STAGES = ["ON_HOLD", "TERMINATED"] as const;
/** The ladder in its natural sequence; exits can be taken from any ladder stage. */
export const LADDER_STAGES = [...NEGOTIATION_STAGES, ...LANDING_STAGES] as const;
export const STAGE_CODES = [...LADDER_STAGES, ...EXIT_STAGES] as const;

export type StageCode = (typeof STAGE_CODES)[number];
export type LadderStage = (typeof LADDER_STAGES)[number];
export type ExitStage = (typeof EXIT_STAGES)[number];
export const STAGE_HALVES = ["NEGOTIATION", "LANDING", "EXIT"] as const;
export type StageHalf = (typeof STAGE_HALVES)[number];

export function isStageCode(value: unknown): value is StageCode {
  return typeof value === "string" && (STAGE_CODES as readonly string[]).includes(value);
}

export function isLadderStage(code: StageCode): code is LadderStage {
  return (LADDER_STAGES as readonly string[]).includes(code);
}

/** The half a stage belongs to; fixed, because the statistics of DESIGN §6 depend on it. */
export function canonicalHalf(code: StageCode): StageHalf {
  if ((NEGOTIATION_STAGES as readonly string[]).includes(code)) return "NEGOTIATION";
  if ((LANDING_STAGES as readonly string[]).includes(code)) return "LANDING";
  return "EXIT";
}

export function stageLabelKey(code: StageCode): MessageKey {
  return `pipeline.stage_${code}`;
}

// Project fields a stage may require, by the kind of value they hold.
export const STAGE_FIELD_KINDS = {
  firstContactAt: "date",
  signedAt: "date",
  contractAmount: "number",
  contractType: "text",
  startedAt: "date",
  completedAt: "date",
  producedAt: "date",
  nature: "text",
  chainId: "text",
  leadLeaderId: "text",
  officerId: "text",
  responsibleUnit: "text",
  expectedJobs: "number",
  expectedOutput: "number",
  expectedTax: "number",
} as const;
export type StageField = keyof typeof STAGE_FIELD_KINDS;
export const STAGE_FIELDS = Object.keys(STAGE_FIELD_KINDS) as [StageField, ...StageField[]];

type ValueOfKind = { date: Date; number: number; text: string };
export type StageFieldValues = {
  [F in StageField]?: ValueOfKind[(typeof STAGE_FIELD_KINDS)[F]] | null;
};

export function fieldLabelKey(field: StageField | "reason"): MessageKey {
  return `pipeline.field_${field}`;
}

/** Actual dates in the order the project must reach them (开工 not before 签约 …). */
export const DATE_SEQUENCE = ["firstContactAt", "signedAt", "startedAt", "completedAt", "producedAt"] as const;
export type DateField = (typeof DATE_SEQUENCE)[number];

export function stageDefinition(config: MechanismConfig, code: StageCode): StageDefinition | undefined {
  return config.stages.find((s) => s.code === code);
}

/** Every stage of the configuration in its configured order (stages of one order by code). */
export function stagesInOrder(config: MechanismConfig): StageDefinition[] {
  return [...config.stages].sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
}

/** The ladder stages of the configuration, in their configured order. */
export function ladderStages(config: MechanismConfig): StageDefinition[] {
  return stagesInOrder(config).filter((s) => isLadderStage(s.code));
}

/** True when `to` comes before `from` on the configured ladder (exits are on no side). */
export function isEarlierLadderStage(config: MechanismConfig, to: StageCode, from: StageCode): boolean {
  const order = ladderStages(config).map((s) => s.code);
  const a = order.indexOf(to);
  const b = order.indexOf(from);
  return a >= 0 && b >= 0 && a < b;
}

/** Stages a project in `from` may be moved to: every other stage, none once terminated. */
export function transitionTargets(config: MechanismConfig, from: StageCode): StageCode[] {
  if (from === "TERMINATED") return [];
  return stagesInOrder(config)
    .map((s) => s.code)
    .filter((code) => code !== from);
}

/**
 * 重点项目: marked by hand, or planned investment at or above the configured threshold
 * (亿元以上 by default).
 */
export function isKeyProject(amountWan: number | null | undefined, keyManual: boolean, config: MechanismConfig): boolean {
  return keyManual || (amountWan ?? 0) >= config.keyProjectThresholdWan;
}

// ───────────────────────────── transitions ─────────────────────────────

export type TransitionKind = "FORWARD" | "BACKWARD" | "HOLD" | "RESUME" | "TERMINATE";

export type TransitionError = {
  field: StageField | "reason" | "stage";
  message: MessageKey;
  params?: MessageParams;
};

export type StageUpdates = {
  stage: StageCode;
  resumeStage?: LadderStage | null;
  holdReason?: string | null;
  terminateReason?: string | null;
};

export type TransitionPlan = {
  ok: true;
  kind: TransitionKind;
  from: StageCode;
  to: StageCode;
  /** The reason given, trimmed; the StageTransition note. */
  reason: string | null;
  /** Field values supplied with the move, cleaned (trimmed text, empty as null). */
  fields: StageFieldValues;
  /** What the project row takes besides `fields` (stageEnteredAt is the caller's clock). */
  updates: StageUpdates;
};

export type TransitionResult = TransitionPlan | { ok: false; errors: TransitionError[] };

export type PlanTransitionArgs = {
  from: StageCode;
  to: StageCode;
  /** The stage an ON_HOLD project came from. */
  resumeStage?: LadderStage | null;
  /** The project's current field values. */
  project: StageFieldValues;
  input?: { reason?: string | null; fields?: StageFieldValues };
  config: MechanismConfig;
  /** The clock of the request, for "no date after today". */
  now: Date;
};

/** Works out whether a stage move is allowed and what it changes; collects every error. */
export function planTransition(args: PlanTransitionArgs): TransitionResult {
  const { from, to, config } = args;
  const reason = cleanText(args.input?.reason);
  const fields = cleanFields(args.input?.fields ?? {});

  const stageError = checkStages(config, from, to);
  if (stageError) return { ok: false, errors: [stageError] };

  const move = classifyMove(config, from, to, args.resumeStage ?? null);
  const values = { ...args.project, ...fields };
  const errors: TransitionError[] = [];
  if (move.reasonKey && !reason) errors.push({ field: "reason", message: move.reasonKey });
  errors.push(...missingFields(values, move.fieldsFrom));
  // Exits stay possible even when old data is incoherent: only moves onto the ladder check dates.
  if (move.kind !== "HOLD" && move.kind !== "TERMINATE") errors.push(...checkProjectDates(values, args.now));
  if (errors.length > 0) return { ok: false, errors };

  return { ok: true, kind: move.kind, from, to, reason, fields, updates: updatesFor(move.kind, from, to, reason) };
}

function checkStages(config: MechanismConfig, from: StageCode, to: StageCode): TransitionError | null {
  for (const code of [from, to]) {
    if (!stageDefinition(config, code)) return { field: "stage", message: "pipeline.unknownStage", params: { code } };
  }
  if (from === "TERMINATED") return { field: "stage", message: "pipeline.terminatedIsFinal" };
  if (from === to) return { field: "stage", message: "pipeline.sameStage" };
  return null;
}

type Move = {
  kind: TransitionKind;
  /** Set when the move needs a reason. */
  reasonKey: MessageKey | null;
  /** Stages whose required fields must be filled: each with the fields it requires. */
  fieldsFrom: StageDefinition[];
};

function classifyMove(config: MechanismConfig, from: StageCode, to: StageCode, resumeStage: LadderStage | null): Move {
  if (to === "TERMINATED") return { kind: "TERMINATE", reasonKey: "pipeline.reasonRequiredTerminate", fieldsFrom: [] };
  if (to === "ON_HOLD") return { kind: "HOLD", reasonKey: "pipeline.reasonRequiredHold", fieldsFrom: [] };
  if (from === "ON_HOLD") {
    // Back to where it paused needs no explanation; anywhere else does, and a resume that
    // jumps ahead must carry the fields of every stage it passes.
    const reasonKey = to === resumeStage ? null : "pipeline.reasonRequiredResume";
    const ahead = resumeStage === null || compareOrder(config, to, resumeStage) >= 0;
    return { kind: "RESUME", reasonKey, fieldsFrom: ahead ? stagesEntered(config, resumeStage, to, true) : [] };
  }
  if (compareOrder(config, to, from) > 0) {
    return { kind: "FORWARD", reasonKey: null, fieldsFrom: stagesEntered(config, from, to, false) };
  }
  return { kind: "BACKWARD", reasonKey: "pipeline.reasonRequiredBackward", fieldsFrom: [] };
}

function compareOrder(config: MechanismConfig, a: StageCode, b: StageCode): number {
  return (stageDefinition(config, a)?.order ?? 0) - (stageDefinition(config, b)?.order ?? 0);
}

/**
 * Ladder stages after `from` up to and including `to` (from the bottom of the ladder when
 * `from` is null). With `includeTarget`, `to` is included even when it is `from` itself: a
 * project resuming a paused stage must still meet that stage's requirements.
 */
function stagesEntered(config: MechanismConfig, from: StageCode | null, to: StageCode, includeTarget: boolean): StageDefinition[] {
  const toOrder = stageDefinition(config, to)?.order ?? 0;
  const fromOrder = from === null ? -Infinity : (stageDefinition(config, from)?.order ?? 0);
  return ladderStages(config).filter(
    (s) => (s.order > fromOrder && s.order <= toOrder) || (includeTarget && s.code === to),
  );
}

function missingFields(values: StageFieldValues, stages: StageDefinition[]): TransitionError[] {
  const errors: TransitionError[] = [];
  const reported = new Set<StageField>();
  for (const stage of stages) {
    for (const field of stage.requiredFields) {
      if (reported.has(field) || isFilled(values[field])) continue;
      reported.add(field);
      errors.push({ field, message: `pipeline.requiredFor_${stage.code}` });
    }
  }
  return errors;
}

function isFilled(value: Date | number | string | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "string") return value.trim() !== "";
  return !Number.isNaN(value.getTime());
}

/**
 * Coherence of a project's actual dates (DESIGN §3): each date not before the nearest earlier
 * one that is filled, and none after today (they record what happened). Also used when dates
 * are edited outside a stage move.
 */
export function checkProjectDates(values: StageFieldValues, now: Date): TransitionError[] {
  const errors: TransitionError[] = [];
  let previous: { field: Exclude<DateField, "producedAt">; date: Date } | null = null;
  for (const field of DATE_SEQUENCE) {
    const date = values[field];
    if (!date || Number.isNaN(date.getTime())) continue;
    if (isLaterDay(date, now)) {
      errors.push({ field, message: "pipeline.dateInFuture" });
    } else if (previous && isLaterDay(previous.date, date)) {
      errors.push({ field, message: `pipeline.notBefore_${previous.field}` });
    }
    if (field !== "producedAt") previous = { field, date };
  }
  return errors;
}

function updatesFor(kind: TransitionKind, from: StageCode, to: StageCode, reason: string | null): StageUpdates {
  switch (kind) {
    case "HOLD":
      return { stage: to, resumeStage: isLadderStage(from) ? from : null, holdReason: reason };
    case "RESUME":
      return { stage: to, resumeStage: null, holdReason: null };
    case "TERMINATE":
      return { stage: to, terminateReason: reason };
    default:
      return { stage: to };
  }
}

function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim() ?? "";
  return text === "" ? null : text;
}

function cleanFields(fields: StageFieldValues): StageFieldValues {
  const cleaned: Record<string, unknown> = {};
  for (const field of STAGE_FIELDS) {
    if (!(field in fields)) continue;
    const value = fields[field];
    if (value === undefined) continue;
    cleaned[field] = typeof value === "string" ? cleanText(value) : value;
  }
  return cleaned as StageFieldValues;
}

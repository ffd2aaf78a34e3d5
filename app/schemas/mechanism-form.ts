// The mechanism editor's form (/mechanism/edit) and the configuration document, mapped both
// ways: a field per setting that an admin tunes (stage limits, fields required to enter a
// stage, cadence, the yellow ratio as a percentage, thresholds, counting rules), validated by
// MechanismSchema, with its errors placed next to the field they concern. Also the list of
// differences between two versions, shown in the history and in a stale-save answer.
// Pure: no I/O, no React.
import { isLadderStage, isStageCode, STAGE_FIELDS, type StageCode, type StageField } from "#app/domain/stages";
import { t, type MessageKey } from "#app/i18n";
import { parseMechanism, type MechanismConfig, type MechanismError } from "./mechanism";

/** What a form submission offers: FormData and URLSearchParams both fit. */
export type FormReader = { get(name: string): FormDataEntryValue | string | null; getAll(name: string): (FormDataEntryValue | string)[] };

export type MechanismFormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string[]>;

export const FORM_FIELDS = {
  cadenceKey: "cadenceKey",
  cadenceNormal: "cadenceNormal",
  yellowPercent: "yellowPercent",
  keyProjectThresholdWan: "keyProjectThresholdWan",
  problemLimitWorkdays: "problemLimitWorkdays",
  minAmountWan: "minAmountWan",
  sizeBandsWan: "sizeBandsWan",
  largeInTalksWan: "largeInTalksWan",
  landedRequiresFormalContract: "landedRequiresFormalContract",
  landedRequiresLocalCompany: "landedRequiresLocalCompany",
  landedRequiresStart: "landedRequiresStart",
  note: "note",
  json: "json",
} as const;

export type StageFormPart = "limit" | "required" | "followUp";

/** `stage.SIGNED.limit`, `stage.SIGNED.required`, `stage.SIGNED.followUp`. */
export function stageFieldName(code: StageCode, part: StageFormPart): string {
  return `stage.${code}.${part}`;
}

/** Only ladder stages have fields to fill on entry; exits ask for a reason instead. */
export function stageTakesRequiredFields(code: StageCode): boolean {
  return isLadderStage(code);
}

const COUNTING_FLAGS = ["landedRequiresFormalContract", "landedRequiresLocalCompany", "landedRequiresStart"] as const;

// ───────────────────────────── config → form ─────────────────────────────

/** 0.8 → "80"; float noise removed (0.7 × 100 is 70.00000000000001). */
export function ratioToPercent(ratio: number): string {
  return String(Number((ratio * 100).toFixed(6)));
}

export function mechanismToFormValues(config: MechanismConfig): MechanismFormValues {
  const values: MechanismFormValues = {};
  for (const stage of config.stages) {
    values[stageFieldName(stage.code, "limit")] = stage.limitWorkdays === null ? "" : String(stage.limitWorkdays);
    values[stageFieldName(stage.code, "required")] = [...stage.requiredFields];
    values[stageFieldName(stage.code, "followUp")] = stage.followUpRequired ? "on" : "";
  }
  values[FORM_FIELDS.cadenceKey] = String(config.followUpCadenceDays.key);
  values[FORM_FIELDS.cadenceNormal] = String(config.followUpCadenceDays.normal);
  values[FORM_FIELDS.yellowPercent] = ratioToPercent(config.warning.yellowRatio);
  values[FORM_FIELDS.keyProjectThresholdWan] = String(config.keyProjectThresholdWan);
  values[FORM_FIELDS.problemLimitWorkdays] = String(config.problemLimitWorkdays);
  values[FORM_FIELDS.minAmountWan] = String(config.countingRules.minAmountWan);
  values[FORM_FIELDS.sizeBandsWan] = config.countingRules.sizeBandsWan.join(", ");
  values[FORM_FIELDS.largeInTalksWan] = String(config.countingRules.largeInTalksWan);
  for (const flag of COUNTING_FLAGS) values[FORM_FIELDS[flag]] = config.countingRules[flag] ? "on" : "";
  return values;
}

// ───────────────────────────── form → config ─────────────────────────────

function text(form: FormReader, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

function checked(form: FormReader, name: string): boolean {
  return text(form, name) !== "";
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A number typed in a field, thousands separators allowed; null when not a number. */
export function parseNumberText(value: string): number | null {
  // NFKC: full-width digits typed with a Chinese IME are digits.
  const compact = value.normalize("NFKC").replace(/[,，\s]/gu, "");
  return NUMBER.test(compact) ? Number(compact) : null;
}

/** "10000, 50000，100000" or "10000、50000 100000" → numbers; null when any part is not one. */
export function parseNumberList(value: string): number[] | null {
  const parts = value
    .normalize("NFKC")
    .split(/[,，、;；\s]+/u)
    .filter((part) => part !== "");
  if (parts.length === 0) return null;
  const numbers = parts.map((part) => (NUMBER.test(part) ? Number(part) : null));
  return numbers.every((n): n is number => n !== null) ? numbers : null;
}

export type FormToConfigResult = {
  /** The configuration document the form describes, for parseMechanism. */
  input: Record<string, unknown>;
  /** Fields that could not even be read as what they hold (text in a number field …). */
  fieldErrors: FieldErrors;
};

/**
 * Reads the editor's fields over `base`, the version being edited: what the form does not
 * offer (stage order and half, settings added to the document later) is taken from it unchanged. Values are only converted here;
 * the rules (ranges, integers, ladder order) are MechanismSchema's.
 */
export function formToMechanismInput(form: FormReader, base: MechanismConfig): FormToConfigResult {
  const fieldErrors: FieldErrors = {};
  const fail = (name: string, key: MessageKey) => {
    fieldErrors[name] = [t(key)];
  };
  const number = (name: string): number | null => {
    const raw = text(form, name);
    const value = parseNumberText(raw);
    if (value === null) fail(name, raw === "" ? "pipeline.mechRequired" : "mechanism.notNumber");
    return value;
  };

  const stages = base.stages.map((stage) => {
    const limitName = stageFieldName(stage.code, "limit");
    const limitText = text(form, limitName);
    let limitWorkdays: number | null = null;
    if (limitText !== "") {
      limitWorkdays = parseNumberText(limitText);
      if (limitWorkdays === null) fail(limitName, "mechanism.notNumber");
    }
    const requiredFields = stageTakesRequiredFields(stage.code)
      ? STAGE_FIELDS.filter((field) => form.getAll(stageFieldName(stage.code, "required")).includes(field))
      : [...stage.requiredFields];
    return { ...stage, limitWorkdays, requiredFields, followUpRequired: checked(form, stageFieldName(stage.code, "followUp")) };
  });

  const percentText = text(form, FORM_FIELDS.yellowPercent);
  const percent = parseNumberText(percentText);
  let yellowRatio: number | null = null;
  if (percent === null) fail(FORM_FIELDS.yellowPercent, percentText === "" ? "pipeline.mechRequired" : "mechanism.notNumber");
  else if (percent <= 0 || percent >= 100) fail(FORM_FIELDS.yellowPercent, "mechanism.percentRange");
  else yellowRatio = Number((percent / 100).toFixed(6));

  const bandsText = text(form, FORM_FIELDS.sizeBandsWan);
  const sizeBandsWan = parseNumberList(bandsText);
  if (sizeBandsWan === null) fail(FORM_FIELDS.sizeBandsWan, bandsText === "" ? "pipeline.mechRequired" : "mechanism.notNumberList");

  // Settings this form does not offer (and any the document gains later) stay as in `base`.
  const input = {
    ...base,
    stages,
    followUpCadenceDays: { ...base.followUpCadenceDays, key: number(FORM_FIELDS.cadenceKey), normal: number(FORM_FIELDS.cadenceNormal) },
    warning: { ...base.warning, yellowRatio },
    keyProjectThresholdWan: number(FORM_FIELDS.keyProjectThresholdWan),
    problemLimitWorkdays: number(FORM_FIELDS.problemLimitWorkdays),
    countingRules: {
      ...base.countingRules,
      minAmountWan: number(FORM_FIELDS.minAmountWan),
      sizeBandsWan,
      largeInTalksWan: number(FORM_FIELDS.largeInTalksWan),
      ...Object.fromEntries(COUNTING_FLAGS.map((flag) => [flag, checked(form, FORM_FIELDS[flag])])),
    },
  };
  return { input, fieldErrors };
}

// ───────────────────────────── errors → fields ─────────────────────────────

const TOP_LEVEL_FIELDS: Record<string, string> = {
  "followUpCadenceDays.key": FORM_FIELDS.cadenceKey,
  "followUpCadenceDays.normal": FORM_FIELDS.cadenceNormal,
  "warning.yellowRatio": FORM_FIELDS.yellowPercent,
  keyProjectThresholdWan: FORM_FIELDS.keyProjectThresholdWan,
  problemLimitWorkdays: FORM_FIELDS.problemLimitWorkdays,
  "countingRules.minAmountWan": FORM_FIELDS.minAmountWan,
  "countingRules.sizeBandsWan": FORM_FIELDS.sizeBandsWan,
  "countingRules.largeInTalksWan": FORM_FIELDS.largeInTalksWan,
  "countingRules.landedRequiresFormalContract": FORM_FIELDS.landedRequiresFormalContract,
  "countingRules.landedRequiresLocalCompany": FORM_FIELDS.landedRequiresLocalCompany,
  "countingRules.landedRequiresStart": FORM_FIELDS.landedRequiresStart,
};

const TOP_LEVEL_LABELS: Record<string, MessageKey> = {
  "followUpCadenceDays.key": "pipeline.mech_followUpCadenceKey",
  "followUpCadenceDays.normal": "pipeline.mech_followUpCadenceNormal",
  followUpCadenceDays: "pipeline.mech_followUpCadenceKey",
  "warning.yellowRatio": "pipeline.mech_yellowRatio",
  keyProjectThresholdWan: "pipeline.mech_keyProjectThresholdWan",
  problemLimitWorkdays: "pipeline.mech_problemLimitWorkdays",
  "countingRules.minAmountWan": "pipeline.mech_minAmountWan",
  "countingRules.sizeBandsWan": "pipeline.mech_sizeBandsWan",
  "countingRules.largeInTalksWan": "pipeline.mech_largeInTalksWan",
  "countingRules.landedRequiresFormalContract": "mechanism.landedRequiresFormalContract",
  "countingRules.landedRequiresLocalCompany": "mechanism.landedRequiresLocalCompany",
  "countingRules.landedRequiresStart": "mechanism.landedRequiresStart",
  stages: "pipeline.mech_stages",
};

const STAGE_PARTS: Record<string, { part?: StageFormPart; label: MessageKey }> = {
  limitWorkdays: { part: "limit", label: "pipeline.mech_limitWorkdays" },
  requiredFields: { part: "required", label: "pipeline.mech_requiredFields" },
  followUpRequired: { part: "followUp", label: "pipeline.mech_followUpRequired" },
  order: { label: "pipeline.mech_order" },
  half: { label: "mechanism.colHalf" },
  code: { label: "mechanism.colStage" },
};

const STAGE_PATH = /^stages\[(\d+)\](?:\.(\w+))?/;

function stageCodeAt(input: unknown, index: number): StageCode | null {
  const stages = (input as { stages?: unknown } | null)?.stages;
  const code = Array.isArray(stages) ? (stages[index] as { code?: unknown } | undefined)?.code : undefined;
  return isStageCode(code) ? code : null;
}

/** Where an error of the configuration belongs: a form field name, or null for the whole form. */
export function formFieldForError(path: string, input: unknown): string | null {
  const stage = STAGE_PATH.exec(path);
  if (stage) {
    const code = stageCodeAt(input, Number(stage[1]));
    const part = stage[2] ? STAGE_PARTS[stage[2]]?.part : undefined;
    return code && part ? stageFieldName(code, part) : null;
  }
  for (const [prefix, field] of Object.entries(TOP_LEVEL_FIELDS)) {
    if (path === prefix || path.startsWith(`${prefix}[`) || path.startsWith(`${prefix}.`)) return field;
  }
  return null;
}

/** The error's place in words: "签约阶段 · 时限（工作日）", "重点项目跟进间隔（天）" … */
export function describeErrorPath(path: string, input: unknown): string {
  const stage = STAGE_PATH.exec(path);
  if (stage) {
    const code = stageCodeAt(input, Number(stage[1]));
    const name = code ? t(`pipeline.stage_${code}`) : `#${Number(stage[1]) + 1}`;
    const part = stage[2] ? STAGE_PARTS[stage[2]] : undefined;
    return part ? t("mechanism.stageFieldLabel", { stage: name, field: t(part.label) }) : t("mechanism.stageLabel", { stage: name });
  }
  const key = Object.keys(TOP_LEVEL_LABELS)
    .sort((a, b) => b.length - a.length)
    .find((prefix) => path === prefix || path.startsWith(`${prefix}[`) || path.startsWith(`${prefix}.`));
  return key ? t(TOP_LEVEL_LABELS[key] as MessageKey) : path;
}

/** Errors of parseMechanism as the form shows them: by field where one fits, else for the form. */
export function placeMechanismErrors(errors: MechanismError[], input: unknown): { fieldErrors: FieldErrors; formErrors: string[] } {
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  for (const error of errors) {
    const field = formFieldForError(error.path, input);
    if (field) (fieldErrors[field] ??= []).push(error.message);
    else formErrors.push(error.path ? t("pipeline.mechError", { path: describeErrorPath(error.path, input), message: error.message }) : error.message);
  }
  return { fieldErrors, formErrors };
}

export type MechanismFormResult =
  | { ok: true; config: MechanismConfig; note: string }
  | { ok: false; fieldErrors: FieldErrors; formErrors: string[] };

export const NOTE_MAX_LENGTH = 500;

function readNote(form: FormReader, fieldErrors: FieldErrors): string {
  const note = text(form, FORM_FIELDS.note);
  if (note === "") fieldErrors[FORM_FIELDS.note] = [t("mechanism.noteRequired")];
  else if (note.length > NOTE_MAX_LENGTH) fieldErrors[FORM_FIELDS.note] = [t("mechanism.noteTooLong", { max: NOTE_MAX_LENGTH })];
  return note;
}

/** The structured editor's submission: the validated configuration and the change note, or every error. */
export function parseMechanismForm(form: FormReader, base: MechanismConfig): MechanismFormResult {
  const { input, fieldErrors } = formToMechanismInput(form, base);
  const note = readNote(form, fieldErrors);
  // Fields that could not be read already carry their message; the schema's own message for
  // the null put in their place would only repeat it.
  const parsed = parseMechanism(input);
  if (parsed.ok && Object.keys(fieldErrors).length === 0) return { ok: true, config: parsed.config, note };
  const placed = parsed.ok ? { fieldErrors: {}, formErrors: [] } : placeMechanismErrors(parsed.errors, input);
  for (const [field, messages] of Object.entries(placed.fieldErrors)) fieldErrors[field] ??= messages;
  return { ok: false, fieldErrors, formErrors: placed.formErrors };
}

/** The advanced editor's submission: the whole document as JSON text, and the change note. */
export function parseMechanismJsonForm(form: FormReader): MechanismFormResult {
  const fieldErrors: FieldErrors = {};
  const note = readNote(form, fieldErrors);
  const json = text(form, FORM_FIELDS.json);
  const parsed = parseMechanism(json);
  if (parsed.ok && Object.keys(fieldErrors).length === 0) return { ok: true, config: parsed.config, note };
  let input: unknown = null;
  try {
    input = JSON.parse(json);
  } catch {
    // parseMechanism has reported it
  }
  const formErrors = parsed.ok
    ? []
    : parsed.errors.map((error) => (error.path ? t("pipeline.mechError", { path: describeErrorPath(error.path, input), message: error.message }) : error.message));
  if (formErrors.length > 0) fieldErrors[FORM_FIELDS.json] = formErrors;
  return { ok: false, fieldErrors, formErrors: [] };
}

// ───────────────────────────── differences ─────────────────────────────

export type MechanismChange = { label: string; before: string; after: string };

function yesNo(value: boolean): string {
  return t(value ? "mechanism.yes" : "mechanism.no");
}

function limitText(limit: number | null): string {
  return limit === null ? t("mechanism.noLimit") : t("mechanism.limitDays", { days: limit });
}

function fieldsText(fields: readonly StageField[]): string {
  return fields.length === 0 ? t("mechanism.none") : fields.map((field) => t(`pipeline.field_${field}`)).join("、");
}

/** What changed from one version to the next, setting by setting, in words. */
export function diffMechanism(before: MechanismConfig, after: MechanismConfig): MechanismChange[] {
  const changes: MechanismChange[] = [];
  const push = (label: string, a: string, b: string) => {
    if (a !== b) changes.push({ label, before: a, after: b });
  };
  for (const stage of after.stages) {
    const old = before.stages.find((s) => s.code === stage.code);
    const name = t(`pipeline.stage_${stage.code}`);
    const label = (field: MessageKey) => t("mechanism.stageFieldLabel", { stage: name, field: t(field) });
    if (!old) continue;
    push(label("pipeline.mech_order"), String(old.order), String(stage.order));
    push(label("pipeline.mech_limitWorkdays"), limitText(old.limitWorkdays), limitText(stage.limitWorkdays));
    push(label("pipeline.mech_requiredFields"), fieldsText(old.requiredFields), fieldsText(stage.requiredFields));
    push(label("pipeline.mech_followUpRequired"), yesNo(old.followUpRequired), yesNo(stage.followUpRequired));
  }
  push(t("pipeline.mech_followUpCadenceKey"), String(before.followUpCadenceDays.key), String(after.followUpCadenceDays.key));
  push(t("pipeline.mech_followUpCadenceNormal"), String(before.followUpCadenceDays.normal), String(after.followUpCadenceDays.normal));
  push(t("mechanism.yellowPercent"), ratioToPercent(before.warning.yellowRatio), ratioToPercent(after.warning.yellowRatio));
  push(t("pipeline.mech_keyProjectThresholdWan"), String(before.keyProjectThresholdWan), String(after.keyProjectThresholdWan));
  push(t("pipeline.mech_problemLimitWorkdays"), String(before.problemLimitWorkdays), String(after.problemLimitWorkdays));
  const a = before.countingRules;
  const b = after.countingRules;
  push(t("pipeline.mech_minAmountWan"), String(a.minAmountWan), String(b.minAmountWan));
  push(t("pipeline.mech_sizeBandsWan"), a.sizeBandsWan.join("、"), b.sizeBandsWan.join("、"));
  push(t("pipeline.mech_largeInTalksWan"), String(a.largeInTalksWan), String(b.largeInTalksWan));
  push(t("mechanism.landedRequiresFormalContract"), yesNo(a.landedRequiresFormalContract), yesNo(b.landedRequiresFormalContract));
  push(t("mechanism.landedRequiresLocalCompany"), yesNo(a.landedRequiresLocalCompany), yesNo(b.landedRequiresLocalCompany));
  push(t("mechanism.landedRequiresStart"), yesNo(a.landedRequiresStart), yesNo(b.landedRequiresStart));
  // Settings this page does not describe one by one (edited through the JSON editor): named by
  // their key, shown as JSON, so no change goes unlisted.
  const described = new Set(["stages", "followUpCadenceDays", "warning", "keyProjectThresholdWan", "problemLimitWorkdays", "countingRules"]);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !described.has(key)).sort();
  for (const key of keys) {
    push(t("mechanism.otherSetting", { key }), shortJson((before as Record<string, unknown>)[key]), shortJson((after as Record<string, unknown>)[key]));
  }
  return changes;
}

const SHORT_JSON_LENGTH = 120;

function shortJson(value: unknown): string {
  const text = value === undefined ? t("mechanism.none") : JSON.stringify(value);
  return text.length > SHORT_JSON_LENGTH ? `${text.slice(0, SHORT_JSON_LENGTH)}…` : text;
}

// ───────────────────────────── echo ─────────────────────────────

/**
 * What the admin submitted, in the shape of mechanismToFormValues, so a refused save shows the
 * form as it was typed (also without JavaScript, when the page is rendered anew).
 */
export function submittedFormValues(form: FormReader, base: MechanismConfig): MechanismFormValues {
  const values: MechanismFormValues = {};
  const raw = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  for (const stage of base.stages) {
    values[stageFieldName(stage.code, "limit")] = raw(stageFieldName(stage.code, "limit"));
    values[stageFieldName(stage.code, "required")] = form
      .getAll(stageFieldName(stage.code, "required"))
      .filter((v): v is string => typeof v === "string");
    values[stageFieldName(stage.code, "followUp")] = raw(stageFieldName(stage.code, "followUp"));
  }
  for (const name of Object.values(FORM_FIELDS)) values[name] = raw(name);
  return values;
}

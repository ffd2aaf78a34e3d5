// The preview before anything is written (issue 6 §4): every data row with its parsed values,
// per-cell errors and warnings, the user's fixes and exclusions applied and checked again, and
// the rows that are not projects listed with the reason. Errors block the commit; warnings say
// how a value was read.
import { t, type MessageKey, type MessageParams } from "#app/i18n";
import { normalizeCompanyName } from "#app/domain/company-name";
import {
  checkProjectDates,
  DATE_SEQUENCE,
  LADDER_STAGES,
  isLadderStage,
  stageLabelKey,
  type DateField,
  type StageCode,
  type StageFieldValues,
} from "#app/domain/stages";
import { startOfShanghaiDay } from "#app/domain/workdays";
import { cellText, columnLetter, isBlankValue, mergedDownOrigins, valueAt, type CellValue, type LedgerRow, type SheetGrid } from "./grid";
import { detectLedgerHeader, type HeaderColumn, type LedgerHeader } from "./header";
import { matchRegionName, type RegionRef } from "./region";
import { classifyLedgerRows, rowKindReasonKey, type RowKind } from "./rows";
import {
  LEDGER_FIELD_KINDS,
  LEDGER_FIELDS,
  REQUIRED_LEDGER_FIELDS,
  ledgerFieldLabelKey,
  mappingFromProposals,
  proposeColumnMapping,
  type ColumnProposal,
  type FieldKind,
  type LedgerField,
  type LedgerMapping,
} from "./synonyms";
import {
  parseAmountWan,
  parseCount,
  parseLedgerDate,
  parseNature,
  parseProgress,
  parseText,
  parseUsccCell,
  splitContact,
  type AmountUnit,
  type LedgerDate,
  type Parsed,
  type ProjectNatureCode,
} from "./values";

type ValueOfKind = {
  text: string;
  uscc: string;
  amount: number;
  integer: number;
  date: LedgerDate;
  stage: StageCode;
  nature: ProjectNatureCode;
};
/** Every field of a row, parsed; null when blank or not mapped. */
export type LedgerValues = { [F in LedgerField]: ValueOfKind[(typeof LEDGER_FIELD_KINDS)[F]] | null };

export type IssueSeverity = "error" | "warning";
export type LedgerIssue = {
  /** Excel row number; null for an issue of the whole sheet (the mapping, the region). */
  rowNumber: number | null;
  field: LedgerField | null;
  /** Excel column letter of the cell, when the issue belongs to one. */
  column: string | null;
  severity: IssueSeverity;
  message: MessageKey;
  params?: MessageParams;
};

export type PreviewRow = {
  rowNumber: number;
  /** Excluded by the user: shown, never imported, its issues block nothing. */
  excluded: boolean;
  values: LedgerValues;
  /** The stage to import: the progress column, else the latest actual date, else 线索. */
  stage: StageCode;
  regionName: string | null;
  /** Set when regions were given to match against. */
  regionId: string | null;
  issues: LedgerIssue[];
};

export type IgnoredKind = Exclude<RowKind, "data"> | "title" | "header";
export type IgnoredRow = { rowNumber: number; kind: IgnoredKind; reason: MessageKey; text: string };

/** A cell the user typed over in the preview, read exactly like a cell of the sheet. */
export type CellOverride = { row: number; field: LedgerField; value: string };
export type LedgerOverrides = { cells?: readonly CellOverride[]; excludedRows?: readonly number[] };

export type PreviewOptions = {
  mapping: LedgerMapping;
  /** The request's clock: actual dates may not lie after it. */
  now: Date;
  overrides?: LedgerOverrides;
  /** The user's region; a 县区 column beats it, and it beats the ledger's 填报单位. */
  regionName?: string | null;
  /** The regions names are matched against; without them names are not checked. */
  regions?: readonly RegionRef[];
  /** For bare numbers when neither the sheet nor the column states a unit. */
  defaultUnit?: AmountUnit;
};

export type LedgerPreview = {
  sheetName: string;
  header: LedgerHeader;
  mapping: LedgerMapping;
  /** The unit bare numbers are read in, unless their column states another. */
  unit: AmountUnit;
  /** Issues of the whole sheet: required columns not mapped, an unknown region. */
  sheetIssues: LedgerIssue[];
  rows: PreviewRow[];
  ignored: IgnoredRow[];
};

const DEFAULT_UNIT: AmountUnit = "万元";
const IGNORED_TEXT_LENGTH = 60;
/** The stage the latest actual date shows a project has reached. */
const STAGE_OF_DATE: Record<DateField, StageCode> = {
  firstContactAt: "FIRST_CONTACT",
  signedAt: "SIGNED",
  startedAt: "CONSTRUCTION",
  completedAt: "COMPLETED",
  producedAt: "PRODUCTION",
};

// ───────────────────────────── one sheet, start to preview ─────────────────────────────

export type SheetPreparation =
  | { ok: true; sheetName: string; proposals: ColumnProposal[]; preview: LedgerPreview }
  | { ok: false; sheetName: string; message: MessageKey };

/**
 * Header detection, a proposed mapping (unless one is given, e.g. from a template or the
 * user) and the preview: everything the import shows before the user confirms.
 */
export function prepareLedgerSheet(grid: SheetGrid, options: Omit<PreviewOptions, "mapping"> & { mapping?: LedgerMapping }): SheetPreparation {
  const header = detectLedgerHeader(grid);
  if (!header) return { ok: false, sheetName: grid.name, message: "ledger.noHeader" };
  const proposals = proposeColumnMapping(header.columns);
  const mapping = options.mapping ?? mappingFromProposals(proposals);
  return { ok: true, sheetName: grid.name, proposals, preview: buildLedgerPreview(grid, header, { ...options, mapping }) };
}

// ───────────────────────────── preview ─────────────────────────────

export function buildLedgerPreview(grid: SheetGrid, header: LedgerHeader, options: PreviewOptions): LedgerPreview {
  const unit = header.unit ?? options.defaultUnit ?? DEFAULT_UNIT;
  const sheetRegionName = options.regionName?.trim() || header.regionName;
  const sheetIssues = [...mappingIssues(header, options.mapping), ...sheetRegionIssues(sheetRegionName, header, options)];
  const context: RowContext = {
    grid,
    header,
    mapping: options.mapping,
    unit,
    now: options.now,
    origins: mergedDownOrigins(grid),
    overrides: overridesByRow(options.overrides),
    excluded: new Set(options.overrides?.excludedRows ?? []),
    sheetRegionName,
    regions: options.regions,
  };
  const rows: PreviewRow[] = [];
  const ignored: IgnoredRow[] = [
    ...header.titleRows.map((n) => ignoredRow(grid, n, "title")),
    ...header.headerRows.map((n) => ignoredRow(grid, n, "header")),
  ];
  for (const { row, kind } of classifyLedgerRows(grid, header)) {
    if (kind === "data") rows.push(previewRow(row, context));
    else ignored.push(ignoredRow(grid, row.rowNumber, kind));
  }
  markDuplicates(rows, options.mapping.projectName);
  return { sheetName: grid.name, header, mapping: options.mapping, unit, sheetIssues, rows, ignored };
}

export function ignoredReasonKey(kind: IgnoredKind): MessageKey {
  return kind === "title" ? "ledger.skip_title" : kind === "header" ? "ledger.skip_header" : rowKindReasonKey(kind);
}

function ignoredRow(grid: SheetGrid, rowNumber: number, kind: IgnoredKind): IgnoredRow {
  const cells = grid.rows.find((r) => r.rowNumber === rowNumber)?.cells ?? [];
  const text = cells.map(cellText).filter((s) => s !== "").filter((s, i, all) => all.indexOf(s) === i).join(" | ");
  return { rowNumber, kind, reason: ignoredReasonKey(kind), text: text.length > IGNORED_TEXT_LENGTH ? `${text.slice(0, IGNORED_TEXT_LENGTH - 1)}…` : text };
}

function mappingIssues(header: LedgerHeader, mapping: LedgerMapping): LedgerIssue[] {
  const issues: LedgerIssue[] = [];
  const columns = new Set(header.columns.map((c) => c.index));
  for (const field of REQUIRED_LEDGER_FIELDS) {
    if (mapping[field] === undefined) issues.push(sheetIssue("error", field, "ledger.mappingRequired"));
  }
  for (const field of LEDGER_FIELDS) {
    const column = mapping[field];
    if (column !== undefined && !columns.has(column)) {
      issues.push({ ...sheetIssue("error", field, "ledger.mappingUnknownColumn"), column: columnLetter(column) });
    }
  }
  if (mapping.plannedInvestment === undefined) issues.push(sheetIssue("warning", "plannedInvestment", "ledger.mappingNoAmount"));
  if (mapping.progress === undefined) issues.push(sheetIssue("warning", "progress", "ledger.mappingNoProgress"));
  return issues;
}

function sheetRegionIssues(sheetRegionName: string | null, header: LedgerHeader, options: PreviewOptions): LedgerIssue[] {
  if (options.mapping.region !== undefined) return []; // each row names its own region
  if (!sheetRegionName) return [sheetIssue("error", "region", "ledger.regionMissing")];
  if (!options.regions) return [];
  const chosen = matchRegionName(sheetRegionName, options.regions);
  if (!chosen) return [{ ...sheetIssue("error", "region", "ledger.regionUnknown"), params: { name: sheetRegionName } }];
  // The user's choice wins, but a ledger whose 填报单位 names another region may be the wrong file.
  const reported = header.regionName ? matchRegionName(header.regionName, options.regions) : null;
  if (reported && reported.id !== chosen.id) {
    return [{ ...sheetIssue("warning", "region", "ledger.regionDiffersFromReporter"), params: { reporter: header.reporter ?? header.regionName ?? "", name: chosen.name } }];
  }
  return [];
}

function sheetIssue(severity: IssueSeverity, field: LedgerField, message: MessageKey): LedgerIssue {
  return { rowNumber: null, field, column: null, severity, message };
}

// ───────────────────────────── one row ─────────────────────────────

type RowContext = {
  grid: SheetGrid;
  header: LedgerHeader;
  mapping: LedgerMapping;
  unit: AmountUnit;
  now: Date;
  origins: Map<string, number>;
  overrides: Map<number, Map<LedgerField, string>>;
  excluded: Set<number>;
  sheetRegionName: string | null;
  regions: readonly RegionRef[] | undefined;
};

function overridesByRow(overrides: LedgerOverrides | undefined): Map<number, Map<LedgerField, string>> {
  const byRow = new Map<number, Map<LedgerField, string>>();
  for (const o of overrides?.cells ?? []) {
    const fields = byRow.get(o.row) ?? new Map<LedgerField, string>();
    fields.set(o.field, o.value);
    byRow.set(o.row, fields);
  }
  return byRow;
}

const EMPTY_VALUES = Object.freeze(Object.fromEntries(LEDGER_FIELDS.map((f) => [f, null])) as LedgerValues);

function previewRow(row: LedgerRow, ctx: RowContext): PreviewRow {
  const values: LedgerValues = { ...EMPTY_VALUES };
  const issues: LedgerIssue[] = [];
  const issue = (severity: IssueSeverity, field: LedgerField, message: MessageKey, params?: MessageParams) => {
    const column = ctx.mapping[field];
    issues.push({ rowNumber: row.rowNumber, field, column: column === undefined ? null : columnLetter(column), severity, message, ...(params ? { params } : {}) });
  };

  for (const field of LEDGER_FIELDS) {
    const column = ctx.mapping[field];
    if (column === undefined) continue;
    const cell = cellFor(row, field, column, ctx);
    if (cell.mergedFrom !== null) issue("warning", field, "ledger.amountMergedDown", { row: cell.mergedFrom });
    const parsed = parseFieldValue(LEDGER_FIELD_KINDS[field], cell.value, columnUnit(ctx, column));
    if (!parsed.ok) {
      issue("error", field, parsed.message, parsed.params);
      continue;
    }
    (values as Record<LedgerField, unknown>)[field] = parsed.value;
    if (parsed.note) issue("warning", field, parsed.note.message, parsed.note.params);
  }

  splitContactCell(values);
  if (!values.projectName && ctx.mapping.projectName !== undefined && !hasError(issues, "projectName")) issue("error", "projectName", "ledger.projectNameMissing");
  if (!values.companyName && ctx.mapping.companyName !== undefined && !hasError(issues, "companyName")) issue("error", "companyName", "ledger.companyNameMissing");
  if (values.plannedInvestment === null && ctx.mapping.plannedInvestment !== undefined && !hasError(issues, "plannedInvestment")) {
    issue("warning", "plannedInvestment", "ledger.amountMissing");
  }
  for (const e of dateIssues(values, ctx.now)) issue("error", e.field, e.message, e.params);
  // A progress cell that could not be read already carries its error; no guess on top of it.
  const explainStage = ctx.mapping.progress !== undefined && !hasError(issues, "progress");
  const stage = stageOfRow(values, explainStage, issue);
  const region = regionOfRow(values.region, ctx);
  if (region.error) issue("error", "region", region.error, { name: region.name ?? "" });

  // Left to right, as the user reads the row.
  issues.sort((a, b) => columnOrder(ctx, a.field) - columnOrder(ctx, b.field));
  return { rowNumber: row.rowNumber, excluded: ctx.excluded.has(row.rowNumber), values, stage, regionName: region.name, regionId: region.id, issues };
}

function columnOrder(ctx: RowContext, field: LedgerField | null): number {
  const column = field ? ctx.mapping[field] : undefined;
  return column ?? Number.MAX_SAFE_INTEGER;
}

function hasError(issues: readonly LedgerIssue[], field: LedgerField): boolean {
  return issues.some((i) => i.field === field && i.severity === "error");
}

/**
 * The value a field reads in a row: the user's override, else the cell. A value merged down
 * from a row above belongs to each row it covers (责任单位 written once for three projects);
 * an amount or count does not, or it would be counted once per row.
 */
function cellFor(row: LedgerRow, field: LedgerField, column: number, ctx: RowContext): { value: CellValue; mergedFrom: number | null } {
  const override = ctx.overrides.get(row.rowNumber)?.get(field);
  if (override !== undefined) return { value: override, mergedFrom: null };
  const value = row.cells[column] ?? null;
  const origin = ctx.origins.get(`${row.rowNumber}:${column}`);
  if (!isBlankValue(value) || origin === undefined || origin < ctx.header.firstDataRow) return { value, mergedFrom: null };
  const kind = LEDGER_FIELD_KINDS[field];
  if (kind === "amount" || kind === "integer") return { value: null, mergedFrom: origin };
  return { value: valueAt(ctx.grid, origin, column), mergedFrom: null };
}

function columnUnit(ctx: RowContext, column: number): AmountUnit {
  const header: HeaderColumn | undefined = ctx.header.columns.find((c) => c.index === column);
  return header?.unit ?? ctx.unit;
}

export function parseFieldValue(kind: FieldKind, value: CellValue, unit: AmountUnit): Parsed<unknown> {
  switch (kind) {
    case "text":
      return parseText(value);
    case "uscc":
      return parseUsccCell(value);
    case "amount":
      return parseAmountWan(value, unit);
    case "integer":
      return parseCount(value);
    case "date":
      return parseLedgerDate(value);
    case "stage":
      return parseProgress(value);
    case "nature":
      return parseNature(value);
  }
}

/** "张三 13800138000" in the 联系人 column gives the phone too, unless it has its own column. */
function splitContactCell(values: LedgerValues): void {
  if (!values.contactName) return;
  const { name, phone } = splitContact(values.contactName);
  values.contactName = name;
  if (!values.contactPhone) values.contactPhone = phone;
}

/**
 * 开工 not before 签约 and the rest of DESIGN §3, through the stage ladder's own rule. A date
 * known only to the month cannot be out of order with another date in the same month.
 */
export function dateIssues(values: LedgerValues, now: Date): { field: DateField; message: MessageKey; params?: MessageParams }[] {
  const dates: StageFieldValues = {};
  for (const field of DATE_SEQUENCE) {
    const date = values[field];
    if (date) dates[field] = startOfShanghaiDay(date.day);
  }
  return checkProjectDates(dates, now).flatMap((e) => {
    const field = e.field as DateField;
    const previous = /^pipeline\.notBefore_(\w+)$/u.exec(e.message)?.[1] as DateField | undefined;
    if (previous && sameMonthWithMonthPrecision(values[field], values[previous])) return [];
    return [{ field, message: e.message, ...(e.params ? { params: e.params } : {}) }];
  });
}

function sameMonthWithMonthPrecision(a: LedgerDate | null, b: LedgerDate | null): boolean {
  if (!a || !b) return false;
  return (a.precision === "month" || b.precision === "month") && a.day.slice(0, 7) === b.day.slice(0, 7);
}

function latestDateStage(values: LedgerValues): { stage: StageCode; field: DateField } | null {
  for (const field of [...DATE_SEQUENCE].reverse()) {
    if (values[field]) return { stage: STAGE_OF_DATE[field], field };
  }
  return null;
}

/**
 * The stage a row states: its progress cell, else the latest actual date it gives; null when
 * it states neither (the preview then shows 线索, but an import must not move a recorded
 * project back to 线索 on a row that says nothing about its stage).
 */
export function statedStage(values: LedgerValues): StageCode | null {
  return values.progress ?? latestDateStage(values)?.stage ?? null;
}

/** The actual date that marks entering a stage, for the stages a ledger date stands for. */
export const DATE_OF_STAGE: Partial<Record<StageCode, DateField>> = Object.fromEntries(
  Object.entries(STAGE_OF_DATE).map(([field, stage]) => [stage, field]),
) as Partial<Record<StageCode, DateField>>;

function ladderIndex(stage: StageCode): number {
  return (LADDER_STAGES as readonly StageCode[]).indexOf(stage);
}

function stageOfRow(
  values: LedgerValues,
  explain: boolean,
  issue: (severity: IssueSeverity, field: LedgerField, message: MessageKey, params?: MessageParams) => void,
): StageCode {
  const fromDates = latestDateStage(values);
  if (values.progress) {
    if (fromDates && isLadderStage(values.progress) && ladderIndex(fromDates.stage) > ladderIndex(values.progress)) {
      issue("warning", "progress", "ledger.stageBehindDates", stageParams(values.progress, fromDates.field));
    }
    return values.progress;
  }
  // Without a progress column the sheet-level warning already says how stages are chosen.
  if (fromDates) {
    if (explain) issue("warning", "progress", "ledger.stageFromDates", stageParams(fromDates.stage, fromDates.field));
    return fromDates.stage;
  }
  if (explain) issue("warning", "progress", "ledger.stageDefaultLead");
  return "LEAD";
}

function stageParams(stage: StageCode, date: DateField): MessageParams {
  return { stage: t(stageLabelKey(stage)), date: t(ledgerFieldLabelKey(date)) };
}

function regionOfRow(rowRegion: string | null, ctx: RowContext): { name: string | null; id: string | null; error: MessageKey | null } {
  const name = rowRegion ?? ctx.sheetRegionName;
  if (!name) return { name: null, id: null, error: ctx.mapping.region !== undefined ? "ledger.regionMissing" : null };
  if (!ctx.regions) return { name, id: null, error: null };
  const region = matchRegionName(name, ctx.regions);
  // A wrong sheet-level region is reported once for the sheet, not on every row.
  if (!region) return { name, id: null, error: rowRegion ? "ledger.regionUnknown" : null };
  return { name: region.name, id: region.id, error: null };
}

// A ledger names the same investor on many rows, and the preview, the plan and the commit all
// compare names; normalising is the costly part (place prefixes), so each name is done once.
const COMPANY_KEYS_KEPT = 50_000;
const companyKeys = new Map<string, string>();

/** normalizeCompanyName, remembered for the names of recent ledgers. */
export function companyNameKey(name: string): string {
  let key = companyKeys.get(name);
  if (key === undefined) {
    if (companyKeys.size >= COMPANY_KEYS_KEPT) companyKeys.clear();
    key = normalizeCompanyName(name);
    companyKeys.set(name, key);
  }
  return key;
}

/** The key under which a project name is compared: compact, half-width, lower case. */
export function projectNameKey(name: string): string {
  return name.normalize("NFKC").replace(/\s+/gu, "").toLowerCase();
}

/** A later row naming the same company and project as an earlier one is flagged. */
function markDuplicates(rows: PreviewRow[], projectNameColumn: number | undefined): void {
  const column = projectNameColumn === undefined ? null : columnLetter(projectNameColumn);
  const first = new Map<string, number>();
  for (const row of rows) {
    const { companyName, projectName } = row.values;
    if (row.excluded || !companyName || !projectName) continue;
    const key = `${companyNameKey(companyName)}|${projectNameKey(projectName)}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, row.rowNumber);
      continue;
    }
    row.issues.push({ rowNumber: row.rowNumber, field: "projectName", column, severity: "warning", message: "ledger.duplicateRow", params: { row: earlier } });
  }
}

// ───────────────────────────── verdict ─────────────────────────────

/** Errors that block the commit: the sheet's, and those of rows not excluded. */
export function blockingIssues(preview: LedgerPreview): LedgerIssue[] {
  return [
    ...preview.sheetIssues.filter((i) => i.severity === "error"),
    ...preview.rows.filter((r) => !r.excluded).flatMap((r) => r.issues.filter((i) => i.severity === "error")),
  ];
}

export function isPreviewCommittable(preview: LedgerPreview): boolean {
  return blockingIssues(preview).length === 0;
}

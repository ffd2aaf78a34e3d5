// What the browser sends back about a ledger preview (issue 6 §2, §4): the confirmed column
// mapping, the user's cell fixes and excluded rows, and a template to keep. Parsed on the
// server before the preview is rebuilt; the same shapes validate a stored template's JSON.
import { z } from "zod";
import { LEDGER_FIELDS } from "#app/domain/ledger/synonyms";
import { t } from "#app/i18n";

/** Excel's own limits: 16 384 columns, 1 048 576 rows. */
const MAX_COLUMN_INDEX = 16_383;
const MAX_ROW = 1_048_576;
/** A typed fix is one cell's text, never a file. */
const MAX_CELL_TEXT = 1000;
export const TEMPLATE_NAME_MAX = 40;

const field = z.enum(LEDGER_FIELDS);

/** Field → 0-based column. */
export const LedgerMappingSchema = z.record(field, z.number().int().min(0).max(MAX_COLUMN_INDEX));

export const LedgerOverridesSchema = z.object({
  cells: z
    .array(z.object({ row: z.number().int().min(1).max(MAX_ROW), field, value: z.string().max(MAX_CELL_TEXT) }))
    .max(MAX_ROW)
    .default([]),
  excludedRows: z.array(z.number().int().min(1).max(MAX_ROW)).max(MAX_ROW).default([]),
});

/** Normalised header label → field, as app/domain/ledger/template.ts keeps it. */
export const TemplateMappingSchema = z.record(z.string().min(1).max(200), field);

export const SaveTemplateSchema = z.object({
  name: z
    .string({ required_error: t("ledger.templateNameRequired") })
    .trim()
    .min(1, t("ledger.templateNameRequired"))
    .max(TEMPLATE_NAME_MAX, t("ledger.templateNameTooLong", { max: TEMPLATE_NAME_MAX })),
  mapping: TemplateMappingSchema,
});

// ───────────────────────────── the preview page's state, in its URL ─────────────────────────────
// The preview is a GET page: the sheet, region, mapping, fixes and exclusions live in the query
// string, so reloading or sharing the address shows the same preview and no loader writes
// anything. `map=1` marks a mapping the user set (`c3=projectName` …); without it the page
// applies a saved template for the header, else the proposal.

export const PREVIEW_SHOW = ["all", "issues", "errors"] as const;
export type PreviewShow = (typeof PREVIEW_SHOW)[number];

export type ImportViewState = {
  sheet: string | null;
  regionId: string | null;
  /** Set by the user; null: a template or the proposal decides. */
  mapping: Record<string, number> | null;
  templateId: string | null;
  overrides: { cells: { row: number; field: (typeof LEDGER_FIELDS)[number]; value: string }[]; excludedRows: number[] };
  page: number;
  show: PreviewShow;
};

const EMPTY_OVERRIDES = { cells: [], excludedRows: [] };

function jsonParam(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The state a query string describes; anything malformed is dropped, never an error page. */
export function parseImportState(params: URLSearchParams): ImportViewState {
  let mapping: Record<string, number> | null = null;
  if (params.get("map") === "1") {
    mapping = {};
    for (const [key, value] of params) {
      const column = /^c(\d{1,5})$/u.exec(key)?.[1];
      if (column === undefined || !field.safeParse(value).success || value in mapping) continue;
      mapping[value] = Number(column);
    }
  }
  const overrides = LedgerOverridesSchema.safeParse(jsonParam(params.get("o")));
  const page = Number(params.get("page"));
  const show = params.get("show");
  return {
    sheet: params.get("sheet")?.slice(0, 100) || null,
    regionId: params.get("region")?.slice(0, 64) || null,
    mapping,
    templateId: params.get("tpl")?.slice(0, 64) || null,
    overrides: overrides.success ? { cells: overrides.data.cells, excludedRows: overrides.data.excludedRows } : EMPTY_OVERRIDES,
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
    show: (PREVIEW_SHOW as readonly string[]).includes(show ?? "") ? (show as PreviewShow) : "all",
  };
}

/** The query string of a state, in one canonical order (what every link and form of the page carries). */
export function importStateParams(state: ImportViewState, opts: { keepPage?: boolean } = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (state.sheet) params.set("sheet", state.sheet);
  if (state.regionId) params.set("region", state.regionId);
  if (state.mapping) {
    params.set("map", "1");
    for (const [f, column] of Object.entries(state.mapping).sort((a, b) => a[1] - b[1])) params.set(`c${column}`, f);
  } else if (state.templateId) params.set("tpl", state.templateId);
  if (state.overrides.cells.length || state.overrides.excludedRows.length) params.set("o", JSON.stringify(state.overrides));
  if (state.show !== "all") params.set("show", state.show);
  if (opts.keepPage && state.page > 1) params.set("page", String(state.page));
  return params;
}

/**
 * The edits a preview form sends along with the state: a fixed cell (`fixRow`, `fixField`,
 * `fixValue`), a row excluded or brought back. Returns the state with them applied, or null
 * when the query holds no edit.
 */
export function applyPreviewEdits(state: ImportViewState, params: URLSearchParams): ImportViewState | null {
  const fixRow = Number(params.get("fixRow"));
  const fixField = field.safeParse(params.get("fixField"));
  const fixValue = params.get("fixValue");
  const exclude = Number(params.get("exclude"));
  const include = Number(params.get("include"));
  let cells = state.overrides.cells;
  let excluded = state.overrides.excludedRows;
  let edited = false;
  if (Number.isSafeInteger(fixRow) && fixRow > 0 && fixField.success && fixValue !== null) {
    cells = [...cells.filter((c) => !(c.row === fixRow && c.field === fixField.data)), { row: fixRow, field: fixField.data, value: fixValue.slice(0, MAX_CELL_TEXT) }];
    edited = true;
  }
  if (Number.isSafeInteger(exclude) && exclude > 0) {
    excluded = [...new Set([...excluded, exclude])].sort((a, b) => a - b);
    edited = true;
  }
  if (Number.isSafeInteger(include) && include > 0) {
    excluded = excluded.filter((r) => r !== include);
    edited = true;
  }
  return edited ? { ...state, overrides: { cells, excludedRows: excluded } } : null;
}

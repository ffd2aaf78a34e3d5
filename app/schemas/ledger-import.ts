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

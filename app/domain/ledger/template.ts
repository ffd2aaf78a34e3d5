// Confirmed column mappings kept as templates (issue 6 §2): keyed by header label rather than
// column position, so next month's ledger with an extra column still maps, and found again by
// the header's signature. Storage waits for the ImportTemplate table.
import { type HeaderColumn } from "./header";
import { normalizeHeaderLabel, type LedgerField, type LedgerMapping } from "./synonyms";

/** Normalised header label → field. */
export type TemplateMapping = Record<string, LedgerField>;

/**
 * Each column's key: its normalised label parts joined by "/", with "#2", "#3" … for a label
 * that repeats (two 备注 columns), so every column has its own key.
 */
export function columnKeys(columns: readonly HeaderColumn[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const label = c.parts.map((p) => normalizeHeaderLabel(p)).join("/");
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label}#${count}`;
  });
}

/** The same header layout gives the same signature, whatever file it comes in. */
export function headerSignature(columns: readonly HeaderColumn[]): string {
  return columnKeys(columns).join("|");
}

/** A confirmed mapping as a template: by label, not by position. */
export function templateMappingOf(columns: readonly HeaderColumn[], mapping: LedgerMapping): TemplateMapping {
  const keys = columnKeys(columns);
  const template: TemplateMapping = {};
  for (const [field, column] of Object.entries(mapping) as [LedgerField, number][]) {
    const at = columns.findIndex((c) => c.index === column);
    if (at >= 0) template[keys[at]!] = field;
  }
  return template;
}

/**
 * A template applied to a header: each field goes to the column with its label. Fields whose
 * label this header lacks are listed so the user sees what the template could not place.
 */
export function mappingFromTemplate(columns: readonly HeaderColumn[], template: TemplateMapping): { mapping: LedgerMapping; missing: LedgerField[] } {
  const keys = columnKeys(columns);
  const mapping: LedgerMapping = {};
  const missing: LedgerField[] = [];
  for (const [key, field] of Object.entries(template)) {
    const at = keys.indexOf(key);
    if (at >= 0) mapping[field] = columns[at]!.index;
    else missing.push(field);
  }
  return { mapping, missing };
}

// Confirmed column mappings kept as templates (issue 6 §2): keyed by header label rather than
// column position, so next month's ledger with an extra column still maps, and found again by
// the header's signature; stored as ImportTemplate rows (app/models/ledger-import.server.ts).
// Also the columns of the blank ledger users download (/import/template).
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

// ───────────────────────────── the blank ledger (issue 6 §7) ─────────────────────────────

/**
 * The columns of the blank ledger users download, in the order bureaus fill them. Each header
 * is its field's first synonym (HEADER_SYNONYMS), so the template maps itself with no question
 * asked; 所属县区 is left out because the 填报单位 line states the region.
 */
export const BLANK_LEDGER_FIELDS = [
  "projectName", "companyName", "uscc", "hqLocation", "chain", "nature", "plannedInvestment", "contractAmount",
  "annualInvestment", "fundsInPlace", "progress", "firstContactAt", "signedAt", "startedAt", "completedAt", "producedAt",
  "site", "leadLeader", "responsibleUnit", "contactName", "contactPhone", "expectedJobs", "expectedOutput", "expectedTax",
  "description", "problems", "remark",
] as const satisfies readonly LedgerField[];

/** The sample row under the header, one value per BLANK_LEDGER_FIELDS entry, written the ways the import reads. */
export const BLANK_LEDGER_SAMPLE: Record<(typeof BLANK_LEDGER_FIELDS)[number], string | number> = {
  projectName: "（示例，导入前请删除）毛绒玩具生产线项目",
  companyName: "秦巴绒趣玩具有限公司",
  uscc: "91610900MA7XY1233Y",
  hqLocation: "广东省深圳市",
  chain: "毛绒玩具文创",
  nature: "新建",
  plannedInvestment: 12000,
  contractAmount: 12000,
  annualInvestment: 5000,
  fundsInPlace: 3000,
  progress: "已开工",
  firstContactAt: "2025-11-03",
  signedAt: "2026年1月10日",
  startedAt: "2026/3/1",
  completedAt: "待定",
  producedAt: "",
  site: "城关镇标准化厂房3号楼",
  leadLeader: "王副县长",
  responsibleUnit: "县工信局",
  contactName: "张三",
  contactPhone: "13800138000",
  expectedJobs: 200,
  expectedOutput: 30000,
  expectedTax: 800,
  description: "年产毛绒玩具500万件",
  problems: "用电增容待协调",
  remark: "",
};

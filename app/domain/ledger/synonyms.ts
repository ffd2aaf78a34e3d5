// The fields a ledger column can be mapped to, and the header words bureaus use for each
// (issue 6 §2). A header is matched exactly first, then by the words of a two-row header, then
// by containing a known word; the user confirms or corrects the proposal before a preview.
import { type MessageKey } from "#app/i18n";
import { compactText, type CellValue } from "./grid";

/** Kinds of value, each with its own parser in ./values. */
export type FieldKind = "text" | "uscc" | "amount" | "date" | "stage" | "nature" | "integer";

export const LEDGER_FIELD_KINDS = {
  projectName: "text",
  companyName: "text",
  uscc: "uscc",
  plannedInvestment: "amount",
  contractAmount: "amount",
  annualInvestment: "amount",
  fundsInPlace: "amount",
  progress: "stage",
  firstContactAt: "date",
  signedAt: "date",
  startedAt: "date",
  completedAt: "date",
  producedAt: "date",
  nature: "nature",
  chain: "text",
  region: "text",
  site: "text",
  leadLeader: "text",
  responsibleUnit: "text",
  contactName: "text",
  contactPhone: "text",
  hqLocation: "text",
  description: "text",
  problems: "text",
  remark: "text",
  expectedJobs: "integer",
  expectedOutput: "amount",
  expectedTax: "amount",
} as const satisfies Record<string, FieldKind>;

export type LedgerField = keyof typeof LEDGER_FIELD_KINDS;
export const LEDGER_FIELDS = Object.keys(LEDGER_FIELD_KINDS) as [LedgerField, ...LedgerField[]];
/** A row cannot become a project without these; a mapping without them is refused. */
export const REQUIRED_LEDGER_FIELDS = ["projectName", "companyName"] as const satisfies readonly LedgerField[];

export function isLedgerField(value: unknown): value is LedgerField {
  return typeof value === "string" && Object.hasOwn(LEDGER_FIELD_KINDS, value);
}

export function ledgerFieldLabelKey(field: LedgerField): MessageKey {
  return `ledger.field_${field}`;
}

// Written as people write them, compared after compactText and normalizeHeaderLabel. The first
// word of each list is the one the blank template uses.
export const HEADER_SYNONYMS: Record<LedgerField, readonly string[]> = {
  projectName: ["项目名称", "项目", "招商项目", "招商项目名称", "项目全称"],
  companyName: ["投资方", "企业名称", "投资主体", "签约企业", "投资企业", "投资单位", "客商名称", "投资方名称", "投资方（企业名称）", "企业", "签约主体", "项目业主", "业主单位"],
  uscc: ["统一社会信用代码", "信用代码", "社会信用代码", "企业统一社会信用代码", "统一代码"],
  plannedInvestment: ["总投资", "计划总投资", "协议投资额", "投资额", "投资总额", "项目总投资", "计划投资", "总投资额", "拟投资额", "投资规模"],
  contractAmount: ["签约金额", "签约额", "合同金额", "合同投资额", "签约投资额", "合同额"],
  annualInvestment: ["年度计划投资", "年度投资", "本年计划投资", "年计划投资", "本年度计划投资"],
  fundsInPlace: ["到位资金", "累计到位", "累计到位资金", "实际到位资金", "已到位资金", "资金到位", "累计到位资金额"],
  progress: ["洽谈进展", "项目进展", "推进情况", "进展情况", "目前进展", "项目进度", "进展", "项目状态", "当前阶段", "项目阶段", "推进阶段", "工作进展", "进展及下步打算"],
  firstContactAt: ["首谈时间", "首谈日期", "首次洽谈时间", "首次对接时间", "对接时间", "接洽时间"],
  signedAt: ["签约时间", "签约日期", "合同签订时间", "协议签订时间", "签订时间", "签约时间（年月日）"],
  startedAt: ["开工时间", "开工日期", "实际开工时间", "开工建设时间"],
  completedAt: ["竣工时间", "竣工日期", "建成时间", "建成日期", "实际竣工时间"],
  producedAt: ["投产时间", "投产日期", "实际投产时间", "建成投产时间"],
  nature: ["项目性质", "建设性质", "新建/扩建/技改", "项目类型"],
  chain: ["所属产业链", "产业类别", "产业链", "所属产业", "所属行业", "行业类别", "产业分类", "行业"],
  region: ["所属县区", "县区", "县（区）", "区县", "所在县区", "属地", "所属区域", "县市区"],
  site: ["选址", "落地地点", "载体", "建设地点", "项目地址", "选址地点", "项目选址", "落地载体", "建设地址", "选址位置", "落户地点"],
  leadLeader: ["包抓领导", "包联领导", "包抓县级领导", "包抓市级领导", "联系领导", "包抓领导及职务", "包抓县领导", "包联县级领导"],
  responsibleUnit: ["责任单位", "牵头单位", "责任部门", "承办单位", "包抓单位", "主办单位"],
  contactName: ["联系人", "企业联系人", "项目联系人", "联系人及电话", "联系人及联系方式"],
  contactPhone: ["联系方式", "联系电话", "电话", "手机", "手机号码", "联系人电话"],
  hqLocation: ["投资方所在地", "企业所在地", "客商来源地", "来源地", "投资方来源地", "企业注册地", "总部所在地", "投资方来源"],
  description: ["建设内容", "项目内容", "主要建设内容", "项目简介", "建设规模及内容", "建设规模和内容", "项目概况", "建设内容及规模"],
  problems: ["存在问题", "存在的问题", "困难问题", "需协调解决的问题", "存在困难", "问题及建议", "需解决的问题", "存在的困难和问题"],
  remark: ["备注", "说明"],
  expectedJobs: ["新增就业", "预计新增就业", "带动就业", "预计就业人数", "吸纳就业", "就业人数", "带动就业人数"],
  expectedOutput: ["预计年产值", "年产值", "达产后年产值", "预计产值", "达产年产值"],
  expectedTax: ["预计年税收", "年税收", "达产后年税收", "预计税收", "达产年税收"],
};

// Actual dates must not be filled from planned ones (计划开工时间 is not the day work started).
const PLANNED_MARKERS = /计划|预计|拟|预期|力争|目标/u;
// Units and remarks in brackets at the end ("总投资（万元）", "签约时间（必填）") and required
// markers do not change what a column holds.
const TRAILING_BRACKETS = /[(（][^()（）]*[)）]$/u;

/** A header label as it is matched: compact text, trailing bracketed notes and * removed. */
export function normalizeHeaderLabel(value: CellValue | string | undefined): string {
  let label = compactText(value ?? null).replace(/^[*※★]+|[*※★:：]+$/gu, "");
  for (let previous = ""; previous !== label && TRAILING_BRACKETS.test(label); ) {
    previous = label;
    const stripped = label.replace(TRAILING_BRACKETS, "");
    if (stripped === "") break; // "（万元）" alone stays a label
    label = stripped;
  }
  return label;
}

export type HeaderMatch = { field: LedgerField; confidence: number; synonym: string };

// Confidence of each way of matching (shown to the user as high / medium / low).
const EXACT = 1;
const EXACT_SUBLABEL = 0.9;
const CONTAINED_MIN = 0.5;
const CONTAINED_MAX = 0.8;

const EXACT_INDEX: Map<string, LedgerField> = new Map(
  LEDGER_FIELDS.flatMap((field) => HEADER_SYNONYMS[field].map((word) => [normalizeHeaderLabel(word), field] as const)),
);
// Words too general to identify a column when they are only part of a label (项目编号 is not
// the project name, 投资方式 is not the investor).
const EXACT_ONLY = new Set(["项目", "企业", "行业", "进展", "说明", "电话", "手机", "属地", "投资方"]);
// Longest first, so that 累计到位资金 is found before 到位资金 inside a longer label.
const CONTAINED_INDEX = [...EXACT_INDEX]
  .filter(([word]) => word.length >= 2 && !EXACT_ONLY.has(word))
  .sort((a, b) => b[0].length - a[0].length);

/**
 * The field a header most likely means. `parts` are the header's cells from top to bottom
 * (one, or two under a merged group label); the full label is tried first, then the lowest
 * part alone, then the group word without 情况 before it (签约情况 over 时间 → 签约时间), and
 * last a known word contained in the label.
 */
export function matchHeaderLabel(parts: readonly string[]): HeaderMatch | null {
  const clean = parts.map((p) => normalizeHeaderLabel(p)).filter((p) => p !== "");
  if (clean.length === 0) return null;
  const full = clean.join("");
  const exact = exactMatch(full, EXACT);
  if (exact) return exact;
  if (clean.length > 1) {
    const last = clean[clean.length - 1]!;
    const group = clean[clean.length - 2]!.replace(/(?:基本)?(?:情况|信息)$/u, "");
    const sub = exactMatch(group + last, EXACT_SUBLABEL) ?? exactMatch(last, EXACT_SUBLABEL);
    if (sub) return sub;
  }
  return containedMatch(full);
}

function exactMatch(label: string, confidence: number): HeaderMatch | null {
  const field = EXACT_INDEX.get(label);
  return field ? { field, confidence, synonym: label } : null;
}

function containedMatch(label: string): HeaderMatch | null {
  for (const [word, field] of CONTAINED_INDEX) {
    if (!label.includes(word)) continue;
    if (LEDGER_FIELD_KINDS[field] === "date" && PLANNED_MARKERS.test(label)) continue;
    const share = word.length / label.length;
    const confidence = Math.round((CONTAINED_MIN + (CONTAINED_MAX - CONTAINED_MIN) * share) * 100) / 100;
    return { field, confidence, synonym: word };
  }
  return null;
}

/** Column index (0-based) for each mapped field; a field takes one column at most. */
export type LedgerMapping = Partial<Record<LedgerField, number>>;

export type ColumnProposal = {
  column: number;
  label: string;
  /** Null when nothing matched, or when a better column took the field. */
  field: LedgerField | null;
  confidence: number;
};

/**
 * A proposal for every header column: each field goes to the column that matches it best
 * (the leftmost on a tie); a column that loses its field to a better one is left unmapped
 * rather than given a worse guess.
 */
export function proposeColumnMapping(columns: readonly { index: number; label: string; parts: readonly string[] }[]): ColumnProposal[] {
  const matches = columns.map((c) => ({ column: c.index, label: c.label, match: matchHeaderLabel(c.parts) }));
  const ranked = matches
    .filter((m): m is typeof m & { match: HeaderMatch } => m.match !== null)
    .sort((a, b) => b.match.confidence - a.match.confidence || a.column - b.column);
  const winners = new Map<number, HeaderMatch>();
  const taken = new Set<LedgerField>();
  for (const m of ranked) {
    if (taken.has(m.match.field)) continue;
    taken.add(m.match.field);
    winners.set(m.column, m.match);
  }
  return matches.map((m) => {
    const win = winners.get(m.column);
    return { column: m.column, label: m.label, field: win?.field ?? null, confidence: win?.confidence ?? 0 };
  });
}

export function mappingFromProposals(proposals: readonly ColumnProposal[]): LedgerMapping {
  const mapping: LedgerMapping = {};
  for (const p of proposals) if (p.field) mapping[p.field] = p.column;
  return mapping;
}

// Cell values as bureaus write them (issue 6 §3): amounts with or without 万/亿 in the cell,
// dates typed every way Excel lets people type them, progress written as a word or a sentence.
// Each parser returns the value (null for a blank), a note the user should see, or an error.
import { t, type MessageKey, type MessageParams } from "#app/i18n";
import { GLOSSARY } from "#app/domain/glossary";
import { stageLabelKey, type StageCode } from "#app/domain/stages";
import { parseUscc } from "#app/domain/uscc";
import { type CalendarDay } from "#app/domain/workdays";
import { cellText, compactText, type CellValue } from "./grid";

export type ValueIssue = { message: MessageKey; params?: MessageParams };
/** A parsed cell: the value (null when blank) with an optional note, or an error. */
export type Parsed<T> = { ok: true; value: T | null; note?: ValueIssue } | ({ ok: false } & ValueIssue);

const blank = <T>(): Parsed<T> => ({ ok: true, value: null });
const fail = <T>(message: MessageKey, params?: MessageParams): Parsed<T> => ({ ok: false, message, ...(params ? { params } : {}) });

// What people write in a cell that has nothing to say yet.
const BLANK_WORDS = new Set(["", "/", "-", "--", "—", "——", "无", "暂无", "待定", "未定", "不详", "空", "null", "n/a"]);

/** Half-width, no whitespace: "３,０００ 万元" → "3,000万元". */
const compact = compactText;
const LONGEST_BLANK_WORD = Math.max(...[...BLANK_WORDS].map((w) => w.length));

export function isBlankWord(value: CellValue): boolean {
  if (value === null) return true;
  if (typeof value !== "string") return false;
  if (value.length > LONGEST_BLANK_WORD && value.trim().length > LONGEST_BLANK_WORD) return false;
  return BLANK_WORDS.has(compact(value).toLowerCase());
}

// ───────────────────────────── text ─────────────────────────────

/** Trimmed text; the blank words (/、—、待定 …) as null. */
export function parseText(value: CellValue): Parsed<string> {
  if (isBlankWord(value)) return blank();
  return { ok: true, value: cellText(value) };
}

const PHONE = /(?:\+?86[-\s]?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,5})?/u;

/** "张三 13800138000" → name and phone; a cell with no phone number is all name. */
export function splitContact(text: string): { name: string | null; phone: string | null } {
  const match = PHONE.exec(text);
  if (!match) return { name: text.trim() || null, phone: null };
  const name = (text.slice(0, match.index) + text.slice(match.index + match[0].length)).replace(/[\s,，;；:：/、（）()]+/gu, " ").trim();
  return { name: name || null, phone: match[0] };
}

// ───────────────────────────── 统一社会信用代码 ─────────────────────────────

/** A valid code, normalised; the error names the expected check character (GB 32100). */
export function parseUsccCell(value: CellValue): Parsed<string> {
  if (isBlankWord(value)) return blank();
  const result = parseUscc(cellText(value));
  return result.ok ? { ok: true, value: result.value } : fail(result.message, result.params);
}

// ───────────────────────────── amounts ─────────────────────────────

export const AMOUNT_UNITS = ["元", "万元", "亿元"] as const;
export type AmountUnit = (typeof AMOUNT_UNITS)[number];
const WAN_PER: Record<AmountUnit, number> = { 元: 0.0001, 万元: 1, 亿元: 10_000 };
/** 1万亿元: above this an amount was typed in the wrong unit, not planned by anyone. */
export const MAX_AMOUNT_WAN = 100_000_000;

// 约2亿, 近3000万, 1000余万, 2亿多, 5000万左右, 1亿元以上, 200余人: the number is what is stored,
// with a note that the ledger gave an estimate.
const APPROX_PREFIX = /^(?:约计|大约|约|近|超过|超|逾|预计)/u;
const APPROX_SUFFIX = /(?:左右|以上|余|多)$/u;
const APPROX_INFIX = /(?<=\d)(?:余|多)(?=[万亿元人名个])/u;

function withoutApproximation(text: string): { text: string; approximate: boolean } {
  const stripped = text.replace(APPROX_PREFIX, "").replace(APPROX_SUFFIX, "").replace(APPROX_INFIX, "");
  return { text: stripped, approximate: stripped !== text };
}

const SUFFIX_UNIT: Record<string, AmountUnit> = { 元: "元", 万: "万元", 万元: "万元", 亿: "亿元", 亿元: "亿元" };
const FOREIGN = /美元|美金|港元|港币|欧元|日元|英镑|USD|HKD|EUR|\$/iu;
const NUMBER = String.raw`\d+(?:\.\d+)?`;
const SIMPLE_AMOUNT = new RegExp(`^(${NUMBER})(万元|万|亿元|亿|元)?$`, "u");
const COMPOUND_AMOUNT = new RegExp(`^(${NUMBER})亿(?:元)?(${NUMBER})(?:万元|万)?$`, "u"); // 1亿5000万

/** Rounded to 1 元 so that 1.1亿 is 11000, not 11000.000000000002. */
function roundWan(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * An amount in 万元. A bare number is in the sheet's (or the column's) unit; a unit written in
 * the cell wins (3000万, 3,000万元, 1.5亿, 1亿5000万). 约/近/余/左右 are dropped with a note.
 */
export function parseAmountWan(value: CellValue, unit: AmountUnit): Parsed<number> {
  if (typeof value === "number") return checkedAmount(roundWan(value * WAN_PER[unit]), cellText(value));
  if (isBlankWord(value) || typeof value === "boolean") return blank();
  if (value instanceof Date) return fail("ledger.amountInvalid", { text: cellText(value) });
  const original = cellText(value);
  const text = compact(value).replace(/(?<=\d)[,，](?=\d{3})/gu, "").replace(/^人民币|^RMB/iu, "");
  if (FOREIGN.test(text)) return fail("ledger.amountCurrency", { text: original });
  const { text: stripped, approximate } = withoutApproximation(text);
  const wan = amountOf(stripped, unit);
  if (wan === null) return fail("ledger.amountInvalid", { text: original });
  const result = checkedAmount(roundWan(wan), original);
  if (result.ok && approximate) return { ...result, note: { message: "ledger.amountApproximate", params: { text: original, value: roundWan(wan) } } };
  return result;
}

function amountOf(text: string, unit: AmountUnit): number | null {
  const compound = COMPOUND_AMOUNT.exec(text);
  if (compound) return Number(compound[1]) * WAN_PER.亿元 + Number(compound[2]);
  const simple = SIMPLE_AMOUNT.exec(text);
  if (!simple) return null;
  const written = simple[2] ? SUFFIX_UNIT[simple[2]] : undefined;
  return Number(simple[1]) * WAN_PER[written ?? unit];
}

function checkedAmount(wan: number, text: string): Parsed<number> {
  if (!Number.isFinite(wan)) return fail("ledger.amountInvalid", { text });
  if (wan < 0) return fail("ledger.amountNegative", { text });
  if (wan > MAX_AMOUNT_WAN) return fail("ledger.amountTooBig", { text });
  return { ok: true, value: wan };
}

/** The unit a text names: "金额单位：万元", "（亿元）", "单位:元". */
export function amountUnitIn(text: string): AmountUnit | null {
  const match = /(亿元|万元|元)/u.exec(text.normalize("NFKC"));
  return (match?.[1] as AmountUnit | undefined) ?? null;
}

// ───────────────────────────── whole numbers ─────────────────────────────

/** A head count such as 新增就业: 200, "200人", "约200人", "200余人". */
export function parseCount(value: CellValue): Parsed<number> {
  if (isBlankWord(value) || typeof value === "boolean" || value instanceof Date) {
    return value instanceof Date ? fail("ledger.countInvalid", { text: cellText(value) }) : blank();
  }
  const original = cellText(value);
  const { text, approximate } = withoutApproximation(compact(value).replace(/(?<=\d)[,，](?=\d{3})/gu, ""));
  const digits = text.replace(/[人名个]$/u, "");
  const count = typeof value === "number" ? value : /^\d+$/u.test(digits) ? Number(digits) : NaN;
  if (!Number.isSafeInteger(count) || count < 0) return fail("ledger.countInvalid", { text: original });
  if (!approximate) return { ok: true, value: count };
  return { ok: true, value: count, note: { message: "ledger.countApproximate", params: { text: original, value: count } } };
}

// ───────────────────────────── dates ─────────────────────────────

export type DatePrecision = "day" | "month";
/**
 * A date as the ledger states it. `day` is the Shanghai calendar day (the 1st for a month);
 * `precision: "month"` keeps that 2026年4月 said no more than the month.
 */
export type LedgerDate = { day: CalendarDay; precision: DatePrecision };

// Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for (serials from 61).
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

const pad = (n: number) => String(n).padStart(2, "0");

function calendarDay(year: number, month: number, day: number): CalendarDay | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function inRange(year: number): boolean {
  return year >= MIN_YEAR && year < MAX_YEAR;
}

const FULL_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/u;
const YEAR_MONTH = /^(\d{4})[-/.年](\d{1,2})月?(?:份)?$/u;
const DIGITS8 = /^(\d{4})(\d{2})(\d{2})$/u;
const TIME_SUFFIX = /(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/u;

/**
 * Excel dates and typed dates: 2026-03-15, 2026/3/15, 2026.3.15, 2026年3月15日, 20260315,
 * 2026年4月 / 2026-04 / 2026.4 (month precision). Blank words give null.
 */
export function parseLedgerDate(value: CellValue): Parsed<LedgerDate> {
  if (value instanceof Date) return dateFromUtcFields(value);
  if (typeof value === "number") return dateFromNumber(value);
  if (isBlankWord(value) || typeof value === "boolean") return blank();
  const original = cellText(value);
  const text = cellText(value).normalize("NFKC").replace(TIME_SUFFIX, "").replace(/\s+/gu, "");
  const full = FULL_DATE.exec(text) ?? DIGITS8.exec(text);
  if (full) return dayResult(Number(full[1]), Number(full[2]), Number(full[3]), original);
  const month = YEAR_MONTH.exec(text);
  if (month) return monthResult(Number(month[1]), Number(month[2]), original);
  return fail("ledger.dateInvalid", { text: original });
}

function dayResult(year: number, month: number, day: number, text: string): Parsed<LedgerDate> {
  const calendar = calendarDay(year, month, day);
  if (!calendar) return fail("ledger.dateInvalid", { text });
  if (!inRange(year)) return fail("ledger.dateOutOfRange", { text });
  return { ok: true, value: { day: calendar, precision: "day" } };
}

function monthResult(year: number, month: number, text: string): Parsed<LedgerDate> {
  const calendar = calendarDay(year, month, 1);
  if (!calendar) return fail("ledger.dateInvalid", { text });
  if (!inRange(year)) return fail("ledger.dateOutOfRange", { text });
  return { ok: true, value: { day: calendar, precision: "month" } };
}

// exceljs gives an Excel date as the instant whose UTC fields are the day the sheet shows.
function dateFromUtcFields(date: Date): Parsed<LedgerDate> {
  if (Number.isNaN(date.getTime())) return fail("ledger.dateInvalid", { text: "" });
  return dayResult(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.toISOString().slice(0, 10));
}

function dateFromNumber(n: number): Parsed<LedgerDate> {
  const text = String(n);
  if (Number.isInteger(n) && /^\d{8}$/u.test(text)) {
    const m = DIGITS8.exec(text)!;
    return dayResult(Number(m[1]), Number(m[2]), Number(m[3]), text);
  }
  // 2026.3 typed into a cell becomes the number 2026.3; 2026.10 becomes 2026.1 and cannot be
  // told from January, so that one reading comes with a note.
  const yearMonth = /^(\d{4})\.(\d{1,2})$/u.exec(text);
  if (yearMonth && inRange(Number(yearMonth[1]))) {
    const result = monthResult(Number(yearMonth[1]), Number(yearMonth[2]), text);
    if (result.ok && yearMonth[2] === "1") return { ...result, note: { message: "ledger.dateMonthAmbiguous", params: { text, year: yearMonth[1]! } } };
    return result;
  }
  const serialDate = new Date(EXCEL_EPOCH_UTC + Math.floor(n) * MS_PER_DAY);
  if (n <= 0 || !inRange(serialDate.getUTCFullYear())) return fail("ledger.dateInvalid", { text });
  return dateFromUtcFields(serialDate);
}

// ───────────────────────────── progress → stage ─────────────────────────────

/**
 * Progress words and the stage each means. A cell that is exactly one of them (after removing
 * punctuation) maps without comment; see stageFromProgress for longer text.
 */
export const PROGRESS_WORDS: Record<StageCode, readonly string[]> = {
  LEAD: ["线索", "储备", "跟踪", "在跟踪", "信息收集"],
  FIRST_CONTACT: ["首谈", "接洽", "初步对接", "初步接洽", "已对接", "对接", "初次洽谈", "首次洽谈", "已接洽", "对接中"],
  SITE_VISIT: ["考察", "实地考察", "已考察", "考察中", "来访考察", "踏勘", "实地踏勘"],
  NEGOTIATION: ["洽谈", "洽谈中", "在谈", "正在洽谈", "深度洽谈", "磋商", "谈判", "在洽谈", "跟踪洽谈"],
  SIGNED: ["签约", "已签约", "签订协议", "已签订", "签订合同", "已签协议", "签署协议", "已签署"],
  LANDED: ["落地", "已落地", "已注册", "完成注册", "注册", "已入驻", "入驻"],
  CONSTRUCTION: ["开工", "已开工", "在建", "建设中", "开工建设", "施工", "施工中", "装修", "设备安装"],
  COMPLETED: ["竣工", "已竣工", "建成", "已建成", "完工", "已完工"],
  PRODUCTION: ["投产", "已投产", "试生产", "试产", "投入生产", "运营", "已运营", "正常生产"],
  AT_CAPACITY: ["达产", "达效", "达产达效", "满产", "已达产", "已达效"],
  ON_HOLD: ["暂缓", "暂停", "搁置", "停滞", "已暂缓"],
  TERMINATED: ["终止", "已终止", "放弃", "已放弃", "取消", "终止合作"],
};

// Ladder order for "the most advanced stage mentioned"; exits win over any ladder stage.
const STAGE_RANK: readonly StageCode[] = [
  "LEAD", "FIRST_CONTACT", "SITE_VISIT", "NEGOTIATION", "SIGNED", "LANDED", "CONSTRUCTION",
  "COMPLETED", "PRODUCTION", "AT_CAPACITY", "ON_HOLD", "TERMINATED",
];
const EXACT_PROGRESS: Map<string, StageCode> = new Map(
  STAGE_RANK.flatMap((stage) => PROGRESS_WORDS[stage].map((word) => [word, stage] as const)),
);
const KEYWORDS = [...EXACT_PROGRESS].sort((a, b) => b[0].length - a[0].length);
// A word after these, in the same clause, is a plan or a denial: "计划6月开工", "尚未签约".
// 待 but not 接待 (来访接待 is a visit that happened).
const NOT_YET = /计划|预计|拟|争取|力争|准备|(?<!接)待|将|下一步|下步|尚未|暂未|未|没有|推动|推进|加快|促进|督促|正在办/u;
const CLAUSE_BREAK = /[，,。；;！!？?、\n\r]+/u;
const PUNCTUATION = /[\s，,。；;！!？?、:：.()（）【】[\]"“”'‘’]+/gu;

export type ProgressStage = { stage: StageCode; exact: boolean };

/**
 * The stage a progress cell states.
 *
 * One word (签约, 已投产, 在谈 …) maps directly. Longer text ("已签约，计划6月开工") is read
 * clause by clause: a stage word counts unless a plan or denial (计划, 拟, 待, 尚未, 未 …)
 * comes before it in its clause; of the words that count, an exit (终止, then 暂缓) wins, else
 * the most advanced ladder stage — a ledger's progress column is written as the latest news
 * and states earlier steps only as history ("已考察，正在洽谈" is in negotiation). The result
 * is marked inexact so the preview shows how it was read.
 */
export function stageFromProgress(text: string): ProgressStage | null {
  const whole = text.normalize("NFKC").replace(PUNCTUATION, "");
  const exact = EXACT_PROGRESS.get(whole);
  if (exact) return { stage: exact, exact: true };
  const found = new Set<StageCode>();
  for (const clause of text.normalize("NFKC").split(CLAUSE_BREAK)) {
    for (const stage of stagesStatedIn(clause.replace(/\s+/gu, ""))) found.add(stage);
  }
  const best = [...found].sort((a, b) => STAGE_RANK.indexOf(b) - STAGE_RANK.indexOf(a))[0];
  return best ? { stage: best, exact: false } : null;
}

function stagesStatedIn(clause: string): StageCode[] {
  const stages: StageCode[] = [];
  // Mask each word found so that 签约 is not found again inside 已签约.
  let rest = clause;
  for (const [word, stage] of KEYWORDS) {
    for (let at = rest.indexOf(word); at >= 0; at = rest.indexOf(word, at + word.length)) {
      if (!NOT_YET.test(rest.slice(0, at))) stages.push(stage);
      rest = rest.slice(0, at) + "\u0000".repeat(word.length) + rest.slice(at + word.length);
    }
  }
  return stages;
}

/** A progress cell as a stage; unknown words are an error, free text comes with a note. */
export function parseProgress(value: CellValue): Parsed<StageCode> {
  if (isBlankWord(value)) return blank();
  const text = cellText(value);
  const found = stageFromProgress(text);
  if (!found) return fail("ledger.progressUnknown", { text });
  if (found.exact) return { ok: true, value: found.stage };
  return { ok: true, value: found.stage, note: { message: "ledger.stageInferred", params: { text, stage: t(stageLabelKey(found.stage)) } } };
}

// ───────────────────────────── 项目性质 ─────────────────────────────

export type ProjectNatureCode = (typeof GLOSSARY)["新建" | "扩建" | "技改"];
const NATURE_WORDS: readonly [string, ProjectNatureCode][] = [
  ["技术改造", GLOSSARY.技改],
  ["技改", GLOSSARY.技改],
  ["改扩建", GLOSSARY.扩建],
  ["扩建", GLOSSARY.扩建],
  ["增资扩产", GLOSSARY.扩建],
  ["新建", GLOSSARY.新建],
];

/** 新建/扩建/技改 and their longer forms; anything else is a note, not an error (optional). */
export function parseNature(value: CellValue): Parsed<ProjectNatureCode> {
  if (isBlankWord(value)) return blank();
  const text = compact(value);
  const found = NATURE_WORDS.find(([word]) => text.includes(word));
  if (found) return { ok: true, value: found[1] };
  return { ok: true, value: null, note: { message: "ledger.natureUnknown", params: { text: cellText(value) } } };
}

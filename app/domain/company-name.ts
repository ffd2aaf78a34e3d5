// Company names as officers type them vary in width, brackets, place prefixes and legal-form
// suffixes ("深圳市秦巴绒趣（中国）玩具有限公司" vs "秦巴绒趣玩具"); duplicate detection
// (DESIGN §4, §7.1) compares the normalised core. Global search matches pinyin initials
// (`qbrq` for 秦巴绒趣, DESIGN §5) through a precomputed search key.
import { type MessageKey } from "#app/i18n";
import { pinyin } from "pinyin-pro";

const PROVINCES = [
  "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
  "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
  "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
];
const PROVINCE_SUFFIXES = ["壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"];
const CITIES = [
  "深圳", "广州", "东莞", "佛山", "珠海", "中山", "惠州", "汕头", "杭州", "宁波", "温州", "义乌",
  "金华", "绍兴", "台州", "嘉兴", "湖州", "苏州", "南京", "无锡", "常州", "南通", "扬州", "徐州",
  "厦门", "福州", "泉州", "青岛", "济南", "烟台", "潍坊", "临沂", "武汉", "长沙", "成都", "西安",
  "郑州", "合肥", "南昌", "昆明", "贵阳", "南宁", "沈阳", "大连", "长春", "哈尔滨", "石家庄",
  "太原", "呼和浩特", "兰州", "西宁", "银川", "乌鲁木齐", "拉萨", "海口", "三亚", "宝鸡", "咸阳",
  "汉中", "安康", "商洛", "渭南", "延安", "榆林", "铜川",
];
// Longest first, so that 股份有限公司 is taken whole before 有限公司 or 公司 could match.
const LEGAL_SUFFIXES = [
  "股份有限公司", "有限责任公司", "有限公司", "集团", "股份", "公司",
  "co.,ltd.", "co.,ltd", "co.ltd.", "co.ltd", "corporation", "limited", "corp.", "corp", "ltd.", "ltd", "inc.", "inc", "co.",
].sort((a, b) => b.length - a.length);

const PLACE_PREFIXES = [
  ...PROVINCES.flatMap((p) => PROVINCE_SUFFIXES.map((suffix) => p + suffix)),
  ...CITIES.map((city) => `${city}市`),
  ...PROVINCES,
  ...CITIES,
].sort((a, b) => b.length - a.length);
// Any other 2–3 character place name followed by 省 or 市 at the start (安康市 is in the list,
// 马鞍山市 is caught here).
const GENERIC_PLACE = /^[\u4e00-\u9fff]{2,3}[省市]/u;
const BRACKETS = /[()[\]{}【】〔〕〖〗「」『』<>《》]/gu;
// The shortest core a strip may leave: "北京" alone is a name, not a prefix.
const MIN_CORE_LENGTH = 2;

/**
 * The comparable core of a company name: half-width, lower case, no spaces or brackets
 * (their content kept), without a leading province/city and trailing legal form or "(中国)".
 */
export function normalizeCompanyName(name: string): string {
  let core = name.normalize("NFKC").replace(/\s+/gu, "").toLowerCase();
  core = core.replace(/\(中国\)/gu, "").replace(BRACKETS, "");
  core = stripRepeatedly(core, stripPlacePrefix);
  core = stripRepeatedly(core, stripLegalSuffix);
  return core;
}

function stripRepeatedly(text: string, strip: (text: string) => string | null): string {
  let current = text;
  for (let next = strip(current); next !== null && next.length >= MIN_CORE_LENGTH; next = strip(current)) {
    current = next;
  }
  return current;
}

function stripPlacePrefix(text: string): string | null {
  const prefix = PLACE_PREFIXES.find((p) => text.startsWith(p)) ?? GENERIC_PLACE.exec(text)?.[0];
  return prefix ? text.slice(prefix.length) : null;
}

function stripLegalSuffix(text: string): string | null {
  const suffix = LEGAL_SUFFIXES.find((s) => text.endsWith(s));
  if (!suffix) return null;
  return text.slice(0, -suffix.length).replace(/[.,，、·-]+$/u, "") || null;
}

/**
 * What global search matches against: the text itself (lower case), its pinyin initials and
 * its full pinyin without spaces, joined by "|" so a query cannot match across two parts.
 */
export function searchKeyFor(text: string): string {
  const original = text.normalize("NFKC").trim().replace(/\s+/gu, " ").toLowerCase();
  const compact = original.replace(/\s+/gu, "");
  const initials = pinyin(compact, { pattern: "first", toneType: "none", type: "array" }).join("");
  const full = pinyin(compact, { toneType: "none", type: "array" }).join("");
  return [original, initials.toLowerCase(), full.toLowerCase()].join("|");
}

// ───────────────────────────── tags ─────────────────────────────

export const COMPANY_TAGS = ["LISTED", "FORTUNE500", "TOP20", "CHAIN_LEADER"] as const;
export type CompanyTag = (typeof COMPANY_TAGS)[number];

export function isCompanyTag(value: string): value is CompanyTag {
  return (COMPANY_TAGS as readonly string[]).includes(value);
}

export function companyTagLabelKey(tag: CompanyTag): MessageKey {
  return `pipeline.tag_${tag}`;
}

/** Tags from the stored comma list: known codes only, once each, in canonical order. */
export function parseCompanyTags(list: string | null | undefined): CompanyTag[] {
  const codes = new Set((list ?? "").split(/[,，、]/u).map((code) => code.trim().toUpperCase()));
  return COMPANY_TAGS.filter((tag) => codes.has(tag));
}

export function serializeCompanyTags(tags: Iterable<string>): string {
  return parseCompanyTags([...tags].join(",")).join(",");
}

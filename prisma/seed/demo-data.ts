// Demo data (issue 3 item 9): about 150 fictional target companies and 120 projects across
// every stage and county, with stage history and follow-ups over the last 18 months, some of
// them deliberately overdue, so the product looks alive to a newcomer. Only `npm run db:seed --
// --demo` writes it.
//
// Deterministic: every choice comes from one seeded generator (./random.ts) and every date is
// counted back from `now`, so two runs with the same `now` write the same rows (ids aside) and
// runs on other days write the same shape. All names are invented: 字号 are composed from the
// syllables below, never taken from a real firm.
//
// The rows are written directly with Prisma (createMany inside one transaction: a few seconds on
// SQLite) rather than through the model functions, but by the same rules: codes and their
// CodeSequence, 重点 from the mechanism in force, the fields each stage passed requires, coherent
// dates, Project.lastFollowUpAt, and search keys from the domain helpers.
import { randomUUID } from "node:crypto";
import { COMPANY_TAGS, normalizeCompanyName, searchKeyFor, serializeCompanyTags, type CompanyTag } from "#app/domain/company-name";
import { type SourceChannel } from "#app/domain/company-fields";
import {
  formatProjectCode,
  projectCodeSequenceKey,
  type Capacity,
  type ContractType,
  type FollowUpKind,
  type ProjectNature,
} from "#app/domain/projects";
import { isKeyProject, ladderStages, STAGE_FIELD_KINDS, type LadderStage, type StageCode, type StageField } from "#app/domain/stages";
import { yellowThreshold } from "#app/domain/warnings";
import { USCC_CHARSET, usccCheckChar } from "#app/domain/uscc";
import { addWorkdays, isWorkday, shanghaiDay, startOfShanghaiDay } from "#app/domain/workdays";
import { getMechanism } from "#app/models/mechanism.server";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type Db } from "#app/utils/db.server";
import { DEFAULT_CHAINS } from "./chains";
import { COUNTIES } from "./organisation";
import { createRandom, type Random } from "./random";

export const DEMO_SEED = 20_260_315;
export const DEMO_COMPANY_COUNT = 150;
/** Searched for by pinyin initials (`qbrq`) in the tests and the README. */
export const DEMO_FLAGSHIP_COMPANY = "秦巴绒趣文化创意有限公司";
/** Transitions written by the seed carry this source; their presence means the demo is in. */
export const DEMO_SOURCE = "SEED";

// How many projects sit in each stage: every stage present, most in the pipeline's busy middle.
const STAGE_COUNTS: readonly (readonly [StageCode, number])[] = [
  ["LEAD", 14],
  ["FIRST_CONTACT", 14],
  ["SITE_VISIT", 13],
  ["NEGOTIATION", 15],
  ["SIGNED", 12],
  ["LANDED", 10],
  ["CONSTRUCTION", 12],
  ["COMPLETED", 7],
  ["PRODUCTION", 8],
  ["AT_CAPACITY", 6],
  ["ON_HOLD", 5],
  ["TERMINATED", 4],
];
export const DEMO_PROJECT_COUNT = STAGE_COUNTS.reduce((sum, [, n]) => sum + n, 0);

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** The demo's history reaches this far back. */
const HISTORY_MONTHS = 18;
/** A ladder stage the configuration leaves without a limit still needs a plausible stay. */
const FALLBACK_STAY_WORKDAYS = 40;
/** Planned investment ceiling for links that are offices rather than plants (design, e-commerce). */
const SMALL_PROJECT_MAX_WAN = 20_000;

// ───────────────────────────── dictionaries of invented words ─────────────────────────────

// Which chains the demo city courts, and how hard: 毛绒玩具文创 is its signature industry.
const CHAIN_WEIGHTS: Record<string, number> = {
  毛绒玩具文创: 46,
  富硒食品: 10,
  新材料: 8,
  生物医药: 7,
  装备制造: 8,
  纺织服装: 8,
  现代物流: 5,
  文化旅游: 5,
  新能源: 4,
};

// Link weights within 毛绒玩具文创: mostly factories, then materials and trade.
const LINK_WEIGHTS: Record<string, number> = {
  创意设计: 12,
  面料与PP棉等原辅料: 20,
  生产加工: 45,
  电商与国际贸易: 15,
  物流仓储: 8,
};

// First halves of 字号: places and images; second halves by chain.
const NAME_HEADS = [
  "秦巴", "汉水", "硒谷", "凤堰", "瀛湖", "月河", "香溪", "安澜", "金州", "兴安", "南宫", "岚河", "鹏城", "海韵",
  "东岳", "瓯江", "钱塘", "姑苏", "鹭岛", "泉港", "齐鲁", "浦江", "珠江", "南粤", "闽江", "甬江", "太湖", "崂峰",
  "星河", "云栖", "锦程", "晨曦", "嘉禾", "瑞丰", "恒泰", "华煜", "鼎新", "博瑞", "睿康", "青禾", "朗润", "辰星",
  "远航", "松涛", "北辰", "新禾", "天衡", "岭南", "润泽", "蓝湾",
] as const;

const NAME_TAILS: Record<string, readonly string[]> = {
  毛绒玩具文创: ["绒趣", "织梦", "萌宝", "绒艺", "童心", "乐萌", "暖绒", "绒语", "趣玩", "布偶", "萌趣", "童趣", "绒梦", "喜绒", "绒乐", "憨宝"],
  富硒食品: ["硒源", "硒康", "茗香", "禾丰", "山珍", "硒品"],
  新材料: ["新材", "晶硅", "复材", "科材", "矿能"],
  生物医药: ["本草", "康元", "药谷", "生元", "济安"],
  装备制造: ["精工", "智造", "机电", "数控", "恒力"],
  纺织服装: ["锦纶", "织造", "衣尚", "纺联", "丝路"],
  现代物流: ["通达", "速运", "畅达", "链通"],
  文化旅游: ["山水", "游学", "栖居", "秘境"],
  新能源: ["光能", "绿电", "储源", "风华"],
};

// Industry words of a company name and products of a project name, by link (falls back to the
// chain's when the admin has renamed a link).
type Words = { industry: readonly string[]; product: readonly string[]; tails?: readonly string[]; small?: boolean };
const CHAIN_WORDS: Record<string, Words> = {
  毛绒玩具文创: { industry: ["玩具", "文化创意", "工艺品"], product: ["毛绒玩具", "文创产品"] },
  富硒食品: { industry: ["食品", "农业科技", "茶业"], product: ["富硒食品", "富硒茶"] },
  新材料: { industry: ["新材料科技", "材料"], product: ["新材料"] },
  生物医药: { industry: ["药业", "生物医药"], product: ["生物医药"] },
  装备制造: { industry: ["智能装备", "机械制造"], product: ["智能装备"] },
  纺织服装: { industry: ["服饰", "纺织"], product: ["服装"] },
  现代物流: { industry: ["物流", "供应链管理"], product: ["物流园"] },
  文化旅游: { industry: ["文化旅游开发", "旅游发展"], product: ["文旅综合体"] },
  新能源: { industry: ["新能源科技", "光伏科技"], product: ["新能源"] },
};
const LINK_WORDS: Record<string, Words> = {
  创意设计: { industry: ["文化创意", "设计"], product: ["毛绒玩具设计研发中心", "IP文创设计中心"], small: true },
  面料与PP棉等原辅料: { industry: ["纺织材料", "纤维科技"], product: ["PP棉及短毛绒面料", "玩具辅料"] },
  生产加工: { industry: ["玩具", "毛绒制品", "工艺品"], product: ["毛绒玩具", "毛绒公仔", "婴童玩具"] },
  电商与国际贸易: { industry: ["电子商务", "进出口贸易"], product: ["毛绒玩具跨境电商", "直播电商基地"], small: true },
  物流仓储: { industry: ["供应链管理", "物流"], product: ["玩具仓储物流中心"], tails: ["通达", "链通", "速运", "畅达", "捷运"] },
  富硒种养基地: { industry: ["农业科技", "生态农业"], product: ["富硒种养基地"] },
  精深加工: { industry: ["食品", "生物科技"], product: ["富硒食品精深加工"] },
  富硒茶饮: { industry: ["茶业", "饮品"], product: ["富硒茶饮"] },
  检测认证: { industry: ["检测技术"], product: ["富硒产品检测中心"], small: true },
  品牌营销与电商: { industry: ["品牌管理", "电子商务"], product: ["富硒产品电商中心"], small: true },
  矿产资源开发: { industry: ["矿业"], product: ["矿产资源综合利用"] },
  新型建材: { industry: ["建材", "新型建材"], product: ["新型墙材"] },
  先进功能材料: { industry: ["新材料科技", "功能材料"], product: ["功能材料"] },
  高分子与复合材料: { industry: ["高分子材料", "复合材料"], product: ["复合材料"] },
  中药材种植: { industry: ["中药材", "农业科技"], product: ["中药材规范化种植基地"] },
  中药饮片与提取: { industry: ["药业", "中药"], product: ["中药饮片及提取"] },
  化学药与制剂: { industry: ["制药", "药业"], product: ["制剂"] },
  医疗器械: { industry: ["医疗器械", "医疗科技"], product: ["医疗器械"] },
  康养服务: { industry: ["健康产业", "康养"], product: ["康养中心"] },
  零部件加工: { industry: ["精密机械", "机械制造"], product: ["精密零部件"] },
  整机制造: { industry: ["机械制造", "重工"], product: ["整机装配"] },
  电子信息: { industry: ["电子科技", "智能科技"], product: ["电子元器件"] },
  智能装备: { industry: ["智能装备", "自动化"], product: ["智能装备"] },
  纺纱织造: { industry: ["纺织", "纺纱"], product: ["纺纱织造"] },
  印染整理: { industry: ["印染", "纺织科技"], product: ["绿色印染"] },
  服装加工: { industry: ["服饰", "制衣"], product: ["服装加工"] },
  品牌设计与电商: { industry: ["服饰", "电子商务"], product: ["服装品牌运营中心"], small: true },
  仓储配送: { industry: ["物流", "供应链管理"], product: ["仓储配送中心"] },
  冷链物流: { industry: ["冷链物流"], product: ["冷链物流园"] },
  多式联运: { industry: ["物流", "国际货运代理"], product: ["多式联运物流园"] },
  电商快递: { industry: ["快递", "供应链管理"], product: ["电商快递分拨中心"] },
  景区开发: { industry: ["文化旅游开发", "旅游发展"], product: ["生态旅游景区"] },
  酒店民宿: { industry: ["酒店管理", "旅游发展"], product: ["精品民宿集群"] },
  文创产品: { industry: ["文化创意"], product: ["文创产品研发"], small: true },
  演艺与节会: { industry: ["文化传媒", "演艺"], product: ["实景演艺"] },
  光伏发电: { industry: ["光伏科技", "新能源科技"], product: ["分布式光伏"] },
  水电: { industry: ["水电开发", "能源"], product: ["水电站增效扩容"] },
  储能: { industry: ["储能科技", "新能源科技"], product: ["储能电站"] },
  新能源汽车配套: { industry: ["汽车零部件", "新能源科技"], product: ["新能源汽车零部件"] },
};

type Place = { province: string; city: string; division: string; prefix: string | null };
// Headquarters: mostly the coast the plush industry moves from, and Shaanxi itself.
const HQ_PLACES: readonly (readonly [Place, number])[] = [
  [{ province: "广东省", city: "深圳市", division: "440300", prefix: "深圳市" }, 9],
  [{ province: "广东省", city: "东莞市", division: "441900", prefix: "东莞市" }, 8],
  [{ province: "广东省", city: "汕头市", division: "440500", prefix: "汕头市" }, 6],
  [{ province: "广东省", city: "广州市", division: "440100", prefix: "广州" }, 4],
  [{ province: "浙江省", city: "金华市", division: "330782", prefix: "义乌市" }, 7],
  [{ province: "浙江省", city: "杭州市", division: "330100", prefix: "杭州" }, 5],
  [{ province: "浙江省", city: "宁波市", division: "330200", prefix: "宁波市" }, 4],
  [{ province: "浙江省", city: "温州市", division: "330300", prefix: null }, 3],
  [{ province: "江苏省", city: "扬州市", division: "321000", prefix: "扬州市" }, 5],
  [{ province: "江苏省", city: "苏州市", division: "320500", prefix: "苏州" }, 5],
  [{ province: "江苏省", city: "南京市", division: "320100", prefix: null }, 2],
  [{ province: "福建省", city: "泉州市", division: "350500", prefix: "泉州市" }, 4],
  [{ province: "福建省", city: "厦门市", division: "350200", prefix: "厦门" }, 4],
  [{ province: "山东省", city: "青岛市", division: "370200", prefix: "青岛" }, 4],
  [{ province: "山东省", city: "临沂市", division: "371300", prefix: "临沂市" }, 3],
  [{ province: "上海市", city: "上海市", division: "310115", prefix: "上海" }, 5],
  [{ province: "陕西省", city: "西安市", division: "610100", prefix: "陕西" }, 8],
  [{ province: "陕西省", city: "安康市", division: "610900", prefix: null }, 6],
  [{ province: "陕西省", city: "汉中市", division: "610700", prefix: null }, 2],
  [{ province: "北京市", city: "北京市", division: "110105", prefix: "北京" }, 1],
  [{ province: "四川省", city: "成都市", division: "510100", prefix: "成都" }, 1],
];
const FLAGSHIP_PLACE: Place = { province: "陕西省", city: "安康市", division: "610900", prefix: null };

// 首报归属: the county or park that reported the company first; the busy ones more often.
const REGION_WEIGHTS: Record<string, number> = {
  汉滨区: 16,
  汉阴县: 14,
  安康高新区: 14,
  恒口示范区: 8,
  石泉县: 7,
  平利县: 7,
  旬阳市: 7,
  紫阳县: 6,
  岚皋县: 5,
  白河县: 5,
  宁陕县: 4,
  镇坪县: 3,
  瀛湖生态旅游区: 4,
};

const SOURCE_WEIGHTS: Record<SourceChannel, number> = {
  REFERRAL: 30,
  CHAIN_TARGETING: 25,
  EXPO: 15,
  OUTPOST: 12,
  AGENT: 8,
  ONLINE: 6,
  OTHER: 4,
};

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁沈姚卢";
const GIVEN_NAMES = [
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "晓燕",
  "建华", "志强", "海燕", "晓东", "文博", "雅琴", "思远", "俊杰", "立新", "国平", "春梅", "红梅", "嘉怡", "子豪",
  "鹏飞", "欣然", "永刚", "慧敏",
] as const;
const CONTACT_TITLES = ["董事长", "总经理", "副总经理", "投资发展部经理", "行政总监", "项目经理", "董事会秘书"] as const;

const HOLD_REASONS = [
  "企业总部战略调整，投资计划推迟到明年，待企业重新决策后恢复推进",
  "拟选地块规划调整，需重新选址，企业同意暂缓",
  "企业融资未到位，暂缓推进，保持联系",
  "海外订单下滑，企业暂缓扩产计划",
  "环评类别需重新论证，待省级意见后再推进",
] as const;
const TERMINATE_REASONS = [
  "企业已选定在其他省份落地，项目终止",
  "项目不符合园区产业准入和环保要求",
  "企业经营困难，取消本次投资计划",
  "双方在用地价格和政策条件上未能达成一致",
] as const;
const BACKWARD_REASONS = ["企业要求重新考察备选地块", "原定厂房被其他项目使用，需重新踏勘", "企业更换对接团队，需重新考察"] as const;
const SIGNING_EVENTS = ["全市招商引资项目集中签约活动", "毛绒玩具文创产业推介会", "丝博会安康专场", "进博会对接活动", "市政府与企业双方会谈"] as const;
const PROMOTION_CITIES = ["深圳", "东莞", "义乌", "扬州", "上海", "西安", "厦门"] as const;
const SITES = ["标准化厂房", "工业用地", "新社区工厂", "物流用地", "楼宇"] as const;
const NEXT_ACTIONS = [
  "提供园区标准化厂房资料和租金政策",
  "安排企业高管来安康实地考察",
  "协调自然资源局出具用地预审意见",
  "与企业法务沟通协议修改意见",
  "协调供电公司核定用电接入方案",
  "督促企业完成本地公司注册",
  "协调人社局组织用工招聘",
  "跟踪设备进场和安装进度",
  "落实政策兑现材料",
  "准备下一轮洽谈的条件清单",
] as const;

// ───────────────────────────── plan ─────────────────────────────

type ChainRef = { id: string; name: string; links: { id: string; name: string }[] };
type UserRef = { id: string; displayName: string; regionId: string | null };
type RegionRow = { id: string; name: string; level: string };

type Context = {
  now: Date;
  config: MechanismConfig;
  regions: RegionRow[];
  chains: Map<string, ChainRef>;
  users: { city: UserRef | null; leader: UserRef | null; countyOfficers: UserRef[] };
};

type CompanyPlan = {
  id: string;
  name: string;
  head: string;
  chainName: string;
  linkName: string;
  chainId: string | null;
  linkId: string | null;
  place: Place;
  uscc: string | null;
  tags: CompanyTag[];
  sourceChannel: SourceChannel;
  region: RegionRow;
  createdAt: Date;
  contacts: { name: string; title: string; phone: string }[];
};

type HistoryStep = { stage: StageCode; at: Date; note: string | null };

type FollowUpPlan = {
  id: string;
  date: Date;
  kind: FollowUpKind;
  summary: string;
  nextAction: string | null;
  nextActionDue: Date | null;
  participants: { userId: string; capacity: Capacity | null }[];
};

type ProjectPlan = {
  id: string;
  code: string;
  name: string;
  company: CompanyPlan;
  stage: StageCode;
  resumeStage: LadderStage | null;
  amount: number;
  isKey: boolean;
  keyManual: boolean;
  nature: ProjectNature;
  officer: UserRef | null;
  leadLeader: UserRef | null;
  responsibleUnit: string;
  expectedJobs: number;
  povertyJobs: number;
  expectedOutput: number;
  expectedTax: number;
  fields: Partial<Record<StageField, Date | number | string>>;
  holdReason: string | null;
  terminateReason: string | null;
  history: HistoryStep[];
  followUps: FollowUpPlan[];
  members: { userId: string; role: "TASK_FORCE" | "LIAISON" }[];
};

function weightedOf<T extends string>(record: Record<T, number>): [T, number][] {
  return Object.entries(record) as [T, number][];
}

/** The last workday on or before the day of `date`, at 00:00 Shanghai. */
function lastWorkdayOnOrBefore(date: Date): Date {
  let day = startOfShanghaiDay(date);
  while (!isWorkday(day)) day = new Date(day.getTime() - DAY_MS);
  return day;
}

/** A time in office hours on the given Shanghai day. */
function during(rng: Random, day: Date): Date {
  return new Date(startOfShanghaiDay(day).getTime() + (9 * 60 + rng.int(0, 8 * 60 + 30)) * MINUTE_MS);
}

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}

function fictionalPhone(rng: Random): string {
  const prefix = rng.pick(["13", "15", "17", "18", "19"]) + String(rng.int(0, 9));
  const digits = () => String(rng.int(0, 9999)).padStart(4, "0");
  return `${prefix}-${digits()}-${digits()}`;
}

/** A 统一社会信用代码 with a correct check character (GB 32100): 9 + 1 + division + MA… */
function fictionalUscc(rng: Random, division: string): string {
  const body = Array.from({ length: 7 }, () => rng.pick([...USCC_CHARSET])).join("");
  const first17 = `91${division}MA${body}`;
  return first17 + usccCheckChar(first17);
}

function planCompanies(rng: Random, ctx: Context): CompanyPlan[] {
  const counties = ctx.regions;
  const usedHeads = new Set<string>();
  const usedUscc = new Set<string>();
  const companies: CompanyPlan[] = [];
  const span = HISTORY_MONTHS * 30;
  const chainNames = weightedOf(CHAIN_WEIGHTS);

  for (let i = 0; i < DEMO_COMPANY_COUNT; i++) {
    const flagship = i === 0;
    const chainName = flagship ? "毛绒玩具文创" : rng.weighted(chainNames);
    const knownLinks = DEFAULT_CHAINS.find((c) => c.name === chainName)?.links ?? [];
    const linkName = flagship
      ? "创意设计"
      : chainName === "毛绒玩具文创"
        ? rng.weighted(knownLinks.map((l) => [l, LINK_WEIGHTS[l] ?? 1] as const))
        : rng.pick(knownLinks);
    const words = LINK_WORDS[linkName] ?? CHAIN_WORDS[chainName] ?? { industry: ["科技"], product: ["产业"] };
    let head: string;
    const industry = flagship ? "文化创意" : rng.pick(words.industry);
    if (flagship) head = "秦巴绒趣";
    else {
      const tails = (words.tails ?? NAME_TAILS[chainName] ?? ["科技"]).filter((tail) => ![...tail].some((char) => industry.includes(char)));
      do head = rng.pick(NAME_HEADS) + rng.pick(tails.length ? tails : ["恒远"]);
      while (usedHeads.has(head) || head === "秦巴绒趣" || new Set(head).size < head.length);
    }
    usedHeads.add(head);
    const place = flagship ? FLAGSHIP_PLACE : rng.weighted(HQ_PLACES);
    const form = flagship ? "有限公司" : rng.weighted([["有限公司", 70], ["股份有限公司", 18], ["集团有限公司", 12]] as const);
    const name = `${place.prefix && rng.chance(0.55) && !flagship ? place.prefix : ""}${head}${industry}${form}`;

    let uscc: string | null = null;
    const hasCode = rng.chance(0.82);
    if (flagship || hasCode) {
      do uscc = fictionalUscc(rng, place.division);
      while (usedUscc.has(uscc));
      usedUscc.add(uscc);
    }

    const tags = new Set<CompanyTag>();
    if (flagship || (chainName === "毛绒玩具文创" && rng.chance(0.06)) || rng.chance(0.015)) tags.add("CHAIN_LEADER");
    if (flagship || rng.chance(0.14)) tags.add("TOP20");
    if (rng.chance(0.12) || (form === "股份有限公司" && rng.chance(0.5))) tags.add("LISTED");
    if (form === "集团有限公司" && rng.chance(0.25)) tags.add("FORTUNE500");

    // The first 26 companies go round the 13 counties twice, so every county has projects.
    const region = i < counties.length * 2 ? (counties[i % counties.length] as RegionRow) : rng.weighted(counties.map((r) => [r, REGION_WEIGHTS[r.name] ?? 1] as const));
    const chain = ctx.chains.get(chainName) ?? null;
    const contacts = Array.from({ length: rng.chance(0.45) ? 2 : 1 }, () => ({
      name: rng.pick([...SURNAMES]) + rng.pick(GIVEN_NAMES),
      title: rng.pick(CONTACT_TITLES),
      phone: fictionalPhone(rng),
    }));
    companies.push({
      id: randomUUID(),
      name,
      head,
      chainName,
      linkName,
      chainId: chain?.id ?? null,
      linkId: chain?.links.find((l) => l.name === linkName)?.id ?? null,
      place,
      uscc,
      tags: COMPANY_TAGS.filter((tag) => tags.has(tag)),
      sourceChannel: rng.weighted(weightedOf(SOURCE_WEIGHTS)),
      region,
      // Companies without projects were recorded at some point of the period; those with
      // projects are moved before their first project below.
      createdAt: during(rng, new Date(ctx.now.getTime() - rng.int(20, span) * DAY_MS)),
      contacts,
    });
  }
  return companies;
}

/**
 * Planned investment in 万元, 2000万 to 30亿: mostly log-normal around 5000万 (about a third
 * reach 1亿), and one project in twelve a major one of 5亿 to 30亿, so every size band of the
 * statistics has projects.
 */
function plannedAmount(rng: Random): number {
  const major = { min: 50_000, max: 300_000 };
  if (rng.chance(1 / 12)) return roundTo(Math.exp(Math.log(major.min) + (Math.log(major.max) - Math.log(major.min)) * rng.next()), 1_000);
  for (;;) {
    const normal = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const amount = Math.exp(Math.log(5_000) + 1.1 * normal);
    if (amount >= 2_000 && amount < major.min) return amount < 10_000 ? roundTo(amount, 100) : roundTo(amount, 1_000);
  }
}

function stayLimit(config: MechanismConfig, stage: LadderStage): number {
  return config.stages.find((s) => s.code === stage)?.limitWorkdays ?? FALLBACK_STAY_WORKDAYS;
}

/** Workdays spent in the current stage, chosen to give the clock a colour: mostly blue, some yellow or red. */
function currentStay(rng: Random, config: MechanismConfig, stage: StageCode): number {
  const limit = config.stages.find((s) => s.code === stage)?.limitWorkdays ?? null;
  if (limit === null) return rng.int(10, 120);
  const yellow = Math.max(1, yellowThreshold(limit, config.warning.yellowRatio));
  const colour = rng.weighted([["BLUE", 70], ["YELLOW", 15], ["RED", 15]] as const);
  if (colour === "RED") return limit + rng.int(1, Math.max(5, Math.round(limit * 0.4)));
  if (colour === "YELLOW") return rng.int(yellow, limit);
  return rng.int(1, Math.max(1, yellow - 1));
}

/** The ladder stages a project went through, from 线索 up to and including `last`. */
function ladderUpTo(config: MechanismConfig, last: LadderStage): LadderStage[] {
  const ladder = ladderStages(config).map((s) => s.code as LadderStage);
  return ladder.slice(0, ladder.indexOf(last) + 1);
}

const RESUME_CHOICES: readonly LadderStage[] = ["FIRST_CONTACT", "SITE_VISIT", "NEGOTIATION", "NEGOTIATION", "SIGNED", "LANDED", "CONSTRUCTION"];
const TERMINATE_FROM: readonly LadderStage[] = ["LEAD", "FIRST_CONTACT", "SITE_VISIT", "NEGOTIATION", "NEGOTIATION", "SIGNED"];

/**
 * The project's stage history, counted back from `now` in 工作日: the current stage's stay is
 * chosen for its warning colour, earlier stays are a share of each stage's limit, and the
 * whole fits in the last 18 months.
 */
function planHistory(rng: Random, ctx: Context, stage: StageCode): { steps: { stage: StageCode; stay: number; note: string | null }[]; resumeStage: LadderStage | null; exitReason: string | null } {
  const { config } = ctx;
  let path: LadderStage[];
  let resumeStage: LadderStage | null = null;
  let exitReason: string | null = null;
  if (stage === "ON_HOLD") {
    resumeStage = rng.pick(RESUME_CHOICES);
    path = ladderUpTo(config, resumeStage);
    exitReason = rng.pick(HOLD_REASONS);
  } else if (stage === "TERMINATED") {
    path = ladderUpTo(config, rng.pick(TERMINATE_FROM));
    exitReason = rng.pick(TERMINATE_REASONS);
  } else {
    path = ladderUpTo(config, stage as LadderStage);
  }

  const steps: { stage: StageCode; stay: number; note: string | null }[] = [];
  const exits = stage === "ON_HOLD" || stage === "TERMINATED";
  path.forEach((code, i) => {
    const last = i === path.length - 1 && !exits;
    const limit = stayLimit(config, code);
    const stay = last ? currentStay(rng, config, code) : rng.int(Math.max(2, Math.round(limit * 0.25)), Math.max(3, Math.round(limit * (rng.chance(0.15) ? 1.25 : 0.95))));
    steps.push({ stage: code, stay, note: code === "SIGNED" ? `在${rng.pick(SIGNING_EVENTS)}上签约` : null });
  });
  // Now and then a project went back a stage, with the reason, and came forward again.
  const negotiation = steps.findIndex((s) => s.stage === "NEGOTIATION");
  if (negotiation > 0 && negotiation < steps.length - 1 && rng.chance(0.12)) {
    const previous = steps[negotiation - 1] as { stage: StageCode };
    steps.splice(negotiation + 1, 0, { stage: previous.stage, stay: rng.int(5, 15), note: rng.pick(BACKWARD_REASONS) }, { stage: "NEGOTIATION", stay: rng.int(5, 20), note: null });
  }
  if (exits) steps.push({ stage, stay: currentStay(rng, config, stage), note: exitReason });

  // Fit the history into the period: earlier stays shrink, the current one keeps its colour.
  const budget = HISTORY_MONTHS * 21 - 5;
  const current = steps[steps.length - 1] as { stay: number };
  const earlier = steps.slice(0, -1);
  const earlierTotal = earlier.reduce((sum, s) => sum + s.stay, 0);
  const room = Math.max(earlier.length * 2, budget - current.stay);
  if (earlierTotal > room) {
    for (const step of earlier) step.stay = Math.max(2, Math.floor((step.stay * room) / earlierTotal));
  }
  return { steps, resumeStage, exitReason };
}

/** History steps with dates: each stage entered `stay` workdays before the next one. */
function dateHistory(rng: Random, now: Date, steps: { stage: StageCode; stay: number; note: string | null }[]): HistoryStep[] {
  const dated: HistoryStep[] = [];
  let day = lastWorkdayOnOrBefore(now);
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as { stage: StageCode; stay: number; note: string | null };
    day = addWorkdays(day, -step.stay);
    dated.unshift({ stage: step.stage, at: during(rng, day), note: step.note });
  }
  return dated;
}

function capacityFor(kind: FollowUpKind, stage: StageCode): Capacity {
  if (kind === "PROMOTION" || (kind === "VISIT" && (stage === "LEAD" || stage === "FIRST_CONTACT"))) return "RECRUIT";
  if (kind === "INBOUND" || kind === "NEGOTIATION" || kind === "SIGNING_CEREMONY" || kind === "INSPECTION") return "MEET";
  if (stage === "CONSTRUCTION" || stage === "COMPLETED") return "SUPERVISE";
  return "COORDINATE";
}

const KINDS_BY_STAGE: Partial<Record<StageCode, readonly (readonly [FollowUpKind, number])[]>> = {
  LEAD: [["PHONE", 5], ["VISIT", 3], ["PROMOTION", 2]],
  FIRST_CONTACT: [["VISIT", 4], ["INBOUND", 3], ["PHONE", 3]],
  SITE_VISIT: [["INSPECTION", 5], ["INBOUND", 2], ["PHONE", 2]],
  NEGOTIATION: [["NEGOTIATION", 5], ["VISIT", 2], ["PHONE", 2]],
};
const LANDING_KINDS: readonly (readonly [FollowUpKind, number])[] = [["VISIT", 6], ["PHONE", 3], ["INBOUND", 1]];

function summaryFor(rng: Random, kind: FollowUpKind, project: { company: CompanyPlan; regionName: string; product: string }, stage: StageCode, contact: string): string {
  const company = project.company.head;
  switch (kind) {
    case "PHONE":
      return stage === "LEAD" || stage === "FIRST_CONTACT"
        ? `电话联系${company}${contact}，介绍${project.regionName}${project.product}产业配套和招商政策，对方表示有意向来实地了解。`
        : `电话沟通${company}${contact}，了解项目最新进展，对方反映${rng.pick(["用工招聘", "设备采购", "物流成本", "厂房改造"])}方面需要协助。`;
    case "VISIT":
      return stage === "LEAD" || stage === "FIRST_CONTACT" || stage === "SITE_VISIT" || stage === "NEGOTIATION"
        ? `赴${project.company.place.city}拜访${company}，与${contact}就${project.product}项目的投资规模、选址和用地需求深入交流。`
        : `到项目现场走访，了解${rng.pick(["厂房装修", "设备安装", "主体施工", "招工培训", "试生产"])}进度，现场协调解决${rng.pick(["水电接入", "道路配套", "员工宿舍", "审批手续"])}问题。`;
    case "INBOUND":
      return `${company}${contact}一行来${project.regionName}考察，参观${rng.pick(SITES)}和已落地的同类企业，座谈交流合作意向。`;
    case "INSPECTION":
      return `陪同${company}实地考察${project.regionName}${rng.pick(SITES)}，企业对${rng.pick(["交通区位", "厂房条件", "用工保障", "产业配套"])}较为满意，提出${rng.pick(["租金优惠", "装修补助", "员工宿舍", "物流补贴"])}诉求。`;
    case "NEGOTIATION":
      return `与${company}就投资协议进行洽谈，重点商议${rng.pick(["投资强度和达产期限", "厂房租金和装修补助", "用地价格和出让方式", "用工培训补贴", "设备进场时间"])}，形成初步一致意见。`;
    case "PROMOTION":
      return `在${rng.pick(PROMOTION_CITIES)}举办的${project.product}产业招商推介会上与${company}对接，递交园区招商资料。`;
    case "SIGNING_CEREMONY":
      return `${company}${project.product}项目正式签约，双方明确投资规模、建设内容和建设周期。`;
  }
}

function planFollowUps(
  rng: Random,
  ctx: Context,
  project: { company: CompanyPlan; regionName: string; product: string; isKey: boolean; stage: StageCode; officer: UserRef | null; history: HistoryStep[] },
): FollowUpPlan[] {
  const { config, now } = ctx;
  const start = (project.history[0] as HistoryStep).at;
  const stageEntered = (project.history[project.history.length - 1] as HistoryStep).at;
  const exited = project.stage === "ON_HOLD" || project.stage === "TERMINATED";
  const required = config.stages.find((s) => s.code === project.stage)?.followUpRequired ?? false;
  const today = startOfShanghaiDay(now);
  const dayOf = (date: Date) => Math.round((startOfShanghaiDay(date).getTime() - today.getTime()) / DAY_MS); // ≤ 0

  // When the latest follow-up was: within the cadence for most, late for some (跟进逾期).
  const cadence = project.isKey ? config.followUpCadenceDays.key : config.followUpCadenceDays.normal;
  const yellow = Math.max(1, yellowThreshold(cadence, config.warning.yellowRatio));
  const colour = rng.weighted([["BLUE", 74], ["YELLOW", 11], ["RED", 15]] as const);
  let daysAgo =
    colour === "RED" ? cadence + rng.int(1, Math.max(7, cadence)) : colour === "YELLOW" ? rng.int(yellow, cadence) : rng.int(1, Math.max(1, yellow - 1));
  const earliest = -dayOf(start);
  if (exited) daysAgo = -dayOf(stageEntered) + rng.int(0, 10);
  daysAgo = Math.min(daysAgo, earliest);
  const lastDay = new Date(today.getTime() - daysAgo * DAY_MS);
  const last = daysAgo === earliest ? new Date(start.getTime() + rng.int(30, 90) * MINUTE_MS) : during(rng, lastDay);

  const count = exited || !required ? rng.int(1, 4) : rng.int(3, 10);
  const dates: Date[] = [last];
  // The others between the project's start and the latest one (a young project's on few days).
  const spanDays = Math.max(0, earliest - daysAgo);
  const lowest = start.getTime() + MINUTE_MS;
  const highest = last.getTime() - MINUTE_MS;
  for (let i = 1; i < count; i++) {
    const back = rng.int(0, spanDays);
    const date =
      back === spanDays
        ? new Date(start.getTime() + rng.int(30, 300) * MINUTE_MS)
        : back === 0
          ? new Date(last.getTime() - rng.int(30, 240) * MINUTE_MS)
          : during(rng, new Date(lastDay.getTime() - back * DAY_MS));
    dates.push(new Date(Math.min(highest, Math.max(lowest, date.getTime()))));
  }
  // The signing ceremony is a follow-up of every project that signed.
  const signed = project.history.find((h) => h.stage === "SIGNED");
  if (signed) dates.push(new Date(signed.at.getTime() + 30 * MINUTE_MS));
  dates.sort((a, b) => a.getTime() - b.getTime());

  const stageAt = (date: Date): StageCode => {
    let stage: StageCode = "LEAD";
    for (const step of project.history) if (step.at <= date) stage = step.stage;
    return stage;
  };
  const contacts = project.company.contacts;
  return dates.map((date) => {
    const stage = stageAt(date);
    const ceremony = signed !== undefined && date.getTime() === signed.at.getTime() + 30 * MINUTE_MS;
    const kind: FollowUpKind = ceremony ? "SIGNING_CEREMONY" : rng.weighted(KINDS_BY_STAGE[stage] ?? LANDING_KINDS);
    const person = rng.pick(contacts) as { name: string; title: string };
    const contact = `${person.title}${person.name}`;
    const participants: FollowUpPlan["participants"] = [];
    const leader = ctx.users.leader;
    if (leader && (ceremony || rng.chance(project.isKey ? 0.35 : 0.05))) participants.push({ userId: leader.id, capacity: capacityFor(kind, stage) });
    const city = ctx.users.city;
    if (city && project.officer && city.id !== project.officer.id && rng.chance(0.2)) participants.push({ userId: city.id, capacity: null });
    const hasNext = rng.chance(0.6);
    return {
      id: randomUUID(),
      date,
      kind,
      summary: summaryFor(rng, kind, project, stage, contact),
      nextAction: hasNext ? rng.pick(NEXT_ACTIONS) : null,
      nextActionDue: hasNext ? startOfShanghaiDay(new Date(date.getTime() + rng.int(3, 21) * DAY_MS)) : null,
      participants,
    };
  });
}

/** Values for a field a stage requires that the story above did not fill. */
function fallbackValue(field: StageField, plan: Pick<ProjectPlan, "amount" | "company" | "officer" | "leadLeader" | "responsibleUnit">, enteredAt: Date): Date | number | string | null {
  switch (STAGE_FIELD_KINDS[field]) {
    case "date":
      return startOfShanghaiDay(enteredAt);
    case "number":
      return field === "contractAmount" ? plan.amount : null;
    default:
      if (field === "chainId") return plan.company.chainId;
      if (field === "officerId") return plan.officer?.id ?? null;
      if (field === "leadLeaderId") return plan.leadLeader?.id ?? null;
      if (field === "responsibleUnit") return plan.responsibleUnit;
      if (field === "contractType") return "FORMAL";
      if (field === "nature") return "NEW";
      return null;
  }
}

function planProjects(rng: Random, ctx: Context, companies: CompanyPlan[]): ProjectPlan[] {
  const { config } = ctx;
  const stages = rng.shuffle(STAGE_COUNTS.flatMap(([stage, n]) => Array.from({ length: n }, () => stage)));
  // The flagship gets two projects; the first 26 companies one each (every county covered),
  // the rest are drawn from the others, a few of them twice; about 40 companies stay targets.
  const withProjects = [0, ...companies.slice(0, 26).map((_, i) => i)];
  const others = rng.shuffle(companies.slice(26).map((_, i) => i + 26));
  while (withProjects.length < DEMO_PROJECT_COUNT) {
    const next = others.shift();
    withProjects.push(next !== undefined && rng.chance(0.9) ? next : rng.int(1, companies.length - 1));
  }
  const projectSeeds = withProjects.map(() => rng.int(1, 0x7fff_ffff));
  const usedNames = new Set<string>();
  const countyOfficer = (regionId: string) => ctx.users.countyOfficers.find((u) => u.regionId === regionId) ?? null;

  return withProjects.map((companyIndex, i) => {
    const company = companies[companyIndex] as CompanyPlan;
    const stage = stages[i] as StageCode;
    // Each project draws from its own generator: a choice that depends on the calendar (a
    // holiday moving a date) then changes nothing in the projects after it.
    const rng = createRandom(projectSeeds[i] as number);
    const words = LINK_WORDS[company.linkName] ?? CHAIN_WORDS[company.chainName] ?? { industry: [], product: ["产业"] };
    // Design studios, labs and shops are smaller than factories.
    const amount = words.small ? Math.min(plannedAmount(rng), SMALL_PROJECT_MAX_WAN) : plannedAmount(rng);
    const keyManual = amount < config.keyProjectThresholdWan && company.tags.includes("CHAIN_LEADER") && rng.chance(0.5);
    const isKey = isKeyProject(amount, keyManual, config);
    const nature = rng.weighted([["NEW", 70], ["EXPANSION", 20], ["RENOVATION", 10]] as const);
    const product = rng.pick(words.product);
    // A product that names a place (…中心, …园, …基地) is built, not given a 生产基地.
    const facility = /(中心|园|基地|集群|景区|综合体|电站|演艺|利用|扩容)$/u.test(product);
    const kindOfWork =
      nature === "NEW" ? (facility ? "建设" : rng.pick(["生产基地", "产业园", "生产线建设"])) : nature === "EXPANSION" ? (facility ? "扩建" : "扩能") : "技术改造";
    let name = `${company.head}${product}${kindOfWork}项目`;
    if (usedNames.has(name)) name = `${company.head}${product}${kindOfWork}二期项目`;
    usedNames.add(name);

    const region = company.region;
    const officer = countyOfficer(region.id) ?? ctx.users.city;
    const leadLeader = isKey ? ctx.users.leader : null;
    const responsibleUnit = region.level === "PARK" ? `${region.name}管委会` : `${region.name}招商服务中心`;
    const jobs = Math.max(20, roundTo((amount / 80) * (0.6 + rng.next()), 10));
    const labourIntensive = company.chainName === "毛绒玩具文创" || company.chainName === "纺织服装";
    const output = roundTo(amount * (0.8 + rng.next() * 1.7), 100);

    const { steps, resumeStage, exitReason } = planHistory(rng, ctx, stage);
    const history = dateHistory(rng, ctx.now, steps);
    const plan: ProjectPlan = {
      id: randomUUID(),
      code: "",
      name,
      company,
      stage,
      resumeStage,
      amount,
      isKey,
      keyManual,
      nature,
      officer,
      leadLeader,
      responsibleUnit,
      expectedJobs: jobs,
      povertyJobs: roundTo(jobs * (labourIntensive ? 0.15 + rng.next() * 0.2 : 0.03 + rng.next() * 0.1), 1),
      expectedOutput: output,
      expectedTax: roundTo(output * (0.03 + rng.next() * 0.04), 10),
      fields: {},
      holdReason: stage === "ON_HOLD" ? exitReason : null,
      terminateReason: stage === "TERMINATED" ? exitReason : null,
      history,
      followUps: [],
      members: [],
    };

    // Facts of the stages passed (the first time each was entered), then anything else the
    // configuration requires of them.
    const entered = new Map<StageCode, Date>();
    for (const step of history) if (!entered.has(step.stage)) entered.set(step.stage, step.at);
    const on = (code: StageCode) => entered.get(code);
    const day = (date: Date | undefined) => (date ? startOfShanghaiDay(date) : undefined);
    const facts: Partial<Record<StageField, Date | number | string | undefined>> = {
      firstContactAt: day(on("FIRST_CONTACT")),
      signedAt: day(on("SIGNED")),
      contractAmount: on("SIGNED") ? roundTo(amount * (0.85 + rng.next() * 0.15), 100) : undefined,
      contractType: on("SIGNED") ? (on("LANDED") || rng.chance(0.75) ? "FORMAL" : ("FRAMEWORK" satisfies ContractType)) : undefined,
      startedAt: day(on("CONSTRUCTION")),
      completedAt: day(on("COMPLETED")),
      producedAt: day(on("PRODUCTION")),
    };
    for (const [field, value] of Object.entries(facts)) if (value !== undefined) plan.fields[field as StageField] = value;
    for (const definition of ladderStages(config)) {
      const at = on(definition.code);
      if (!at) continue;
      for (const field of definition.requiredFields) {
        if (plan.fields[field] !== undefined || ["nature", "officerId", "leadLeaderId", "responsibleUnit", "expectedJobs", "expectedOutput", "expectedTax"].includes(field)) continue;
        const value = fallbackValue(field, plan, at);
        if (value !== null) plan.fields[field] = value;
      }
      // A stage that requires a 包抓领导 gets the demo leader even below the key threshold.
      if (definition.requiredFields.includes("leadLeaderId") && !plan.leadLeader) plan.leadLeader = ctx.users.leader;
    }

    plan.followUps = planFollowUps(rng, ctx, { company, regionName: region.name, product, isKey, stage, officer, history });
    if (isKey && officer) {
      plan.members.push({ userId: officer.id, role: "TASK_FORCE" });
      if (ctx.users.city && ctx.users.city.id !== officer.id) plan.members.push({ userId: ctx.users.city.id, role: "TASK_FORCE" });
      if (on("LANDED")) plan.members.push({ userId: officer.id, role: "LIAISON" });
    }
    return plan;
  });
}

/** Codes in the order projects were created, numbered per year after what the year already used. */
function assignCodes(projects: ProjectPlan[], used: Map<string, number>): Map<string, number> {
  const sequences = new Map(used);
  const byCreation = [...projects].sort((a, b) => (a.history[0] as HistoryStep).at.getTime() - (b.history[0] as HistoryStep).at.getTime());
  for (const project of byCreation) {
    const year = Number(shanghaiDay((project.history[0] as HistoryStep).at).slice(0, 4));
    const key = projectCodeSequenceKey(year);
    const value = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, value);
    project.code = formatProjectCode(year, value);
  }
  return sequences;
}

// ───────────────────────────── write ─────────────────────────────

export type DemoDataResult = { skipped: boolean; companies: number; contacts: number; projects: number; transitions: number; followUps: number };

async function loadContext(db: Db, now: Date): Promise<Context> {
  const countyCodes = COUNTIES.map((c) => c.code as string);
  const regionRows = await db.region.findMany({ where: { code: { in: countyCodes } }, select: { id: true, name: true, level: true, code: true } });
  const regions = countyCodes.map((code) => regionRows.find((r) => r.code === code)).filter((r): r is (typeof regionRows)[number] => !!r);
  if (regions.length === 0) throw new Error("seedDemoData: the organisation is not seeded (no counties)");
  const chainRows = await db.industryChain.findMany({
    where: { deletedAt: null },
    select: { id: true, name: true, links: { where: { deletedAt: null }, select: { id: true, name: true } } },
  });
  const users = await db.user.findMany({
    where: { username: { in: ["city", "leader", "hanbin", "hanyin"] }, disabled: false },
    select: { id: true, username: true, displayName: true, regionId: true },
  });
  const user = (name: string) => users.find((u) => u.username === name) ?? null;
  return {
    now,
    config: await getMechanism(db),
    regions: regions.map(({ id, name, level }) => ({ id, name, level })),
    chains: new Map(chainRows.map((c) => [c.name, c])),
    users: { city: user("city"), leader: user("leader"), countyOfficers: [user("hanbin"), user("hanyin")].filter((u): u is UserRef & { username: string } => !!u) },
  };
}

/**
 * Writes the demo companies, projects, stage history and follow-ups, unless demo projects are
 * already there. Expects the organisation, the chains, the mechanism and the demo accounts.
 */
export async function seedDemoData(db: Db, options: { now: Date; seed?: number }): Promise<DemoDataResult> {
  const none = { companies: 0, contacts: 0, projects: 0, transitions: 0, followUps: 0 };
  if (await db.stageTransition.findFirst({ where: { source: DEMO_SOURCE }, select: { id: true } })) return { skipped: true, ...none };

  const ctx = await loadContext(db, options.now);
  const rng = createRandom(options.seed ?? DEMO_SEED);
  const companies = planCompanies(rng, ctx);
  const projects = planProjects(rng, ctx, companies);
  for (const project of projects) {
    const first = (project.history[0] as HistoryStep).at;
    const firstFollowUp = project.followUps[0]?.date ?? first;
    const earliest = new Date(Math.min(first.getTime(), firstFollowUp.getTime()) - 3 * DAY_MS);
    if (project.company.createdAt > earliest) project.company.createdAt = earliest;
  }

  const existing = await db.codeSequence.findMany({ select: { key: true, value: true } });
  const sequences = assignCodes(projects, new Map(existing.map((r) => [r.key, r.value])));
  projects.sort((a, b) => a.code.localeCompare(b.code));

  const officerName = (p: ProjectPlan) => p.officer?.displayName ?? null;
  const companyRows = companies.map((c) => ({
    id: c.id,
    name: c.name,
    normalizedName: normalizeCompanyName(c.name),
    searchKey: searchKeyFor(c.name),
    uscc: c.uscc,
    hqProvince: c.place.province,
    hqCity: c.place.city,
    chainId: c.chainId,
    linkId: c.chainId ? c.linkId : null,
    tags: serializeCompanyTags(c.tags),
    sourceChannel: c.sourceChannel,
    ownerRegionId: c.region.id,
    description: `总部位于${c.place.province === c.place.city ? c.place.city : c.place.province + c.place.city}，${c.chainName}产业链${c.linkName}环节企业。`,
    createdById: (ctx.users.countyOfficers.find((u) => u.regionId === c.region.id) ?? ctx.users.city)?.id ?? null,
    createdAt: c.createdAt,
    updatedAt: c.createdAt,
  }));
  const contactRows = companies.flatMap((c) =>
    c.contacts.map((contact) => ({ id: randomUUID(), companyId: c.id, name: contact.name, title: contact.title, phone: contact.phone, createdAt: c.createdAt, updatedAt: c.createdAt })),
  );
  const projectRows = projects.map((p) => {
    const created = (p.history[0] as HistoryStep).at;
    const entered = (p.history[p.history.length - 1] as HistoryStep).at;
    const lastFollowUp = p.followUps.length ? (p.followUps[p.followUps.length - 1] as FollowUpPlan).date : null;
    const date = (field: StageField) => (p.fields[field] instanceof Date ? (p.fields[field] as Date) : null);
    const number = (field: StageField) => (typeof p.fields[field] === "number" ? (p.fields[field] as number) : null);
    const text = (field: StageField) => (typeof p.fields[field] === "string" ? (p.fields[field] as string) : null);
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      // The same key as projectSearchKey in app/models/project.server.ts: name with pinyin, and code.
      searchKey: `${searchKeyFor(p.name)}|${p.code.toLowerCase()}`,
      companyId: p.company.id,
      regionId: p.company.region.id,
      chainId: p.company.chainId,
      linkId: p.company.chainId ? p.company.linkId : null,
      nature: p.nature,
      plannedInvestment: p.amount,
      stage: p.stage,
      stageEnteredAt: entered,
      resumeStage: p.resumeStage,
      keyManual: p.keyManual,
      isKey: p.isKey,
      leadLeaderId: p.leadLeader?.id ?? null,
      officerId: p.officer?.id ?? null,
      responsibleUnit: p.responsibleUnit,
      expectedJobs: p.expectedJobs,
      povertyJobs: p.povertyJobs,
      expectedOutput: p.expectedOutput,
      expectedTax: p.expectedTax,
      firstContactAt: date("firstContactAt"),
      signedAt: date("signedAt"),
      contractAmount: number("contractAmount"),
      contractType: text("contractType"),
      startedAt: date("startedAt"),
      completedAt: date("completedAt"),
      producedAt: date("producedAt"),
      holdReason: p.holdReason,
      terminateReason: p.terminateReason,
      lastFollowUpAt: lastFollowUp,
      createdById: p.officer?.id ?? null,
      createdAt: created,
      updatedAt: new Date(Math.max(entered.getTime(), lastFollowUp?.getTime() ?? 0)),
    };
  });
  const transitionRows = projects.flatMap((p) =>
    p.history.map((step, i) => ({
      id: randomUUID(),
      projectId: p.id,
      fromStage: i === 0 ? null : (p.history[i - 1] as HistoryStep).stage,
      toStage: step.stage,
      at: step.at,
      actorId: p.officer?.id ?? null,
      actorName: officerName(p),
      note: step.note,
      source: DEMO_SOURCE,
    })),
  );
  const followUpRows = projects.flatMap((p) =>
    p.followUps.map((f) => ({
      id: f.id,
      projectId: p.id,
      kind: f.kind,
      date: f.date,
      summary: f.summary,
      nextAction: f.nextAction,
      nextActionDue: f.nextActionDue,
      createdById: p.officer?.id ?? null,
      createdAt: f.date,
      updatedAt: f.date,
    })),
  );
  const participantRows = projects.flatMap((p) => p.followUps.flatMap((f) => f.participants.map((x) => ({ followUpId: f.id, userId: x.userId, capacity: x.capacity }))));
  const memberRows = projects.flatMap((p) => p.members.map((m) => ({ projectId: p.id, userId: m.userId, role: m.role })));

  await db.$transaction(
    async (tx) => {
      await tx.company.createMany({ data: companyRows });
      await tx.contact.createMany({ data: contactRows });
      await tx.project.createMany({ data: projectRows });
      await tx.projectMember.createMany({ data: memberRows });
      await tx.stageTransition.createMany({ data: transitionRows });
      await tx.followUp.createMany({ data: followUpRows });
      await tx.followUpParticipant.createMany({ data: participantRows });
      for (const [key, value] of sequences) {
        await tx.codeSequence.upsert({ where: { key }, create: { key, value }, update: { value } });
      }
    },
    { maxWait: 20_000, timeout: 120_000 },
  );
  return {
    skipped: false,
    companies: companyRows.length,
    contacts: contactRows.length,
    projects: projectRows.length,
    transitions: transitionRows.length,
    followUps: followUpRows.length,
  };
}

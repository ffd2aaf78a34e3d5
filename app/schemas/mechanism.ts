// The city's "144520" mechanism as data (DESIGN §2–§3, ADR on mechanism-as-data): stage order,
// time limits in 工作日, fields required to enter a stage, follow-up cadence, warning colours and
// counting rules. The numbers of the default profile live here and nowhere else; business code
// reads them from the config it is given.
import { z } from "zod";
import { hasMessage, t, type MessageKey } from "#app/i18n";
import { ALERT_KINDS, RECIPIENT_KINDS, type AlertKind, type RecipientKind } from "#app/domain/alert-rules";
import { TARGET_METRICS, type TargetMetric } from "#app/domain/metrics";
import {
  LADDER_STAGES,
  STAGE_CODES,
  STAGE_FIELDS,
  STAGE_HALVES,
  canonicalHalf,
  type StageCode,
  type StageField,
  type StageHalf,
} from "#app/domain/stages";

type StageDefaults = {
  code: StageCode;
  half: StageHalf;
  order: number;
  limitWorkdays: number | null;
  requiredFields: StageField[];
  followUpRequired: boolean;
};

// Default profile. Limits are 工作日 spent in a stage before it turns red; null = no clock.
const DEFAULT_STAGES: StageDefaults[] = [
  { code: "LEAD", half: "NEGOTIATION", order: 1, limitWorkdays: 20, requiredFields: [], followUpRequired: true },
  { code: "FIRST_CONTACT", half: "NEGOTIATION", order: 2, limitWorkdays: 30, requiredFields: ["firstContactAt"], followUpRequired: true },
  { code: "SITE_VISIT", half: "NEGOTIATION", order: 3, limitWorkdays: 30, requiredFields: [], followUpRequired: true },
  { code: "NEGOTIATION", half: "NEGOTIATION", order: 4, limitWorkdays: 60, requiredFields: [], followUpRequired: true },
  {
    code: "SIGNED",
    half: "NEGOTIATION",
    order: 5,
    limitWorkdays: 90, // 招商项目抓落地: signed to landed
    requiredFields: ["signedAt", "contractAmount", "contractType"],
    followUpRequired: true,
  },
  { code: "LANDED", half: "LANDING", order: 6, limitWorkdays: 60, requiredFields: [], followUpRequired: true },
  { code: "CONSTRUCTION", half: "LANDING", order: 7, limitWorkdays: 250, requiredFields: ["startedAt"], followUpRequired: true },
  { code: "COMPLETED", half: "LANDING", order: 8, limitWorkdays: 60, requiredFields: ["completedAt"], followUpRequired: true },
  { code: "PRODUCTION", half: "LANDING", order: 9, limitWorkdays: 250, requiredFields: ["producedAt"], followUpRequired: true },
  // 达效 ends the pipeline; aftercare visits (安商稳商) are tracked apart from this cadence.
  { code: "AT_CAPACITY", half: "LANDING", order: 10, limitWorkdays: null, requiredFields: [], followUpRequired: false },
  { code: "ON_HOLD", half: "EXIT", order: 11, limitWorkdays: null, requiredFields: [], followUpRequired: false },
  { code: "TERMINATED", half: "EXIT", order: 12, limitWorkdays: null, requiredFields: [], followUpRequired: false },
];
const DEFAULT_CADENCE = { key: 7, normal: 30 };
const DEFAULT_WARNING = { yellowRatio: 0.8 };
const DEFAULT_KEY_PROJECT_THRESHOLD_WAN = 10_000; // 1亿元
const DEFAULT_PROBLEM_LIMIT_WORKDAYS = 20;
const DEFAULT_COUNTING_RULES = {
  minAmountWan: 1_000, // projects under 1000万 stay out of landing statistics
  sizeBandsWan: [10_000, 50_000, 100_000], // ≥1亿, ≥5亿, ≥10亿
  largeInTalksWan: 50_000, // 在谈 projects above 5亿 are reported one by one
  landedRequiresFormalContract: true,
  landedRequiresLocalCompany: true,
  landedRequiresStart: true,
};

// Issue 4: incentives, instructions, aftercare, alerts and the fair-competition wording rules.
const DEFAULT_INCENTIVE_DUE_SOON_DAYS = 10; // calendar days before an incentive's due date
const DEFAULT_INSTRUCTION_REPLY_WORKDAYS = 5; // a 批示's reply deadline when the leader sets none
const DEFAULT_AFTERCARE = {
  visitCadenceDays: { key: 30, normal: 90 }, // 安商稳商: key firms monthly, others quarterly
  stages: ["PRODUCTION", "AT_CAPACITY"] as StageCode[], // firms that produce are visited
};
// Who hears of each alert (督办 escalation). At red a problem reaches the 包抓领导 and the city.
const DEFAULT_ALERT_RECIPIENTS: Record<AlertKind, RecipientKind[]> = {
  PROBLEM_ASSIGNED: ["DEPARTMENT", "ASSIGNEE"],
  PROBLEM_DUE_SOON: ["ASSIGNEE", "DEPARTMENT"],
  PROBLEM_OVERDUE: ["ASSIGNEE", "DEPARTMENT", "REPORTER", "LEAD_LEADER", "CITY"],
  PROBLEM_RESOLVED: ["REPORTER"],
  PROBLEM_CLOSURE_REJECTED: ["ASSIGNEE", "DEPARTMENT"],
  INCENTIVE_DUE_SOON: ["PROJECT_OFFICER"],
  INCENTIVE_OVERDUE: ["PROJECT_OFFICER", "LEAD_LEADER", "CITY"],
  INSTRUCTION_ISSUED: ["INSTRUCTION_RECIPIENTS"],
  INSTRUCTION_REPLY_DUE_SOON: ["INSTRUCTION_RECIPIENTS"],
  INSTRUCTION_REPLY_OVERDUE: ["INSTRUCTION_RECIPIENTS", "INSTRUCTION_LEADER"],
  STAGE_DUE_SOON: ["PROJECT_OFFICER"],
  STAGE_OVERDUE: ["PROJECT_OFFICER", "LEAD_LEADER"],
  AFTERCARE_VISIT_DUE: ["PROJECT_OFFICER"],
  AFTERCARE_RED_FLAG: ["PROJECT_OFFICER", "LEAD_LEADER", "CITY"],
};
// Practices the 2024 《公平竞争审查条例》 forbids without a legal basis (第十条: 税收优惠,
// 选择性、差异化的财政奖励或者补贴, 要素获取与行政事业性收费、政府性基金、社会保险费优惠;
// 第八条: 限定交易). Wording that resembles them is flagged for review, not refused.
const DEFAULT_FAIR_COMPETITION = {
  negations: ["不得", "不予", "不享受", "不含", "不包括", "不涉及", "不存在", "禁止", "严禁", "杜绝", "取消", "清理", "废止"],
  rules: [
    {
      id: "TAX_REBATE",
      anyOf: ["税收返还", "返还税收", "税款返还", "返还税款", "返税"],
      together: [["税收", "税款", "税金"], ["返还", "退还"]],
      excludes: [],
      reasonKey: "landing.fair_TAX_REBATE",
    },
    {
      id: "COLLECT_THEN_REFUND",
      anyOf: ["先征后返", "先征后奖", "先征后退", "即征即返", "列收列支"],
      together: [],
      excludes: [],
      reasonKey: "landing.fair_COLLECT_THEN_REFUND",
    },
    {
      id: "TAX_LINKED_REWARD",
      anyOf: ["税收奖励", "纳税奖励", "以税收贡献", "按税收贡献", "按纳税额", "按照纳税额", "税收挂钩", "纳税挂钩", "税额挂钩"],
      together: [
        ["纳税额", "纳税总额", "实缴税", "实缴的税", "缴纳税", "缴纳的税", "税收贡献", "地方留成", "地方分成", "财政贡献", "入库税", "增值税", "所得税"],
        ["奖励", "奖补", "返还", "补助", "补贴", "扶持"],
      ],
      excludes: [],
      reasonKey: "landing.fair_TAX_LINKED_REWARD",
    },
    {
      id: "LAND_PREMIUM_REBATE",
      anyOf: ["土地出让金返还", "返还土地出让金", "出让金返还", "返还出让金", "土地款返还", "返还土地款"],
      together: [["土地出让金", "出让金", "土地款", "地价款", "出让价款"], ["返还", "奖励", "补贴", "抵扣", "减免"]],
      excludes: [],
      reasonKey: "landing.fair_LAND_PREMIUM_REBATE",
    },
    {
      id: "LAND_BELOW_COST",
      anyOf: ["低于成本", "低于基准地价", "低于最低价", "低于出让最低价", "零地价", "免费供地", "无偿供地", "无偿提供土地", "无偿使用土地"],
      together: [],
      excludes: ["不低于"],
      reasonKey: "landing.fair_LAND_BELOW_COST",
    },
    {
      id: "FEE_EXEMPTION",
      anyOf: [],
      together: [["行政事业性收费", "政府性基金", "社会保险费", "社保费", "住房公积金"], ["减免", "免收", "免缴", "免征", "缓征", "缓缴", "停征", "返还", "减半"]],
      excludes: [],
      reasonKey: "landing.fair_FEE_EXEMPTION",
    },
    {
      id: "SELECTIVE_SUBSIDY",
      anyOf: ["一企一策", "一事一议", "量身定制"],
      together: [],
      excludes: [],
      reasonKey: "landing.fair_SELECTIVE_SUBSIDY",
    },
    {
      id: "RESTRICTED_DEALING",
      anyOf: ["指定供应商", "指定经营者", "限定购买", "限定使用", "须采购本地", "必须采购本地", "优先采购本地"],
      together: [],
      excludes: [],
      reasonKey: "landing.fair_RESTRICTED_DEALING",
    },
  ],
};

// Issue 5: the cockpit's county ranking (比学赶超) and 红黑榜. The ranking weighs each metric's
// completion of the county's annual target (app/domain/ranking.ts); the lists name the counties
// ahead and behind.
const DEFAULT_COCKPIT = {
  ranking: {
    metrics: [
      { metric: "SIGNED_AMOUNT", weight: 30 },
      { metric: "FUNDS_IN_PLACE", weight: 30 },
      { metric: "STARTED", weight: 20 },
      { metric: "PRODUCED", weight: 20 },
    ] as { metric: TargetMetric; weight: number }[],
    completionCap: 1.2, // a metric counts up to 120 % of its target
  },
  redBlackList: {
    redTopN: 3, // 红榜: the first three of the ranking…
    redMinScheduleRatio: 1, // …whose score has reached 序时进度
    blackBottomN: 3, // 黑榜: the last three…
    blackBelowScheduleRatio: 1, // …when behind 序时进度,
    blackOverdueProblems: 5, // and any county with 5 or more overdue problems (0: off)
    blackOverdueIncentives: 3, // or 3 overdue incentive payments (0: off)
  },
};

const positiveInt = z.number().int().min(1);

const StageDefinitionSchema = z
  .object({
    code: z.enum(STAGE_CODES),
    half: z.enum(STAGE_HALVES),
    order: z.number().int(),
    limitWorkdays: positiveInt.nullable(),
    requiredFields: z.array(z.enum(STAGE_FIELDS)).default([]),
    followUpRequired: z.boolean().default(true),
  })
  .strict();

const CountingRulesSchema = z
  .object({
    minAmountWan: z.number().min(0).default(DEFAULT_COUNTING_RULES.minAmountWan),
    sizeBandsWan: z.array(z.number().positive()).min(1).default(DEFAULT_COUNTING_RULES.sizeBandsWan),
    largeInTalksWan: z.number().positive().default(DEFAULT_COUNTING_RULES.largeInTalksWan),
    landedRequiresFormalContract: z.boolean().default(DEFAULT_COUNTING_RULES.landedRequiresFormalContract),
    landedRequiresLocalCompany: z.boolean().default(DEFAULT_COUNTING_RULES.landedRequiresLocalCompany),
    landedRequiresStart: z.boolean().default(DEFAULT_COUNTING_RULES.landedRequiresStart),
  })
  .strict()
  .superRefine((rules, ctx) => {
    const bands = rules.sizeBandsWan;
    if (bands.some((band, i) => i > 0 && band <= (bands[i - 1] ?? 0))) {
      ctx.addIssue({ code: "custom", path: ["sizeBandsWan"], message: t("pipeline.mechSizeBandsNotIncreasing") });
    }
  });

const RecipientListSchema = z
  .array(z.enum(RECIPIENT_KINDS))
  .refine((list) => new Set(list).size === list.length, { message: t("landing.mechDuplicateRecipient") });

const AlertRecipientsSchema = z
  .object(
    Object.fromEntries(ALERT_KINDS.map((kind) => [kind, RecipientListSchema.default([...DEFAULT_ALERT_RECIPIENTS[kind]])])) as Record<
      AlertKind,
      z.ZodDefault<typeof RecipientListSchema>
    >,
  )
  .strict();

const phrase = z.string().trim().min(1);

const FairCompetitionRuleSchema = z
  .object({
    id: z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: t("landing.mechFairRuleId") }),
    anyOf: z.array(phrase).default([]),
    together: z.array(z.array(phrase).min(1)).default([]),
    excludes: z.array(phrase).default([]),
    /** A dictionary key for the reason (the shipped rules); a rule added by an admin gives `reason` text instead. */
    reasonKey: z.string().optional(),
    reason: z.string().trim().min(1).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.anyOf.length === 0 && rule.together.length === 0) {
      ctx.addIssue({ code: "custom", path: ["anyOf"], message: t("landing.mechFairRuleEmpty") });
    }
    if (rule.reasonKey === undefined && rule.reason === undefined) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: t("landing.mechFairRuleNoReason") });
    }
    if (rule.reasonKey !== undefined && !hasMessage(rule.reasonKey)) {
      ctx.addIssue({ code: "custom", path: ["reasonKey"], message: t("landing.mechFairRuleUnknownReasonKey") });
    }
  });

const FairCompetitionSchema = z
  .object({
    negations: z.array(phrase).default(DEFAULT_FAIR_COMPETITION.negations),
    rules: z.array(FairCompetitionRuleSchema).default(DEFAULT_FAIR_COMPETITION.rules),
  })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: t("landing.mechFairRuleDuplicate", { id: rule.id }) });
      seen.add(rule.id);
    });
  });

const CadenceSchema = z
  .object({ key: positiveInt, normal: positiveInt })
  .strict()
  .refine((c) => c.key <= c.normal, { message: t("pipeline.mechCadenceKeyAboveNormal"), path: ["key"] });

const AftercareSchema = z
  .object({
    visitCadenceDays: CadenceSchema.default(DEFAULT_AFTERCARE.visitCadenceDays),
    stages: z.array(z.enum(STAGE_CODES)).default(DEFAULT_AFTERCARE.stages),
  })
  .strict();

const nonNegativeInt = z.number().int().min(0);

const CockpitSchema = z
  .object({
    ranking: z
      .object({
        metrics: z
          .array(z.object({ metric: z.enum(TARGET_METRICS), weight: z.number().positive() }).strict())
          .min(1)
          .default(DEFAULT_COCKPIT.ranking.metrics)
          .refine((list) => new Set(list.map((m) => m.metric)).size === list.length, { message: t("cockpit.mechDuplicateRankingMetric") }),
        completionCap: z.number().min(1).default(DEFAULT_COCKPIT.ranking.completionCap),
      })
      .strict()
      .default({}),
    redBlackList: z
      .object({
        redTopN: nonNegativeInt.default(DEFAULT_COCKPIT.redBlackList.redTopN),
        redMinScheduleRatio: z.number().min(0).default(DEFAULT_COCKPIT.redBlackList.redMinScheduleRatio),
        blackBottomN: nonNegativeInt.default(DEFAULT_COCKPIT.redBlackList.blackBottomN),
        blackBelowScheduleRatio: z.number().min(0).default(DEFAULT_COCKPIT.redBlackList.blackBelowScheduleRatio),
        blackOverdueProblems: nonNegativeInt.default(DEFAULT_COCKPIT.redBlackList.blackOverdueProblems),
        blackOverdueIncentives: nonNegativeInt.default(DEFAULT_COCKPIT.redBlackList.blackOverdueIncentives),
      })
      .strict()
      .default({}),
  })
  .strict();

export const MechanismSchema = z
  .object({
    stages: z.array(StageDefinitionSchema).default(DEFAULT_STAGES),
    followUpCadenceDays: CadenceSchema.default(DEFAULT_CADENCE),
    warning: z
      .object({ yellowRatio: z.number().gt(0).lt(1) })
      .strict()
      .default(DEFAULT_WARNING),
    keyProjectThresholdWan: z.number().positive().default(DEFAULT_KEY_PROJECT_THRESHOLD_WAN),
    problemLimitWorkdays: positiveInt.default(DEFAULT_PROBLEM_LIMIT_WORKDAYS),
    countingRules: CountingRulesSchema.default({}),
    incentiveDueSoonDays: positiveInt.default(DEFAULT_INCENTIVE_DUE_SOON_DAYS),
    instructionReplyWorkdays: positiveInt.default(DEFAULT_INSTRUCTION_REPLY_WORKDAYS),
    aftercare: AftercareSchema.default({}),
    alertRecipients: AlertRecipientsSchema.default({}),
    fairCompetition: FairCompetitionSchema.default({}),
    cockpit: CockpitSchema.default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const issue of stageLadderIssues(config.stages)) {
      ctx.addIssue({ code: "custom", path: ["stages", ...issue.path], message: issue.message });
    }
  });

export type MechanismConfig = z.output<typeof MechanismSchema>;
export type StageDefinition = z.output<typeof StageDefinitionSchema>;
export type FairCompetitionRule = z.output<typeof FairCompetitionRuleSchema>;

// Frozen: it is shared by every caller that falls back to the defaults, and a sort in place
// somewhere would silently change the rules for everyone.
export const DEFAULT_MECHANISM: MechanismConfig = deepFreeze({
  stages: DEFAULT_STAGES,
  followUpCadenceDays: DEFAULT_CADENCE,
  warning: DEFAULT_WARNING,
  keyProjectThresholdWan: DEFAULT_KEY_PROJECT_THRESHOLD_WAN,
  problemLimitWorkdays: DEFAULT_PROBLEM_LIMIT_WORKDAYS,
  countingRules: DEFAULT_COUNTING_RULES,
  incentiveDueSoonDays: DEFAULT_INCENTIVE_DUE_SOON_DAYS,
  instructionReplyWorkdays: DEFAULT_INSTRUCTION_REPLY_WORKDAYS,
  aftercare: DEFAULT_AFTERCARE,
  alertRecipients: DEFAULT_ALERT_RECIPIENTS,
  fairCompetition: DEFAULT_FAIR_COMPETITION,
  cockpit: DEFAULT_COCKPIT,
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

type LadderIssue = { path: (string | number)[]; message: string };

function stageName(code: StageCode): string {
  return t(`pipeline.stage_${code}`);
}

/**
 * Rules across stages: each code once, all present, each in its own half, and `order` rising
 * along the ladder within each half, with every pre-signing stage before every landing stage.
 */
function stageLadderIssues(stages: StageDefinition[]): LadderIssue[] {
  const issues: LadderIssue[] = [];
  const seen = new Map<StageCode, number>();
  const orders = new Set<number>();
  stages.forEach((stage, i) => {
    if (seen.has(stage.code)) issues.push({ path: [i, "code"], message: t("pipeline.mechDuplicateStage", { code: stage.code }) });
    else seen.set(stage.code, i);
    if (orders.has(stage.order)) issues.push({ path: [i, "order"], message: t("pipeline.mechDuplicateOrder", { order: stage.order }) });
    orders.add(stage.order);
    const half = canonicalHalf(stage.code);
    if (stage.half !== half) {
      issues.push({
        path: [i, "half"],
        message: t("pipeline.mechWrongHalf", { code: stage.code, name: stageName(stage.code), half: t(`pipeline.half_${half}`) }),
      });
    }
  });
  for (const code of STAGE_CODES) {
    if (!seen.has(code)) issues.push({ path: [], message: t("pipeline.mechMissingStage", { code, name: stageName(code) }) });
  }
  if (issues.length > 0) return issues;

  const byCode = (code: StageCode) => stages[seen.get(code) ?? 0] as StageDefinition;
  for (const half of STAGE_HALVES) {
    const sequence = STAGE_CODES.filter((code) => canonicalHalf(code) === half);
    sequence.forEach((code, k) => {
      const previous = k > 0 ? sequence[k - 1] : undefined;
      if (previous && byCode(code).order <= byCode(previous).order) {
        issues.push({
          path: [seen.get(code) ?? 0, "order"],
          message: t("pipeline.mechOrderNotIncreasing", {
            half: t(`pipeline.half_${half}`),
            code,
            name: stageName(code),
            previous: `${previous}（${stageName(previous)}）`,
          }),
        });
      }
    });
  }
  const lastNegotiation = Math.max(...LADDER_STAGES.filter((c) => canonicalHalf(c) === "NEGOTIATION").map((c) => byCode(c).order));
  const firstLanding = Math.min(...LADDER_STAGES.filter((c) => canonicalHalf(c) === "LANDING").map((c) => byCode(c).order));
  if (lastNegotiation >= firstLanding) issues.push({ path: [], message: t("pipeline.mechHalvesOverlap") });
  return issues;
}

// ───────────────────────────── parsing ─────────────────────────────

export type MechanismError = { path: string; message: string };
export type MechanismParseResult = { ok: true; config: MechanismConfig } | { ok: false; errors: MechanismError[] };

/** Validates a stored or submitted configuration (JSON text or an object); missing parts take the defaults. */
export function parseMechanism(json: unknown): MechanismParseResult {
  let data = json;
  if (typeof json === "string") {
    try {
      data = JSON.parse(json);
    } catch {
      return { ok: false, errors: [{ path: "", message: t("pipeline.mechInvalidJson") }] };
    }
  }
  const result = MechanismSchema.safeParse(data, { errorMap: chineseErrorMap });
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  };
}

/** `stages[3].limitWorkdays` */
function formatPath(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

const chineseErrorMap: z.ZodErrorMap = (issue, ctx) => {
  const message = (key: MessageKey, params?: Record<string, string | number>) => ({ message: t(key, params) });
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined") return message("pipeline.mechRequired");
      if (issue.expected === "integer") return message("pipeline.mechNotInteger");
      return message("pipeline.mechInvalidType");
    case "too_small":
      if (issue.type !== "number") return message("pipeline.mechTooSmall", { min: Number(issue.minimum) });
      return message(issue.inclusive ? "pipeline.mechTooSmall" : "pipeline.mechTooSmallExclusive", { min: Number(issue.minimum) });
    case "too_big":
      if (issue.type !== "number") return message("pipeline.mechTooBig", { max: Number(issue.maximum) });
      return message(issue.inclusive ? "pipeline.mechTooBig" : "pipeline.mechTooBigExclusive", { max: Number(issue.maximum) });
    case "invalid_enum_value":
      return message("pipeline.mechInvalidOption", { options: issue.options.join("、") });
    case "unrecognized_keys":
      return message("pipeline.mechUnknownKeys", { keys: issue.keys.join("、") });
    case "custom":
      return { message: issue.message ?? ctx.defaultError };
    default:
      return message("pipeline.mechInvalid");
  }
};

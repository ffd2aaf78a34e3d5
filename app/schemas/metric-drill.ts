// The drill-down from a cockpit number to the projects behind it (DESIGN §5 "every number drills
// down to the list behind it"): `/projects?metric=SIGNED&periodFrom=2026-01-01&periodTo=2026-12-31
// &region=…`. The project list reads these parameters next to its own filters and keeps the
// projects the metric's rule selects (app/models/metric-sql.server.ts: the very predicate the
// cockpit counted with). Lenient like the other filters: a metric that does not parse, or lacks
// the period it needs, is no filter.
import { COMPANY_TAGS, type CompanyTag } from "#app/domain/company-name";
import { FUNDS_SOURCES, fundsSourceLabelKey, type FundsSource } from "#app/domain/contract-performance";
import { periodDays, type Period } from "#app/domain/metrics";
import { formatWan } from "#app/domain/money";
import { CAPACITIES, type Capacity } from "#app/domain/projects";
import { t } from "#app/i18n";
import { shanghaiDayStart } from "#app/utils/datetime";
import { METRIC_DRILL_PARAMS } from "./metric-drill-params";

/** Metrics whose projects a list can show; `true` when the metric reads a period. */
export const DRILL_METRICS = {
  SIGNED: true, // 签约 (optionally ≥ band)
  FORMAL_SIGNED: true, // 签约且有正式合同 (履约率 denominator)
  HONOURED: true, // …and no milestone overdue (履约率 numerator)
  SIGNED_STARTED: true, // 新签约项目中已开工
  SIGNED_COMPLETED: true, // 新签约项目中已竣工
  SIGNED_FUNDED: true, // 新签约项目中有资金到位 (资金到位率)
  STARTED: true, // 新开工
  PRODUCED: true, // 投产
  AT_CAPACITY: true, // 达效
  LANDED: true, // 落地 (统计口径)
  NEW_FIRMS: true, // 新增企业
  FUNDED: true, // 到位资金 (optionally by source)
  TARGET_CHAIN: true, // 产业契合度
  INVESTOR: true, // 500强/上市/链主 (tag)
  ENGAGED: true, // 四个亲自 (optionally capacity, participant)
  OUTBOUND: true, // 外出招商 (optionally participant)
  PROBLEMS_DUE: true, // 到期诉求
  PROBLEMS_ON_TIME: true, // 按期办结
  IN_TALKS_LARGE: false, // 在谈 5亿+
  STAGE_OVERDUE: false, // 阶段超时 (stage clock red)
  INCENTIVE_OVERDUE: false, // 政策兑现逾期
  INSTRUCTION_OVERDUE: false, // 批示逾期未回复
} as const satisfies Record<string, boolean>;

export type DrillMetric = keyof typeof DRILL_METRICS;
export const DRILL_METRIC_CODES = Object.keys(DRILL_METRICS) as DrillMetric[];

export type MetricDrill = {
  metric: DrillMetric;
  period?: Period;
  /** SIGNED: amount ≥ this, 万元. */
  band?: number;
  /** FUNDED: this source only. */
  source?: FundsSource;
  /** INVESTOR: the company tag. */
  tag?: CompanyTag;
  /** ENGAGED: this capacity only. */
  capacity?: Capacity;
  /** ENGAGED / OUTBOUND: this participant only. */
  participantId?: string;
};

export { METRIC_DRILL_PARAMS };

export function isDrillMetric(value: unknown): value is DrillMetric {
  return typeof value === "string" && value in DRILL_METRICS;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function readMetricDrill(params: URLSearchParams): MetricDrill | undefined {
  const metric = params.get("metric");
  if (!isDrillMetric(metric)) return undefined;
  const drill: MetricDrill = { metric };
  if (DRILL_METRICS[metric]) {
    const from = shanghaiDayStart(params.get("periodFrom") ?? "");
    const to = shanghaiDayStart(params.get("periodTo") ?? "", true);
    if (!from || !to || to.getTime() <= from.getTime()) return undefined;
    drill.period = { from, to };
  }
  const band = Number(params.get("band") ?? "");
  if (metric === "SIGNED" && params.get("band") && Number.isFinite(band) && band > 0) drill.band = band;
  if (metric === "FUNDED") drill.source = oneOf(FUNDS_SOURCES, params.get("source"));
  if (metric === "INVESTOR") {
    drill.tag = oneOf(COMPANY_TAGS, params.get("tag"));
    if (!drill.tag) return undefined;
  }
  if (metric === "ENGAGED") drill.capacity = oneOf(CAPACITIES, params.get("capacity"));
  if (metric === "ENGAGED" || metric === "OUTBOUND") {
    const participant = params.get("participant")?.trim();
    if (participant && participant.length <= 64) drill.participantId = participant;
  }
  return drill;
}

/** The parameters of a drill (without the region), in a stable order. */
export function metricDrillParams(drill: MetricDrill): URLSearchParams {
  const params = new URLSearchParams({ metric: drill.metric });
  if (drill.period) {
    const days = periodDays(drill.period);
    params.set("periodFrom", days.from);
    params.set("periodTo", days.to);
  }
  if (drill.band !== undefined) params.set("band", String(drill.band));
  if (drill.source) params.set("source", drill.source);
  if (drill.tag) params.set("tag", drill.tag);
  if (drill.capacity) params.set("capacity", drill.capacity);
  if (drill.participantId) params.set("participant", drill.participantId);
  return params;
}

/** What the list says it is showing: "新开工项目（2026-01-01 至 2026-12-31）". */
export function drillLabel(drill: MetricDrill): string {
  let label: string;
  if (drill.metric === "SIGNED" && drill.band !== undefined) label = t("cockpit.drill_SIGNED_band", { band: formatWan(drill.band) });
  else if (drill.metric === "FUNDED" && drill.source) label = t("cockpit.drill_FUNDED_source", { source: t(fundsSourceLabelKey(drill.source)) });
  else if (drill.metric === "INVESTOR") label = t("cockpit.drill_INVESTOR", { tag: drill.tag ? t(`pipeline.tag_${drill.tag}`) : "" });
  else if (drill.metric === "ENGAGED" && drill.capacity) label = t("cockpit.drill_ENGAGED_capacity", { capacity: t(`pipeline.capacity_${drill.capacity}`) });
  else if (drill.metric === "ENGAGED" && drill.participantId) label = t("cockpit.drill_ENGAGED_participant");
  else if (drill.metric === "OUTBOUND" && drill.participantId) label = t("cockpit.drill_OUTBOUND_participant");
  else label = t(`cockpit.drill_${drill.metric}`);
  return drill.period ? `${label}（${t("cockpit.drillPeriod", periodDays(drill.period))}）` : label;
}

/** The same query without the drill's parameters (the banner's "clear" link). */
export function withoutDrill(params: URLSearchParams): string {
  const next = new URLSearchParams(params);
  for (const name of METRIC_DRILL_PARAMS) next.delete(name);
  next.delete("page");
  const query = next.toString();
  return query ? `?${query}` : "";
}

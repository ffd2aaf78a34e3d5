// /cockpit — 领导驾驶舱 (DESIGN §5, issue 5 item 3): the user's scope on one screen for a year.
// Every number is a link to the list of the records behind it. The charts are drawn by ECharts on
// the server as SVG (ADR 013), above tables that hold the same numbers as links. The numbers come
// from the cache of ADR 009.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { type ReactNode } from "react";
import { CockpitChart } from "#app/components/cockpit/cockpit-chart";
import { FigureLink, percent, type FigureView } from "#app/components/cockpit/figure-link";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { WarningDot } from "#app/components/warning-dot";
import { FUNDS_SOURCES, fundsSourceLabelKey } from "#app/domain/contract-performance";
import { INVESTOR_TAGS, TARGET_METRIC_UNITS, lastMonth, shanghaiYear, type TargetMetric } from "#app/domain/metrics";
import { formatNumber, formatWan } from "#app/domain/money";
import { CAPACITIES } from "#app/domain/projects";
import { isStageCode, stageLabelKey } from "#app/domain/stages";
import { shanghaiDay } from "#app/domain/workdays";
import { t, type MessageKey } from "#app/i18n";
import { cockpitCharts } from "#app/models/cockpit-charts.server";
import { cachedCockpitData } from "#app/models/cockpit.server";
import { type RegionMetrics } from "#app/models/metrics.server";
import { readBulletinMonth } from "#app/schemas/bulletin";
import { requireUser } from "#app/utils/auth.server";
import { now } from "#app/utils/clock";
import { pageData } from "#app/utils/page-data.server";
import { hasPermission } from "#app/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("cockpit.title")} - ${t("common.appName")}` }];

/** Years the selector offers: this one and the three before it. */
const YEARS_BACK = 3;

function unitText(metric: TargetMetric, value: number): string {
  switch (TARGET_METRIC_UNITS[metric]) {
    case "WAN":
      return formatWan(value) || "0万元";
    case "FIRMS":
      return `${formatNumber(value, 3)}${t("cockpit.unitFirms")}`;
    case "PEOPLE":
      return `${formatNumber(value, 3)}${t("cockpit.unitPeople")}`;
    default:
      return `${formatNumber(value, 3)}${t("cockpit.unitGe")}`;
  }
}

function stageName(stage: string): string {
  return isStageCode(stage) ? t(stageLabelKey(stage)) : stage;
}

function bulletinErrorOf(month: string | null, at: Date): string | null {
  if (month === null) return null;
  const read = readBulletinMonth(new URLSearchParams({ month }), lastMonth(at), shanghaiDay(at).slice(0, 7));
  return "error" in read ? read.error : null;
}

/** The figures of a row of the county ranking. */
function rankingView(m: RegionMetrics) {
  return { signed: m.signed, signedAmount: m.signedAmount, started: m.started, funds: m.funds, produced: m.produced, problemsOverdue: m.problemsOverdue };
}

/** The part of the scope's metrics the page shows (the rest stays on the server). */
function regionView(m: RegionMetrics) {
  return {
    regionId: m.regionId,
    regionName: m.regionName,
    signed: m.signed,
    signedAmount: m.signedAmount,
    bands: m.bands,
    performance: m.performance,
    startRate: m.startRate,
    completionRate: m.completionRate,
    fundsRate: m.fundsRate,
    started: m.started,
    produced: m.produced,
    output: m.output,
    jobs: m.jobs,
    atCapacity: m.atCapacity,
    landed: m.landed,
    newFirms: m.newFirms,
    funds: m.funds,
    fundsBySource: m.fundsBySource,
    chainFit: m.chainFit,
    investors: m.investors,
    inTalksLarge: m.inTalksLarge,
    stageOverdue: m.stageOverdue,
    problemRate: m.problemRate,
    problemsOverdue: m.problemsOverdue,
    incentivesOverdue: m.incentivesOverdue,
    instructionsOverdue: m.instructionsOverdue,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "cockpit:read" });
  const at = now();
  const thisYear = shanghaiYear(at);
  const requested = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(requested) && requested >= thisYear - YEARS_BACK && requested <= thisYear ? requested : thisYear;
  const data = await cachedCockpitData(user, { year, now: at });
  const rules = data.config.countingRules;
  return pageData({
    year,
    years: Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i),
    asOf: shanghaiDay(at),
    bulletinMonth: lastMonth(at),
    // Sent back here by /cockpit/bulletin with the month it refused: why, next to the field.
    bulletinError: bulletinErrorOf(new URL(request.url).searchParams.get("bulletin"), at),
    scopeName: data.scopeName,
    schedule: data.schedule,
    largeInTalks: formatWan(rules.largeInTalksWan),
    completionCap: Math.round(data.config.cockpit.ranking.completionCap * 100),
    canEditTargets: hasPermission(user, "target:edit"),
    total: regionView(data.report.total),
    targets: {
      progress: data.targets.progress.map((p) => ({ metric: p.metric, label: t(`cockpit.metric_${p.metric}`), target: unitText(p.metric, p.target), actual: p.actual, actualText: unitText(p.metric, p.actual.value), progress: p.progress })),
    },
    // One row per unit: ranked (the city's counties), or the county alone, unranked.
    ranking: data.ranking.length > 0
      ? data.ranking.map((r) => ({ regionId: r.regionId, regionName: r.regionName, rank: r.rank as number | null, change: r.change, score: r.score as number | null, m: rankingView(r.metrics) }))
      : data.report.units.map((m) => ({ regionId: m.regionId ?? "", regionName: m.regionName, rank: null, change: null, score: null, m: rankingView(m) })),
    ranked: data.ranking.length > 0,
    hasPreviousRanking: data.hasPreviousRanking,
    redBlack: {
      red: data.redBlack.red.map((e) => ({ regionName: e.regionName, reasons: e.reasons.map(reasonText) })),
      black: data.redBlack.black.map((e) => ({ regionName: e.regionName, reasons: e.reasons.map(reasonText) })),
    },
    funnel: data.funnel.map((f) => ({ stage: f.stage, label: stageName(f.stage), count: f.count, amount: f.amount })),
    chains: data.chains,
    trends: data.trends,
    charts: cockpitCharts(data),
    engagement: data.engagement,
    keyProjects: { ...data.keyProjects, items: data.keyProjects.items.map((k) => ({ ...k, stageLabel: stageName(k.stage), amount: formatWan(k.amountWan) })) },
    inTalks: data.inTalks.map((p) => ({
      ...p,
      stageLabel: stageName(p.stage),
      amount: formatWan(p.amountWan),
      lastFollowUp: p.lastFollowUp ? { day: shanghaiDay(p.lastFollowUp.date), kind: t(`pipeline.followUpKind_${p.lastFollowUp.kind}` as MessageKey), summary: p.lastFollowUp.summary, nextAction: p.lastFollowUp.nextAction } : null,
    })),
    overdue: {
      STAGE: { count: data.report.total.stageOverdue, items: data.overdue.STAGE.map(({ dueAt, ...o }) => ({ ...o, label: stageName(o.label), day: shanghaiDay(dueAt), href: `/projects/${o.projectId}` })) },
      PROBLEM: { count: data.report.total.problemsOverdue, items: data.overdue.PROBLEM.map(({ dueAt, ...o }) => ({ ...o, day: shanghaiDay(dueAt), href: `/problems/${o.id}` })) },
      INCENTIVE: { count: data.report.total.incentivesOverdue, items: data.overdue.INCENTIVE.map(({ dueAt, ...o }) => ({ ...o, day: shanghaiDay(dueAt), href: `/projects/${o.projectId}` })) },
      INSTRUCTION: { count: data.report.total.instructionsOverdue, items: data.overdue.INSTRUCTION.map(({ dueAt, ...o }) => ({ ...o, day: shanghaiDay(dueAt), href: `/instructions/${o.id}` })) },
    },
  });
}

function reasonText(reason: { kind: string } & Record<string, unknown>): string {
  switch (reason.kind) {
    case "TOP":
      return t("cockpit.reason_TOP", { rank: Number(reason.rank) });
    case "BOTTOM":
      return t("cockpit.reason_BOTTOM", { rank: Number(reason.rank) });
    case "BOTTOM_BEHIND_SCHEDULE":
      return t("cockpit.reason_BOTTOM_BEHIND_SCHEDULE", { rank: Number(reason.rank), score: Number(reason.score), schedule: `${Number(reason.schedulePercent)}` });
    case "OVERDUE_PROBLEMS":
      return t("cockpit.reason_OVERDUE_PROBLEMS", { count: Number(reason.count) });
    default:
      return t("cockpit.reason_OVERDUE_INCENTIVES", { count: Number(reason.count) });
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Region = Data["total"];

function Section({ id, title, children, actions, className = "" }: { id: string; title: string; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section className={`card break-inside-avoid ${className}`} aria-labelledby={id}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

function Kpi({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div className="rounded-md border border-gray-200 p-3 break-inside-avoid">
      <p className="text-sm text-gray-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold">{children}</p>
      {hint ? <div className="mt-1 text-xs text-gray-600">{hint}</div> : null}
    </div>
  );
}

/** A rate; the percentage links to the projects it is a share of (its denominator's list). */
function RateKpi({ label, rate, line, base }: { label: string; rate: number | null; line: ReactNode; base: FigureView }) {
  return (
    <Kpi label={label} hint={line}>
      <Link to={base.href} className="tabular-nums text-gray-900 hover:underline" aria-label={`${label} ${percent(rate)}`}>
        {percent(rate)}
      </Link>
    </Kpi>
  );
}

function Figure({ f, format = "count", label, testId }: { f: FigureView; format?: "count" | "wan"; label?: string; testId?: string }) {
  return <FigureLink figure={f} format={format} label={label} testId={testId} />;
}

function KeyFigures({ m, largeInTalks }: { m: Region; largeInTalks: string }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4 print:grid-cols-4">
      <Kpi
        label={t("cockpit.kpiSigned")}
        hint={m.bands[0] ? <>{t("cockpit.kpiBand", { band: formatWan(m.bands[0].minWan) })} <Figure f={m.bands[0].count} /> {t("cockpit.unitGe")}</> : null}
      >
        <Figure f={m.signed} label={t("cockpit.kpiSigned")} testId="kpi-signed" />
        <span className="ml-1 text-sm font-normal text-gray-600">{t("cockpit.unitGe")}</span>
      </Kpi>
      <Kpi
        label={t("cockpit.kpiSignedAmount")}
        hint={
          <ul>
            {m.bands.map((b) => (
              <li key={b.minWan}>
                {t("cockpit.kpiBand", { band: formatWan(b.minWan) })}：<Figure f={b.count} /> {t("cockpit.unitGe")} · <Figure f={b.amount} format="wan" />
              </li>
            ))}
          </ul>
        }
      >
        <Figure f={m.signedAmount} format="wan" label={t("cockpit.kpiSignedAmount")} />
      </Kpi>
      <Kpi
        label={t("cockpit.kpiFunds")}
        hint={
          <ul className="grid grid-cols-2 gap-x-2">
            {FUNDS_SOURCES.map((s) => (
              <li key={s}>
                {t(fundsSourceLabelKey(s))} <Figure f={m.fundsBySource[s]} format="wan" />
              </li>
            ))}
          </ul>
        }
      >
        <Figure f={m.funds} format="wan" label={t("cockpit.kpiFunds")} />
      </Kpi>
      <RateKpi
        label={t("cockpit.kpiFundsRate")}
        rate={m.fundsRate.rate} base={m.fundsRate.denominator}
        line={<RateLine n={m.fundsRate.numerator} d={m.fundsRate.denominator} nLabel={t("cockpit.partInPlace")} dLabel={t("cockpit.partSignedAmount")} format="wan" />}
      />
      <Kpi label={t("cockpit.kpiLanded")} hint={t("cockpit.kpiLandedHint")}>
        <Figure f={m.landed} label={t("cockpit.kpiLanded")} />
      </Kpi>
      <Kpi label={`${t("cockpit.kpiStarted")} / ${t("cockpit.kpiProduced")} / ${t("cockpit.kpiAtCapacity")}`}>
        <Figure f={m.started} label={t("cockpit.kpiStarted")} /> / <Figure f={m.produced} label={t("cockpit.kpiProduced")} /> / <Figure f={m.atCapacity} label={t("cockpit.kpiAtCapacity")} />
      </Kpi>
      <Kpi
        label={t("cockpit.kpiNewFirms")}
        hint={
          <>
            {t("cockpit.kpiOutput")} <Figure f={m.output} format="wan" /> · {t("cockpit.kpiJobs")} <Figure f={m.jobs} /> {t("cockpit.unitPeople")}
          </>
        }
      >
        <Figure f={m.newFirms} label={t("cockpit.kpiNewFirms")} />
        <span className="ml-1 text-sm font-normal text-gray-600">{t("cockpit.unitFirms")}</span>
      </Kpi>
      <Kpi label={t("cockpit.kpiInTalksLarge", { amount: largeInTalks })}>
        <Figure f={m.inTalksLarge} label={t("cockpit.kpiInTalksLarge", { amount: largeInTalks })} />
      </Kpi>
      <RateKpi label={t("cockpit.kpiPerformance")} rate={m.performance.rate} base={m.performance.denominator} line={<RateLine n={m.performance.numerator} d={m.performance.denominator} nLabel={t("cockpit.partHonoured")} dLabel={t("cockpit.partFormal")} />} />
      <RateKpi label={t("cockpit.kpiStartRate")} rate={m.startRate.rate} base={m.startRate.denominator} line={<RateLine n={m.startRate.numerator} d={m.startRate.denominator} nLabel={t("cockpit.partStarted")} dLabel={t("cockpit.partNewSigned")} />} />
      <RateKpi label={t("cockpit.kpiCompletionRate")} rate={m.completionRate.rate} base={m.completionRate.denominator} line={<RateLine n={m.completionRate.numerator} d={m.completionRate.denominator} nLabel={t("cockpit.partCompleted")} dLabel={t("cockpit.partNewSigned")} />} />
      <RateKpi label={t("cockpit.kpiChainFit")} rate={m.chainFit.rate} base={m.chainFit.denominator} line={<RateLine n={m.chainFit.numerator} d={m.chainFit.denominator} nLabel={t("cockpit.partTargetChain")} dLabel={t("cockpit.partNewSigned")} />} />
      <RateKpi label={t("cockpit.kpiProblemRate")} rate={m.problemRate.rate} base={m.problemRate.denominator} line={<RateLine n={m.problemRate.numerator} d={m.problemRate.denominator} nLabel={t("cockpit.partOnTime")} dLabel={t("cockpit.partDue")} />} />
      <Kpi label={t("cockpit.kpiInvestors")}>
        <span className="flex flex-wrap gap-x-3 text-xl">
          {INVESTOR_TAGS.map((tag) => (
            <span key={tag}>
              <span className="text-sm font-normal text-gray-600">{t(`pipeline.tag_${tag}`)}</span> <Figure f={m.investors[tag]} label={t(`pipeline.tag_${tag}`)} />
            </span>
          ))}
        </span>
      </Kpi>
    </div>
  );
}

function RateLine({ n, d, nLabel, dLabel, format = "count" }: { n: FigureView; d: FigureView; nLabel: string; dLabel: string; format?: "count" | "wan" }) {
  return (
    <span>
      {nLabel} <Figure f={n} format={format} label={nLabel} /> / {dLabel} <Figure f={d} format={format} label={dLabel} />
    </span>
  );
}

function Targets({ data }: { data: Data }) {
  const schedulePercent = `${(data.schedule * 100).toFixed(1)}%`;
  return (
    <Section
      id="cockpit-targets"
      title={t("cockpit.targetsTitle")}
      actions={
        <span className="text-sm text-gray-600">
          {t("cockpit.targetsSchedule", { percent: schedulePercent })}
          {" · "}
          <Link to={`/cockpit/targets?year=${data.year}`} className="no-print text-blue-700 hover:underline">
            {data.canEditTargets ? t("cockpit.targetsEdit") : t("cockpit.targetsLink")}
          </Link>
        </span>
      }
    >
      {data.targets.progress.length === 0 ? (
        <p className="text-sm text-gray-600">{t("cockpit.targetsNone", { year: data.year })}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {data.targets.progress.map((p) => {
            const width = Math.min(100, Math.round(p.progress * 100));
            const behind = p.progress < data.schedule;
            return (
              <li key={p.metric} data-target={p.metric}>
                <div className="flex justify-between text-sm">
                  <span className="font-medium">{p.label}</span>
                  <span>
                    <FigureLink figure={p.actual} format={TARGET_METRIC_UNITS[p.metric] === "WAN" ? "wan" : "count"} label={p.label} /> / {p.target}
                  </span>
                </div>
                <div
                  className="relative mt-1 h-3 rounded bg-gray-200 [print-color-adjust:exact]"
                  role="progressbar"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(p.progress * 100)}
                  aria-label={`${p.label} ${t("cockpit.targetPercent", { percent: percent(p.progress) })}`}
                >
                  <div className={`h-3 rounded ${behind ? "bg-amber-500" : "bg-green-600"}`} style={{ width: `${width}%` }} />
                  <div className="absolute top-[-2px] h-4 w-0.5 bg-gray-800" style={{ left: `${Math.min(100, data.schedule * 100)}%` }} title={t("cockpit.targetsSchedule", { percent: schedulePercent })} />
                </div>
                <p className="mt-0.5 text-xs text-gray-600">{t("cockpit.targetPercent", { percent: percent(p.progress) })}</p>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function changeText(change: number | null): { text: string; label: string; className: string } {
  if (change === null) return { text: t("cockpit.changeNone"), label: t("cockpit.changeNone"), className: "text-gray-400" };
  if (change > 0) return { text: t("cockpit.changeUp", { n: change }), label: t("cockpit.changeUpLabel", { n: change }), className: "text-green-700" };
  if (change < 0) return { text: t("cockpit.changeDown", { n: -change }), label: t("cockpit.changeDownLabel", { n: -change }), className: "text-red-700" };
  return { text: t("cockpit.changeSame"), label: t("cockpit.changeSame"), className: "text-gray-600" };
}

function Ranking({ data }: { data: Data }) {
  const rows = data.ranking;
  return (
    <Section id="cockpit-ranking" title={t("cockpit.rankingTitle")}>
      <p className="mb-2 text-sm text-gray-600">{data.ranked ? t("cockpit.rankingIntro", { cap: `${data.completionCap}%` }) : t("cockpit.rankingNotRanked")}</p>
      <div className="overflow-x-auto print:overflow-visible">
        <table className="data-table" data-testid="county-ranking">
          <thead>
            <tr>
              {data.ranked ? <th scope="col">{t("cockpit.colRank")}</th> : null}
              {data.ranked ? <th scope="col">{t("cockpit.colChange")}</th> : null}
              <th scope="col">{t("cockpit.colRegion")}</th>
              {data.ranked ? <th scope="col">{t("cockpit.colScore")}</th> : null}
              <th scope="col">{t("cockpit.colSigned")}</th>
              <th scope="col">{t("cockpit.colSignedAmount")}</th>
              <th scope="col">{t("cockpit.colStarted")}</th>
              <th scope="col">{t("cockpit.colFunds")}</th>
              <th scope="col">{t("cockpit.colProduced")}</th>
              <th scope="col">{t("cockpit.colProblemsOverdue")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {rows.map((r) => {
              const c = changeText(r.change);
              return (
                <tr key={r.regionId} data-region={r.regionName}>
                  {data.ranked ? <td className="tabular-nums font-semibold">{r.rank}</td> : null}
                  {data.ranked ? (
                    <td className={`whitespace-nowrap ${c.className}`} aria-label={c.label}>
                      {data.hasPreviousRanking ? c.text : t("cockpit.changeNone")}
                    </td>
                  ) : null}
                  <th scope="row" className="text-left font-medium whitespace-nowrap">
                    {r.regionName}
                  </th>
                  {data.ranked ? <td className="tabular-nums">{r.score}</td> : null}
                  <td className="text-right">
                    <Figure f={r.m.signed} label={`${r.regionName} ${t("cockpit.kpiSigned")}`} testId={`signed-${r.regionName}`} />
                  </td>
                  <td className="text-right whitespace-nowrap">
                    <Figure f={r.m.signedAmount} format="wan" />
                  </td>
                  <td className="text-right">
                    <Figure f={r.m.started} />
                  </td>
                  <td className="text-right whitespace-nowrap">
                    <Figure f={r.m.funds} format="wan" />
                  </td>
                  <td className="text-right">
                    <Figure f={r.m.produced} />
                  </td>
                  <td className={`text-right ${r.m.problemsOverdue.value > 0 ? "text-red-700" : ""}`}>
                    <Figure f={r.m.problemsOverdue} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function RedBlack({ data }: { data: Data }) {
  if (!data.ranked) return null;
  const list = (title: string, entries: Data["redBlack"]["red"], tone: string, testId: string) => (
    <div>
      <h3 className={`mb-1 font-semibold ${tone}`}>{title}</h3>
      {entries.length === 0 ? (
        <p className="text-sm text-gray-500">{t("cockpit.listEmpty")}</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid={testId}>
          {entries.map((e) => (
            <li key={e.regionName}>
              <span className="font-medium">{e.regionName}</span>：{e.reasons.join("；")}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <Section id="cockpit-redblack" title={t("cockpit.redBlackTitle")}>
      <div className="grid gap-4 sm:grid-cols-2">
        {list(t("cockpit.redList"), data.redBlack.red, "text-red-700", "red-list")}
        {list(t("cockpit.blackList"), data.redBlack.black, "text-gray-900", "black-list")}
      </div>
    </Section>
  );
}

function Funnel({ data }: { data: Data }) {
  return (
    <Section id="cockpit-funnel" title={t("cockpit.funnelTitle")}>
      <CockpitChart svg={data.charts.funnel.svg} links={data.charts.funnel.links} label={t("cockpit.funnelTitle")} />
      <table className="data-table mt-2" data-testid="funnel-table">
        <thead>
          <tr>
            <th scope="col">{t("cockpit.colStage")}</th>
            <th scope="col">{t("cockpit.colCount")}</th>
            <th scope="col">{t("cockpit.colAmount")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {data.funnel.map((f) => (
            <tr key={f.stage}>
              <th scope="row" className="text-left font-normal">
                {f.label}
              </th>
              <td className="text-right">
                <Figure f={f.count} label={f.label} />
              </td>
              <td className="text-right whitespace-nowrap">
                <Figure f={f.amount} format="wan" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Chains({ data }: { data: Data }) {
  return (
    <Section
      id="cockpit-chains"
      title={t("cockpit.chainsTitle")}
      actions={
        <Link to="/cockpit/chains" className="no-print text-sm text-blue-700 hover:underline">
          {t("chainMap.openLink")}
        </Link>
      }
    >
      {data.charts.chains ? <CockpitChart svg={data.charts.chains.svg} links={data.charts.chains.links} label={t("cockpit.chainsTitle")} /> : null}
      <table className="data-table mt-2" data-testid="chains-table">
        <thead>
          <tr>
            <th scope="col">{t("cockpit.colChain")}</th>
            <th scope="col">{t("cockpit.colChainProjects")}</th>
            <th scope="col">{t("cockpit.colChainSigned")}</th>
            <th scope="col">{t("cockpit.colChainSignedAmount")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {data.chains.map((c) => (
            <tr key={c.chainId}>
              <th scope="row" className="text-left font-normal whitespace-nowrap">
                {c.name}
                {c.isTarget ? <span className="ml-1 rounded bg-red-50 px-1 text-xs text-red-700">{t("cockpit.targetChainBadge")}</span> : null}
              </th>
              <td className="text-right">
                <Figure f={c.projects} label={c.name} />
              </td>
              <td className="text-right">
                <Figure f={c.signed} />
              </td>
              <td className="text-right whitespace-nowrap">
                <Figure f={c.signedAmount} format="wan" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Trends({ data }: { data: Data }) {
  return (
    <Section id="cockpit-trends" title={t("cockpit.trendsTitle")} className="lg:col-span-2">
      <CockpitChart svg={data.charts.trends.svg} links={data.charts.trends.links} label={t("cockpit.trendsTitle")} />
      <div className="mt-2 overflow-x-auto print:overflow-visible">
        <table className="data-table" data-testid="trends-table">
          <thead>
            <tr>
              <th scope="col">{t("cockpit.colMonth")}</th>
              <th scope="col">{t("cockpit.seriesSigned")}</th>
              <th scope="col">{t("cockpit.seriesSignedAmount")}</th>
              <th scope="col">{t("cockpit.seriesFunds")}</th>
              <th scope="col">{t("cockpit.seriesStarted")}</th>
              <th scope="col">{t("cockpit.seriesProduced")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {data.trends.map((m) => (
              <tr key={m.month}>
                <th scope="row" className="text-left font-normal tabular-nums">
                  {m.month}
                </th>
                <td className="text-right">
                  <Figure f={m.signed} />
                </td>
                <td className="text-right whitespace-nowrap">
                  <Figure f={m.signedAmount} format="wan" />
                </td>
                <td className="text-right whitespace-nowrap">
                  <Figure f={m.funds} format="wan" />
                </td>
                <td className="text-right">
                  <Figure f={m.started} />
                </td>
                <td className="text-right">
                  <Figure f={m.produced} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function KeyProjects({ data }: { data: Data }) {
  const k = data.keyProjects;
  return (
    <Section
      id="cockpit-key"
      title={t("cockpit.keyTitle")}
      actions={
        <span className="text-sm">
          {t("cockpit.keyTotal")} <Figure f={k.total} /> · <span className="text-red-700">{t("cockpit.keyRed")}</span> <Figure f={k.red} /> · <span className="text-amber-700">{t("cockpit.keyYellow")}</span> <Figure f={k.yellow} />
        </span>
      }
    >
      {k.items.length === 0 ? (
        <p className="text-sm text-gray-600">{t("cockpit.keyNoWarnings")}</p>
      ) : (
        <ul className="divide-y divide-gray-100 text-sm" data-testid="key-projects">
          {k.items.map((p) => (
            <li key={p.id} className="flex items-start gap-2 py-1.5">
              <WarningDot level={p.warning} className="mt-1" />
              <div className="min-w-0">
                <Link to={`/projects/${p.id}`} className="font-medium text-gray-900 hover:underline">
                  {p.name}
                </Link>
                <p className="text-xs text-gray-600">
                  {p.regionName} · {p.stageLabel} · {p.amount} · {t("cockpit.daysInStage", { days: p.daysInStage })}
                  {p.daysLeft !== null && p.daysLeft < 0 ? ` · ${t("cockpit.daysOver", { days: -p.daysLeft })}` : ""}
                  {p.followUpOverdue ? ` · ${t("cockpit.followUpOverdue")}` : ""}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function InTalks({ data }: { data: Data }) {
  return (
    <Section
      id="cockpit-talks"
      title={t("cockpit.inTalksTitle", { amount: data.largeInTalks })}
      actions={
        <span className="text-sm">
          <Figure f={data.total.inTalksLarge} label={t("cockpit.inTalksTitle", { amount: data.largeInTalks })} /> {t("cockpit.unitGe")}
        </span>
      }
    >
      {data.inTalks.length === 0 ? (
        <p className="text-sm text-gray-600">{t("cockpit.noneYet")}</p>
      ) : (
        <ul className="divide-y divide-gray-100 text-sm" data-testid="in-talks">
          {data.inTalks.map((p) => (
            <li key={p.id} className="py-1.5">
              <div className="flex flex-wrap justify-between gap-2">
                <Link to={`/projects/${p.id}`} className="font-medium text-gray-900 hover:underline">
                  {p.name}
                </Link>
                <span className="text-gray-600 whitespace-nowrap">
                  {p.regionName} · {p.stageLabel} · {p.amount}
                </span>
              </div>
              <p className="text-xs text-gray-600">
                {p.lastFollowUp ? (
                  <>
                    {p.lastFollowUp.day} {p.lastFollowUp.kind}：{p.lastFollowUp.summary}
                    {p.lastFollowUp.nextAction ? `（${t("cockpit.nextAction", { text: p.lastFollowUp.nextAction })}）` : ""}
                  </>
                ) : (
                  t("cockpit.noFollowUp")
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Overdue({ data }: { data: Data }) {
  const kinds = ["STAGE", "PROBLEM", "INCENTIVE", "INSTRUCTION"] as const;
  return (
    <Section id="cockpit-overdue" title={t("cockpit.overdueTitle")} className="lg:col-span-2">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {kinds.map((kind) => {
          const block = data.overdue[kind];
          return (
            <div key={kind} data-overdue={kind}>
              <h3 className="mb-1 text-sm font-semibold">
                {t(`cockpit.overdue_${kind}`)} <Figure f={block.count} label={t(`cockpit.overdue_${kind}`)} />
                {kind === "INCENTIVE" || kind === "INSTRUCTION" ? <span className="ml-1 text-xs font-normal text-gray-500">（{t("cockpit.overdueProjects", { count: block.count.listTotal })}）</span> : null}
              </h3>
              {block.items.length === 0 ? (
                <p className="text-sm text-gray-500">{t("cockpit.overdueNone")}</p>
              ) : (
                <ul className="space-y-1 text-sm">
                  {block.items.map((o) => (
                    <li key={`${o.kind}-${o.id}`}>
                      <Link to={o.href} className="text-gray-900 hover:underline">
                        {o.kind === "STAGE" ? o.projectName : o.label}
                      </Link>
                      <p className="text-xs text-gray-600">
                        {o.kind === "STAGE" ? `${o.label} · ${t("cockpit.overdueSince", { date: o.day })}` : `${o.projectName} · ${t("cockpit.overdueDue", { date: o.day })}`} · {o.regionName}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
      </div>
    </Section>
  );
}

function Engagement({ data }: { data: Data }) {
  const e = data.engagement;
  return (
    <Section id="cockpit-engagement" title={t("cockpit.engagementTitle")}>
      <p className="mb-2 text-xs text-gray-600">{t("cockpit.engagementIntro")}</p>
      <div className="mb-3 flex flex-wrap gap-4 text-sm">
        <span>
          {t("cockpit.engagementTotal")} <Figure f={e.participations} />
        </span>
        {CAPACITIES.map((c) => (
          <span key={c}>
            {t(`pipeline.capacity_${c}`)} <Figure f={e.byCapacity[c]} />
          </span>
        ))}
        <span>
          {t("cockpit.engagementTrips")} <Figure f={e.trips} />
        </span>
      </div>
      {e.byPerson.length > 0 ? (
        <table className="data-table" data-testid="engagement-table">
          <thead>
            <tr>
              <th scope="col">{t("cockpit.colPerson")}</th>
              <th scope="col">{t("cockpit.colParticipations")}</th>
              <th scope="col">{t("cockpit.colTrips")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {e.byPerson.map((p) => (
              <tr key={p.userId}>
                <th scope="row" className="text-left font-normal">
                  {p.name}
                </th>
                <td className="text-right">
                  <Figure f={p.participations} />
                </td>
                <td className="text-right">
                  <Figure f={p.trips} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

export default function CockpitPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4 print:space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("cockpit.title")}</h1>
          <p className="mt-1 text-sm text-gray-600">{t("cockpit.subtitle", { scope: data.scopeName, year: data.year, date: data.asOf })}</p>
          <p className="no-print text-xs text-gray-500">{t("cockpit.everyNumberLinks")}</p>
        </div>
        <div className="no-print flex flex-wrap items-end gap-2">
          <Form method="get" className="flex items-end gap-2">
            <label className="text-sm">
              <span className="sr-only">{t("cockpit.yearLabel")}</span>
              <select name="year" defaultValue={data.year} className="input w-28" aria-label={t("cockpit.yearLabel")}>
                {data.years.map((y) => (
                  <option key={y} value={y}>
                    {t("cockpit.yearOption", { year: y })}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="btn-secondary">
              {t("cockpit.show")}
            </button>
          </Form>
          <Form method="get" action="/cockpit/bulletin" reloadDocument className="flex items-end gap-2">
            <label className="text-sm">
              <span className="sr-only">{t("bulletin.monthLabel")}</span>
              <input type="month" name="month" defaultValue={data.bulletinMonth} max={data.asOf.slice(0, 7)} className="input w-40" aria-label={t("bulletin.monthLabel")} />
            </label>
            <button type="submit" className="btn-secondary">
              {t("bulletin.download")}
            </button>
            {data.bulletinError ? (
              <p className="field-error self-center" role="alert" data-testid="bulletin-error">
                {data.bulletinError}
              </p>
            ) : null}
          </Form>
          <button type="button" className="btn-secondary" onClick={() => window.print()}>
            {t("cockpit.print")}
          </button>
          <Link to={`/cockpit/targets?year=${data.year}`} className="btn-secondary">
            {t("cockpit.targetsLink")}
          </Link>
          <Link to="/cockpit/chains" className="btn-secondary" data-testid="chain-map-link">
            {t("chainMap.openLink")}
          </Link>
          <Link to="/mechanism" className="btn-secondary">
            {t("cockpit.rulesLink")}
          </Link>
        </div>
      </div>

      <Section id="cockpit-kpi" title={t("cockpit.kpiTitle")}>
        <KeyFigures m={data.total} largeInTalks={data.largeInTalks} />
      </Section>
      <Targets data={data} />
      <Ranking data={data} />
      <RedBlack data={data} />
      <div className="grid gap-4 lg:grid-cols-2 print:block print:space-y-3">
        <Trends data={data} />
        <Funnel data={data} />
        <Chains data={data} />
        <KeyProjects data={data} />
        <InTalks data={data} />
        <Overdue data={data} />
        <Engagement data={data} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

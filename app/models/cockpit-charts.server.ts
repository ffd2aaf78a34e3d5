// The cockpit's charts (funnel, chains, monthly trends), drawn by ECharts on the server as SVG
// (its server-side rendering, ADR 013): the page gets finished pictures in its HTML — on screen
// at once, in print, without JavaScript — and the browser loads no chart library, only
// ECharts' small SSR client that reports which bar was clicked (CockpitChart). Each chart comes
// with the list links of its bars, series by series, in data order.
//
// Drawn once per computed CockpitData: the cached data of cachedCockpitData (ADR 009) keeps its
// charts too, through the WeakMap below.
import { BarChart, type BarSeriesOption } from "echarts/charts";
import { GridComponent, LegendComponent, type GridComponentOption, type LegendComponentOption } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { stageLabelKey } from "#app/domain/stages";
import { t } from "#app/i18n";
import { type CockpitData } from "./cockpit.server";

echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

type ChartOption = echarts.ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption>;

export type ChartSvg = {
  /** The SVG markup ECharts rendered (its text escaped by ECharts), scaled by CSS to its box. */
  svg: string;
  /** links[series][dataIndex]: the list behind each bar. */
  links: string[][];
};

export type CockpitCharts = { funnel: ChartSvg; chains: ChartSvg | null; trends: ChartSvg };

/** Drawing width: half the cockpit's grid, or its whole width (the SVG scales with the page). */
const HALF_WIDTH = 640;
const FULL_WIDTH = 1200;
const HEIGHT = 300;
const AXIS_LABEL = { color: "#374151", fontSize: 11 };

export function renderChartSvg(option: ChartOption, size: { width: number; height: number }): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, ...size });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function funnelChart(data: CockpitData): ChartSvg {
  const stages = data.funnel.filter((f) => f.stage !== "TERMINATED");
  const option: ChartOption = {
    grid: { left: 64, right: 40, top: 8, bottom: 24 },
    xAxis: { type: "value", axisLabel: AXIS_LABEL, minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: stages.map((f) => t(stageLabelKey(f.stage))), axisLabel: AXIS_LABEL },
    series: [{ type: "bar", name: t("cockpit.colCount"), data: stages.map((f) => f.count.value), itemStyle: { color: "#b91c1c" }, label: { show: true, position: "right" } }],
  };
  return { svg: renderChartSvg(option, { width: HALF_WIDTH, height: HEIGHT }), links: [stages.map((f) => f.count.href)] };
}

function chainsChart(data: CockpitData): ChartSvg | null {
  if (data.chains.length === 0) return null;
  const option: ChartOption = {
    grid: { left: 96, right: 24, top: 24, bottom: 24 },
    legend: { top: 0 },
    xAxis: { type: "value", axisLabel: AXIS_LABEL, minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.chains.map((c) => c.name), axisLabel: AXIS_LABEL },
    series: [
      { type: "bar", name: t("cockpit.colChainProjects"), data: data.chains.map((c) => c.projects.value), itemStyle: { color: "#9ca3af" } },
      { type: "bar", name: t("cockpit.colChainSigned"), data: data.chains.map((c) => c.signed.value), itemStyle: { color: "#b91c1c" } },
    ],
  };
  return {
    svg: renderChartSvg(option, { width: HALF_WIDTH, height: Math.max(160, data.chains.length * 32) }),
    links: [data.chains.map((c) => c.projects.href), data.chains.map((c) => c.signed.href)],
  };
}

function trendsChart(data: CockpitData): ChartSvg {
  const months = data.trends.map((m) => m.month.slice(2).replace("-", "/"));
  const option: ChartOption = {
    grid: { left: 48, right: 64, top: 32, bottom: 24 },
    legend: { top: 0 },
    xAxis: { type: "category", data: months, axisLabel: AXIS_LABEL },
    yAxis: [
      { type: "value", name: t("cockpit.unitGe"), axisLabel: AXIS_LABEL, minInterval: 1 },
      { type: "value", name: t("cockpit.unitWan"), axisLabel: AXIS_LABEL },
    ],
    series: [
      { type: "bar", name: t("cockpit.seriesSigned"), data: data.trends.map((m) => m.signed.value), itemStyle: { color: "#b91c1c" } },
      { type: "bar", name: t("cockpit.seriesStarted"), data: data.trends.map((m) => m.started.value), itemStyle: { color: "#2563eb" } },
      { type: "bar", name: t("cockpit.seriesProduced"), data: data.trends.map((m) => m.produced.value), itemStyle: { color: "#16a34a" } },
      { type: "bar", name: t("cockpit.seriesFunds"), yAxisIndex: 1, data: data.trends.map((m) => m.funds.value), itemStyle: { color: "#d97706", opacity: 0.6 } },
    ],
  };
  const links = [data.trends.map((m) => m.signed.href), data.trends.map((m) => m.started.href), data.trends.map((m) => m.produced.href), data.trends.map((m) => m.funds.href)];
  return { svg: renderChartSvg(option, { width: FULL_WIDTH, height: HEIGHT }), links };
}

const drawn = new WeakMap<CockpitData, CockpitCharts>();

/** The three charts of a cockpit's data, drawn once per data object. */
export function cockpitCharts(data: CockpitData): CockpitCharts {
  let charts = drawn.get(data);
  if (!charts) {
    charts = { funnel: funnelChart(data), chains: chainsChart(data), trends: trendsChart(data) };
    drawn.set(data, charts);
  }
  return charts;
}

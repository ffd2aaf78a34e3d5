// ECharts for the cockpit only, loaded by dynamic import() from CockpitChart's effect: no other
// page, and not the cockpit's first paint, pays for it (DESIGN §8: 250 KB of gzipped JavaScript
// per page). Only the pieces the cockpit draws are registered — bars, grid, tooltip, legend — which
// keeps the chunk at the size of ECharts' core.
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import type { BarSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export type ChartHandle = { dispose: () => void; resize: () => void };

/** Draws `option` into `element`; a click on a data point calls `onPoint` with its series and index. */
export function drawChart(element: HTMLElement, option: ChartOption, onPoint: (seriesIndex: number, dataIndex: number) => void): ChartHandle {
  const chart = echarts.init(element, undefined, { renderer: "canvas" });
  chart.setOption(option);
  chart.on("click", (params) => {
    if (typeof params.dataIndex === "number") onPoint(params.seriesIndex ?? 0, params.dataIndex);
  });
  return { dispose: () => chart.dispose(), resize: () => chart.resize() };
}

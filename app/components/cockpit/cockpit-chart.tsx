// A cockpit chart: the SVG ECharts drew on the server (app/models/cockpit-charts.server.ts), in
// the page's HTML from the first paint and in print. The only script is ECharts' SSR client
// (a few hundred bytes), which says which bar was clicked: a click opens the list behind it.
// Each chart sits above a table holding the same numbers as links (keyboard, screen readers).
import { useNavigate } from "@remix-run/react";
import { hydrate } from "echarts/ssr/client/index";
import { useEffect, useRef } from "react";

export function CockpitChart({ svg, links, label }: { svg: string; links: string[][]; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const latest = useRef({ links, navigate });
  latest.current = { links, navigate };

  useEffect(() => {
    // One listener per drawing: a new drawing replaces the <svg>, and its listener with it.
    const drawing = element.current?.querySelector("svg");
    if (!element.current || !drawing || drawing.dataset.hydrated) return;
    drawing.dataset.hydrated = "1";
    hydrate(element.current, {
      on: {
        click: ({ ssrType, seriesIndex, dataIndex }) => {
          if (ssrType !== "chart" || seriesIndex === undefined || dataIndex === undefined) return;
          const href = latest.current.links[seriesIndex]?.[dataIndex];
          if (href) latest.current.navigate(href);
        },
      },
    });
  }, [svg]);

  return <div ref={element} role="img" aria-label={label} className="chart-svg w-full" dangerouslySetInnerHTML={{ __html: svg }} />;
}

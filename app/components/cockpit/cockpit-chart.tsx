// A chart of the cockpit. ECharts arrives by a dynamic import inside the effect, so it is fetched
// only in the browser, only on this page, after the numbers are already on screen; each chart
// sits above a table holding the same numbers as links (for printing, screen readers, and when
// the chart cannot load). Clicking a bar or point opens the list behind it.
import { useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { t } from "#app/i18n";
import type { ChartOption } from "./echarts.client";

export type { ChartOption };

export function CockpitChart({ option, links, label, height = 260 }: { option: ChartOption; links: string[][]; label: string; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  // The option is rebuilt on every render; redraw only when its content changes.
  const key = JSON.stringify(option);
  const linksRef = useRef(links);
  linksRef.current = links;

  useEffect(() => {
    let disposed = false;
    let handle: { dispose: () => void; resize: () => void } | null = null;
    const onResize = () => handle?.resize();
    import("./echarts.client")
      .then(({ drawChart }) => {
        if (disposed || !element.current) return;
        handle = drawChart(element.current, JSON.parse(key) as ChartOption, (series, index) => {
          const href = linksRef.current[series]?.[index];
          if (href) navigate(href);
        });
        window.addEventListener("resize", onResize);
        setState("ready");
      })
      .catch(() => setState("failed"));
    return () => {
      disposed = true;
      window.removeEventListener("resize", onResize);
      handle?.dispose();
    };
  }, [key, navigate]);

  return (
    <div className="no-print relative">
      <div ref={element} role="img" aria-label={label} style={{ height }} className="w-full" data-chart-state={state} />
      {state !== "ready" ? (
        <p className="absolute inset-0 flex items-center justify-center text-sm text-gray-500">{state === "loading" ? t("cockpit.chartLoading") : t("cockpit.chartFailed")}</p>
      ) : null}
    </div>
  );
}

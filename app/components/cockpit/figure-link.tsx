// A cockpit number: always a link to the list of the records behind it (DESIGN §5). The link
// carries the total that list will show, for tests and for the tooltip.
//
// A plain <a>, not Remix's <Link>: a <Link> resolves its path against the route tree on every
// server render, and the cockpit's hundred-odd figures spent 2.5 ms of a 10 ms page on that
// (ADR 014). useFigureLinks() (in the root) keeps their clicks client-side navigations.
import { useNavigate } from "@remix-run/react";
import { useEffect } from "react";
import { formatWan } from "#app/domain/money";
import { t } from "#app/i18n";

export type FigureView = { value: number; listTotal: number; href: string };

export type FigureFormat = "count" | "wan";

export function formatFigure(value: number, format: FigureFormat): string {
  return format === "wan" ? formatWan(value) || formatWan(0) : value.toLocaleString("zh-CN");
}

/** "85.0%", or "—" when there is nothing to divide by. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? t("cockpit.rateNone") : `${(rate * 100).toFixed(1)}%`;
}

export function FigureLink({
  figure,
  format = "count",
  className = "",
  label,
  testId,
}: {
  figure: FigureView;
  format?: FigureFormat;
  className?: string;
  /** What the number is, for screen readers ("汉阴县 签约项目"). */
  label?: string;
  testId?: string;
}) {
  const text = formatFigure(figure.value, format);
  const behind = t("cockpit.projectsBehind", { count: figure.listTotal });
  return (
    <a
      href={figure.href}
      className={`tabular-nums text-blue-800 hover:underline print:text-gray-900 print:no-underline ${className}`}
      title={behind}
      aria-label={label ? `${label} ${text}` : undefined}
      data-figure=""
      data-list-total={figure.listTotal}
      data-testid={testId}
    >
      {text}
    </a>
  );
}

/** Client-side navigation for every FigureLink on the page: one listener on the document. */
export function useFigureLinks(): void {
  const navigate = useNavigate();
  useEffect(() => {
    function onClick(event: MouseEvent) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[data-figure]") : null;
      if (!link || link.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(`${link.pathname}${link.search}${link.hash}`);
    }
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}

// A cockpit number: always a link to the list of the records behind it (DESIGN §5). The link
// carries the total that list will show, for tests and for the tooltip.
// A PlainLink: the cockpit's hundred-odd figures are what PlainLink is for.
import { PlainLink } from "#app/components/ui/plain-link";
import { formatNumber, formatWan } from "#app/domain/money";
import { t } from "#app/i18n";

export type FigureView = { value: number; listTotal: number; href: string };

export type FigureFormat = "count" | "wan";

export function formatFigure(value: number, format: FigureFormat): string {
  return format === "wan" ? formatWan(value) || formatWan(0) : formatNumber(value, 3);
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
    <PlainLink
      to={figure.href}
      className={className ? `figure-link ${className}` : "figure-link"}
      title={behind}
      aria-label={label ? `${label} ${text}` : undefined}
      data-figure=""
      data-list-total={figure.listTotal}
      data-testid={testId}
    >
      {text}
    </PlainLink>
  );
}

// The colour of a project's warning (DESIGN §7.2): a dot with its name for screen readers and
// print, and the legend that explains the colours on list pages.
import { WARNING_LEVELS, warningLabelKey, type WarningLevel } from "#app/domain/warnings";
import { t } from "#app/i18n";

const DOT_STYLE: Record<WarningLevel, string> = {
  NONE: "bg-gray-300",
  BLUE: "bg-blue-500",
  YELLOW: "bg-amber-400",
  RED: "bg-red-600",
};

export function WarningDot({ level, className = "" }: { level: WarningLevel; className?: string }) {
  const label = t(warningLabelKey(level));
  return (
    <span
      className={`inline-block h-3 w-3 shrink-0 rounded-full [print-color-adjust:exact] ${DOT_STYLE[level]} ${className}`}
      role="img"
      aria-label={label}
      title={label}
      data-warning={level}
    />
  );
}

/** The legend under a list: what each colour means, with the configured yellow share. */
export function WarningLegend({ yellowPercent }: { yellowPercent: number }) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-gray-600" aria-label={t("lists.legendTitle")}>
      <span className="font-medium text-gray-700">{t("lists.legendTitle")}：</span>
      {[...WARNING_LEVELS].reverse().map((level) => (
        <span key={level} className="inline-flex items-center gap-1">
          <WarningDot level={level} />
          <span>
            {t(warningLabelKey(level))}
            <span className="text-gray-500">（{t(`lists.legend_${level}`, { percent: yellowPercent })}）</span>
          </span>
        </span>
      ))}
    </div>
  );
}

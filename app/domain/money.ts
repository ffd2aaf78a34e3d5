// Money as the bureau writes it (DESIGN, interface language): amounts are stored in 万元 and
// shown with thousands separators; a total of 1亿 or more reads in 亿元.
import { t } from "#app/i18n";

const WAN_PER_YI = 10_000;

const formats = new Map<number, Intl.NumberFormat>();

/**
 * "12,345.67": digits grouped, at most `maxDigits` decimals. The formatters are kept: making one
 * costs about 20 µs, which a page of a few hundred amounts would pay on every render.
 */
export function formatNumber(value: number, maxDigits: number): string {
  let format = formats.get(maxDigits);
  if (!format) {
    format = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: maxDigits, minimumFractionDigits: 0 });
    formats.set(maxDigits, format);
  }
  return format.format(value);
}

/** "12,500" — an amount in 万元, without the unit. */
export function formatWanNumber(amountWan: number | null | undefined): string {
  if (amountWan === null || amountWan === undefined || !Number.isFinite(amountWan)) return "";
  return formatNumber(amountWan, 2);
}

/** "8,000万元", or "1.25亿元" from 1亿 up. */
export function formatWan(amountWan: number | null | undefined): string {
  if (amountWan === null || amountWan === undefined || !Number.isFinite(amountWan)) return "";
  if (Math.abs(amountWan) >= WAN_PER_YI) return t("common.amountYi", { amount: formatNumber(amountWan / WAN_PER_YI, 2) });
  return t("common.amountWan", { amount: formatNumber(amountWan, 2) });
}

// Money as the bureau writes it (DESIGN, interface language): amounts are stored in 万元 and
// shown with thousands separators; a total of 1亿 or more reads in 亿元.
const WAN_PER_YI = 10_000;

function grouped(value: number, maxDigits: number): string {
  return value.toLocaleString("zh-CN", { maximumFractionDigits: maxDigits, minimumFractionDigits: 0 });
}

/** "12,500" — an amount in 万元, without the unit. */
export function formatWanNumber(amountWan: number | null | undefined): string {
  if (amountWan === null || amountWan === undefined || !Number.isFinite(amountWan)) return "";
  return grouped(amountWan, 2);
}

/** "8,000万元", or "1.25亿元" from 1亿 up. */
export function formatWan(amountWan: number | null | undefined): string {
  if (amountWan === null || amountWan === undefined || !Number.isFinite(amountWan)) return "";
  if (Math.abs(amountWan) >= WAN_PER_YI) return `${grouped(amountWan / WAN_PER_YI, 2)}亿元`;
  return `${grouped(amountWan, 2)}万元`;
}

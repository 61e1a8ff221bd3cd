const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

/** 1,580,000 */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

/** ¥179,640.5 */
export function formatYuan(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : `¥${decimal.format(n)}`;
}

/** A rate with its source numbers, as asks: "92% = 184/200". */
export function formatRate(rate: number | null, numerator: number, denominator: number): string {
  if (rate === null) return '—';
  return `${rate}% = ${formatNumber(numerator)}/${formatNumber(denominator)}`;
}

/**
 * A list's total: "共 1,234 项", or, when the API stopped counting (`totalExact: false`, beyond
 * 10,000), "超过 10,000 项（请用筛选缩小范围）".
 */
export function formatListTotal(total: number, exact = true): string {
  return exact ? `共 ${formatNumber(total)} 项` : `超过 ${formatNumber(total)} 项（请用筛选缩小范围）`;
}

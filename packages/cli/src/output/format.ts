/**
 * A percentage for people: at most `decimals` decimals, no trailing zeros.
 *
 * @example
 * formatPercent(10.5) // '10.5%'
 * formatPercent(10)   // '10%'
 */
export function formatPercent(percent: number, decimals = 2): string {
  return `${Number(percent.toFixed(decimals))}%`;
}

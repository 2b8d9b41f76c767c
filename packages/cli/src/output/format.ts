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

/**
 * A stored timestamp for tables: ISO 8601 in UTC to the second (unreadable text unchanged).
 *
 * @example
 * formatTime('2026-01-01T09:30:00.000Z') // '2026-01-01T09:30:00Z'
 */
export function formatTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * What sessions get from a flag: its percentage when on, `off` when off (with the percentage
 * it would serve when it is not 0).
 *
 * @example
 * formatServing({ enabled: true, percentage: 25 })  // '25%'
 * formatServing({ enabled: false, percentage: 25 }) // 'off (set to 25%)'
 */
export function formatServing(state: { enabled: boolean; percentage: number }): string {
  if (state.enabled) return formatPercent(state.percentage);
  return state.percentage === 0 ? 'off' : `off (set to ${formatPercent(state.percentage)})`;
}

/**
 * How long ago, in whole days (or `today`).
 *
 * @example
 * formatDaysAgo(45) // '45 days ago'
 */
export function formatDaysAgo(days: number): string {
  if (days < 1) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

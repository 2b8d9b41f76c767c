import type { CompatFlags, Flag } from '@ramp/api';
import { invalidField } from '../../http/app-error.js';
import { checkFlagKey, effectivePercentage } from './flag-rules.js';

/**
 * The compatibility API's view: every live flag as the fraction of sessions that get it
 * (percentage / 100; 0 when the flag is off or the kill switch is on).
 *
 * @example
 * toCompatValues([{ key: 'USE_ENHANCED_INJECTION', enabled: true, percentage: 10, … }], false)
 * // { USE_ENHANCED_INJECTION: 0.1 }
 */
export function toCompatValues(flags: readonly Flag[], killed: boolean): CompatFlags {
  const values: CompatFlags = {};
  for (const flag of flags) {
    if (!flag.archived) values[flag.key] = killed ? 0 : effectivePercentage(flag) / 100;
  }
  return values;
}

/** One requested change of the compatibility API: a flag and its new percentage. */
export interface CompatChange {
  readonly key: string;
  readonly percentage: number;
}

/**
 * Reads a compatibility update. Every key and value is checked before anything is applied;
 * the first bad one throws a 400 naming it. Sorted by key, so writers lock in one order.
 */
export function parseCompatValues(values: CompatFlags): CompatChange[] {
  const changes = Object.entries(values).map(([key, fraction]) => {
    checkFlagKey(key, key);
    return { key, percentage: toPercentage(key, fraction) };
  });
  return changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function toPercentage(key: string, fraction: number): number {
  const rule = 'expected a fraction from 0 to 1 with at most four decimals';
  if (typeof fraction !== 'number' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw invalidField(key, rule);
  }
  // 0.1 * 100 is 10.000000000000002: round to the 0.01 % grid, refuse what is off it.
  const percentage = Math.round(fraction * 10_000) / 100;
  if (Math.abs(fraction * 100 - percentage) > 1e-6) throw invalidField(key, rule);
  return percentage;
}

import { formatCount, formatDuration, formatValue } from '../format.js';
import type { Comparator, MetricDefinition } from '../plan/plan.js';

/** The comparison a check found: the comparator when it holds, its opposite when not. */
export function relation(comparator: Comparator, holds: boolean): string {
  if (holds) return { '<': '<', '>': '>', '<=': '≤', '>=': '≥' }[comparator];
  return { '<': '≥', '>': '≤', '<=': '>', '>=': '<' }[comparator];
}

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '<':
      return value < threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '>=':
      return value >= threshold;
  }
}

export function valueIn(metric: MetricDefinition, x: number): string {
  return formatValue(x, metric.unit);
}

/** `(n = 4,812)`, or nothing when the sample size is unknown. */
export function sampleWords(samples: number | null): string {
  return samples === null ? '' : ` (n = ${formatCount(samples)})`;
}

/**
 * "needs about 688 more samples (about 7 min at the current rate)": `samples` arrived over
 * the last `overMs`, which sets the rate.
 */
export function neededWords(
  more: number,
  samples: number,
  overMs: number,
  what = 'samples',
): string {
  const rate = overMs > 0 ? samples / overMs : 0;
  const time =
    rate > 0
      ? ` (about ${formatDuration(more / rate)} at the current rate)`
      : ' (no data is arriving yet)';
  return `needs about ${formatCount(more)} more ${what}${time}`;
}

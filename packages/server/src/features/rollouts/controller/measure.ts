import type { CohortSelector, Readings, SeriesSummary } from '../metrics/readings.js';
import type { MetricDefinition, Stat } from '../plan/plan.js';
import {
  meanDifference,
  proportionDifference,
  type Difference,
} from '../statistics/confidence-sequence.js';

/** What a gate or trigger reads: a statistic of a metric for one cohort of one flag. */
export interface MetricTarget {
  readonly metric: MetricDefinition;
  readonly stat: Stat;
  readonly flag: string;
  readonly cohort: CohortSelector;
}

export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** A statistic over a window and the sample size behind it (null for Prometheus). */
export interface Measurement {
  readonly value: number | null;
  readonly samples: number | null;
}

const QUANTILES: Partial<Record<Stat, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

/** A plan's PromQL with `{{flag}}` and `{{cohort}}` filled in. */
export function fillQuery(query: string, flag: string, cohort: string): string {
  return query.replaceAll('{{flag}}', flag).replaceAll('{{cohort}}', cohort);
}

/** Reads one statistic of a metric over a window. */
export function measure(readings: Readings, target: MetricTarget, window: TimeWindow): Measurement {
  const { metric } = target;
  if (metric.kind === 'prometheus') {
    const query = fillQuery(metric.query, target.flag, target.cohort);
    const value = readings.prometheus?.({ query, url: metric.url, at: window.to }) ?? null;
    return { value, samples: null };
  }
  const read = (name: string): SeriesSummary =>
    readings.series({
      metric: name,
      flag: metric.scope === 'global' ? null : target.flag,
      cohort: target.cohort,
      ...window,
    });
  if (metric.kind === 'rate') {
    const denominator = read(metric.denominator).count;
    const numerator = read(metric.numerator).count;
    return { value: denominator > 0 ? numerator / denominator : null, samples: denominator };
  }
  const summary = read(metric.event);
  return { value: statOf(summary, target.stat), samples: summary.count };
}

function statOf(summary: SeriesSummary, stat: Stat): number | null {
  const q = QUANTILES[stat];
  if (q !== undefined) return summary.quantile(q);
  switch (stat) {
    case 'count':
      return summary.count;
    case 'sum':
      return summary.sum;
    case 'mean':
      return summary.count > 0 ? summary.sum / summary.count : null;
    case 'min':
      return summary.min();
    case 'max':
      return summary.max();
    default:
      return null;
  }
}

/** ON minus OFF for a per-cohort metric: of means for events, of proportions for rates. */
export function cohortDifference(
  readings: Readings,
  metric: MetricDefinition,
  flag: string,
  window: TimeWindow,
): { difference: Difference | null; on: number; off: number } {
  if (metric.kind === 'prometheus') return { difference: null, on: 0, off: 0 };
  const read = (name: string, cohort: 'on' | 'off'): SeriesSummary =>
    readings.series({ metric: name, flag, cohort, ...window });
  if (metric.kind === 'rate') {
    const side = (cohort: 'on' | 'off') => ({
      events: read(metric.numerator, cohort).count,
      trials: read(metric.denominator, cohort).count,
    });
    const on = side('on');
    const off = side('off');
    return { difference: proportionDifference(on, off), on: on.trials, off: off.trials };
  }
  const moments = (cohort: 'on' | 'off') => {
    const s = read(metric.event, cohort);
    return { n: s.count, sum: s.sum, sumSquares: s.sumSquares };
  };
  const on = moments('on');
  const off = moments('off');
  return { difference: meanDifference(on, off), on: on.n, off: off.n };
}

/** `p95 injection_latency`, `error_rate`, `count of critical_alerts`. */
export function describeStat(metric: MetricDefinition, stat: Stat): string {
  if (stat === 'rate' || stat === 'value') return metric.name;
  if (stat === 'count') return `count of ${metric.name}`;
  return `${stat} ${metric.name}`;
}

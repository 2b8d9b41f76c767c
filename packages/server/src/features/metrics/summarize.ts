import type { MetricSeriesSummary, MetricsSummary } from '@ramp/api';
import type { Readings } from '../rollouts/index.js';
import type { MinuteRows, RowCohort } from './minute-rows.js';
import { readingsFromRows } from './sql-readings.js';
import type { ReadingsWindow } from './sql-readings.js';

/** Most series one summary lists. */
export const MAX_SUMMARY_SERIES = 1000;

/**
 * Every series and flag found in the rows, summarised over the window through the same
 * `Readings` the controller uses: count, sum, mean, min, max, p50, p95, p99; exposures per
 * flag. Sorted by metric, flag (global first) and cohort.
 *
 * @example
 * const summary = summarize(await store.load(filter), { from, to });
 */
export function summarize(rows: MinuteRows, window: ReadingsWindow): MetricsSummary {
  const readings = readingsFromRows(rows);
  const keys = new Map<string, { metric: string; flag: string | null; cohort: RowCohort }>();
  for (const row of rows.series) keys.set(keyText(row.metric, row.flag, row.cohort), row);
  for (const row of rows.events) {
    keys.set(keyText(row.name, row.flag, row.cohort), { ...row, metric: row.name });
  }
  const series = [...keys.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_SUMMARY_SERIES)
    .map(([, key]) => seriesSummary(readings, key, window));
  const flags = [...new Set(rows.exposures.map((e) => e.flag))].sort();
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    series,
    exposures: flags.map((flag) => ({ flag, ...readings.exposures({ flag, ...window }) })),
  };
}

function seriesSummary(
  readings: Readings,
  key: { metric: string; flag: string | null; cohort: RowCohort },
  window: ReadingsWindow,
): MetricSeriesSummary {
  const s = readings.series({ ...key, ...window });
  return {
    metric: key.metric,
    flag: key.flag,
    cohort: key.cohort,
    count: s.count,
    sum: s.sum,
    mean: s.count > 0 ? s.sum / s.count : null,
    min: s.min(),
    max: s.max(),
    p50: s.quantile(0.5),
    p95: s.quantile(0.95),
    p99: s.quantile(0.99),
  };
}

function keyText(metric: string, flag: string | null, cohort: string): string {
  return `${metric}\u0000${flag ?? ''}\u0000${cohort}`;
}

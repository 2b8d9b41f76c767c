import { describe, expect, it } from 'vitest';
import { aggregateBatch, combineRows, DROPPED_METRIC } from './aggregate-batch.js';
import type { SeriesRow } from './minute-rows.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const M0 = T0 / MINUTE;

function row(rows: readonly SeriesRow[], metric: string, flag: string | null, cohort: string) {
  return rows.find((r) => r.metric === metric && r.flag === flag && r.cohort === cohort);
}

describe('aggregateBatch', () => {
  it('puts each value in its global series and in the series of every flag it is tagged with', () => {
    const rows = aggregateBatch(
      {
        sentAt: T0,
        observations: [
          { metric: 'latency_ms', value: 100, at: T0 + 1, cohorts: { a: 'on', b: 'off' } },
          { metric: 'latency_ms', value: 300, at: T0 + 2, cohorts: { a: 'off', b: 'off' } },
          { metric: 'latency_ms', value: 50, at: T0 + MINUTE, cohorts: {} },
        ],
      },
      0,
    );
    expect(rows.series).toHaveLength(5);
    const global = row(rows.series, 'latency_ms', null, 'all');
    expect(global).toMatchObject({
      minute: M0,
      bucket: { count: 2, sum: 400, min: 100, max: 300 },
    });
    expect(global?.bucket.sumSquares).toBe(100 * 100 + 300 * 300);
    expect(global?.bucket.sketch?.count).toBe(2);
    expect(row(rows.series, 'latency_ms', 'b', 'off')?.bucket.count).toBe(2);
    expect(row(rows.series, 'latency_ms', 'a', 'on')?.bucket.sum).toBe(100);
    const later = rows.series.filter((r) => r.minute === M0 + 1);
    expect(later).toMatchObject([{ flag: null, cohort: 'all', bucket: { count: 1 } }]);
  });

  it('adds counters without sketches, and counts what the SDK dropped', () => {
    const rows = aggregateBatch(
      {
        sentAt: T0,
        counters: [
          { metric: 'errors', count: 3, at: T0, cohorts: { a: 'on' } },
          { metric: 'errors', count: 2, at: T0 + 5, cohorts: { a: 'on' } },
        ],
        dropped: 7,
      },
      0,
    );
    expect(row(rows.series, 'errors', 'a', 'on')?.bucket).toMatchObject({
      count: 5,
      sum: 5,
      sumSquares: 5,
      sketch: null,
    });
    expect(row(rows.series, 'errors', null, 'all')?.bucket.count).toBe(5);
    expect(row(rows.series, DROPPED_METRIC, null, 'all')?.bucket.count).toBe(7);
  });

  it('sums exposures per flag, cohort and minute, and counts events per name', () => {
    const rows = aggregateBatch(
      {
        sentAt: T0,
        exposures: [
          { flag: 'a', cohort: 'on', count: 10, at: T0 },
          { flag: 'a', cohort: 'on', count: 5, at: T0 + 59_999 },
          { flag: 'a', cohort: 'off', count: 90, at: T0 },
        ],
        events: [
          { name: 'critical_alert', at: T0 },
          { name: 'critical_alert', at: T0 + 1, cohorts: { a: 'on' }, attributes: { x: 1 } },
        ],
      },
      0,
    );
    expect(rows.exposures).toEqual([
      { minute: M0, flag: 'a', cohort: 'on', count: 15 },
      { minute: M0, flag: 'a', cohort: 'off', count: 90 },
    ]);
    expect(rows.events).toEqual([
      { minute: M0, name: 'critical_alert', flag: null, cohort: 'all', count: 2 },
      { minute: M0, name: 'critical_alert', flag: 'a', cohort: 'on', count: 1 },
    ]);
  });

  it('moves every time by the clock correction', () => {
    const rows = aggregateBatch(
      {
        sentAt: T0,
        counters: [{ metric: 'errors', count: 1, at: T0, cohorts: {} }],
        exposures: [{ flag: 'a', cohort: 'on', count: 1, at: T0 }],
      },
      3 * MINUTE,
    );
    expect(rows.series[0]?.minute).toBe(M0 + 3);
    expect(rows.exposures[0]?.minute).toBe(M0 + 3);
  });
});

describe('combineRows', () => {
  it('gives the rows of the batches taken together, each key once', () => {
    const a = {
      sentAt: T0,
      observations: [{ metric: 'latency_ms', value: 100, at: T0, cohorts: { a: 'on' as const } }],
      exposures: [{ flag: 'a', cohort: 'on' as const, count: 3, at: T0 }],
      events: [{ name: 'alert', at: T0 }],
    };
    const b = {
      sentAt: T0,
      observations: [
        { metric: 'latency_ms', value: 300, at: T0 + 1, cohorts: { a: 'on' as const } },
        { metric: 'latency_ms', value: 7, at: T0 + MINUTE, cohorts: {} },
      ],
      exposures: [{ flag: 'a', cohort: 'on' as const, count: 4, at: T0 + 2 }],
      events: [{ name: 'alert', at: T0 + 3 }],
    };
    const together = aggregateBatch(
      {
        sentAt: T0,
        observations: [...a.observations, ...b.observations],
        exposures: [...a.exposures, ...b.exposures],
        events: [...a.events, ...b.events],
      },
      0,
    );
    const combined = combineRows([aggregateBatch(a, 0), aggregateBatch(b, 0)]);
    const sameAs = (rows: typeof combined) => ({
      series: rows.series
        .map((r) => [
          r.minute,
          r.metric,
          r.flag,
          r.cohort,
          r.bucket.count,
          r.bucket.sum,
          r.bucket.min,
          r.bucket.max,
          r.bucket.sketch?.count,
        ])
        .sort(),
      exposures: rows.exposures.map((r) => [r.minute, r.flag, r.cohort, r.count]).sort(),
      events: rows.events.map((r) => [r.minute, r.name, r.flag, r.cohort, r.count]).sort(),
    });
    expect(sameAs(combined)).toEqual(sameAs(together));
    expect(combined.exposures).toEqual([{ minute: M0, flag: 'a', cohort: 'on', count: 7 }]);
  });
});

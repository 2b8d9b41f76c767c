import type { MetricsSummary } from '@ramp/api';
import { describe, expect, it } from 'vitest';
import { bucketWindows, chartSpecs, hasData, seriesFor } from './plan-charts.js';
import type { PlanGate, PlanMetric, PlanState } from './plans.js';

const state: PlanState = {
  status: 'running',
  since: 0,
  startedAt: 0,
  at: { phase: 0, step: 0, stepStartedAt: 0, phaseStartedAt: 0 },
  until: null,
  reason: null,
  by: null,
  nextPhase: null,
  approvals: 0,
};
const latency: PlanMetric = {
  name: 'latency',
  kind: 'event',
  event: 'latency_ms',
  numerator: null,
  denominator: null,
  unit: 'ms',
  scope: 'cohort',
};
const errors: PlanMetric = {
  ...latency,
  name: 'error_rate',
  kind: 'rate',
  event: null,
  numerator: 'errors',
  denominator: 'requests',
  unit: null,
};
const gate = (fields: Partial<PlanGate>): PlanGate => ({
  kind: 'threshold',
  name: 'g',
  metric: latency,
  flag: 'f',
  stat: 'p95',
  threshold: 200,
  ...fields,
});
const series = (metric: string, cohort: 'on' | 'off', count: number, p95: number | null) => ({
  metric,
  flag: 'f',
  cohort,
  count,
  sum: 0,
  mean: null,
  min: null,
  max: null,
  p50: null,
  p95,
  p99: null,
});
const summary = (s: MetricsSummary['series']): MetricsSummary => ({
  from: '',
  to: '',
  series: s,
  exposures: [],
});

describe('plan charts', () => {
  it('charts the current phase’s cohort gates, once per flag, metric and statistic', () => {
    const specs = chartSpecs({
      state,
      phases: [
        {
          name: 'canary',
          stops: [],
          bakeMs: 0,
          approvals: null,
          gates: [
            gate({}),
            gate({ name: 'again' }),
            gate({ metric: errors, stat: null, threshold: 0.005 }),
            gate({ kind: 'srm', metric: null }),
            gate({ metric: { ...latency, scope: 'global' } }),
          ],
        },
      ],
    });
    expect(specs.map((s) => [s.key, s.threshold, s.unit])).toEqual([
      ['f:latency:p95', 200, 'ms'],
      ['f:error_rate:rate', 0.5, '%'],
    ]);
  });

  it('builds ON and OFF series from one summary per window, null where there is none', () => {
    const [p95, rate] = chartSpecs({
      state,
      phases: [
        {
          name: 'canary',
          stops: [],
          bakeMs: 0,
          approvals: null,
          gates: [gate({}), gate({ metric: errors, stat: null })],
        },
      ],
    });
    const buckets = [
      { to: 1, summary: summary([]) },
      {
        to: 2,
        summary: summary([
          series('latency_ms', 'on', 10, 180),
          series('errors', 'off', 2, null),
          series('requests', 'off', 200, null),
        ]),
      },
    ];
    if (p95 === undefined || rate === undefined) throw new Error('no specs');
    expect(seriesFor(p95, buckets)).toEqual({ times: [1, 2], on: [null, 180], off: [null, null] });
    expect(seriesFor(rate, buckets)).toEqual({ times: [1, 2], on: [null, null], off: [null, 1] });
    expect(hasData(seriesFor(p95, buckets.slice(0, 1)))).toBe(false);
  });

  it('splits a window into equal whole-minute buckets ending at the end', () => {
    const windows = bucketWindows(0, 60 * 60_000, 12);
    expect(windows).toHaveLength(12);
    expect(windows[0]).toEqual({ from: 0, to: 5 * 60_000 });
    expect(windows[11]?.to).toBe(60 * 60_000);
  });
});

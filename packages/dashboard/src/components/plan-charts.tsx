import type { MetricsSummary } from '@ramp/api';
import { useEffect, useState } from 'react';
import type { Api } from '../lib/api.js';
import type { OnOffSeries } from '../lib/chart-data.js';
import {
  bucketWindows,
  chartSpecs,
  hasData,
  seriesFor,
  type ChartSpec,
} from '../lib/plan-charts.js';
import type { PlanDetails } from '../lib/plans.js';
import { describeError } from './error-notice.js';
import { OnOffChart } from './on-off-chart.js';

const BUCKETS = 12;
const HOUR = 3_600_000;

type ChartsResult =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly charts: readonly (readonly [ChartSpec, OnOffSeries])[] }
  | { readonly kind: 'failed'; readonly error: string };

/**
 * ON-vs-OFF charts of the current phase's gated metrics over the run (at least the last hour),
 * in 12 windows: one `GET /api/v1/metrics/summary` per flag and window (the summary is a
 * window total). Charts without any reading are left out, never drawn from made-up data.
 */
export function PlanCharts({ api, plan }: { readonly api: Api; readonly plan: PlanDetails }) {
  const [result, setResult] = useState<ChartsResult>({ kind: 'loading' });
  const specs = chartSpecs(plan);
  const specKey = specs.map((s) => s.key).join('|');
  const end = Math.max(Date.now(), Date.parse(plan.updatedAt) || 0);
  const started = plan.state.startedAt ?? end - HOUR;
  const start = Math.max(end - 7 * 24 * HOUR, Math.min(started, end - HOUR));
  // Refetched when the plan changes (a new version), not on every render.
  const version = plan.version;

  useEffect(() => {
    let current = true;
    const flags = [...new Set(specs.map((s) => s.flag))];
    const windows = bucketWindows(start, end, BUCKETS);
    const load = async () => {
      const byFlag = new Map<string, { to: number; summary: MetricsSummary }[]>();
      await Promise.all(
        flags.map(async (flag) => {
          const buckets = await Promise.all(
            windows.map(async (w) => ({
              to: w.to,
              summary: await api.metricsSummary({
                flag,
                from: new Date(w.from).toISOString(),
                to: new Date(w.to).toISOString(),
              }),
            })),
          );
          byFlag.set(flag, buckets);
        }),
      );
      return specs.flatMap((spec) => {
        const series = seriesFor(spec, byFlag.get(spec.flag) ?? []);
        return hasData(series) ? [[spec, series] as const] : [];
      });
    };
    if (specs.length === 0) {
      setResult({ kind: 'loaded', charts: [] });
      return;
    }
    load().then(
      (charts) => current && setResult({ kind: 'loaded', charts }),
      (error: unknown) => current && setResult({ kind: 'failed', error: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, specKey, version]);

  if (specs.length === 0) {
    return <p className="empty">This phase has no gates on ON and OFF cohorts to chart.</p>;
  }
  if (result.kind === 'loading') return <p className="count">Loading metrics…</p>;
  if (result.kind === 'failed') {
    return <p className="field-error">Metrics cannot be read: {result.error}</p>;
  }
  if (result.charts.length === 0) {
    return (
      <p className="empty">
        No metrics recorded yet for {specs.map((s) => s.metric.name).join(', ')}.
      </p>
    );
  }
  return (
    <div className="chart-grid">
      {result.charts.map(([spec, series]) => (
        <OnOffChart
          key={spec.key}
          title={spec.title}
          unit={spec.unit}
          data={series}
          threshold={spec.threshold}
        />
      ))}
    </div>
  );
}

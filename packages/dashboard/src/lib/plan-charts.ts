import type { MetricsSummary } from '@ramp/api';
import type { OnOffSeries } from './chart-data.js';
import type { PlanDetails, PlanMetric } from './plans.js';

/** One ON-vs-OFF chart: a gated metric of a flag, with the gate's statistic and threshold. */
export interface ChartSpec {
  readonly key: string;
  readonly title: string;
  readonly unit: string | undefined;
  readonly flag: string;
  readonly metric: PlanMetric;
  readonly stat: SummaryStat | 'rate';
  readonly threshold: number | undefined;
}

/** The statistics `GET /api/v1/metrics/summary` has per series. */
const SUMMARY_STATS = ['p50', 'p95', 'p99', 'mean', 'min', 'max', 'count', 'sum'] as const;
type SummaryStat = (typeof SUMMARY_STATS)[number];

const isSummaryStat = (stat: string): stat is SummaryStat =>
  (SUMMARY_STATS as readonly string[]).includes(stat);

/** The phase whose gates matter now: the current one, the next one awaiting approval, or the last. */
export function currentPhaseIndex(plan: Pick<PlanDetails, 'phases' | 'state'>): number {
  const { state } = plan;
  if (state.at !== null) return state.at.phase;
  if (state.nextPhase !== null) return state.nextPhase;
  return state.status === 'completed' ? plan.phases.length - 1 : 0;
}

/**
 * The charts for the current phase's gates on per-cohort metrics (event and rate metrics; a
 * Prometheus query or a global metric has no ON and OFF cohorts in the summary API).
 */
export function chartSpecs(plan: Pick<PlanDetails, 'phases' | 'state'>): ChartSpec[] {
  const phase = plan.phases[currentPhaseIndex(plan)];
  if (phase === undefined) return [];
  const specs = new Map<string, ChartSpec>();
  for (const gate of phase.gates) {
    const { metric, flag } = gate;
    if (metric === null || flag === null || metric.scope !== 'cohort') continue;
    if (metric.kind === 'prometheus') continue;
    const stat =
      metric.kind === 'rate'
        ? 'rate'
        : gate.stat !== null && isSummaryStat(gate.stat)
          ? gate.stat
          : 'mean';
    const key = `${flag}:${metric.name}:${stat}`;
    if (specs.has(key)) continue;
    specs.set(key, {
      key,
      title: `${stat} ${metric.name} for ${flag}, ON vs OFF`,
      unit: metric.unit ?? (metric.kind === 'rate' ? '%' : undefined),
      flag,
      metric,
      stat,
      threshold:
        gate.kind === 'threshold' && gate.threshold !== null
          ? metric.kind === 'rate'
            ? gate.threshold * 100
            : gate.threshold
          : undefined,
    });
  }
  return [...specs.values()];
}

/** `count` consecutive windows of equal length ending at `end` (epoch ms). */
export function bucketWindows(
  start: number,
  end: number,
  count: number,
): { readonly from: number; readonly to: number }[] {
  const size = Math.max(60_000, Math.ceil((end - start) / count / 60_000) * 60_000);
  return Array.from({ length: count }, (_, i) => ({
    from: end - (count - i) * size,
    to: end - (count - i - 1) * size,
  }));
}

/** The chart's series from one summary per window (null where a cohort has no reading). */
export function seriesFor(
  spec: ChartSpec,
  buckets: readonly { readonly to: number; readonly summary: MetricsSummary }[],
): OnOffSeries {
  const read = (summary: MetricsSummary, cohort: 'on' | 'off'): number | null => {
    const find = (metric: string | null) =>
      summary.series.find(
        (s) => s.metric === metric && s.flag === spec.flag && s.cohort === cohort,
      );
    if (spec.stat === 'rate') {
      const numerator = find(spec.metric.numerator);
      const denominator = find(spec.metric.denominator);
      if (denominator === undefined || denominator.count === 0) return null;
      return round(((numerator?.count ?? 0) / denominator.count) * 100);
    }
    const series = find(spec.metric.event);
    if (series === undefined || series.count === 0) return null;
    const value = series[spec.stat];
    return value === null ? null : round(value);
  };
  return {
    times: buckets.map((b) => b.to),
    on: buckets.map((b) => read(b.summary, 'on')),
    off: buckets.map((b) => read(b.summary, 'off')),
  };
}

/** True when at least one window has a reading. */
export function hasData(series: OnOffSeries): boolean {
  return series.on.some((v) => v !== null) || series.off.some((v) => v !== null);
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

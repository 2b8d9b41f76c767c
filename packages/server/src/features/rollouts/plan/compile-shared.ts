import type { CohortSelector } from '../metrics/readings.js';
import type { Report } from './compile-stops.js';
import { parseDuration } from './duration.js';
import {
  PlanDefaults,
  type GateWindow,
  type Margin,
  type MetricDefinition,
  type Stat,
} from './plan.js';

/** What compiling a gate or trigger needs to know about the rest of the plan. */
export interface CheckContext {
  readonly metrics: ReadonlyMap<string, MetricDefinition>;
  readonly flags: ReadonlySet<string>;
  /** The flag whose cohorts a gate reads when it names none: the plan's first flag. */
  readonly defaultFlag: string;
  readonly report: Report;
}

/** `0.5%` -> 0.005; numbers stay as they are. */
export function parseThreshold(value: number | string): number {
  if (typeof value === 'number') return value;
  return Number(value.slice(0, -1)) / 100;
}

/** A declared metric, or (for an undeclared name) the event recorded under that name. */
export function resolveMetric(name: string, context: CheckContext): MetricDefinition {
  return (
    context.metrics.get(name) ?? {
      kind: 'event',
      name,
      event: name,
      unit: null,
      better: 'lower',
      scope: 'cohort',
    }
  );
}

const EVENT_STATS: readonly Stat[] = [
  'p50',
  'p90',
  'p95',
  'p99',
  'mean',
  'min',
  'max',
  'count',
  'sum',
];

/** The statistics that apply to a kind of metric. */
export function statsFor(metric: MetricDefinition): readonly Stat[] {
  if (metric.kind === 'rate') return ['rate'];
  if (metric.kind === 'prometheus') return ['value'];
  return EVENT_STATS;
}

export function resolveStat(
  metric: MetricDefinition,
  stat: string | undefined,
  path: string,
  report: Report,
): Stat | null {
  const allowed = statsFor(metric);
  if (stat === undefined) {
    if (allowed.length === 1) return allowed[0] ?? null;
    report(
      `${path}.stat`,
      `required for event metric ${metric.name}; expected one of ${allowed.join(', ')}`,
    );
    return null;
  }
  const found = allowed.find((s) => s === stat);
  if (found === undefined) {
    report(
      `${path}.stat`,
      `${stat} does not apply to ${metric.kind} metric ${metric.name}; expected ${allowed.join(', ')}`,
    );
    return null;
  }
  return found;
}

export function resolveFlag(flag: string | undefined, path: string, context: CheckContext): string {
  if (flag === undefined) return context.defaultFlag;
  if (!context.flags.has(flag)) {
    context.report(path, `unknown flag; expected one of ${[...context.flags].join(', ')}`);
  }
  return flag;
}

/** The cohort a check reads (for PromQL, what `{{cohort}}` becomes); global series have one. */
export function resolveCohort(
  metric: MetricDefinition,
  cohort: string | undefined,
  fallback: CohortSelector,
): CohortSelector {
  if (metric.kind !== 'prometheus' && metric.scope === 'global') return 'all';
  if (cohort === 'on' || cohort === 'off' || cohort === 'all') return cohort;
  return fallback;
}

export function resolveWindow(window: string | undefined): GateWindow {
  if (window === undefined || window === 'bake') return { kind: 'bake' };
  if (window === 'phase') return { kind: 'phase' };
  return { kind: 'last', ms: parseDuration(window) ?? 0 };
}

export function resolveMargin(
  margin: { relative?: number | string; absolute?: number | string } | undefined,
  path: string,
  report: Report,
): Margin {
  if (margin === undefined) return { kind: 'absolute', value: 0 };
  const { relative, absolute } = margin;
  if ((relative === undefined) === (absolute === undefined)) {
    report(path, 'expected exactly one of relative or absolute, like { relative: 5% }');
  }
  if (relative !== undefined) return { kind: 'relative', value: parseThreshold(relative) };
  return { kind: 'absolute', value: parseThreshold(absolute ?? 0) };
}

/** The metric must be comparable between cohorts: a recorded event (mean) or a rate. */
export function checkComparable(metric: MetricDefinition, path: string, report: Report): void {
  if (metric.kind === 'prometheus') {
    report(path, `${metric.name} is a Prometheus metric; compare needs an event or rate metric`);
  } else if (metric.scope === 'global') {
    report(path, `${metric.name} is global (no cohorts); compare needs a per-cohort metric`);
  }
}

export function defaultMinSamples(metric: MetricDefinition, stat: Stat): number {
  if (stat === 'count' || stat === 'sum' || metric.kind === 'prometheus') return 0;
  if (metric.scope === 'global') return 1;
  return PlanDefaults.sustainedMinSamples;
}

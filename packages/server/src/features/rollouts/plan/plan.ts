import type { CohortSelector } from '../metrics/readings.js';

/**
 * A compiled plan: the plan file with every default filled in, durations in milliseconds,
 * thresholds as numbers and the percentages of every flag at every stop. `decide()` reads
 * only this; the file is compiled (and checked) once by `parsePlan`.
 */
export interface Plan {
  readonly name: string;
  readonly description: string | null;
  /** Epoch ms before which the first phase may not start, or null. */
  readonly startAt: number | null;
  readonly flags: readonly PlanFlag[];
  readonly readiness: readonly ReadinessItem[];
  readonly phases: readonly Phase[];
}

export interface PlanFlag {
  readonly key: string;
  readonly bucketBy: string | null;
  /** Flags this one is nested in: it never exceeds their percentage. */
  readonly requires: readonly string[];
}

export interface ReadinessItem {
  readonly id: string;
  readonly item: string;
  readonly owner: string;
}

export interface Phase {
  readonly index: number;
  readonly name: string;
  readonly description: string | null;
  /** The steps, then the phase percentages themselves (the last stop, which bakes). */
  readonly stops: readonly Stop[];
  readonly bakeMs: number;
  /** How long one HOLD extends the bake. */
  readonly holdForMs: number;
  /** HOLDs before the controller stops extending and pauses for a person. */
  readonly maxHolds: number;
  readonly approvals: ApprovalRule | null;
  readonly gates: readonly Gate[];
  readonly triggers: readonly Trigger[];
}

export interface Stop {
  /** The percentage of every plan flag at this stop. */
  readonly percentages: Readonly<Record<string, number>>;
  /** How long to stay before the next stop; null for the last stop (it bakes). */
  readonly waitMs: number | null;
}

export interface ApprovalRule {
  readonly required: number;
  /** Who may approve; null means anyone named. */
  readonly approvers: readonly string[] | null;
}

export const Stats = [
  'p50',
  'p90',
  'p95',
  'p99',
  'mean',
  'min',
  'max',
  'count',
  'sum',
  'rate',
  'value',
] as const;
export type Stat = (typeof Stats)[number];

export type Better = 'lower' | 'higher';

export type MetricDefinition =
  | {
      readonly kind: 'event';
      readonly name: string;
      readonly event: string;
      readonly unit: string | null;
      readonly better: Better;
      readonly scope: 'cohort' | 'global';
    }
  | {
      readonly kind: 'rate';
      readonly name: string;
      readonly numerator: string;
      readonly denominator: string;
      readonly unit: string | null;
      readonly better: Better;
      readonly scope: 'cohort' | 'global';
    }
  | {
      readonly kind: 'prometheus';
      readonly name: string;
      readonly query: string;
      readonly url: string | null;
      readonly unit: string | null;
      readonly better: Better;
    };

export type Comparator = '<' | '>' | '<=' | '>=';

export type GateWindow =
  | { readonly kind: 'bake' }
  | { readonly kind: 'phase' }
  | { readonly kind: 'last'; readonly ms: number };

export interface Margin {
  readonly kind: 'relative' | 'absolute';
  readonly value: number;
}

export type RollbackTarget =
  { readonly kind: 'previous' } | { readonly kind: 'percentage'; readonly value: number };

export type TriggerAction =
  { readonly kind: 'rollback'; readonly target: RollbackTarget } | { readonly kind: 'pause' };

interface Check {
  readonly name: string;
  /** Where it is written in the plan file, e.g. `phases[1].gates[0]`. */
  readonly source: string;
  readonly description: string | null;
}

interface MetricTarget {
  readonly metric: MetricDefinition;
  readonly flag: string;
  readonly cohort: CohortSelector;
}

export interface ThresholdGate extends Check, MetricTarget {
  readonly kind: 'threshold';
  readonly stat: Stat;
  readonly comparator: Comparator;
  readonly threshold: number;
  readonly window: GateWindow;
  readonly minSamples: number;
}

export interface CompareGate extends Check {
  readonly kind: 'compare';
  readonly metric: MetricDefinition;
  readonly flag: string;
  readonly margin: Margin;
  readonly alpha: number;
  readonly window: GateWindow;
  readonly minSamples: number;
}

export interface SrmGate extends Check {
  readonly kind: 'srm';
  readonly flag: string;
  readonly alpha: number;
  readonly window: GateWindow;
  readonly minSamples: number;
}

export type Gate = ThresholdGate | CompareGate | SrmGate;

export interface SustainedTrigger extends Check, MetricTarget {
  readonly kind: 'sustained';
  readonly stat: Stat;
  readonly comparator: '>' | '<';
  readonly threshold: number;
  readonly forMs: number;
  /** The data each evaluation reads: the last `windowMs` before it. */
  readonly windowMs: number;
  readonly minSamples: number;
  readonly action: TriggerAction;
}

export interface CountTrigger extends Check, MetricTarget {
  readonly kind: 'count';
  readonly atLeast: number;
  readonly withinMs: number;
  readonly action: TriggerAction;
}

export interface CompareTrigger extends Check {
  readonly kind: 'compare';
  readonly metric: MetricDefinition;
  readonly flag: string;
  readonly margin: Margin;
  readonly alpha: number;
  readonly minSamples: number;
  readonly action: TriggerAction;
}

export type Trigger = SustainedTrigger | CountTrigger | CompareTrigger;

/** Defaults for whatever a plan file leaves out. */
export const PlanDefaults = {
  holdForMs: 3_600_000,
  maxHolds: 3,
  thresholdMinSamples: 100,
  compareMinSamples: 1000,
  srmMinSamples: 1000,
  sustainedMinSamples: 20,
  sustainedWindowMs: 300_000,
  compareGateAlpha: 0.05,
  compareTriggerAlpha: 0.01,
  srmAlpha: 0.001,
} as const;

/** The percentages every flag has before the first phase: all 0. */
export function zeroPercentages(plan: Pick<Plan, 'flags'>): Record<string, number> {
  return Object.fromEntries(plan.flags.map((f) => [f.key, 0]));
}

/** The last stop of a phase: the phase percentages. */
export function finalStop(phase: Phase): Stop {
  const stop = phase.stops[phase.stops.length - 1];
  if (stop === undefined) throw new Error(`phase ${phase.name} has no stops`);
  return stop;
}

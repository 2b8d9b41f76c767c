import { formatCount, formatDuration } from '../format.js';
import type { Readings } from '../metrics/readings.js';
import type {
  CompareTrigger,
  CountTrigger,
  Plan,
  SustainedTrigger,
  Trigger,
} from '../plan/plan.js';
import { compareCohorts } from './compare.js';
import { evidence, type Evidence } from './evidence.js';
import { describeStat, measure, type Measurement, type TimeWindow } from './measure.js';
import type { Position } from './state.js';
import { compare, relation, sampleWords, valueIn } from './wording.js';

const MINUTE = 60_000;

/** What judging a phase's triggers needs. */
export interface TriggerContext {
  readonly plan: Plan;
  readonly at: Position;
  readonly readings: Readings;
  readonly now: number;
  /** Data before this (the run's start or the last resume) is not read. */
  readonly observeFrom: number;
}

export interface TriggerCheck {
  readonly trigger: Trigger;
  readonly fired: boolean;
  readonly evidence: Evidence;
}

/** Judges every trigger of the current phase, as it is judged every minute. */
export function checkTriggers(context: TriggerContext): TriggerCheck[] {
  const phase = context.plan.phases[context.at.phase];
  return (phase?.triggers ?? []).map((trigger) => checkTrigger(trigger, context));
}

export function checkTrigger(trigger: Trigger, context: TriggerContext): TriggerCheck {
  switch (trigger.kind) {
    case 'sustained':
      return checkSustained(trigger, context);
    case 'count':
      return checkCount(trigger, context);
    case 'compare':
      return checkCompare(trigger, context);
  }
}

function base(trigger: Trigger) {
  return {
    kind: 'trigger',
    name: trigger.name,
    source: trigger.source,
    flag: trigger.flag,
  } as const;
}

function isBreach(m: Measurement, trigger: SustainedTrigger): boolean {
  if (m.value === null || (m.samples !== null && m.samples < trigger.minSamples)) return false;
  return compare(m.value, trigger.comparator, trigger.threshold);
}

/**
 * "Above X for D": one evaluation per minute of D, each over the `window` before it, and
 * every one must be a breach. An evaluation without enough data is not a breach, so a
 * quiet metric never fires a trigger, and nothing before `observeFrom` counts.
 */
function checkSustained(trigger: SustainedTrigger, context: TriggerContext): TriggerCheck {
  const { breaches, evaluations, latest } = breachRun(trigger, context);
  const fired = breaches === evaluations;
  const value = latest?.m.value ?? null;
  const samples = latest?.m.samples ?? null;
  const noData = value === null || (samples !== null && samples < trigger.minSamples);
  const label = describeStat(trigger.metric, trigger.stat);
  const over = `over the last ${formatDuration(trigger.windowMs)}${sampleWords(samples)}`;
  const required = trigger.minSamples > 0 ? `, ${formatCount(trigger.minSamples)} required` : '';
  const text = noData
    ? `${label}: no data ${over}${required}: not a breach`
    : `${label} ${valueIn(trigger.metric, value)} ${relation(trigger.comparator, breaches > 0)} ` +
      `${valueIn(trigger.metric, trigger.threshold)} ${over}: ` +
      `breach ${breaches} of ${evaluations} min${fired ? ': fired' : ''}`;
  const fields = { metric: trigger.metric.name, stat: trigger.stat, cohort: trigger.cohort, value };
  return {
    trigger,
    fired,
    evidence: evidence({
      ...base(trigger),
      ...fields,
      threshold: trigger.threshold,
      sampleSize: samples,
      details: { breaches, evaluations },
      window: latest?.window ?? null,
      verdict: fired ? 'fired' : noData ? 'no-data' : 'clear',
      text,
    }),
  };
}

/** The breaches in a row, newest first, among the minute-by-minute evaluations of `for`. */
function breachRun(trigger: SustainedTrigger, context: TriggerContext) {
  const evaluations = Math.max(1, Math.ceil(trigger.forMs / MINUTE));
  let breaches = 0;
  let latest: { m: Measurement; window: TimeWindow } | null = null;
  for (let i = 0; i < evaluations; i++) {
    const to = context.now - i * MINUTE;
    const window = { from: Math.max(context.observeFrom, to - trigger.windowMs), to };
    if (window.to <= window.from) break;
    const m = measure(context.readings, trigger, window);
    latest ??= { m, window };
    if (!isBreach(m, trigger)) break;
    breaches += 1;
  }
  return { breaches, evaluations, latest };
}

/** "At least N within W": the events in the last W (since `observeFrom`). */
function checkCount(trigger: CountTrigger, context: TriggerContext): TriggerCheck {
  const window = {
    from: Math.max(context.observeFrom, context.now - trigger.withinMs),
    to: context.now,
  };
  const m = measure(context.readings, { ...trigger, stat: 'count' }, window);
  const count = m.value ?? 0;
  const fired = count >= trigger.atLeast;
  const text =
    `${trigger.metric.name}: ${formatCount(count)} in the last ${formatDuration(trigger.withinMs)} ` +
    `${fired ? '≥' : '<'} ${formatCount(trigger.atLeast)}${fired ? ': fired' : ''}`;
  return {
    trigger,
    fired,
    evidence: evidence({
      ...base(trigger),
      metric: trigger.metric.name,
      stat: 'count',
      cohort: trigger.cohort,
      value: count,
      threshold: trigger.atLeast,
      sampleSize: count,
      window,
      verdict: fired ? 'fired' : 'clear',
      text,
    }),
  };
}

/** ON confidently worse than OFF by more than the margin, by the always-valid sequence. */
function checkCompare(trigger: CompareTrigger, context: TriggerContext): TriggerCheck {
  const window = { from: context.observeFrom, to: context.now };
  const words = `since the run started or resumed (${formatDuration(window.to - window.from)})`;
  const result = compareCohorts(trigger, context.readings, { window, words });
  const fired = result.verdict === 'beyond';
  const verdict = fired ? 'fired' : result.verdict === 'too-few' ? 'no-data' : 'clear';
  return {
    trigger,
    fired,
    evidence: evidence({
      ...base(trigger),
      metric: trigger.metric.name,
      stat: trigger.metric.kind === 'rate' ? 'rate' : 'mean',
      cohort: 'on-vs-off',
      value: result.difference?.estimate ?? null,
      threshold: result.details['margin'] ?? null,
      sampleSize: result.on + result.off,
      statistic: result.z === null ? null : { name: 'z', value: result.z },
      details: result.details,
      window,
      verdict,
      text: `${result.text}: ${fired ? 'fired' : verdict === 'no-data' ? 'not yet judged' : 'clear'}`,
    }),
  };
}

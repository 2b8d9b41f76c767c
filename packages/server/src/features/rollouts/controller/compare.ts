import { formatCount, formatNumber, formatSigned, formatValue } from '../format.js';
import type { Readings } from '../metrics/readings.js';
import type { Margin, MetricDefinition } from '../plan/plan.js';
import {
  confidenceSequence,
  samplesToConclude,
  type Difference,
} from '../statistics/confidence-sequence.js';
import { cohortDifference, type TimeWindow } from './measure.js';
import { neededWords } from './wording.js';

/** One ON-versus-OFF comparison, as compare gates and compare triggers configure it. */
export interface Comparison {
  readonly metric: MetricDefinition;
  readonly flag: string;
  readonly margin: Margin;
  readonly alpha: number;
  readonly minSamples: number;
}

/**
 * Where the always-valid interval of the harm (how much worse ON is than OFF) lies relative
 * to the margin: entirely inside it (non-inferior), entirely beyond it (worse), across it,
 * or not computed yet for lack of samples.
 */
export type CompareVerdict = 'within' | 'beyond' | 'across' | 'too-few';

export interface CompareResult {
  readonly verdict: CompareVerdict;
  readonly difference: Difference | null;
  readonly on: number;
  readonly off: number;
  /** ON samples still needed before a verdict other than `across` is likely; null if unknown. */
  readonly needed: number | null;
  /** The numbers for the evidence record. */
  readonly details: Readonly<Record<string, number>>;
  readonly z: number | null;
  readonly text: string;
}

/** The sample size the mixture is tuned for: a few times the minimum, so early looks are sharp. */
export function tuneAtFor(minSamples: number): number {
  return Math.max(100, 3 * minSamples);
}

/** Compares ON with OFF over a window by the always-valid confidence sequence. */
export function compareCohorts(
  c: Comparison,
  readings: Readings,
  over: { readonly window: TimeWindow; readonly words: string },
): CompareResult {
  const { window } = over;
  const { difference, on, off } = cohortDifference(readings, c.metric, c.flag, window);
  const counts = `n = ${formatCount(on)} ON / ${formatCount(off)} OFF`;
  const sample = { on, off, counts, words: over.words };
  const smaller = Math.min(on, off);
  if (difference === null || smaller < c.minSamples) {
    const more = c.minSamples - smaller;
    const needed = neededWords(more, smaller, window.to - window.from);
    const text = `${c.metric.name} ${over.words}: ON vs OFF of ${c.flag} (${counts}): ${needed}`;
    const details = { on, off };
    return { verdict: 'too-few', difference, on, off, needed: more, details, z: null, text };
  }
  return judge(c, difference, { ...sample, windowMs: window.to - window.from });
}

/** Where the interval of the harm lies against the margin, in numbers and in words. */
function judge(
  c: Comparison,
  d: Difference,
  sample: { on: number; off: number; counts: string; words: string; windowMs: number },
): CompareResult {
  const { on, off } = sample;
  const sign = c.metric.better === 'lower' ? 1 : -1;
  const tuneAt = tuneAtFor(c.minSamples);
  const interval = confidenceSequence(d, c.alpha, tuneAt);
  const harm = sign * d.estimate;
  const [harmLow, harmHigh] =
    sign > 0 ? [interval.lower, interval.upper] : [-interval.upper, -interval.lower];
  const margin = c.margin.kind === 'relative' ? c.margin.value * Math.abs(d.off) : c.margin.value;
  const verdict: CompareVerdict =
    harmHigh < margin ? 'within' : harmLow > margin ? 'beyond' : 'across';
  const needed = verdict === 'across' ? samplesToConclude(d, margin - harm, c.alpha, tuneAt) : null;
  const z = d.variance > 0 ? (harm - margin) / Math.sqrt(d.variance) : 0;
  const details = {
    ...{ on, off, meanOn: d.on, meanOff: d.off, difference: d.estimate },
    ...{ lower: interval.lower, upper: interval.upper, margin: sign * margin, alpha: c.alpha },
  };
  const parts = {
    d,
    interval,
    margin: sign * margin,
    counts: sample.counts,
    words: sample.words,
    verdict,
    sign,
  };
  const text = describe(c, parts, () =>
    needed === null ? null : neededWords(needed, on, sample.windowMs, 'ON samples'),
  );
  return { verdict, difference: d, on, off, needed, details, z, text };
}

function describe(
  c: Comparison,
  parts: {
    d: Difference;
    interval: { lower: number; upper: number };
    margin: number;
    counts: string;
    words: string;
    verdict: CompareVerdict;
    sign: number;
  },
  needed: () => string | null,
): string {
  const { d, interval, margin, counts, words, verdict, sign } = parts;
  const unit = c.metric.unit;
  const level = `${formatNumber((1 - c.alpha) * 100)}% always-valid interval`;
  const relative =
    c.margin.kind === 'relative' ? ` (${formatNumber(c.margin.value * 100)}% of OFF)` : '';
  const head =
    `${c.metric.kind === 'rate' ? '' : 'mean '}${c.metric.name} ${words}: ON ${formatValue(d.on, unit)} vs OFF ` +
    `${formatValue(d.off, unit)} (${counts}): ON − OFF = ${formatSigned(d.estimate, unit)}, ${level} ` +
    `[${formatSigned(interval.lower, unit)}, ${formatSigned(interval.upper, unit)}]`;
  const side = sign > 0 ? 'below' : 'above';
  const far = sign > 0 ? 'above' : 'below';
  const bound = `the margin ${formatSigned(margin, unit)}${relative}`;
  if (verdict === 'within') return `${head} stays ${side} ${bound}`;
  if (verdict === 'beyond') return `${head} lies entirely ${far} ${bound}: ON is worse`;
  const more =
    needed() ??
    'the estimate is past the margin, so more data will not show non-inferiority unless it moves';
  return `${head} crosses ${bound}; ${more}`;
}

import { formatCount, formatDuration, formatNumber } from '../format.js';
import type { Readings } from '../metrics/readings.js';
import type { CompareGate, Gate, Plan, SrmGate, ThresholdGate } from '../plan/plan.js';
import { sampleRatioMismatch } from '../statistics/chi-square.js';
import { compareCohorts } from './compare.js';
import { evidence, type Evidence } from './evidence.js';
import { describeStat, measure, type TimeWindow } from './measure.js';
import type { Position } from './state.js';
import { compare, neededWords, relation, sampleWords, valueIn } from './wording.js';

const RECENT_MS = 15 * 60_000;

/** What judging a phase's gates needs. */
export interface GateContext {
  readonly plan: Plan;
  readonly at: Position;
  readonly percentages: Readonly<Record<string, number>>;
  readonly readings: Readings;
  readonly now: number;
}

/** Judges every gate of the current phase; the rollout advances only if all pass. */
export function judgeGates(context: GateContext): Evidence[] {
  const phase = context.plan.phases[context.at.phase];
  return (phase?.gates ?? []).map((gate) => judgeGate(gate, context));
}

export function judgeGate(gate: Gate, context: GateContext): Evidence {
  const window = gateWindow(gate, context);
  switch (gate.kind) {
    case 'threshold':
      return judgeThreshold(gate, context.readings, window);
    case 'compare':
      return judgeCompare(gate, context.readings, window);
    case 'srm':
      return judgeSrm(gate, context, window);
  }
}

function gateWindow(gate: Gate, context: GateContext): TimeWindow {
  const to = context.now;
  if (gate.window.kind === 'phase') return { from: context.at.phaseStartedAt, to };
  if (gate.window.kind === 'last') return { from: to - gate.window.ms, to };
  return { from: context.at.stepStartedAt, to };
}

function span(gate: Gate, window: TimeWindow): string {
  const length = formatDuration(window.to - window.from);
  if (gate.window.kind === 'last') return `over the last ${length}`;
  return `over the ${gate.window.kind} (${length})`;
}

function base(gate: Gate, window: TimeWindow) {
  return { kind: 'gate', name: gate.name, source: gate.source, flag: gate.flag, window } as const;
}

function judgeThreshold(gate: ThresholdGate, readings: Readings, window: TimeWindow): Evidence {
  const m = measure(readings, gate, window);
  const label = describeStat(gate.metric, gate.stat);
  const fields = {
    ...base(gate, window),
    metric: gate.metric.name,
    stat: gate.stat,
    cohort: gate.cohort,
    threshold: gate.threshold,
    value: m.value,
    sampleSize: m.samples,
  };
  if (m.samples !== null && m.samples < gate.minSamples) {
    const more = gate.minSamples - m.samples;
    // The current rate: the samples of the last quarter hour, not the whole (perhaps idle) window.
    const recent = { from: Math.max(window.from, window.to - RECENT_MS), to: window.to };
    const recentSamples = measure(readings, gate, recent).samples ?? 0;
    const text = `${label} ${span(gate, window)}: ${formatCount(m.samples)} of the ${formatCount(gate.minSamples)} samples required; ${neededWords(more, recentSamples, recent.to - recent.from)}: inconclusive`;
    return evidence({ ...fields, verdict: 'inconclusive', details: { neededSamples: more }, text });
  }
  if (m.value === null) {
    return evidence({
      ...fields,
      verdict: 'inconclusive',
      text: `${label} ${span(gate, window)}: no data: inconclusive`,
    });
  }
  const holds = compare(m.value, gate.comparator, gate.threshold);
  const verdict = holds ? 'pass' : 'fail';
  const text =
    `${label} ${valueIn(gate.metric, m.value)} ${relation(gate.comparator, holds)} ` +
    `${valueIn(gate.metric, gate.threshold)} ${span(gate, window)}${sampleWords(m.samples)}: ${verdict}`;
  return evidence({ ...fields, verdict, text });
}

function judgeCompare(gate: CompareGate, readings: Readings, window: TimeWindow): Evidence {
  const result = compareCohorts(gate, readings, { window, words: span(gate, window) });
  const verdict = {
    within: 'pass',
    beyond: 'fail',
    across: 'inconclusive',
    'too-few': 'inconclusive',
  } as const;
  const details =
    result.needed === null ? result.details : { ...result.details, neededSamples: result.needed };
  return evidence({
    ...base(gate, window),
    metric: gate.metric.name,
    stat: gate.metric.kind === 'rate' ? 'rate' : 'mean',
    cohort: 'on-vs-off',
    value: result.difference?.estimate ?? null,
    threshold: typeof details['margin'] === 'number' ? details['margin'] : null,
    sampleSize: result.on + result.off,
    statistic: result.z === null ? null : { name: 'z', value: result.z },
    details,
    verdict: verdict[result.verdict],
    text: `${result.text}: ${verdict[result.verdict]}`,
  });
}

function judgeSrm(gate: SrmGate, context: GateContext, window: TimeWindow): Evidence {
  // One stop has one split: read only the part of the window at the current percentages.
  const current = { from: Math.max(window.from, context.at.stepStartedAt), to: window.to };
  const { on, off } = context.readings.exposures({ flag: gate.flag, ...current });
  const share = expectedShare(context.plan, gate.flag, context.percentages);
  const fields = {
    ...base(gate, current),
    value: on / Math.max(1, on + off),
    threshold: gate.alpha,
  };
  const counts = `exposures of ${gate.flag} ${formatCount(on)} ON / ${formatCount(off)} OFF, expected ${formatNumber(share * 100)}% ON`;
  if (on + off < gate.minSamples) {
    const text = `${counts}: ${neededWords(gate.minSamples - on - off, on + off, current.to - current.from)}: inconclusive`;
    return evidence({ ...fields, sampleSize: on + off, verdict: 'inconclusive', text });
  }
  const r = sampleRatioMismatch(on, off, share);
  const pass = r.pValue >= gate.alpha;
  const text = `${counts}: chi-square ${formatNumber(r.chiSquare)}, p = ${r.pValue.toPrecision(2)} ${pass ? '≥' : '<'} ${gate.alpha}: ${pass ? 'pass' : 'fail (sample ratio mismatch)'}`;
  return evidence({
    ...fields,
    sampleSize: on + off,
    statistic: { name: 'chi-square', value: r.chiSquare },
    details: { pValue: r.pValue, expectedOn: r.expectedOn, expectedOff: r.expectedOff },
    verdict: pass ? 'pass' : 'fail',
    text,
  });
}

/**
 * The share of sessions a flag is on for: its percentage, narrowed by the flags it requires
 * (a subset when they share a bucketBy group, independent otherwise).
 */
export function expectedShare(
  plan: Plan,
  key: string,
  percentages: Readonly<Record<string, number>>,
): number {
  const flag = plan.flags.find((f) => f.key === key);
  let share = (percentages[key] ?? 0) / 100;
  for (const parent of flag?.requires ?? []) {
    const parentShare = expectedShare(plan, parent, percentages);
    const parentGroup = plan.flags.find((f) => f.key === parent)?.bucketBy ?? null;
    const nested = flag?.bucketBy != null && flag.bucketBy === parentGroup;
    share = nested ? Math.min(share, parentShare) : share * parentShare;
  }
  return share;
}

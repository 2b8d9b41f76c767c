import type { Gate, Plan, Trigger } from '../plan/plan.js';
import type { TimeWindow } from './measure.js';
import { positionOf, type Position, type RunState } from './state.js';

const MINUTE = 60_000;

/**
 * The earliest data `decide(plan, state, readings, now)` can read, and `now`: what a storage
 * adapter must load (for instance into a `MemoryMetricStore`) before a decision, since reads
 * are synchronous. Null when the decision reads no metrics (pending, finished).
 *
 * @example
 * const window = readingsWindow(plan, state, now);
 * const readings = window === null ? emptyStore : await loadMinuteBuckets(plan, window);
 */
export function readingsWindow(plan: Plan, state: RunState, now: number): TimeWindow | null {
  const at = positionOf(state);
  if (at === null || state.status === 'rolled-back') return null;
  const phase = plan.phases[at.phase];
  if (phase === undefined) return null;
  const observeFrom = state.observeFrom ?? at.phaseStartedAt;
  const starts = [
    ...phase.triggers.map((t) => Math.max(observeFrom, triggerStart(t, now, observeFrom))),
    ...phase.gates.map((g) => gateStart(g, at, now)),
  ];
  return { from: Math.min(now, ...starts), to: now };
}

function triggerStart(trigger: Trigger, now: number, observeFrom: number): number {
  switch (trigger.kind) {
    case 'sustained':
      return now - (Math.max(1, Math.ceil(trigger.forMs / MINUTE)) - 1) * MINUTE - trigger.windowMs;
    case 'count':
      return now - trigger.withinMs;
    case 'compare':
      return observeFrom;
  }
}

function gateStart(gate: Gate, at: Position, now: number): number {
  if (gate.window.kind === 'phase') return at.phaseStartedAt;
  if (gate.window.kind === 'last') return now - gate.window.ms;
  return at.stepStartedAt;
}

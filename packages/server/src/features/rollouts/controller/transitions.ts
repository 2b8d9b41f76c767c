import { finalStop, zeroPercentages, type Plan, type RollbackTarget } from '../plan/plan.js';
import type { Evidence } from './evidence.js';
import { CONTROLLER, type Action, type Decision, type Outcome } from './outcome.js';
import { positionOf, type RunningState, type RunState } from './state.js';

type Base = Pick<
  RunState,
  'plan' | 'since' | 'percentages' | 'confirmations' | 'startedAt' | 'observeFrom'
>;

/** The fields every state shares, so a new state never drags along an old one's fields. */
export function baseOf(state: RunState): Base {
  const { plan, since, percentages, confirmations, startedAt, observeFrom } = state;
  return { plan, since, percentages, confirmations, startedAt, observeFrom };
}

/** The percentage changes from `current` to `target`; with `all`, every flag is set. */
export function percentageActions(
  current: Readonly<Record<string, number>>,
  target: Readonly<Record<string, number>>,
  all = false,
): Action[] {
  return Object.entries(target).flatMap(([flag, to]) => {
    const from = current[flag] ?? 0;
    return all || from !== to ? [{ kind: 'set-percentage', flag, from, to } as const] : [];
  });
}

/** Moves the flags to a stop of a phase: the only way percentages go up. */
export function enterStop(
  plan: Plan,
  state: RunState,
  target: { readonly phase: number; readonly step: number },
  now: number,
): { state: RunningState; actions: Action[] } {
  const stop = plan.phases[target.phase]?.stops[target.step];
  if (stop === undefined)
    throw new Error(`plan ${plan.name} has no stop ${target.phase}.${target.step}`);
  const previous = positionOf(state);
  const samePhase = previous !== null && previous.phase === target.phase;
  const next: RunningState = {
    ...baseOf(state),
    status: 'running',
    since: now,
    percentages: stop.percentages,
    startedAt: state.startedAt ?? now,
    observeFrom: state.observeFrom ?? now,
    at: {
      phase: target.phase,
      step: target.step,
      stepStartedAt: now,
      phaseStartedAt: samePhase ? previous.phaseStartedAt : now,
    },
    holds: 0,
  };
  return { state: next, actions: percentageActions(state.percentages, stop.percentages) };
}

/** Where a rollback lands: the previous phase's percentages, or at most a percentage. */
export function rollbackPercentages(
  plan: Plan,
  state: RunState,
  target: RollbackTarget,
): Record<string, number> {
  if (target.kind === 'previous') {
    const phase = positionOf(state)?.phase ?? 0;
    const before = plan.phases[phase - 1];
    return before === undefined ? zeroPercentages(plan) : { ...finalStop(before).percentages };
  }
  return Object.fromEntries(
    plan.flags.map((f) => [f.key, Math.min(state.percentages[f.key] ?? 0, target.value)]),
  );
}

/** An outcome; `actor` defaults to the controller. */
export function outcome(
  decision: Decision,
  parts: {
    state: RunState;
    next: RunState;
    now: number;
    summary: string;
    actions?: readonly Action[];
    evidence?: readonly Evidence[];
    actor?: string;
  },
): Outcome {
  return {
    decision,
    actor: parts.actor ?? CONTROLLER,
    at: parts.now,
    summary: parts.summary,
    from: parts.state.status,
    nextState: parts.next,
    actions: parts.actions ?? [],
    evidence: parts.evidence ?? [],
  };
}

/** Nothing to do: the state stays as it is. */
export function wait(
  state: RunState,
  now: number,
  summary: string,
  evidence: readonly Evidence[] = [],
): Outcome {
  return outcome('WAIT', { state, next: state, now, summary, evidence });
}

/** `phase canary step 1 of 2 (enhanced_injection 10%, ...)`; a phase without steps has no step. */
export function whereWords(
  plan: Plan,
  at: { readonly phase: number; readonly step: number },
): string {
  const phase = plan.phases[at.phase];
  if (phase === undefined) return `phase ${at.phase + 1}`;
  const stops = phase.stops.length;
  const percentages = percentWords(phase.stops[at.step]?.percentages ?? {});
  if (stops === 1) return `phase ${phase.name} (${percentages})`;
  return `phase ${phase.name} step ${at.step + 1} of ${stops} (${percentages})`;
}

/** `enhanced_injection 25%, hierarchical_tiers 25%`. */
export function percentWords(percentages: Readonly<Record<string, number>>): string {
  return Object.entries(percentages)
    .map(([flag, p]) => `${flag} ${p}%`)
    .join(', ');
}

import type { Plan } from '../plan/plan.js';
import type { Evidence } from './evidence.js';
import type { Action, Outcome } from './outcome.js';
import type {
  AwaitingApprovalState,
  CompletedState,
  PausedState,
  Position,
  RolledBackState,
  RunState,
} from './state.js';
import type { TriggerCheck } from './triggers.js';
import {
  baseOf,
  enterStop,
  outcome,
  percentageActions,
  percentWords,
  rollbackPercentages,
} from './transitions.js';

type Positioned = RunState & { readonly at: Position };

/** When and on what a decision is taken. */
export interface Grounds {
  readonly now: number;
  readonly evidence: readonly Evidence[];
}

/** Every gate passed: the next phase (after its approvals), or done. */
export function advancePhase(plan: Plan, state: Positioned, grounds: Grounds): Outcome {
  const { now, evidence } = grounds;
  const done = plan.phases[state.at.phase];
  const next = plan.phases[state.at.phase + 1];
  const passed = `phase ${done?.name ?? state.at.phase + 1} passed all ${done?.gates.length ?? 0} gates`;
  if (next === undefined || next.approvals !== null) {
    const waiting: CompletedState | AwaitingApprovalState =
      next === undefined
        ? { ...baseOf(state), status: 'completed', since: now }
        : {
            ...baseOf(state),
            status: 'awaiting-approval',
            since: now,
            at: state.at,
            nextPhase: next.index,
            approvals: [],
          };
    const summary =
      next === undefined
        ? `${passed}; the rollout is complete (${percentWords(state.percentages)})`
        : `${passed}; phase ${next.name} needs ${next.approvals?.required ?? 0} approval(s) to start`;
    return outcome('GO', {
      state,
      next: waiting,
      now,
      summary,
      evidence,
      actions: notify(summary),
    });
  }
  const entered = enterStop(plan, state, { phase: next.index, step: 0 }, now);
  const summary = `${passed}; starting phase ${next.name} (${percentWords(entered.state.percentages)})`;
  const actions = entered.actions;
  return outcome('GO', { state, next: entered.state, now, summary, evidence, actions });
}

/** A rollback trigger fired: every flag is set to the target, at once. */
export function rollbackOutcome(
  plan: Plan,
  state: RunState,
  grounds: Grounds & { readonly fired: TriggerCheck },
): Outcome {
  const { now, evidence, fired } = grounds;
  if (fired.trigger.action.kind !== 'rollback') throw new Error('not a rollback trigger');
  const target = rollbackPercentages(plan, state, fired.trigger.action.target);
  const reason = `trigger ${fired.trigger.name} fired: ${fired.evidence.text}`;
  const next: RolledBackState = {
    ...baseOf(state),
    ...{ status: 'rolled-back', since: now, percentages: target, reason, by: fired.trigger.name },
    at: 'at' in state ? state.at : null,
  };
  const summary = `rollback to ${percentWords(target)}: ${reason}`;
  const actions = [...percentageActions(state.percentages, target, true), ...notify(summary)];
  return outcome('ROLLBACK', { state, next, now, summary, actions, evidence });
}

/** Stops where it is, keeps the percentages, and asks a person. */
export function pauseOutcome(
  state: Positioned,
  grounds: Grounds & { readonly by: string; readonly reason: string },
): Outcome {
  const { now, evidence, by, reason } = grounds;
  const next: PausedState = {
    ...baseOf(state),
    status: 'paused',
    since: now,
    at: state.at,
    by,
    reason,
  };
  const summary = `paused at ${percentWords(state.percentages)}: ${reason}; a person must resume, hold or roll back`;
  return outcome('PAUSE', { state, next, now, summary, evidence, actions: notify(summary) });
}

function notify(message: string): Action[] {
  return [{ kind: 'notify', message }];
}

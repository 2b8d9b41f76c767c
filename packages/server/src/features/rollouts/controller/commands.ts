import type { Phase, Plan, RollbackTarget } from '../plan/plan.js';
import { evidence } from './evidence.js';
import type { CommandError, CommandResult, Outcome } from './outcome.js';
import type { Approval, HeldState, RolledBackState, RunState } from './state.js';
import {
  baseOf,
  enterStop,
  outcome,
  percentageActions,
  percentWords,
  rollbackPercentages,
} from './transitions.js';

/**
 * What people do to a run, as pure functions like `decide()`: each returns the outcome to
 * record (decision, actor, next state, actions, evidence), or why it was refused —
 * `INVALID_STATE` (409 for the HTTP layer) or `INVALID_INPUT` (400).
 */

function refuse(code: 'INVALID_STATE' | 'INVALID_INPUT', message: string): CommandResult {
  return { ok: false, error: { code, message } };
}

function done(outcome: Outcome): CommandResult {
  return { ok: true, outcome };
}

function blank(text: string): boolean {
  return text.trim().length === 0;
}

/**
 * A named person confirms one readiness item before the first phase.
 *
 * @example
 * confirmReadiness(plan, state, { item: 'runbook', name: 'carol' }, now)
 */
export function confirmReadiness(
  plan: Plan,
  state: RunState,
  input: { readonly item: string; readonly name: string },
  now: number,
): CommandResult {
  if (state.status !== 'pending')
    return refuse(
      'INVALID_STATE',
      `readiness is confirmed before the start; the run is ${state.status}`,
    );
  const item = plan.readiness.find((r) => r.id === input.item);
  if (item === undefined)
    return refuse(
      'INVALID_INPUT',
      `unknown readiness item ${input.item}; expected one of ${plan.readiness.map((r) => r.id).join(', ')}`,
    );
  if (blank(input.name))
    return refuse('INVALID_INPUT', 'name: expected the name of the person confirming');
  if (state.confirmations.some((c) => c.item === item.id))
    return refuse('INVALID_STATE', `${item.id} is already confirmed`);
  const confirmations = [
    ...state.confirmations,
    { item: item.id, name: input.name.trim(), at: now },
  ];
  const next: RunState = { ...state, confirmations };
  const summary = `${input.name.trim()} confirmed readiness item ${item.id} (${confirmations.length} of ${plan.readiness.length})`;
  const record = evidence({
    kind: 'readiness',
    name: item.id,
    verdict: 'pass',
    text: `${item.item} (owner ${item.owner}): confirmed by ${input.name.trim()}`,
  });
  return done(
    outcome('CONFIRM', { state, next, now, summary, actor: input.name.trim(), evidence: [record] }),
  );
}

/**
 * One go for the phase the run awaits; the last approval needed starts it.
 *
 * @example
 * approve(plan, state, { name: 'alice', rationale: 'canary clean for 24 h' }, now)
 */
export function approve(
  plan: Plan,
  state: RunState,
  input: { readonly name: string; readonly rationale: string },
  now: number,
): CommandResult {
  if (state.status !== 'awaiting-approval') {
    return refuse('INVALID_STATE', `nothing awaits approval; the run is ${state.status}`);
  }
  const name = input.name.trim();
  const rationale = input.rationale.trim();
  const phase = plan.phases[state.nextPhase];
  const problem = approvalProblem(phase, state.approvals, { name, rationale });
  if (problem !== null || phase?.approvals == null)
    return { ok: false, error: problem ?? invalidPhase };
  const approvals = [...state.approvals, { name, rationale, at: now }];
  const records = approvals.map((a) =>
    evidence({
      kind: 'approval',
      name: a.name,
      verdict: 'pass',
      text: `${a.name}: ${a.rationale}`,
    }),
  );
  const count = `${approvals.length} of ${phase.approvals.required}`;
  const common = { state, now, actor: name, evidence: records };
  if (approvals.length < phase.approvals.required) {
    const summary = `${name} approved phase ${phase.name} (${count}): ${rationale}`;
    return done(outcome('APPROVE', { ...common, next: { ...state, approvals }, summary }));
  }
  const entered = enterStop(plan, state, { phase: phase.index, step: 0 }, now);
  const summary = `${name} approved phase ${phase.name} (${count}); starting it at ${percentWords(entered.state.percentages)}`;
  return done(
    outcome('APPROVE', { ...common, next: entered.state, summary, actions: entered.actions }),
  );
}

const invalidPhase: CommandError = {
  code: 'INVALID_STATE',
  message: 'the awaited phase needs no approval',
};

function approvalProblem(
  phase: Phase | undefined,
  approvals: readonly Approval[],
  input: { readonly name: string; readonly rationale: string },
): CommandError | null {
  const rule = phase?.approvals;
  if (phase === undefined || rule == null) return invalidPhase;
  if (blank(input.name))
    return { code: 'INVALID_INPUT', message: 'name: expected the name of the approver' };
  if (blank(input.rationale)) {
    return { code: 'INVALID_INPUT', message: 'rationale: expected the reason for the approval' };
  }
  if (rule.approvers !== null && !rule.approvers.includes(input.name)) {
    const message = `${input.name} may not approve phase ${phase.name}; approvers are ${rule.approvers.join(', ')}`;
    return { code: 'INVALID_INPUT', message };
  }
  if (approvals.some((a) => a.name === input.name)) {
    return {
      code: 'INVALID_STATE',
      message: `${input.name} has already approved phase ${phase.name}`,
    };
  }
  return null;
}

/** A person freezes the run where it is until someone resumes it; triggers keep watching. */
export function hold(
  _plan: Plan,
  state: RunState,
  input: { readonly actor: string; readonly reason: string },
  now: number,
): CommandResult {
  if (state.status !== 'running' && state.status !== 'held')
    return refuse('INVALID_STATE', `only a running run can be held; the run is ${state.status}`);
  if (blank(input.actor)) return refuse('INVALID_INPUT', 'actor: expected a name');
  if (blank(input.reason)) return refuse('INVALID_INPUT', 'reason: expected why the run is held');
  const next: HeldState = {
    ...baseOf(state),
    status: 'held',
    since: now,
    at: state.at,
    holds: state.holds,
    until: null,
    reason: input.reason.trim(),
    by: input.actor.trim(),
  };
  const summary = `${input.actor.trim()} held the run at ${percentWords(state.percentages)}: ${input.reason.trim()}`;
  return done(outcome('HOLD', { state, next, now, summary, actor: input.actor.trim() }));
}

/**
 * A person resumes a paused or held run: the current step (or bake) starts again from now,
 * and triggers read only data from now on.
 */
export function resume(
  plan: Plan,
  state: RunState,
  input: { readonly actor: string; readonly reason?: string | undefined },
  now: number,
): CommandResult {
  if (state.status !== 'paused' && state.status !== 'held')
    return refuse(
      'INVALID_STATE',
      `only a paused or held run can be resumed; the run is ${state.status}`,
    );
  if (blank(input.actor)) return refuse('INVALID_INPUT', 'actor: expected a name');
  // The same stop again: its wait or bake starts over, and triggers read from now on.
  const position = { phase: state.at.phase, step: state.at.step };
  const next = enterStop(plan, { ...state, observeFrom: now }, position, now).state;
  // Every flag is set again: a run paused because a flag was changed outside it resumes at
  // its own percentages (flags already there are left as they are).
  const actions = percentageActions(state.percentages, next.percentages, true);
  const why = input.reason === undefined || blank(input.reason) ? '' : `: ${input.reason.trim()}`;
  const summary = `${input.actor.trim()} resumed the run at ${percentWords(state.percentages)} (was ${state.status}: ${state.reason})${why}`;
  return done(outcome('RESUME', { state, next, now, summary, actions, actor: input.actor.trim() }));
}

/** A person rolls back: to 0 unless a target is given. Every flag is set. */
export function rollback(
  plan: Plan,
  state: RunState,
  input: {
    readonly actor: string;
    readonly reason: string;
    readonly to?: RollbackTarget | undefined;
  },
  now: number,
): CommandResult {
  if (
    state.status === 'pending' ||
    state.status === 'completed' ||
    state.status === 'rolled-back'
  ) {
    return refuse('INVALID_STATE', `there is nothing to roll back; the run is ${state.status}`);
  }
  if (blank(input.actor)) return refuse('INVALID_INPUT', 'actor: expected a name');
  if (blank(input.reason)) return refuse('INVALID_INPUT', 'reason: expected why');
  const target = rollbackPercentages(plan, state, input.to ?? { kind: 'percentage', value: 0 });
  const next: RolledBackState = {
    ...baseOf(state),
    status: 'rolled-back',
    since: now,
    percentages: target,
    at: state.at,
    reason: input.reason.trim(),
    by: input.actor.trim(),
  };
  const summary = `${input.actor.trim()} rolled back to ${percentWords(target)}: ${input.reason.trim()}`;
  const actions = [
    ...percentageActions(state.percentages, target, true),
    { kind: 'notify', message: summary } as const,
  ];
  return done(
    outcome('ROLLBACK', { state, next, now, summary, actor: input.actor.trim(), actions }),
  );
}

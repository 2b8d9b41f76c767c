import { formatDuration, formatInstant } from '../format.js';
import type { Readings } from '../metrics/readings.js';
import type { Plan } from '../plan/plan.js';
import { advancePhase, pauseOutcome, rollbackOutcome } from './decisions.js';
import { evidence, isPassing, type Evidence } from './evidence.js';
import { judgeGates } from './gates.js';
import type { Outcome } from './outcome.js';
import type {
  AwaitingApprovalState,
  HeldState,
  PausedState,
  PendingState,
  RunningState,
  RunState,
} from './state.js';
import { checkTriggers } from './triggers.js';
import { enterStop, outcome, wait, whereWords } from './transitions.js';

type ActiveState = RunningState | HeldState | AwaitingApprovalState | PausedState;

/** One decision's inputs, and the triggers already judged for it. */
interface Context {
  readonly plan: Plan;
  readonly readings: Readings;
  readonly now: number;
  readonly triggers: readonly Evidence[];
}

/**
 * The controller: what to do now, given the plan, the run's state and the metrics. Pure —
 * the clock is `now` and the data is `readings` — so the server's loop, the simulator and
 * the golden cases all run this same function. Call it every minute; a WAIT changes nothing.
 *
 * Invariants (property-tested): percentages never exceed the current phase's; the run never
 * advances past a gate that fails or is inconclusive; a ROLLBACK sets every flag.
 *
 * @example
 * const outcome = decide(plan, state, readings, clock.now());
 * if (outcome.decision !== 'WAIT') await store.record(outcome); // state, actions, audit
 */
export function decide(plan: Plan, state: RunState, readings: Readings, now: number): Outcome {
  switch (state.status) {
    case 'pending':
      return decidePending(plan, state, now);
    case 'completed':
    case 'rolled-back':
      return wait(state, now, `the run is ${state.status}`);
    default:
      return decideActive(plan, state, readings, now);
  }
}

function decidePending(plan: Plan, state: PendingState, now: number): Outcome {
  const readiness = readinessEvidence(plan, state);
  const missing = readiness.filter((e) => !isPassing(e)).map((e) => e.name);
  if (missing.length > 0) {
    const confirmed = readiness.length - missing.length;
    const summary = `waiting for readiness: ${confirmed} of ${readiness.length} items confirmed (missing: ${missing.join(', ')})`;
    return wait(state, now, summary, readiness);
  }
  if (plan.startAt !== null && now < plan.startAt) {
    const text = `the deployment window opens at ${formatInstant(plan.startAt)}`;
    const opens = evidence({
      kind: 'schedule',
      name: 'startAt',
      verdict: 'inconclusive',
      value: plan.startAt,
      text,
    });
    return wait(state, now, `readiness confirmed; ${text}`, [...readiness, opens]);
  }
  return start(plan, state, now, readiness);
}

/** Readiness is confirmed and the window is open: the first phase, or its approvals. */
function start(plan: Plan, state: PendingState, now: number, readiness: Evidence[]): Outcome {
  const first = plan.phases[0];
  if (first?.approvals != null) {
    const next: AwaitingApprovalState = {
      ...state,
      status: 'awaiting-approval',
      since: now,
      at: null,
      nextPhase: 0,
      approvals: [],
    };
    const summary = `readiness confirmed; phase ${first.name} needs ${first.approvals.required} approval(s) to start`;
    const actions = [{ kind: 'notify', message: summary } as const];
    return outcome('GO', { state, next, now, summary, evidence: readiness, actions });
  }
  const entered = enterStop(plan, state, { phase: 0, step: 0 }, now);
  const summary = `readiness confirmed; starting ${whereWords(plan, entered.state.at)}`;
  return outcome('GO', {
    state,
    next: entered.state,
    now,
    summary,
    actions: entered.actions,
    evidence: readiness,
  });
}

function readinessEvidence(plan: Plan, state: PendingState): Evidence[] {
  return plan.readiness.map((item) => {
    const confirmation = state.confirmations.find((c) => c.item === item.id);
    const status =
      confirmation === undefined
        ? 'not confirmed'
        : `confirmed by ${confirmation.name} at ${formatInstant(confirmation.at)}`;
    const verdict = confirmation === undefined ? 'inconclusive' : 'pass';
    return evidence({
      kind: 'readiness',
      name: item.id,
      verdict,
      text: `${item.item} (owner ${item.owner}): ${status}`,
    });
  });
}

/** Triggers first (a rollback wins over a pause), then whatever the state is waiting for. */
function decideActive(plan: Plan, state: ActiveState, readings: Readings, now: number): Outcome {
  const at = state.at;
  const observeFrom = state.observeFrom ?? at?.phaseStartedAt ?? now;
  const checks = at === null ? [] : checkTriggers({ plan, at, readings, now, observeFrom });
  const context: Context = { plan, readings, now, triggers: checks.map((c) => c.evidence) };
  const rollback = checks.find((c) => c.fired && c.trigger.action.kind === 'rollback');
  if (rollback !== undefined) {
    return rollbackOutcome(plan, state, { now, evidence: context.triggers, fired: rollback });
  }
  const pause = checks.find((c) => c.fired && c.trigger.action.kind === 'pause');
  if (pause !== undefined && at !== null && state.status !== 'paused') {
    const reason = `trigger ${pause.trigger.name} fired: ${pause.evidence.text}`;
    const by = pause.trigger.name;
    return pauseOutcome({ ...state, at }, { now, evidence: context.triggers, by, reason });
  }
  switch (state.status) {
    case 'running':
      return decideRunning(context, state);
    case 'held':
      if (state.until !== null && now >= state.until) return judgeBake(context, state);
      return wait(state, now, `held: ${state.reason}`, context.triggers);
    case 'awaiting-approval': {
      const required = plan.phases[state.nextPhase]?.approvals?.required ?? 0;
      return wait(
        state,
        now,
        `waiting for approvals: ${state.approvals.length} of ${required}`,
        context.triggers,
      );
    }
    case 'paused':
      return wait(state, now, `paused: ${state.reason}; waiting for a person`, context.triggers);
  }
}

/** A step waits its time and moves on; the last stop bakes, then its gates are judged. */
function decideRunning(context: Context, state: RunningState): Outcome {
  const { plan, now, triggers } = context;
  const { at } = state;
  const phase = plan.phases[at.phase];
  const stop = phase?.stops[at.step];
  if (phase === undefined || stop === undefined)
    return wait(state, now, 'the plan has no such stop', triggers);
  if (stop.waitMs === null) {
    const bakeEnd = at.stepStartedAt + phase.bakeMs;
    if (now >= bakeEnd) return judgeBake(context, state);
    return wait(
      state,
      now,
      `baking ${whereWords(plan, at)}: ${formatDuration(bakeEnd - now)} to go`,
      triggers,
    );
  }
  const due = at.stepStartedAt + stop.waitMs;
  if (now < due)
    return wait(
      state,
      now,
      `at ${whereWords(plan, at)} for ${formatDuration(due - now)} more`,
      triggers,
    );
  const entered = enterStop(plan, state, { phase: at.phase, step: at.step + 1 }, now);
  const summary = `${formatDuration(stop.waitMs)} at ${whereWords(plan, at)} with no trigger firing; moving to ${whereWords(plan, entered.state.at)}`;
  return outcome('GO', {
    state,
    next: entered.state,
    now,
    summary,
    actions: entered.actions,
    evidence: triggers,
  });
}

/** The end of a bake (or of a HOLD): all gates pass, or the bake is extended, or a person is asked. */
function judgeBake(context: Context, state: RunningState | HeldState): Outcome {
  const { plan, readings, now } = context;
  const { at } = state;
  const phase = plan.phases[at.phase];
  const gates = judgeGates({ plan, at, percentages: state.percentages, readings, now });
  const all = [...gates, ...context.triggers];
  if (gates.every(isPassing)) return advancePhase(plan, state, { now, evidence: all });
  const why = gates
    .filter((g) => !isPassing(g))
    .map((g) => `${g.name} ${g.verdict} (${g.text})`)
    .join('; ');
  if (phase === undefined || state.holds >= phase.maxHolds) {
    const reason = `gates still not passing after ${state.holds} hold(s): ${why}`;
    return pauseOutcome(state, { now, evidence: all, by: 'gates', reason });
  }
  const summary = `hold ${state.holds + 1} of ${phase.maxHolds}: bake of phase ${phase.name} extended by ${formatDuration(phase.holdForMs)} because ${why}`;
  const next: HeldState = {
    ...state,
    status: 'held',
    since: now,
    holds: state.holds + 1,
    until: now + phase.holdForMs,
    reason: summary,
    by: 'controller',
  };
  return outcome('HOLD', { state, next, now, summary, evidence: all });
}

import { zeroPercentages, type Plan } from '../plan/plan.js';

/**
 * The durable state of one run of a plan. Plain JSON (numbers are epoch milliseconds), so the
 * storage layer can keep it in one column and the golden cases can spell it out.
 *
 *   pending -> running(phase, step) -> awaiting-approval -> running(next phase) ... -> completed
 *
 * plus `held` (the bake extended by the controller, or frozen by a person), `paused` (a
 * trigger or gate wants a person) and `rolled-back` (the flags are back at the target).
 */
export type RunState =
  | PendingState
  | RunningState
  | HeldState
  | AwaitingApprovalState
  | PausedState
  | RolledBackState
  | CompletedState;

export type RunStatus = RunState['status'];

/** Where in the plan the flags are. */
export interface Position {
  readonly phase: number;
  /** Index into the phase's stops; the last stop is the phase percentages, which bake. */
  readonly step: number;
  readonly stepStartedAt: number;
  readonly phaseStartedAt: number;
}

export interface ReadinessConfirmation {
  readonly item: string;
  readonly name: string;
  readonly at: number;
}

export interface Approval {
  readonly name: string;
  readonly rationale: string;
  readonly at: number;
}

interface Base {
  readonly plan: string;
  /** When the current status began. */
  readonly since: number;
  /** The percentages the flags are set to now. */
  readonly percentages: Readonly<Record<string, number>>;
  readonly confirmations: readonly ReadinessConfirmation[];
  readonly startedAt: number | null;
  /** Triggers read data from here: the start of the run, or the last resume. */
  readonly observeFrom: number | null;
}

export interface PendingState extends Base {
  readonly status: 'pending';
}

export interface RunningState extends Base {
  readonly status: 'running';
  readonly at: Position;
  /** HOLDs so far in this phase's bake. */
  readonly holds: number;
}

export interface HeldState extends Base {
  readonly status: 'held';
  readonly at: Position;
  readonly holds: number;
  /** When the controller judges the gates again; null when a person holds it. */
  readonly until: number | null;
  readonly reason: string;
  readonly by: string;
}

export interface AwaitingApprovalState extends Base {
  readonly status: 'awaiting-approval';
  /** Null before the first phase. */
  readonly at: Position | null;
  readonly nextPhase: number;
  readonly approvals: readonly Approval[];
}

export interface PausedState extends Base {
  readonly status: 'paused';
  readonly at: Position;
  readonly reason: string;
  readonly by: string;
}

export interface RolledBackState extends Base {
  readonly status: 'rolled-back';
  readonly at: Position | null;
  readonly reason: string;
  readonly by: string;
}

export interface CompletedState extends Base {
  readonly status: 'completed';
}

/**
 * A new run of a plan: pending, every flag at 0.
 *
 * @example
 * let state = initialState(plan, clock.now());
 */
export function initialState(plan: Plan, now: number): PendingState {
  return {
    status: 'pending',
    plan: plan.name,
    since: now,
    percentages: zeroPercentages(plan),
    confirmations: [],
    startedAt: null,
    observeFrom: null,
  };
}

/** The position of a state that has one. */
export function positionOf(state: RunState): Position | null {
  return 'at' in state ? state.at : null;
}

/** True once the run can change no more by itself. */
export function isFinished(state: RunState): boolean {
  return state.status === 'completed' || state.status === 'rolled-back';
}

import type { Evidence } from './evidence.js';
import type { RunState, RunStatus } from './state.js';

/** The decisions the controller and the commands make. WAIT means nothing changes. */
export const Decision = {
  GO: 'GO',
  HOLD: 'HOLD',
  ROLLBACK: 'ROLLBACK',
  PAUSE: 'PAUSE',
  APPROVE: 'APPROVE',
  RESUME: 'RESUME',
  CONFIRM: 'CONFIRM',
  WAIT: 'WAIT',
} as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

/** What the loop must do after a decision, in order. */
export type Action =
  | {
      readonly kind: 'set-percentage';
      readonly flag: string;
      readonly from: number;
      readonly to: number;
    }
  | { readonly kind: 'notify'; readonly message: string };

/**
 * One decision with everything needed to act on it and to explain it. The loop writes
 * `nextState`, the actions and an audit record (decision, actor, summary, evidence) in one
 * transaction, then applies the actions; a WAIT needs no record.
 */
export interface Outcome {
  readonly decision: Decision;
  /** `controller`, or the person who gave the command. */
  readonly actor: string;
  readonly at: number;
  /** One sentence: what was decided and why. */
  readonly summary: string;
  readonly from: RunStatus;
  readonly nextState: RunState;
  readonly actions: readonly Action[];
  readonly evidence: readonly Evidence[];
}

/** Why a command was refused. */
export type CommandError = {
  readonly code: 'INVALID_STATE' | 'INVALID_INPUT';
  readonly message: string;
};

export type CommandResult =
  | { readonly ok: true; readonly outcome: Outcome }
  | { readonly ok: false; readonly error: CommandError };

export const CONTROLLER = 'controller';
